use super::*;
use crate::fixtures::detail;

#[test]
fn the_form_starts_as_supplied_and_sends_only_changes() {
    let mut form = AmendForm::new(&detail());
    assert!(form.changed().is_empty());
    form.focus = Focus::Field(AmendField::FamilyName);
    form.act(Action::TakeLrsValue);
    assert_eq!(form.value(AmendField::FamilyName), "Hughes");
    assert_eq!(
        form.amendment(),
        LearnerFields {
            family_name: Some("Hughes".into()),
            ..LearnerFields::default()
        }
    );
}

#[test]
fn invalid_values_are_caught_as_typed() {
    let mut form = AmendForm::new(&detail());
    form.focus = Focus::Field(AmendField::Uln);
    form.backspace();
    assert_eq!(form.value(AmendField::Uln), "927630868");
    assert_eq!(
        form.invalid(),
        vec![AmendField::Uln],
        "nine digits are not a ULN"
    );
    form.type_char('6');
    assert!(
        form.invalid().is_empty(),
        "9276308686 has the right check digit"
    );
    form.backspace();
    form.type_char('5');
    let refusal = AmendField::Uln
        .check(form.value(AmendField::Uln))
        .unwrap_err();
    assert!(refusal.contains("read the number again"), "{refusal}");
    assert!(!refusal.contains('6'), "the right digit is not given away");
    assert!(AmendField::DateOfBirth.check("2007-02-30").is_err());
    assert_eq!(
        AmendField::DateOfBirth.check("2007-02-03"),
        Ok("03 Feb 2007".into())
    );
    assert_eq!(AmendField::Postcode.check("ls14ap"), Ok("LS1 4AP".into()));
}

#[test]
fn a_conflict_keeps_my_edits_on_top_of_theirs() {
    let mut form = AmendForm::new(&detail());
    form.focus = Focus::Field(AmendField::FamilyName);
    form.act(Action::TakeLrsValue);
    let mut theirs = detail();
    theirs.version = 4;
    theirs.supplied.postcode = "M1 1AE".into();
    form.rebase(theirs);
    assert_eq!(form.version, 4);
    assert_eq!(
        form.value(AmendField::FamilyName),
        "Hughes",
        "my edit is kept"
    );
    assert_eq!(
        form.value(AmendField::Postcode),
        "M1 1AE",
        "their edit is the new base"
    );
    assert_eq!(
        form.their_changes,
        vec![(
            AmendField::Postcode,
            "LS1 4AP".to_owned(),
            "M1 1AE".to_owned()
        )]
    );
    assert_eq!(
        form.amendment(),
        LearnerFields {
            family_name: Some("Hughes".into()),
            ..LearnerFields::default()
        }
    );
}
