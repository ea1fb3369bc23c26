//! The fields an amendment can change (the domain's `Field`), as the form handles them: each with
//! its label, its domain rule and where its values come from.

use uln_api::{AuthoritativeDetails, LearnerFields, SuppliedDetails};
use uln_domain::demographics::{format_date_for_people, parse_learner_date_of_birth, uk_date};
use uln_domain::{Gender, PersonName, Postcode, Uln};

pub use uln_domain::demographics::Field as AmendField;

/// What the amend form needs of a field.
pub trait FormField: Sized {
    /// Every field, in the order the form shows them.
    const ALL: [Self; 6];
    /// Its place in `ALL`, where the form keeps its value.
    fn index(self) -> usize;
    fn label(self) -> &'static str;
    /// Why a value is invalid, or a confirmation of how it will be read.
    fn check(self, value: &str) -> Result<String, String>;
    fn supplied(self, s: &SuppliedDetails) -> String;
    fn of_lrs(self, l: &AuthoritativeDetails) -> Option<String>;
    /// The value an amendment proposes for this field, if it touches it.
    fn proposed(self, amendment: &LearnerFields) -> Option<&String>;
    fn set(self, fields: &mut LearnerFields, value: String);
}

impl FormField for AmendField {
    const ALL: [AmendField; 6] = [
        AmendField::Uln,
        AmendField::GivenName,
        AmendField::FamilyName,
        AmendField::DateOfBirth,
        AmendField::Gender,
        AmendField::Postcode,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            AmendField::Uln => "ULN",
            AmendField::GivenName => "Given name",
            AmendField::FamilyName => "Family name",
            AmendField::DateOfBirth => "Date of birth",
            AmendField::Gender => "Gender",
            AmendField::Postcode => "Postcode",
        }
    }

    fn check(self, value: &str) -> Result<String, String> {
        match self {
            AmendField::Uln => Uln::parse(value)
                .map(|u| u.to_string())
                .map_err(|e| e.to_string()),
            AmendField::GivenName | AmendField::FamilyName => PersonName::parse(value)
                .map(|n| n.to_string())
                .map_err(|e| e.to_string()),
            AmendField::DateOfBirth => {
                parse_learner_date_of_birth(value, uk_date(jiff::Timestamp::now()))
                    .map(format_date_for_people)
                    .map_err(|e| e.to_string())
            }
            AmendField::Gender => Gender::parse(value)
                .map(|g| format!("{} {}", g.code(), g.describe()))
                .map_err(|e| e.to_string()),
            AmendField::Postcode => Postcode::parse(value)
                .map(|p| p.to_string())
                .map_err(|e| e.to_string()),
        }
    }

    fn supplied(self, s: &SuppliedDetails) -> String {
        match self {
            AmendField::Uln => s.uln.clone().unwrap_or_default(),
            AmendField::GivenName => s.given_name.clone(),
            AmendField::FamilyName => s.family_name.clone(),
            AmendField::DateOfBirth => s.date_of_birth.clone(),
            AmendField::Gender => s.gender.to_string(),
            AmendField::Postcode => s.postcode.clone(),
        }
    }

    fn of_lrs(self, l: &AuthoritativeDetails) -> Option<String> {
        Some(match self {
            AmendField::Uln => l.uln.clone(),
            AmendField::GivenName => l.given_name.clone(),
            AmendField::FamilyName => l.family_name.clone(),
            AmendField::DateOfBirth => l.date_of_birth.clone(),
            AmendField::Gender => l.gender.to_string(),
            AmendField::Postcode => l.postcode.clone()?,
        })
    }

    fn proposed(self, amendment: &LearnerFields) -> Option<&String> {
        match self {
            AmendField::Uln => amendment.uln.as_ref(),
            AmendField::GivenName => amendment.given_name.as_ref(),
            AmendField::FamilyName => amendment.family_name.as_ref(),
            AmendField::DateOfBirth => amendment.date_of_birth.as_ref(),
            AmendField::Gender => amendment.gender.as_ref(),
            AmendField::Postcode => amendment.postcode.as_ref(),
        }
    }

    fn set(self, fields: &mut LearnerFields, value: String) {
        *slot(self, fields) = Some(value);
    }
}

fn slot(field: AmendField, fields: &mut LearnerFields) -> &mut Option<String> {
    match field {
        AmendField::Uln => &mut fields.uln,
        AmendField::GivenName => &mut fields.given_name,
        AmendField::FamilyName => &mut fields.family_name,
        AmendField::DateOfBirth => &mut fields.date_of_birth,
        AmendField::Gender => &mut fields.gender,
        AmendField::Postcode => &mut fields.postcode,
    }
}
