//! Someone else on the register under the name supplied: the check a known-as explanation needs.
//!
//! A given name explained only as a name the learner is known by (Jack for John, Millie for
//! Amelia) is the weakest explanation the diagnosis accepts, and twins are where it fails: Jack and
//! John Smith, one date of birth, one family, one address. When the register holds another learner
//! whose legal name and date of birth are exactly the ones supplied, the details describe that
//! learner, and the ULN supplied is their twin's or sibling's: no amendment to the ULN's learner
//! is offered, and the guard on amendments refuses one unless identity is confirmed.

use super::confidence;
use super::kinds::{RejectReason, SuggestedAction, Suggestion, SuggestionKind};
use crate::demographics::{format_date_for_people, Demographics};
use crate::names::fold;
use crate::uln::Uln;
use crate::verification::RegisterLearner;

/// True when a suggestion explains the given name only as a name the learner is known by: the
/// register is then asked whether anyone else has that name.
pub fn rests_on_a_known_as_name(suggestions: &[Suggestion]) -> bool {
    suggestions
        .iter()
        .any(|s| s.kind == SuggestionKind::PreferredName)
}

/// Another learner than `reached` whose legal given and family names and date of birth are the
/// supplied ones, among the register's answers to a search by those details.
pub fn registered_elsewhere<'a>(
    supplied: &Demographics,
    reached: &Uln,
    found: &'a [RegisterLearner],
) -> Option<&'a RegisterLearner> {
    found.iter().find(|l| {
        l.uln != *reached
            && l.date_of_birth == supplied.date_of_birth
            && fold(l.given_name.as_str()) == fold(supplied.given_name.as_str())
            && fold(l.family_name.as_str()) == fold(supplied.family_name.as_str())
    })
}

/// The suggestions when the supplied details are another register learner's: find and use their
/// own ULN once the centre confirms, or reject this one; never the known-as amendment.
pub fn someone_else_suggestions(
    supplied: &Demographics,
    elsewhere: &RegisterLearner,
) -> Vec<Suggestion> {
    let who = format!(
        "The LRS holds another learner, ULN {}, whose legal name is {} {} and who was born on {}, as supplied",
        elsewhere.uln,
        supplied.given_name,
        supplied.family_name,
        format_date_for_people(supplied.date_of_birth)
    );
    vec![
        Suggestion::new(
            SuggestionKind::DifferentPerson,
            confidence::NAMESAKE_ON_REGISTER,
            SuggestedAction::ConfirmIdentity,
            format!("{who}: the details are probably theirs (a twin or sibling), not those of this ULN's learner. Confirm the learner's identity with the centre."),
        ),
        Suggestion::new(
            SuggestionKind::DifferentPerson,
            confidence::NAMESAKE_SEARCH,
            SuggestedAction::SearchByDemographics,
            "Search the LRS by the supplied details: it finds the other learner, whose own ULN the centre can confirm.".into(),
        ),
        Suggestion::new(
            SuggestionKind::DifferentPerson,
            confidence::NAMESAKE_REJECT,
            SuggestedAction::Reject { reason: RejectReason::WrongLearner },
            "If the centre says the ULN is the other learner's, reject it (wrong learner); never amend the name to this ULN's learner.".into(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demographics::PersonName;
    use crate::diagnosis::{diagnose, withholds_fixes};
    use crate::verification::tests::{learner, supplied_from};
    use crate::Lookup;

    fn twins() -> (RegisterLearner, RegisterLearner) {
        let mut john = learner();
        john.given_name = PersonName::parse("John").unwrap();
        john.preferred_given_name = None;
        john.middle_names = None;
        john.gender = crate::Gender::Male;
        let mut jack = john.clone();
        jack.uln = Uln::parse("4444599390").unwrap();
        jack.given_name = PersonName::parse("Jack").unwrap();
        jack.linked_ulns = Vec::new();
        (john, jack)
    }

    #[test]
    fn a_twin_whose_legal_name_is_the_nickname_is_found_and_no_amendment_is_offered() {
        let (john, jack) = twins();
        let supplied = supplied_from(&jack);
        let first = diagnose(john.uln.as_str(), &supplied, Lookup::Direct(&john));
        // Alone, the diagnosis reads Jack as John's short name: the register must be asked.
        assert!(rests_on_a_known_as_name(&first), "{first:?}");
        let found = [john.clone(), jack.clone()];
        let elsewhere = registered_elsewhere(&supplied, &john.uln, &found).expect("Jack is found");
        assert_eq!(elsewhere.uln, jack.uln);
        let got = someone_else_suggestions(&supplied, elsewhere);
        assert!(withholds_fixes(&got));
        assert!(got
            .iter()
            .all(|s| !matches!(s.action, SuggestedAction::Amend { .. })));
        assert!(got[0].reason.contains(jack.uln.as_str()));
    }

    #[test]
    fn the_learner_themself_or_a_namesake_born_another_day_is_nobody_else() {
        let (john, jack) = twins();
        let supplied = supplied_from(&jack);
        assert!(registered_elsewhere(&supplied, &john.uln, std::slice::from_ref(&john)).is_none());
        let mut older = jack.clone();
        older.date_of_birth = jiff::civil::date(1980, 5, 1);
        assert!(registered_elsewhere(&supplied, &john.uln, &[older]).is_none());
        assert!(registered_elsewhere(&supplied, &jack.uln, std::slice::from_ref(&jack)).is_none());
    }
}
