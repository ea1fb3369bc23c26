//! The field rules of the schemas, checked before anything is looked up: a value that breaks one
//! is a request that breaks the schema, answered with a WSEC0001 fault whose details name the
//! field (as the LRS's `cvc-pattern-valid` details do), never the value.

use super::Refusal;
use jiff::civil::Date;
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::{Gender, PersonName, Postcode};

/// `MIAPNameNonEmpty`: 1–35 characters, at least one not a space.
const MAX_NAME_CHARS: usize = 35;

pub(super) fn name(field: &str, value: &str) -> Result<PersonName, Refusal> {
    let fits = value.chars().count() <= MAX_NAME_CHARS;
    match PersonName::from_stored(value) {
        Ok(name) if fits => Ok(name),
        _ => Err(Refusal::invalid(format!(
            "cvc-pattern-valid: the value of {field} is not facet-valid with respect to MIAPNameNonEmpty (1-35 characters, not blank)"
        ))),
    }
}

/// `MIAPDate`: `YYYY-MM-DD`, a real calendar day.
pub(super) fn date(field: &str, value: &str) -> Result<Date, Refusal> {
    parse_date_of_birth(value).map_err(|_| {
        Refusal::invalid(format!(
            "cvc-pattern-valid: the value of {field} is not a MIAPDate (YYYY-MM-DD, a real day)"
        ))
    })
}

/// `0`, `1`, `2` or `9`.
pub(super) fn gender(field: &str, value: &str) -> Result<Gender, Refusal> {
    Gender::parse(value).map_err(|_| {
        Refusal::invalid(format!(
            "cvc-enumeration-valid: the value of {field} is not one of 0, 1, 2, 9"
        ))
    })
}

pub(super) fn postcode(field: &str, value: &str) -> Result<Postcode, Refusal> {
    Postcode::parse(value).map_err(|_| {
        Refusal::invalid(format!(
            "cvc-pattern-valid: the value of {field} is not a MIAPPostCode"
        ))
    })
}

/// The schema's ULN pattern, `[1-9][0-9]{9}`. The check digit is not the schema's business: a
/// ULN that fits the pattern but fails it is simply on nobody's record.
pub(super) fn uln_pattern(field: &str, value: &str) -> Result<(), Refusal> {
    let bytes = value.trim().as_bytes();
    let fits = bytes.len() == 10 && bytes[0] != b'0' && bytes.iter().all(u8::is_ascii_digit);
    if fits {
        Ok(())
    } else {
        Err(Refusal::invalid(format!(
            "cvc-pattern-valid: the value of {field} does not match [1-9][0-9]{{9}}"
        )))
    }
}

/// An optional field's rule, applied only when the field is sent.
pub(super) fn optional<T>(
    value: Option<&str>,
    rule: impl FnOnce(&str) -> Result<T, Refusal>,
) -> Result<Option<T>, Refusal> {
    value.map(rule).transpose()
}
