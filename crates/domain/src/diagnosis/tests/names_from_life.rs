//! Names as people write them: spellings of one name from another script's romanisation, and
//! nicknames the register holds no preferred name for. Both are explained and fixed when the rest
//! of the record is the learner's, and neither outweighs a date of birth that no slip explains.

use super::*;
use crate::verification::RegisterLearner;
use jiff::civil::date;

/// A register learner with no preferred or middle name, so only the name tables can explain a
/// known-as name.
fn registered(given: &str, family: &str) -> RegisterLearner {
    RegisterLearner {
        given_name: name(given),
        family_name: name(family),
        preferred_given_name: None,
        middle_names: None,
        previous_family_name: None,
        ..learner()
    }
}

fn supplied_as(l: &RegisterLearner, given: &str) -> Demographics {
    let mut s = supplied_from(l);
    s.given_name = name(given);
    s
}

/// The given name the top suggestion amends to, if it is an amendment.
fn top_amends_given_name_to(got: &[Suggestion]) -> Option<String> {
    match &got.first()?.action {
        SuggestedAction::Amend { amendment } => {
            amendment.given_name.as_ref().map(|n| n.as_str().to_owned())
        }
        _ => None,
    }
}

#[test]
fn a_transliteration_of_the_given_name_is_amended_as_a_spelling() {
    let l = registered("Muhammad", "Khan");
    for supplied in ["Mohammed", "Mohamed", "MOHAMMAD"] {
        let got = diagnose("9276308686", &supplied_as(&l, supplied), Lookup::Direct(&l));
        assert_eq!(top(&got), SuggestionKind::Spelling, "{supplied}: {got:?}");
        assert_eq!(top_amends_given_name_to(&got).as_deref(), Some("Muhammad"));
        assert!(
            got[0].reason.contains("transliteration"),
            "{}",
            got[0].reason
        );
        assert!(!withholds_fixes(&got));
    }
}

#[test]
fn a_different_name_that_looks_alike_is_still_someone_else() {
    let l = registered("Mohamed", "Khan");
    let got = diagnose(
        "9276308686",
        &supplied_as(&l, "Mahmoud"),
        Lookup::Direct(&l),
    );
    assert_eq!(top(&got), SuggestionKind::DifferentPerson);
    assert!(!amends_to_register_details(&got));
}

#[test]
fn a_nickname_with_no_preferred_name_on_the_register_is_a_known_as_name() {
    for (nickname, legal, family) in [
        ("Eve", "Evelyn", "Taylor"),
        ("Ted", "Edward", "Jones"),
        ("Ted", "Theodore", "Jones"),
        ("Florrie", "Florence", "Begum"),
        ("Millie", "Amelia", "Hughes"),
    ] {
        let l = registered(legal, family);
        let got = diagnose("9276308686", &supplied_as(&l, nickname), Lookup::Direct(&l));
        assert_eq!(
            top(&got),
            SuggestionKind::PreferredName,
            "{nickname} for {legal}: {got:?}"
        );
        assert_eq!(top_amends_given_name_to(&got).as_deref(), Some(legal));
        assert!(got[0].reason.contains("short form"), "{}", got[0].reason);
    }
}

#[test]
fn a_nickname_of_another_name_is_someone_else() {
    let l = registered("Thomas", "Jones");
    let got = diagnose("9276308686", &supplied_as(&l, "Ted"), Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::DifferentPerson);
    assert!(!amends_to_register_details(&got));
}

#[test]
fn an_equivalent_name_does_not_outweigh_a_birth_date_no_slip_explains() {
    for (supplied, legal) in [
        ("Ted", "Edward"),
        ("Eve", "Evelyn"),
        ("Mohammed", "Muhammad"),
    ] {
        let l = registered(legal, "Jones"); // born 03 Feb 2007
        let mut stranger = supplied_as(&l, supplied);
        stranger.date_of_birth = date(2006, 11, 19);
        let got = diagnose("9276308686", &stranger, Lookup::Direct(&l));
        assert_eq!(
            top(&got),
            SuggestionKind::DifferentPerson,
            "{supplied}: {got:?}"
        );
        assert!(withholds_fixes(&got), "{supplied}");
        assert!(!amends_to_register_details(&got), "{supplied}");
    }
}

#[test]
fn a_full_form_of_a_nickname_the_register_holds_as_the_legal_name_is_a_known_as_name() {
    let l = registered("Alfie", "Smith");
    let got = diagnose("9276308686", &supplied_as(&l, "Alfred"), Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::PreferredName, "{got:?}");
    assert_eq!(top_amends_given_name_to(&got).as_deref(), Some("Alfie"));
    assert!(got[0].reason.contains("full form"), "{}", got[0].reason);
    // Still only a known-as name: with a birth date no slip explains it is someone else.
    let mut stranger = supplied_as(&l, "Alfred");
    stranger.date_of_birth = date(2006, 11, 19);
    assert!(!amends_to_register_details(&diagnose(
        "9276308686",
        &stranger,
        Lookup::Direct(&l)
    )));
}
