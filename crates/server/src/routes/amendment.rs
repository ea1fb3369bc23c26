//! Parsing an amend body: a flat object of the fields to change plus `note` and
//! `identity_confirmed`. Every bad field is reported at once, by name, and nothing is changed.

use super::identity_guard::IdentityClaim;
use crate::error::ApiError;
use crate::store::Registration;
use jiff::civil::Date;
use serde_json::{json, Map, Value};
use uln_domain::demographics::parse_learner_date_of_birth;
use uln_domain::text::{clean_optional, TextKind};
use uln_domain::{Amendment, Demographics, Field, Gender, PersonName, Postcode, Uln};

pub struct ParsedAmendment {
    pub amendment: Amendment,
    pub note: Option<String>,
    pub identity: IdentityClaim,
}

/// `today` is the UK date a new date of birth is judged against.
pub fn parse_amendment(
    body: &Map<String, Value>,
    today: Date,
) -> Result<ParsedAmendment, ApiError> {
    let mut amendment = Amendment::default();
    let mut note = None;
    let mut identity = IdentityClaim::NotStated;
    let mut errors = Map::new();
    let mut refuse = |name: &str, why: String| {
        errors.insert(name.to_owned(), Value::String(why));
    };
    for (name, value) in body {
        if name == "identity_confirmed" {
            match value.as_bool() {
                Some(true) => identity = IdentityClaim::ConfirmedWithCentre,
                Some(false) => {}
                None => refuse(name, "must be true or false".into()),
            }
            continue;
        }
        let Some(text) = value.as_str() else {
            refuse(name, "must be a string".into());
            continue;
        };
        if name == "note" {
            match clean_optional(Some(text), TextKind::Note) {
                Ok(cleaned) => note = cleaned,
                Err(e) => refuse(name, e.to_string()),
            }
            continue;
        }
        let Some(field) = Field::from_wire_name(name) else {
            refuse(name, "is not a field that can be amended (uln, given_name, family_name, date_of_birth, gender, postcode, note, identity_confirmed)".into());
            continue;
        };
        let outcome = match field {
            Field::Uln => Uln::parse(text)
                .map(|v| amendment.uln = Some(v))
                .map_err(|e| e.to_string()),
            Field::GivenName => PersonName::parse(text)
                .map(|v| amendment.given_name = Some(v))
                .map_err(|e| e.to_string()),
            Field::FamilyName => PersonName::parse(text)
                .map(|v| amendment.family_name = Some(v))
                .map_err(|e| e.to_string()),
            Field::DateOfBirth => parse_learner_date_of_birth(text, today)
                .map(|v| amendment.date_of_birth = Some(v))
                .map_err(|e| e.to_string()),
            Field::Gender => Gender::parse(text)
                .map(|v| amendment.gender = Some(v))
                .map_err(|e| e.to_string()),
            Field::Postcode => Postcode::parse(text)
                .map(|v| amendment.postcode = Some(v))
                .map_err(|e| e.to_string()),
        };
        if let Err(why) = outcome {
            refuse(name, why);
        }
    }
    // A confirmation is only worth its note: the audit row must say how identity was confirmed.
    if identity == IdentityClaim::ConfirmedWithCentre
        && note.is_none()
        && !errors.contains_key("note")
    {
        errors.insert(
            "note".into(),
            Value::String("is required when identity_confirmed is true: say how the centre confirmed the learner's identity".into()),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid_fields(errors));
    }
    if amendment.is_empty() {
        return Err(ApiError::Invalid {
            message: "nothing to amend: give at least one of uln, given_name, family_name, date_of_birth, gender, postcode".into(),
            fields: Map::new(),
        });
    }
    Ok(ParsedAmendment {
        amendment,
        note,
        identity,
    })
}

/// A registration's ULN and details with an amendment applied.
pub struct Applied {
    pub uln: Option<String>,
    pub demographics: Demographics,
    /// Field by field, before and after, for the audit row; unchanged fields are left out.
    pub changes: Map<String, Value>,
}

