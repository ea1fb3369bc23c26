//! Verifying supplied details against the register: per-field comparison, the LRS verify code
//! (WSVRC001–006) and the failure flags (VRF1–8), computed as domain.md describes.
//!
//! Assumed where the public record is silent: a field "matches" only when identical (postcodes after
//! canonicalising); the crosswise name comparisons (VRF2/3/4/6) are tried only when the direct one
//! failed, and VRF3/VRF6 only when the register holds a previous family name; flags accompany a
//! failed verification (WSVRC005) only; a postcode difference fails verification without a flag,
//! because the register's flags do not cover postcodes but the awarding body's validation does.

use super::demographics::{Demographics, Gender, PersonName, Postcode};
use super::names::{compare_names, names_equivalent, NameLikeness};
use super::uln::Uln;
use crate::named_enum;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The register's record of a learner: the five key fields plus the supporting ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLearner {
    pub uln: Uln,
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: Date,
    pub gender: Gender,
    pub postcode: Option<Postcode>,
    pub preferred_given_name: Option<String>,
    pub middle_names: Option<String>,
    pub previous_family_name: Option<String>,
    pub linked_ulns: Vec<Uln>,
    pub ability_to_share: bool,
    pub version: i64,
}

/// What the register found for a supplied ULN.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    NotFound,
    /// The supplied ULN is the learner's own (master) ULN.
    Direct(&'a RegisterLearner),
    /// The supplied ULN was merged into this master record.
    Linked(&'a RegisterLearner),
}

impl<'a> Lookup<'a> {
    pub fn learner(self) -> Option<&'a RegisterLearner> {
        match self {
            Lookup::NotFound => None,
            Lookup::Direct(l) | Lookup::Linked(l) => Some(l),
        }
    }
}

named_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum FieldMatch as (name, from_name) {
        Match = "match",
        Similar = "similar",
        Differs = "differs",
    }
}

/// Supplied vs authoritative, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub given_name: FieldMatch,
    pub family_name: FieldMatch,
    pub date_of_birth: FieldMatch,
    pub gender: FieldMatch,
    pub postcode: FieldMatch,
}

impl Comparison {
    pub fn fields(&self) -> [FieldMatch; 5] {
        [
            self.given_name,
            self.family_name,
            self.date_of_birth,
            self.gender,
            self.postcode,
        ]
    }
}

named_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum VerifyCode as (code, from_code) {
        Match = "WSVRC001",
        LinkedMatch = "WSVRC002",
        SimilarMatch = "WSVRC003",
        LinkedSimilarMatch = "WSVRC004",
        NoMatch = "WSVRC005",
        NotFound = "WSVRC006",
        /// The supplied ULN is malformed, so it was never sent to the register (LRS code WSEC0136).
        InvalidUln = "WSEC0136",
    }
}

impl VerifyCode {
    pub fn describe(self) -> &'static str {
        match self {
            VerifyCode::Match => "match: every supplied field matches",
            VerifyCode::LinkedMatch => "match on a linked ULN: the master record was returned",
            VerifyCode::SimilarMatch => "similar match: ULN found, names similar but not exact",
            VerifyCode::LinkedSimilarMatch => "similar match on a linked ULN",
            VerifyCode::NoMatch => "does not match",
            VerifyCode::NotFound => "ULN not found",
            VerifyCode::InvalidUln => "invalid ULN: not sent to the LRS",
        }
    }
}

named_enum! {
    /// One failed comparison reported with WSVRC005.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum FailureFlag as (code, from_code) {
        GivenVsGiven = "VRF1",
        GivenVsFamily = "VRF2",
        GivenVsPreviousFamily = "VRF3",
        FamilyVsGiven = "VRF4",
        FamilyVsFamily = "VRF5",
        FamilyVsPreviousFamily = "VRF6",
        DateOfBirth = "VRF7",
        Gender = "VRF8",
    }
}

impl FailureFlag {
    pub fn describe(self) -> &'static str {
        match self {
            FailureFlag::GivenVsGiven => "supplied given name differs from the LRS given name",
            FailureFlag::GivenVsFamily => "supplied given name differs from the LRS family name",
            FailureFlag::GivenVsPreviousFamily => {
                "supplied given name differs from the LRS previous family name"
            }
            FailureFlag::FamilyVsGiven => "supplied family name differs from the LRS given name",
            FailureFlag::FamilyVsFamily => "supplied family name differs from the LRS family name",
            FailureFlag::FamilyVsPreviousFamily => {
                "supplied family name differs from the LRS previous family name"
            }
            FailureFlag::DateOfBirth => "date of birth differs",
            FailureFlag::Gender => "gender differs",
        }
    }
}

