use super::*;
use crate::demographics::PersonName;
use crate::verification::tests::{learner, supplied_from};

const MATHS: &str = "601/4447/6";
const ENGLISH: &str = "601/4292/3";
const MASTER: &str = "9276308686";
const LINKED: &str = "1174112637";

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

fn this<'a>(
    uln: &'a str,
    details: &'a Demographics,
    reaches: Option<&'a Uln>,
) -> ThisRegistration<'a> {
    ThisRegistration {
        supplied_uln: uln,
        qualification: Some(MATHS),
        details,
        reaches,
        owns_uln: false,
    }
}

fn other<'a>(uln: &'a str, details: &'a Demographics, same_learner: bool) -> OtherRegistration<'a> {
    OtherRegistration {
        id: 41,
        supplied_uln: uln,
        qualification: Some(MATHS),
        details,
        same_register_learner: same_learner,
        matched: true,
        earlier: true,
    }
}

fn kinds(suggestions: &[Suggestion]) -> Vec<SuggestionKind> {
    suggestions.iter().map(|s| s.kind).collect()
}

#[test]
fn a_linked_uln_registered_beside_its_master_for_one_qualification_is_an_extra_registration() {
    let l = learner();
    let details = supplied_from(&l);
    let got = duplicate_suggestions(
        &this(LINKED, &details, Some(&l.uln)),
        &[other(MASTER, &details, true)],
    );
    assert_eq!(kinds(&got), [SuggestionKind::DuplicateRegistration]);
    assert_eq!(
        got[0].action,
        SuggestedAction::Reject {
            reason: RejectReason::DuplicateRegistration
        }
    );
    assert!(got[0].reason.contains("#41"), "{}", got[0].reason);
    assert!(is_extra_registration(&got));
}

#[test]
fn only_the_later_of_two_registrations_is_the_extra_one() {
    let l = learner();
    let details = supplied_from(&l);
    let mut later = other(LINKED, &details, true);
    later.earlier = false;
    assert!(duplicate_suggestions(&this(MASTER, &details, Some(&l.uln)), &[later]).is_empty());
}

#[test]
fn another_qualification_or_an_unknown_one_is_not_a_duplicate() {
    let l = learner();
    let details = supplied_from(&l);
    let mut english = other(MASTER, &details, true);
    english.qualification = Some(ENGLISH);
    assert!(duplicate_suggestions(&this(LINKED, &details, Some(&l.uln)), &[english]).is_empty());
    let mut unknown = other(MASTER, &details, true);
    unknown.qualification = None;
    assert!(duplicate_suggestions(&this(LINKED, &details, Some(&l.uln)), &[unknown]).is_empty());
}

#[test]
fn a_twin_on_the_same_register_learner_is_not_called_a_duplicate_of_them() {
    // Same family, date of birth and postcode; another given name: someone else, so rejecting one
    // registration as the other's duplicate would take a learner's ULN away.
    let l = learner();
    let amelia = supplied_from(&l);
    let mut twin = amelia.clone();
    twin.given_name = name("Grace");
    let got = duplicate_suggestions(
        &this(LINKED, &twin, Some(&l.uln)),
        &[other(MASTER, &amelia, true)],
    );
    assert!(!is_extra_registration(&got), "{got:?}");
}

#[test]
fn a_namesake_under_another_uln_is_not_a_duplicate_but_the_same_in_every_field_is() {
    let l = learner();
    let amelia = supplied_from(&l);
    let mut namesake = amelia.clone();
    namesake.postcode = crate::demographics::Postcode::parse("M1 1AE").unwrap();
    let elsewhere = "4444599390";
    assert!(duplicate_suggestions(
        &this(MASTER, &amelia, Some(&l.uln)),
        &[other(elsewhere, &namesake, false)]
    )
    .is_empty());

    let got = duplicate_suggestions(
        &this(MASTER, &amelia, Some(&l.uln)),
        &[other(elsewhere, &amelia, false)],
    );
    assert_eq!(kinds(&got), [SuggestionKind::DuplicateRegistration; 2]);
    assert!(is_extra_registration(&got));
    assert!(got
        .iter()
        .any(|s| s.action == SuggestedAction::ChallengeDuplicate { uln: l.uln.clone() }));
}

#[test]
fn one_uln_on_a_different_person_who_matches_the_register_says_search_for_this_learners_own() {
    let l = learner();
    let owner = supplied_from(&l);
    let mut stranger = owner.clone();
    stranger.given_name = name("Zainab");
    stranger.family_name = name("Okafor");
    let mut theirs = other(MASTER, &owner, true);
    theirs.qualification = Some(ENGLISH);
    let got = duplicate_suggestions(&this(MASTER, &stranger, Some(&l.uln)), &[theirs]);
    assert_eq!(kinds(&got), [SuggestionKind::UlnOnTwoPeople]);
    assert_eq!(got[0].action, SuggestedAction::SearchByDemographics);

    theirs.matched = false;
    let got = duplicate_suggestions(&this(MASTER, &stranger, Some(&l.uln)), &[theirs]);
    assert_eq!(got[0].action, SuggestedAction::AskCentre);
    assert!(!is_extra_registration(&got));
}

#[test]
fn the_learner_who_owns_the_uln_is_not_flagged_for_the_stranger_who_also_carries_it() {
    let l = learner();
    let mut owner = supplied_from(&l);
    owner.family_name = name("HUGHES");
    let mut stranger = owner.clone();
    stranger.given_name = name("Zainab");
    stranger.family_name = name("Okafor");
    let mut theirs = other(MASTER, &stranger, true);
    theirs.matched = false;
    let mut mine = this(MASTER, &owner, Some(&l.uln));
    mine.owns_uln = true;
    assert!(duplicate_suggestions(&mine, &[theirs]).is_empty());
}

#[test]
fn the_same_person_twice_under_one_uln_is_not_two_people() {
    let l = learner();
    let details = supplied_from(&l);
    let mut typo = details.clone();
    typo.family_name = name("Hughs");
    let mut theirs = other(MASTER, &details, true);
    theirs.qualification = Some(ENGLISH);
    assert!(duplicate_suggestions(&this(MASTER, &typo, Some(&l.uln)), &[theirs]).is_empty());
}

#[test]
fn nothing_from_no_other_registrations_and_none_amends() {
    let l = learner();
    let details = supplied_from(&l);
    assert!(duplicate_suggestions(&this(MASTER, &details, Some(&l.uln)), &[]).is_empty());
    let got = duplicate_suggestions(
        &this(LINKED, &details, Some(&l.uln)),
        &[
            other(MASTER, &details, true),
            other("4444599390", &details, false),
        ],
    );
    assert!(!got.is_empty());
    assert!(got
        .iter()
        .all(|s| !matches!(s.action, SuggestedAction::Amend { .. })));
}
