//! The five key demographics the register compares, each a validated newtype (domain.md table).

use crate::named_enum;
use crate::text::{self, TextError, TextKind};
use jiff::civil::{date, Date};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The fields of a registration an operator can amend, named as on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Uln,
    GivenName,
    FamilyName,
    DateOfBirth,
    Gender,
    Postcode,
}

impl Field {
    pub const KEY_DEMOGRAPHICS: [Field; 5] = [
        Field::GivenName,
        Field::FamilyName,
        Field::DateOfBirth,
        Field::Gender,
        Field::Postcode,
    ];

    pub fn wire_name(self) -> &'static str {
        match self {
            Field::Uln => "uln",
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::DateOfBirth => "date_of_birth",
            Field::Gender => "gender",
            Field::Postcode => "postcode",
        }
    }

    pub fn from_wire_name(name: &str) -> Option<Field> {
        [Field::Uln]
            .into_iter()
            .chain(Field::KEY_DEMOGRAPHICS)
            .find(|f| f.wire_name() == name)
    }
}

/// Why a demographic value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemographicError {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("must be a date written YYYY-MM-DD, e.g. 2007-02-03")]
    DateFormat,
    #[error("{0} is not a real calendar date")]
    NotARealDate(String),
    #[error("{0} is before 1900: not a learner's date of birth")]
    BornBefore1900(Date),
    #[error("{0} is after today: not a learner's date of birth")]
    BornInFuture(Date),
    #[error("must be 0 (not known), 1 (male), 2 (female) or 9 (not specified)")]
    GenderCode,
    #[error("'{0}' is not a UK postcode (e.g. SW1A 1AA) or BFPO number")]
    Postcode(String),
}

/// A given or family name: 1–35 characters once normalised and trimmed, readable, and made of
/// what names are made of (the rules are `text`'s, for `TextKind::PersonName`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

pub use crate::text::MAX_NAME_CHARS;

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, DemographicError> {
        Ok(PersonName(text::clean(input, TextKind::PersonName)?))
    }

    /// A name read back from storage, as it was stored. It passed the input rules of the version
    /// that stored it, which were looser before text hygiene (`Ann2` was taken); refusing it now
    /// would make an old record impossible to open, and so to amend. Only a blank name is corrupt.
    pub fn from_stored(stored: &str) -> Result<PersonName, DemographicError> {
        match stored.trim() {
            "" => Err(TextError::Blank.into()),
            _ => Ok(PersonName(stored.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = DemographicError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses a date of birth strictly as `YYYY-MM-DD`, refusing impossible dates such as 2007-02-30.
pub fn parse_date_of_birth(input: &str) -> Result<Date, DemographicError> {
    let text = input.trim();
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(DemographicError::DateFormat);
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    Date::new(year, month as i8, day as i8)
        .map_err(|_| DemographicError::NotARealDate(text.to_owned()))
}

/// The earliest date of birth a learner can have: anything before is a slip or a placeholder.
pub const EARLIEST_DATE_OF_BIRTH: Date = date(1900, 1, 1);

/// A date of birth as a person enters it for a learner: a real date (`parse_date_of_birth`) from
/// 1900 to `today`. Kept apart from `parse_date_of_birth`, which also reads back stored dates and
/// needs no clock.
pub fn parse_learner_date_of_birth(input: &str, today: Date) -> Result<Date, DemographicError> {
    let born = parse_date_of_birth(input)?;
    if born < EARLIEST_DATE_OF_BIRTH {
        Err(DemographicError::BornBefore1900(born))
    } else if born > today {
        Err(DemographicError::BornInFuture(born))
    } else {
        Ok(born)
    }
}

/// The calendar date in the UK at `now`: the "today" a date of birth is judged against.
pub fn uk_date(now: Timestamp) -> Date {
    match jiff::tz::TimeZone::get("Europe/London") {
        Ok(london) => now.to_zoned(london).date(),
        // The zone database is bundled, so this is not expected; UTC is at most an hour out.
        Err(_) => now.to_zoned(jiff::tz::TimeZone::UTC).date(),
    }
}

/// The date as people read it: `03 Feb 2007`, never the ambiguous `03/02/2007`.
pub fn format_date_for_people(date: Date) -> String {
    date.strftime("%d %b %Y").to_string()
}

named_enum! {
    /// The register's gender codes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Gender as (code, from_code) {
        NotKnown = "0",
        Male = "1",
        Female = "2",
        NotSpecified = "9",
    }
}

impl Gender {
    pub fn parse(input: &str) -> Result<Gender, DemographicError> {
        Gender::from_code(input.trim()).ok_or(DemographicError::GenderCode)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Gender::NotKnown => "not known",
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::NotSpecified => "not specified",
        }
    }
}

/// A UK postcode or BFPO number, kept in its canonical display form (`SW1A 1AA`, `BFPO 105`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

/// The conventional "unknown or overseas" postcode.
pub const PLACEHOLDER_POSTCODE: &str = "ZZ99 9ZZ";

impl Postcode {
    pub fn parse(input: &str) -> Result<Postcode, DemographicError> {
        let refuse = || DemographicError::Postcode(input.trim().to_owned());
        let compact = compact_postcode(input);
        if let Some(number) = compact.strip_prefix("BFPO") {
            let ok = (1..=4).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
            return if ok {
                Ok(Postcode(format!("BFPO {number}")))
            } else {
                Err(refuse())
            };
        }
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(refuse());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        if !inward_ok || !outward_code_is_valid(outward) {
            return Err(refuse());
        }
        Ok(Postcode(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Postcodes are compared case- and space-insensitively; the canonical form already is both.
    pub fn is_placeholder(&self) -> bool {
        self.0 == PLACEHOLDER_POSTCODE
    }
}

/// Uppercase with every space removed: the form in which postcodes are compared.
pub fn compact_postcode(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Outward codes take the shapes A9, A99, AA9, AA99, A9A and AA9A (plus the special GIR).
fn outward_code_is_valid(outward: &str) -> bool {
    if outward == "GIR" {
        return true;
    }
    let shape: String = outward
        .bytes()
        .map(|b| {
            if b.is_ascii_digit() {
                '9'
            } else if b.is_ascii_alphabetic() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    matches!(
        shape.as_str(),
        "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
    )
}

impl TryFrom<String> for Postcode {
    type Error = DemographicError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Postcode::parse(&value)
    }
}

impl From<Postcode> for String {
    fn from(value: Postcode) -> Self {
        value.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The five key demographics of one learner, all valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demographics {
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: Date,
    pub gender: Gender,
    pub postcode: Postcode,
}

#[cfg(test)]
mod tests;
