//! The guard where an amendment happens (issue 12.5). An amendment that makes a registration
//! match a register learner whom the identity evidence calls someone else would attach that
//! learner's achievements to another person's record, so it is refused unless the operator
//! states that identity was confirmed with the centre, with a note saying how.
//!
//! The evidence is the diagnosis's own verdict, asked of the details as they stood before the
//! amendment against the learner matched after it: whatever the diagnosis learns about identity
//! reaches this guard with no change here.

use crate::assess::Assessment;
use crate::error::ApiError;
use uln_api::ErrorCode;
use uln_domain::diagnosis::diagnose;
use uln_domain::{Demographics, Lookup, RegisterLearner, SuggestionKind};

/// What an amend request states about the learner's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdentityClaim {
    #[default]
    NotStated,
    /// The operator confirmed with the centre that the register's learner is this registration's
    /// learner; the request carries a note saying how.
    ConfirmedWithCentre,
}

/// Whether the diagnosis says `before` describes someone other than `learner`.
pub fn is_different_person(before: &Demographics, learner: &RegisterLearner) -> bool {
    // Diagnosed as if the learner's own ULN had been supplied: the question is who the details
    // describe, whatever ULN the registration held before.
    diagnose(learner.uln.as_str(), before, Lookup::Direct(learner))
        .iter()
        .any(|s| s.kind == SuggestionKind::DifferentPerson)
}

/// Refuses an amendment that would match the register to a different person, unless identity
/// was confirmed with the centre.
pub fn check(
    before: &Demographics,
    after: &Assessment,
    claim: IdentityClaim,
) -> Result<(), ApiError> {
    if claim == IdentityClaim::ConfirmedWithCentre || !after.verification.is_match() {
        return Ok(());
    }
    match after.lookup.learner() {
        Some(learner) if is_different_person(before, learner) => Err(unconfirmed()),
        _ => Ok(()),
    }
}

fn unconfirmed() -> ApiError {
    ApiError::Conflict {
        code: ErrorCode::IdentityUnconfirmed,
        message: "this amendment would match the register's learner, whom the evidence says is a different person; confirm the learner's identity with the centre, then send identity_confirmed: true with a note saying how".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uln_domain::{Gender, PersonName, Postcode, Uln};

    fn person(given: &str, family: &str, born: jiff::civil::Date, postcode: &str) -> Demographics {
        Demographics {
            given_name: PersonName::parse(given).unwrap(),
            family_name: PersonName::parse(family).unwrap(),
            date_of_birth: born,
            gender: Gender::Female,
            postcode: Postcode::parse(postcode).unwrap(),
        }
    }

    fn learner(d: &Demographics) -> RegisterLearner {
        RegisterLearner {
            uln: Uln::parse("9276308686").unwrap(),
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            date_of_birth: d.date_of_birth,
            gender: d.gender,
            postcode: Some(d.postcode.clone()),
            preferred_given_name: None,
            middle_names: None,
            previous_family_name: None,
            linked_ulns: Vec::new(),
            ability_to_share: true,
            version: 1,
        }
    }

    #[test]
    fn a_stranger_is_a_different_person_and_a_spelling_slip_is_not() {
        let register = person("Amelia", "Hughes", jiff::civil::date(2007, 2, 3), "LS1 4AP");
        let lrs = learner(&register);
        let stranger = person("Kwame", "Mensah", jiff::civil::date(1990, 8, 21), "M1 1AE");
        assert!(is_different_person(&stranger, &lrs));
        let slip = person("Amelia", "Hughs", jiff::civil::date(2007, 2, 3), "LS1 4AP");
        assert!(!is_different_person(&slip, &lrs));
    }
}
