//! The Unique Learner Number: ten digits whose last is a mod-11 check digit (domain.md, "The ULN").

use serde::{Deserialize, Serialize};
use std::fmt;

/// Weights applied to the first nine digits when computing the check digit.
const WEIGHTS: [u32; 9] = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/// Colleges put this in the ULN field when they do not know the learner's ULN; it is never a ULN.
pub const PLACEHOLDER: &str = "9999999999";

/// A checksum-valid ULN. It may still be unknown to the register or a linked ULN.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uln(String);

/// Why a supplied ULN is not a ULN. Each failure is distinct so the operator is told exactly what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UlnError {
    #[error("a ULN is 10 digits; this has {0}")]
    WrongLength(usize),
    #[error("a ULN has only digits; character {position} is '{found}'")]
    NonDigit { position: usize, found: char },
    #[error("a ULN never starts with 0")]
    LeadingZero,
    #[error("9999999999 is the 'ULN not known' placeholder, not a ULN")]
    Placeholder,
    #[error("no valid ULN starts with these nine digits; check the first nine digits")]
    PrefixHasNoCheckDigit,
    /// The right digit is never named: it would invite turning a caller's typo into someone
    /// else's valid ULN, whose achievements would then land on the wrong record.
    #[error("this is not a valid ULN: its check digit does not fit the other nine digits (a digit mistyped or two swapped); read the number again")]
    WrongCheckDigit,
}

impl Uln {
    /// Parses a ULN as typed: surrounding whitespace is ignored, nothing else is forgiven.
    pub fn parse(input: &str) -> Result<Uln, UlnError> {
        let text = input.trim();
        if text == PLACEHOLDER {
            return Err(UlnError::Placeholder);
        }
        if let Some((index, found)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(UlnError::NonDigit {
                position: index + 1,
                found,
            });
        }
        if text.len() != 10 {
            return Err(UlnError::WrongLength(text.len()));
        }
        if text.starts_with('0') {
            return Err(UlnError::LeadingZero);
        }
        let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
        let expected = check_digit(&digits[..9]).ok_or(UlnError::PrefixHasNoCheckDigit)?;
        if digits[9] != expected {
            return Err(UlnError::WrongCheckDigit);
        }
        Ok(Uln(text.to_owned()))
    }

    /// Builds the ULN for a nine-digit prefix (1..=9 leading), or None when no valid ULN has it.
    pub fn from_prefix(prefix: u32) -> Option<Uln> {
        if !(100_000_000..=999_999_999).contains(&prefix) {
            return None;
        }
        let text = prefix.to_string();
        let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
        let check = check_digit(&digits)?;
        Some(Uln(format!("{text}{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit for a nine-digit prefix, or None when `sum mod 11 == 0` (no ULN has that prefix).
fn check_digit(prefix: &[u8]) -> Option<u8> {
    let sum: u32 = prefix
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    match sum % 11 {
        0 => None,
        r => Some((10 - r) as u8),
    }
}

impl fmt::Display for Uln {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Uln {
    type Error = UlnError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Uln::parse(&value)
    }
}

impl From<Uln> for String {
    fn from(value: Uln) -> Self {
        value.0
    }
}

impl std::str::FromStr for Uln {
    type Err = UlnError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uln::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_valid_examples_parse() {
        for uln in [
            "9276308686",
            "1174112637",
            "6936002314",
            "4444599390",
            "1026893096",
            "1000000000",
            "1234567899",
        ] {
            assert_eq!(Uln::parse(uln).map(|u| u.to_string()), Ok(uln.to_string()));
        }
    }

    #[test]
    fn a_wrong_check_digit_is_refused_without_naming_the_right_one() {
        for (typed, right) in [("1234567890", '9'), ("9276308687", '6')] {
            let error = Uln::parse(typed).unwrap_err();
            assert_eq!(error, UlnError::WrongCheckDigit);
            let said = error.to_string();
            assert!(said.contains("read the number again"), "{said}");
            assert!(!said.contains(right), "{said} gives away the right digit");
        }
    }

    #[test]
    fn transposition_is_caught() {
        assert!(matches!(
            Uln::parse("1714112637"),
            Err(UlnError::WrongCheckDigit) | Err(UlnError::PrefixHasNoCheckDigit)
        ));
    }

    #[test]
    fn prefix_without_check_digit_is_refused() {
        assert_eq!(
            Uln::parse("1174112673"),
            Err(UlnError::PrefixHasNoCheckDigit)
        );
    }

    #[test]
    fn placeholder_is_refused_as_placeholder() {
        assert_eq!(Uln::parse("9999999999"), Err(UlnError::Placeholder));
    }

    #[test]
    fn leading_zero_is_refused() {
        assert_eq!(Uln::parse("0000000042"), Err(UlnError::LeadingZero));
    }

    #[test]
    fn wrong_lengths_are_refused() {
        assert_eq!(Uln::parse("123456789"), Err(UlnError::WrongLength(9)));
        assert_eq!(Uln::parse("12345678901"), Err(UlnError::WrongLength(11)));
        assert_eq!(Uln::parse(""), Err(UlnError::WrongLength(0)));
    }

    #[test]
    fn non_digit_reports_its_position() {
        assert_eq!(
            Uln::parse("12345X7899"),
            Err(UlnError::NonDigit {
                position: 6,
                found: 'X'
            })
        );
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(Uln::parse(" 1234567899 ").unwrap().as_str(), "1234567899");
    }

    #[test]
    fn every_single_digit_typo_and_adjacent_swap_is_invalid() {
        let valid = "9276308686";
        for i in 0..10 {
            for d in b'0'..=b'9' {
                let mut typo = valid.as_bytes().to_vec();
                if typo[i] == d {
                    continue;
                }
                typo[i] = d;
                let typo = String::from_utf8(typo).unwrap();
                assert!(Uln::parse(&typo).is_err(), "{typo} should be invalid");
            }
        }
        for i in 0..9 {
            let mut swapped = valid.as_bytes().to_vec();
            if swapped[i] == swapped[i + 1] {
                continue;
            }
            swapped.swap(i, i + 1);
            let swapped = String::from_utf8(swapped).unwrap();
            assert!(Uln::parse(&swapped).is_err(), "{swapped} should be invalid");
        }
    }

    #[test]
    fn from_prefix_builds_valid_ulns() {
        assert_eq!(Uln::from_prefix(927630868).unwrap().as_str(), "9276308686");
        assert_eq!(Uln::from_prefix(117411267), None);
        assert_eq!(Uln::from_prefix(12), None);
        let built = Uln::from_prefix(555_123_456).unwrap();
        assert_eq!(Uln::parse(built.as_str()), Ok(built));
    }
}
