//! The guard where an amendment happens (issue 12.5). An amendment that makes a registration
//! match a register learner whom the identity evidence calls someone else would attach that
//! learner's achievements to another person's record, so it is refused unless the operator
//! states that identity was confirmed with the centre, with a note saying how.
//!
//! The evidence is the diagnosis's own verdict, asked of the details as they stood before the
//! amendment against the learner matched after it: whatever the diagnosis learns about identity
//! reaches this guard with no change here. It is asked of the details as the centre registered
//! them too, so amending one field at a time (each step leaving too little unexplained to call
//! someone else) cannot walk a different person's record onto the register's learner. And when the
//! given name changes, the register is asked whether the name it had is another learner's legal
//! name (a twin), which the details alone cannot show.

use crate::assess::Assessment;
use crate::error::ApiError;
use crate::register::DemographicQuery;
use crate::store::{AuditAction, Registration};
use crate::AppState;
use serde_json::Value;
use uln_api::ErrorCode;
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::diagnosis::diagnose;
use uln_domain::diagnosis::namesakes::registered_elsewhere;
use uln_domain::names::fold;
use uln_domain::{
    Demographics, Gender, Lookup, PersonName, Postcode, RegisterLearner, SuggestionKind,
};

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

/// `check`, of the details before this amendment and of those the centre registered.
pub async fn check_amendment(
    state: &AppState,
    current: &Registration,
    after: &Assessment,
    claim: IdentityClaim,
) -> Result<(), ApiError> {
    check(&current.demographics, after, claim)?;
    if claim == IdentityClaim::ConfirmedWithCentre || !after.verification.is_match() {
        return Ok(());
    }
    // Only an amendment that resolves the record reads the trail, so the cost is paid once.
    let trail = state.store.audit_trail(current.id).await?;
    let changes = trail
        .iter()
        .filter(|a| a.action == AuditAction::Amended.name())
        .filter_map(|a| a.changes.as_ref());
    let registered = as_registered(&current.demographics, changes);
    check(&registered, after, claim)?;
    let Some(learner) = after.lookup.learner() else {
        return Ok(());
    };
    for details in [&current.demographics, &registered] {
        if another_learners_name(state, details, learner).await? {
            return Err(unconfirmed());
        }
    }
    Ok(())
}

/// Whether `details` carry a given name other than `learner`'s that the register holds, with the
/// family name and date of birth, as another learner's legal name: Jack beside his twin John.
/// Asked only when the given name differs, so most amendments cost no search.
async fn another_learners_name(
    state: &AppState,
    details: &Demographics,
    learner: &RegisterLearner,
) -> Result<bool, ApiError> {
    if fold(details.given_name.as_str()) == fold(learner.given_name.as_str()) {
        return Ok(false);
    }
    let found = state
        .register
        .find_by_demographics(&DemographicQuery {
            given_name: details.given_name.to_string(),
            family_name: details.family_name.to_string(),
            date_of_birth: Some(details.date_of_birth),
            gender: None,
            postcode: None,
        })
        .await?;
    Ok(registered_elsewhere(details, &learner.uln, &found.learners).is_some())
}

/// The details before the first amendment of each field: the amendments' `changes`, oldest first,
/// laid over the details now. A value the domain no longer reads is left as it is now.
fn as_registered<'a>(now: &Demographics, changes: impl Iterator<Item = &'a Value>) -> Demographics {
    let mut registered = now.clone();
    let mut seen = std::collections::HashSet::new();
    for (field, change) in changes.filter_map(Value::as_object).flatten() {
        let Some(before) = change["before"].as_str() else {
            continue;
        };
        if !seen.insert(field.as_str()) {
            continue;
        }
        let r = &mut registered;
        let _ = match field.as_str() {
            "given_name" => PersonName::parse(before).map(|v| r.given_name = v),
            "family_name" => PersonName::parse(before).map(|v| r.family_name = v),
            "date_of_birth" => parse_date_of_birth(before).map(|v| r.date_of_birth = v),
            "gender" => Gender::parse(before).map(|v| r.gender = v),
            "postcode" => Postcode::parse(before).map(|v| r.postcode = v),
            _ => Ok(()),
        };
    }
    registered
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

    #[test]
    fn the_details_as_registered_are_each_fields_first_before() {
        let now = person("Jacob", "Jones", jiff::civil::date(2000, 4, 13), "N7 3BP");
        let changes = [
            serde_json::json!({"given_name": {"before": "Kwame", "after": "Jake"}}),
            serde_json::json!({"given_name": {"before": "Jake", "after": "Jacob"},
                "date_of_birth": {"before": "1994-11-01", "after": "2000-04-13"}}),
        ];
        let registered = as_registered(&now, changes.iter());
        assert_eq!(registered.given_name.as_str(), "Kwame");
        assert_eq!(registered.date_of_birth, jiff::civil::date(1994, 11, 1));
        assert_eq!(
            registered.postcode, now.postcode,
            "never amended: as it is now"
        );
    }
}
