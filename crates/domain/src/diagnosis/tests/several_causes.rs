//! One fix for the whole record: several explained differences give one combined amendment on top,
//! which makes the record match; the single-field fixes stay below it; identity still comes first.

use super::*;
use crate::verification::{verify, RegisterLearner};
use jiff::civil::date;

const MASTER: &str = "9276308686";
const LINKED: &str = "1174112637";

fn amendment(s: &Suggestion) -> &Amendment {
    match &s.action {
        SuggestedAction::Amend { amendment } => amendment,
        other => panic!("not an amendment: {other:?}"),
    }
}

/// The supplied details with an amendment applied, as the backend would store them.
fn amended(s: &Demographics, a: &Amendment) -> Demographics {
    Demographics {
        given_name: a.given_name.clone().unwrap_or_else(|| s.given_name.clone()),
        family_name: a
            .family_name
            .clone()
            .unwrap_or_else(|| s.family_name.clone()),
        date_of_birth: a.date_of_birth.unwrap_or(s.date_of_birth),
        gender: a.gender.unwrap_or(s.gender),
        postcode: a.postcode.clone().unwrap_or_else(|| s.postcode.clone()),
    }
}

/// Diagnoses `s` on the learner's own ULN and checks the top suggestion is one combined amendment
/// that makes the record match, with every single-field fix still offered below it.
fn top_fixes_everything(s: &Demographics, l: &RegisterLearner) -> Vec<Suggestion> {
    let got = diagnose(MASTER, s, Lookup::Direct(l));
    assert_eq!(top(&got), SuggestionKind::SeveralCauses, "{got:#?}");
    let fixed = amended(s, amendment(&got[0]));
    assert!(verify(&fixed, Lookup::Direct(l)).is_match(), "{got:#?}");
    let singles = got[1..]
        .iter()
        .filter(|g| matches!(g.action, SuggestedAction::Amend { .. }))
        .count();
    assert!(singles >= 2, "the single-field fixes stay: {got:#?}");
    let weakest = got[1..].iter().map(|g| g.confidence).min().unwrap();
    assert_eq!(got[0].confidence, weakest, "as sure as its weakest part");
    got
}

fn moved(s: &mut Demographics) {
    s.postcode = Postcode::parse("M1 1AA").unwrap();
}

#[test]
fn a_typo_and_a_move_are_fixed_by_one_amendment_with_a_reason_per_field() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.given_name = name("Amella");
    moved(&mut s);
    let got = top_fixes_everything(&s, &l);
    assert_eq!(
        got[0].reason,
        "Fix all: given name (spelling: Amella → Amelia); postcode (moved: M1 1AA → LS1 4AP)."
    );
}

#[test]
fn a_previous_family_name_and_a_move() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.family_name = name("Clarke");
    moved(&mut s);
    let got = top_fixes_everything(&s, &l);
    assert!(got[0]
        .reason
        .contains("family name (previous family name: Clarke → Hughes)"));
}

#[test]
fn a_preferred_name_and_a_move() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.given_name = name("Millie");
    moved(&mut s);
    top_fixes_everything(&s, &l);
}

#[test]
fn a_day_month_swap_and_a_typo() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.date_of_birth = date(2007, 3, 2);
    s.family_name = name("Hughse");
    let got = top_fixes_everything(&s, &l);
    assert!(got[0].reason.contains("day and month swapped"));
}

#[test]
fn a_linked_uln_and_a_typo_give_the_master_and_the_name_together() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.family_name = name("Hughs");
    let got = diagnose(LINKED, &s, Lookup::Linked(&l));
    assert_eq!(top(&got), SuggestionKind::SeveralCauses, "{got:#?}");
    let a = amendment(&got[0]);
    assert_eq!(a.uln.as_ref().map(|u| u.as_str()), Some(MASTER));
    assert_eq!(a.family_name, Some(name("Hughes")));
    // On the master ULN the amended details match outright.
    assert!(verify(&amended(&s, a), Lookup::Direct(&l)).is_match());
}

#[test]
fn a_record_in_capitals_is_fixed_in_every_field_at_once() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.given_name = name("AMELIA");
    s.family_name = name("HUGHES");
    // Postcodes are canonical whatever their case, so a lower-case one is no difference at all.
    s.postcode = Postcode::parse("ls1 4ap").unwrap();
    let got = top_fixes_everything(&s, &l);
    assert_eq!(
        got[0].reason,
        "Fix all: given name (capitals: AMELIA → Amelia); family name (capitals: HUGHES → Hughes)."
    );
}

#[test]
fn a_different_person_gets_no_combined_amendment() {
    let l = learner();
    let mut s = supplied_from(&l);
    // A date no slip explains, with a typo and a move: the identity rule withholds every fix.
    s.date_of_birth = date(2006, 11, 19);
    s.family_name = name("Hughse");
    moved(&mut s);
    let got = diagnose(MASTER, &s, Lookup::Direct(&l));
    assert!(withholds_fixes(&got));
    assert!(!got.iter().any(|g| g.kind == SuggestionKind::SeveralCauses));
    assert!(!amends_to_register_details(&got));
}

#[test]
fn a_single_cause_is_not_combined() {
    let l = learner();
    let mut s = supplied_from(&l);
    moved(&mut s);
    let got = diagnose(MASTER, &s, Lookup::Direct(&l));
    assert_eq!(top(&got), SuggestionKind::PostcodeMoved);
    assert!(!got.iter().any(|g| g.kind == SuggestionKind::SeveralCauses));
}

#[test]
fn two_fixes_for_one_field_do_not_make_a_contradictory_amendment() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.given_name = name("Milly");
    let given = |kind, confidence, value: &str| {
        let a = Amendment {
            given_name: Some(name(value)),
            ..Amendment::default()
        };
        Suggestion::amend(kind, confidence, a, String::new())
    };
    let postcode = Suggestion::amend(
        SuggestionKind::PostcodeMoved,
        62,
        Amendment {
            postcode: Some(Postcode::parse("M1 1AA").unwrap()),
            ..Amendment::default()
        },
        String::new(),
    );
    let surer = given(SuggestionKind::PreferredName, 91, "Amelia");
    let weaker = given(SuggestionKind::Spelling, 78, "Millie");
    let all = combine::combine(&[surer.clone(), weaker.clone(), postcode], MASTER, &s).unwrap();
    let a = amendment(&all);
    assert_eq!(
        a.given_name,
        Some(name("Amelia")),
        "the surer value is kept"
    );
    assert!(a.postcode.is_some());
    assert_eq!(
        all.reason,
        "Fix all: given name (known-as name: Milly → Amelia); postcode (moved: LS1 4AP → M1 1AA). \
         Not combined: spelling would set the given name differently; the surer fix is kept."
    );
    assert_eq!(all.confidence, 62);
    // Two fixes that contradict each other and nothing else: nothing to combine.
    assert_eq!(combine::combine(&[surer, weaker], MASTER, &s), None);
}

#[test]
fn a_combined_fix_adds_no_queue_of_its_own() {
    let l = learner();
    let mut s = supplied_from(&l);
    s.given_name = name("Amella");
    moved(&mut s);
    let got = diagnose(MASTER, &s, Lookup::Direct(&l));
    assert_eq!(
        anomaly_kinds(&got),
        vec![AnomalyKind::Spelling, AnomalyKind::Postcode]
    );
}
