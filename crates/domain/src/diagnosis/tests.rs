use super::*;
use crate::demographics::{Gender, PersonName, Postcode};
use crate::verification::tests::{learner, supplied_from};

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

fn top(suggestions: &[Suggestion]) -> SuggestionKind {
    suggestions.first().expect("at least one suggestion").kind
}

fn amends_to_register_details(suggestions: &[Suggestion]) -> bool {
    suggestions
        .iter()
        .any(|s| matches!(s.action, SuggestedAction::Amend { .. }))
}

#[test]
fn exact_match_has_no_suggestions() {
    let l = learner();
    assert!(diagnose("9276308686", &supplied_from(&l), Lookup::Direct(&l)).is_empty());
}

#[test]
fn malformed_uln_suggests_a_demographic_search() {
    let l = learner();
    let got = diagnose("9999999999", &supplied_from(&l), Lookup::NotFound);
    assert_eq!(top(&got), SuggestionKind::MalformedUln);
    assert_eq!(got[0].action, SuggestedAction::SearchByDemographics);
    assert!(got[0].reason.contains("placeholder"));
}

#[test]
fn unknown_uln_suggests_a_demographic_search() {
    let l = learner();
    let got = diagnose("1234567899", &supplied_from(&l), Lookup::NotFound);
    assert_eq!(top(&got), SuggestionKind::UlnNotFound);
}

#[test]
fn linked_uln_offers_the_master() {
    let l = learner();
    let got = diagnose("1174112637", &supplied_from(&l), Lookup::Linked(&l));
    assert_eq!(top(&got), SuggestionKind::LinkedUln);
    let SuggestedAction::Amend { amendment } = &got[0].action else {
        panic!()
    };
    assert_eq!(amendment.uln.as_ref().unwrap().as_str(), "9276308686");
    assert_eq!(amendment.given_name, None);
}

#[test]
fn swapped_names_are_swapped_back() {
    let l = learner();
    let mut s = supplied_from(&l);
    (s.given_name, s.family_name) = (name("Hughes"), name("Amelia"));
    let got = diagnose("9276308686", &s, Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::NamesSwapped);
    let SuggestedAction::Amend { amendment } = &got[0].action else {
        panic!()
    };
    assert_eq!(amendment.given_name, Some(name("Amelia")));
    assert_eq!(amendment.family_name, Some(name("Hughes")));
}

#[test]
fn preferred_name_nickname_and_middle_name_are_recognised() {
    let l = learner();
    for given in ["Millie", "Amelia Rose", "Rose"] {
        let mut s = supplied_from(&l);
        s.given_name = name(given);
        let got = diagnose("9276308686", &s, Lookup::Direct(&l));
        assert_eq!(top(&got), SuggestionKind::PreferredName, "{given}");
        assert!(
            !got.iter()
                .any(|g| g.kind == SuggestionKind::DifferentPerson),
            "{given}"
        );
    }
    let mut robert = learner();
    robert.given_name = name("Robert");
    robert.preferred_given_name = None;
    let mut s = supplied_from(&robert);
    s.given_name = name("Bob");
    assert_eq!(
        top(&diagnose("9276308686", &s, Lookup::Direct(&robert))),
        SuggestionKind::PreferredName
    );
}

#[test]
fn previous_family_name_means_a_surname_change() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.family_name = name("Clarke");
    let got = diagnose("9276308686", &s, Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::FamilyNameChanged);
}

#[test]
fn spelling_and_punctuation_differences_amend_to_the_register_spelling() {
    let l = learner();
    for family in ["HUGHES", "Hughs", "Hugh-es", "Huhges"] {
        let mut s = supplied_from(&l);
        s.family_name = name(family);
        let got = diagnose("9276308686", &s, Lookup::Direct(&l));
        assert_eq!(top(&got), SuggestionKind::Spelling, "{family}");
        let SuggestedAction::Amend { amendment } = &got[0].action else {
            panic!()
        };
        assert_eq!(amendment.family_name, Some(name("Hughes")));
    }
}

#[test]
fn each_date_slip_is_named() {
    let l = learner(); // born 2007-02-03
    for (supplied, kind) in [
        ((2007, 3, 2), SuggestionKind::DayMonthSwapped),
        ((2008, 2, 3), SuggestionKind::YearOffByOne),
        ((2070, 2, 3), SuggestionKind::DigitsTransposed),
    ] {
        let mut s = supplied_from(&l);
        s.date_of_birth = jiff::civil::date(supplied.0, supplied.1, supplied.2);
        let got = diagnose("9276308686", &s, Lookup::Direct(&l));
        assert_eq!(top(&got), kind);
        assert!(
            got[0].reason.contains("03 Feb 2007"),
            "dates are shown for people: {}",
            got[0].reason
        );
    }
}

