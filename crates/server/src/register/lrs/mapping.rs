//! The LRS's text values as the domain's types. Every value passes the domain's own parser, so
//! what the register holds is as trustworthy as what our store holds; a value the domain
//! refuses is the register's data being corrupt (`RegisterError::Corrupt`), never a panic.
//! Corrupt messages name the field, not its value: they may be logged.

use crate::register::{LearningEvent, RegisterError, RegisterResult};
use jiff::civil::Date;
use uln_domain::{Gender, PersonName, Postcode, RegisterLearner, Uln};
use uln_lrs::{Learner, LearnerField};

fn corrupt(field: &str) -> RegisterError {
    RegisterError::Corrupt(format!("the LRS sent an invalid {field}"))
}

pub fn uln(text: &str) -> RegisterResult<Uln> {
    Uln::parse(text.trim()).map_err(|_| corrupt("ULN"))
}

pub fn name(field: &str, text: &str) -> RegisterResult<PersonName> {
    PersonName::from_stored(text).map_err(|_| corrupt(field))
}

pub fn date(field: &str, text: &str) -> RegisterResult<Date> {
    text.trim().parse().map_err(|_| corrupt(field))
}

pub fn gender(text: &str) -> RegisterResult<Gender> {
    Gender::parse(text.trim()).map_err(|_| corrupt("Gender"))
}

/// Optional text: absent and blank are the same.
fn optional(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The LRS `Learner` as the register's record. The LRS requires a postcode, so a learner whose
/// postcode is unknown comes back with the conventional `ZZ99 9ZZ`, not None.
pub fn learner(record: &Learner) -> RegisterResult<RegisterLearner> {
    let linked_ulns = record
        .linked_ulns
        .iter()
        .map(|u| uln(u))
        .collect::<RegisterResult<Vec<_>>>()?;
    // AbilityToShare 1 is "privacy notice seen, shares"; 0 (not seen) and 2 (seen, does not
    // share) keep the PLR closed.
    let ability_to_share = match record.field(LearnerField::AbilityToShare).map(str::trim) {
        Some("1") => true,
        Some("0" | "2") => false,
        _ => return Err(corrupt("AbilityToShare")),
    };
    let version = record
        .field(LearnerField::VersionNumber)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| corrupt("VersionNumber"))?;
    Ok(RegisterLearner {
        uln: uln(&record.uln)?,
        given_name: name("GivenName", &record.given_name)?,
        family_name: name("FamilyName", &record.family_name)?,
        date_of_birth: date("DateOfBirth", &record.date_of_birth)?,
        gender: gender(&record.gender)?,
        postcode: Some(
            Postcode::parse(&record.last_known_post_code)
                .map_err(|_| corrupt("LastKnownPostCode"))?,
        ),
        preferred_given_name: optional(record.field(LearnerField::PreferredGivenName)),
        middle_names: optional(record.field(LearnerField::MiddleOtherName)),
        previous_family_name: optional(record.field(LearnerField::PreviousFamilyName)),
        linked_ulns,
        ability_to_share,
        version,
    })
}

/// One PLR learning event. The id is required (a data challenge names it); the rest is shown
/// as sent, with the domain's date and number types where it has them.
pub fn event(wire: &uln_lrs::LearningEvent) -> RegisterResult<LearningEvent> {
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let id = wire
        .id
        .as_deref()
        .and_then(|id| id.trim().parse().ok())
        .ok_or_else(|| corrupt("learning event ID"))?;
    let award_date = optional(wire.achievement_award_date.as_deref())
        .map(|d| date("AchievementAwardDate", &d))
        .transpose()?;
    let credits = optional(wire.credits.as_deref())
        .map(|c| c.parse().map_err(|_| corrupt("Credits")))
        .transpose()?;
    Ok(LearningEvent {
        id,
        source: text(&wire.source),
        qualification_code: text(&wire.subject_code),
        title: text(&wire.subject),
        qualification_type: text(&wire.qualification_type),
        level: text(&wire.level),
        grade: optional(wire.grade.as_deref()),
        awarding_organisation: text(&wire.awarding_organisation_name),
        provider: text(&wire.achievement_provider_name),
        award_date,
        credits,
        status: text(&wire.status),
        // WCF writes booleans as `true`; older PLR answers use `Y`.
        under_challenge: matches!(
            wire.under_data_challenge.as_deref().map(str::trim),
            Some("true" | "Y" | "y" | "1")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amelia() -> Learner {
        Learner {
            uln: "9276308686".into(),
            given_name: "Amelia".into(),
            family_name: "Khan".into(),
            date_of_birth: "2008-03-01".into(),
            gender: "2".into(),
            last_known_post_code: "LS1 4AP".into(),
            fields: vec![
                (LearnerField::AbilityToShare, "1".into()),
                (LearnerField::VersionNumber, "3".into()),
                (LearnerField::PreviousFamilyName, "Shah".into()),
            ],
            linked_ulns: vec!["4444599390".into()],
        }
    }

    #[test]
    fn a_wire_learner_becomes_the_register_record() {
        let record = learner(&amelia()).unwrap();
        assert_eq!(record.uln.as_str(), "9276308686");
        assert_eq!(record.previous_family_name.as_deref(), Some("Shah"));
        assert_eq!(record.linked_ulns.len(), 1);
        assert!(record.ability_to_share);
        assert_eq!(record.version, 3);
    }

    #[test]
    fn a_value_the_domain_refuses_is_corrupt_and_the_message_holds_no_value() {
        let cases: [fn(&mut Learner); 5] = [
            |l| l.uln = "1234567890".into(),
            |l| l.date_of_birth = "2008-02-30".into(),
            |l| l.gender = "7".into(),
            |l| l.last_known_post_code = "NOT A POSTCODE".into(),
            |l| l.linked_ulns = vec!["9999999999".into()],
        ];
        for break_it in cases {
            let mut wire = amelia();
            break_it(&mut wire);
            match learner(&wire) {
                Err(RegisterError::Corrupt(why)) => {
                    assert!(!why.contains("2008") && !why.contains("NOT A"), "{why}")
                }
                other => panic!("expected corrupt, got {other:?}"),
            }
        }
    }
}