/// The outcome of verifying one registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub code: VerifyCode,
    pub failure_flags: Vec<FailureFlag>,
    /// None when there is no register record to compare with.
    pub comparison: Option<Comparison>,
}

impl Verification {
    /// Only an exact match on the supplied (master) ULN clears a registration.
    pub fn is_match(&self) -> bool {
        self.code == VerifyCode::Match
    }
}

/// Verifies a registration whose ULN may be malformed: a malformed ULN is never looked up.
pub fn verify_supplied(
    supplied_uln: &str,
    supplied: &Demographics,
    lookup: Lookup<'_>,
) -> Verification {
    if Uln::parse(supplied_uln).is_err() {
        return Verification {
            code: VerifyCode::InvalidUln,
            failure_flags: Vec::new(),
            comparison: None,
        };
    }
    verify(supplied, lookup)
}

pub fn compare(supplied: &Demographics, learner: &RegisterLearner) -> Comparison {
    let name = |s: &PersonName, a: &PersonName| match compare_names(s.as_str(), a.as_str()) {
        NameLikeness::Same => FieldMatch::Match,
        NameLikeness::Similar => FieldMatch::Similar,
        NameLikeness::Different => FieldMatch::Differs,
    };
    let exact = |same: bool| {
        if same {
            FieldMatch::Match
        } else {
            FieldMatch::Differs
        }
    };
    Comparison {
        given_name: name(&supplied.given_name, &learner.given_name),
        family_name: name(&supplied.family_name, &learner.family_name),
        date_of_birth: exact(supplied.date_of_birth == learner.date_of_birth),
        gender: exact(supplied.gender == learner.gender),
        postcode: exact(learner.postcode.as_ref() == Some(&supplied.postcode)),
    }
}

pub fn verify(supplied: &Demographics, lookup: Lookup<'_>) -> Verification {
    let (learner, linked) = match lookup {
        Lookup::NotFound => {
            return Verification {
                code: VerifyCode::NotFound,
                failure_flags: Vec::new(),
                comparison: None,
            }
        }
        Lookup::Direct(l) => (l, false),
        Lookup::Linked(l) => (l, true),
    };
    let comparison = compare(supplied, learner);
    let fields = comparison.fields();
    let code = if fields.iter().all(|f| *f == FieldMatch::Match) {
        if linked {
            VerifyCode::LinkedMatch
        } else {
            VerifyCode::Match
        }
    } else if !fields.contains(&FieldMatch::Differs) {
        if linked {
            VerifyCode::LinkedSimilarMatch
        } else {
            VerifyCode::SimilarMatch
        }
    } else {
        VerifyCode::NoMatch
    };
    let failure_flags = if code == VerifyCode::NoMatch {
        failure_flags(supplied, learner, &comparison)
    } else {
        Vec::new()
    };
    Verification {
        code,
        failure_flags,
        comparison: Some(comparison),
    }
}

fn failure_flags(s: &Demographics, l: &RegisterLearner, c: &Comparison) -> Vec<FailureFlag> {
    let mut flags = Vec::new();
    let previous = l.previous_family_name.as_deref();
    let fails = |a: &PersonName, b: &str| !names_equivalent(a.as_str(), b);
    if c.given_name == FieldMatch::Differs {
        flags.push(FailureFlag::GivenVsGiven);
        if fails(&s.given_name, l.family_name.as_str()) {
            flags.push(FailureFlag::GivenVsFamily);
        }
        if previous.is_some_and(|p| fails(&s.given_name, p)) {
            flags.push(FailureFlag::GivenVsPreviousFamily);
        }
    }
    if c.family_name == FieldMatch::Differs {
        if fails(&s.family_name, l.given_name.as_str()) {
            flags.push(FailureFlag::FamilyVsGiven);
        }
        flags.push(FailureFlag::FamilyVsFamily);
        if previous.is_some_and(|p| fails(&s.family_name, p)) {
            flags.push(FailureFlag::FamilyVsPreviousFamily);
        }
    }
    if c.date_of_birth == FieldMatch::Differs {
        flags.push(FailureFlag::DateOfBirth);
    }
    if c.gender == FieldMatch::Differs {
        flags.push(FailureFlag::Gender);
    }
    flags
}

#[cfg(test)]
pub(crate) mod tests;