pub fn apply_amendment(current: &Registration, amendment: &Amendment) -> Applied {
    let mut demographics = current.demographics.clone();
    let mut uln = current.uln.clone();
    let mut changes = Map::new();
    let mut note_change = |field: &str, before: String, after: String| {
        if before != after {
            changes.insert(field.into(), json!({ "before": before, "after": after }));
        }
    };
    if let Some(new) = &amendment.uln {
        note_change("uln", uln.clone().unwrap_or_default(), new.to_string());
        uln = Some(new.to_string());
    }
    if let Some(new) = &amendment.given_name {
        note_change(
            "given_name",
            demographics.given_name.to_string(),
            new.to_string(),
        );
        demographics.given_name = new.clone();
    }
    if let Some(new) = &amendment.family_name {
        note_change(
            "family_name",
            demographics.family_name.to_string(),
            new.to_string(),
        );
        demographics.family_name = new.clone();
    }
    if let Some(new) = amendment.date_of_birth {
        note_change(
            "date_of_birth",
            demographics.date_of_birth.to_string(),
            new.to_string(),
        );
        demographics.date_of_birth = new;
    }
    if let Some(new) = amendment.gender {
        note_change(
            "gender",
            demographics.gender.code().into(),
            new.code().into(),
        );
        demographics.gender = new;
    }
    if let Some(new) = &amendment.postcode {
        note_change(
            "postcode",
            demographics.postcode.to_string(),
            new.to_string(),
        );
        demographics.postcode = new.clone();
    }

    Applied {
        uln,
        demographics,
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<ParsedAmendment, ApiError> {
        parse_amendment(v.as_object().unwrap(), jiff::civil::date(2026, 12, 2))
    }

    #[test]
    fn every_bad_field_is_named() {
        let Err(ApiError::Invalid { fields, .. }) = parse(json!({
            "uln": "1234567890", "date_of_birth": "2007-02-30", "postcode": "nope",
            "given_name": " ", "shoe_size": "9", "gender": 1
        })) else {
            panic!("expected 422");
        };
        let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "date_of_birth",
                "gender",
                "given_name",
                "postcode",
                "shoe_size",
                "uln"
            ]
        );
        let uln_refusal = fields["uln"].as_str().unwrap();
        assert!(uln_refusal.contains("not a valid ULN"), "{uln_refusal}");
        assert!(
            !uln_refusal.contains('9'),
            "the right digit is not given away"
        );
    }

    #[test]
    fn unreadable_or_implausible_values_are_named_not_stored() {
        let Err(ApiError::Invalid { fields, .. }) = parse(json!({
            "family_name": "\u{200B}", "given_name": "Owen?",
            "date_of_birth": "2999-01-01", "note": "\u{202E}evil"
        })) else {
            panic!("expected 422");
        };
        let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(
            names,
            ["date_of_birth", "family_name", "given_name", "note"]
        );
        assert!(fields["family_name"].as_str().unwrap().contains("U+200B"));
        let huge = parse(json!({"family_name": "Hughes", "note": "n".repeat(901 * 1024)}));
        assert!(
            matches!(huge, Err(ApiError::Invalid { fields, .. }) if fields.contains_key("note"))
        );
    }

    #[test]
    fn a_note_alone_is_not_an_amendment() {
        assert!(matches!(
            parse(json!({"note": "hello"})),
            Err(ApiError::Invalid { .. })
        ));
    }

    #[test]
    fn valid_fields_are_parsed() {
        let parsed = parse(
            json!({"family_name": "Hughes", "postcode": "ls14ap", "note": " phoned centre "}),
        )
        .unwrap();
        assert_eq!(parsed.amendment.postcode.unwrap().as_str(), "LS1 4AP");
        assert_eq!(parsed.note.as_deref(), Some("phoned centre"));
        assert_eq!(parsed.identity, IdentityClaim::NotStated);
    }

    #[test]
    fn a_confirmed_identity_needs_a_note() {
        let Err(ApiError::Invalid { fields, .. }) =
            parse(json!({"family_name": "Hughes", "identity_confirmed": true, "note": "  "}))
        else {
            panic!("expected 422");
        };
        assert!(fields["note"]
            .as_str()
            .unwrap()
            .contains("identity_confirmed"));
        let Err(ApiError::Invalid { fields, .. }) =
            parse(json!({"family_name": "Hughes", "identity_confirmed": "yes"}))
        else {
            panic!("expected 422");
        };
        assert!(fields.contains_key("identity_confirmed"));
        let parsed = parse(json!({"family_name": "Hughes", "identity_confirmed": true, "note": "centre checked passport"})).unwrap();
        assert_eq!(parsed.identity, IdentityClaim::ConfirmedWithCentre);
    }
}