#[test]
fn gender_difference_alone_is_a_gender_amendment() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.gender = Gender::NotSpecified;
    assert_eq!(
        top(&diagnose("9276308686", &s, Lookup::Direct(&l))),
        SuggestionKind::GenderDiffers
    );
}

#[test]
fn postcodes_moved_and_placeholder() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.postcode = Postcode::parse("M1 1AE").unwrap();
    assert_eq!(
        top(&diagnose("9276308686", &s, Lookup::Direct(&l))),
        SuggestionKind::PostcodeMoved
    );
    s.postcode = Postcode::parse("ZZ99 9ZZ").unwrap();
    let got = diagnose("9276308686", &s, Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::PostcodePlaceholder);
    assert!(matches!(got[0].action, SuggestedAction::Amend { .. }));

    let mut lrs_placeholder = learner();
    lrs_placeholder.postcode = Some(Postcode::parse("ZZ99 9ZZ").unwrap());
    let s = supplied_from(&learner());
    let got = diagnose("9276308686", &s, Lookup::Direct(&lrs_placeholder));
    assert_eq!(
        got[0].action,
        SuggestedAction::AskCentre,
        "never amend to a placeholder"
    );
}

#[test]
fn a_different_person_is_rejected_and_never_amended_to_register_details() {
    let l = learner();
    let someone_else = Demographics {
        given_name: name("Oscar"),
        family_name: name("Patel"),
        date_of_birth: jiff::civil::date(2006, 11, 19),
        gender: Gender::Male,
        postcode: Postcode::parse("B33 8TH").unwrap(),
    };
    let got = diagnose("9276308686", &someone_else, Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::DifferentPerson);
    assert_eq!(
        got[0].action,
        SuggestedAction::Reject {
            reason: RejectReason::WrongLearner
        }
    );
    assert!(!amends_to_register_details(&got));
}

#[test]
fn a_twin_with_another_given_name_is_a_different_person() {
    let l = learner();
    let mut twin = supplied_from(&l);
    twin.given_name = name("Grace");
    let got = diagnose("9276308686", &twin, Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::DifferentPerson);
    assert!(!amends_to_register_details(&got));
}

#[test]
fn a_sibling_on_a_linked_uln_is_not_offered_the_master() {
    let l = learner();
    let mut sibling = supplied_from(&l);
    sibling.given_name = name("Jacob");
    sibling.gender = Gender::Male;
    sibling.date_of_birth = jiff::civil::date(2009, 6, 1);
    let got = diagnose("1174112637", &sibling, Lookup::Linked(&l));
    assert!(!got.iter().any(|s| s.kind == SuggestionKind::LinkedUln));
    assert!(!amends_to_register_details(&got));
}

#[test]
fn unexplained_date_with_a_gender_difference_is_a_different_person() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.date_of_birth = jiff::civil::date(1999, 8, 17);
    s.gender = Gender::Male;
    assert_eq!(
        top(&diagnose("9276308686", &s, Lookup::Direct(&l))),
        SuggestionKind::DifferentPerson
    );
}

#[test]
fn suggestions_are_ranked_by_confidence_below_the_combined_fix() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.family_name = name("HUGHES");
    s.postcode = Postcode::parse("M1 1AE").unwrap();
    let got = diagnose("1174112637", &s, Lookup::Linked(&l));
    let kinds: Vec<_> = got.iter().map(|g| g.kind).collect();
    assert_eq!(
        kinds,
        vec![
            SuggestionKind::SeveralCauses,
            SuggestionKind::LinkedUln,
            SuggestionKind::Spelling,
            SuggestionKind::PostcodeMoved
        ]
    );
    assert_eq!(
        anomaly_kinds(&got),
        vec![
            AnomalyKind::LinkedUln,
            AnomalyKind::Spelling,
            AnomalyKind::Postcode
        ]
    );
}

#[test]
fn names_and_bits_round_trip() {
    for k in SuggestionKind::ALL {
        assert_eq!(SuggestionKind::from_name(k.name()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.name());
    }
    for k in AnomalyKind::ALL {
        assert_eq!(AnomalyKind::from_name(k.name()), Some(k));
        assert_eq!(AnomalyKind::from_bits(k.bit()), vec![k]);
        assert_eq!(serde_json::to_value(k).unwrap(), k.name());
    }
    for r in RejectReason::ALL {
        assert_eq!(RejectReason::from_name(r.name()), Some(r));
    }
    let all = AnomalyKind::to_bits(&AnomalyKind::ALL);
    assert_eq!(AnomalyKind::from_bits(all), AnomalyKind::ALL.to_vec());
}

mod identity;
mod names_from_life;
mod several_causes;
