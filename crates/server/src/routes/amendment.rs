//! Parsing an amend body: a flat object of the fields to change plus `note`. Every bad field is
//! reported at once, by name, and nothing is changed.

use crate::error::ApiError;
use jiff::civil::Date;
use serde_json::{Map, Value};
use uln_domain::demographics::parse_learner_date_of_birth;
use uln_domain::text::{clean_optional, TextKind};
use uln_domain::{Amendment, Field, Gender, PersonName, Postcode, Uln};

pub struct ParsedAmendment {
    pub amendment: Amendment,
    pub note: Option<String>,
}

/// `today` is the UK date a new date of birth is judged against.
pub fn parse_amendment(
    body: &Map<String, Value>,
    today: Date,
) -> Result<ParsedAmendment, ApiError> {
    let mut amendment = Amendment::default();
    let mut note = None;
    let mut errors = Map::new();
    let mut refuse = |name: &str, why: String| {
        errors.insert(name.to_owned(), Value::String(why));
    };
    for (name, value) in body {
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
            refuse(name, "is not a field that can be amended (uln, given_name, family_name, date_of_birth, gender, postcode, note)".into());
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
    if !errors.is_empty() {
        return Err(ApiError::invalid_fields(errors));
    }
    if amendment.is_empty() {
        return Err(ApiError::Invalid {
            message: "nothing to amend: give at least one of uln, given_name, family_name, date_of_birth, gender, postcode".into(),
            fields: Map::new(),
        });
    }
    Ok(ParsedAmendment { amendment, note })
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
        assert!(fields["uln"].as_str().unwrap().contains("should be 9"));
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
    }
}
