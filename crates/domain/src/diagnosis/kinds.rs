//! The vocabulary of diagnosis: what a suggestion says went wrong, the queues, reject reasons, and
//! the exact action a suggestion would apply.

use crate::demographics::{Gender, PersonName, Postcode};
use crate::named_enum;
use crate::uln::Uln;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

named_enum! {
    /// What a suggestion says went wrong; finer than the queue's anomaly kinds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum SuggestionKind as (name, from_name) {
        MalformedUln = "malformed_uln",
        UlnNotFound = "uln_not_found",
        LinkedUln = "linked_uln",
        NamesSwapped = "names_swapped",
        PreferredName = "preferred_name",
        FamilyNameChanged = "family_name_changed",
        FamilyNameDiffers = "family_name_differs",
        Spelling = "spelling",
        DayMonthSwapped = "day_month_swapped",
        YearOffByOne = "year_off_by_one",
        DigitsTransposed = "digits_transposed",
        DateOfBirthDiffers = "date_of_birth_differs",
        GenderDiffers = "gender_differs",
        PostcodeMoved = "postcode_moved",
        PostcodePlaceholder = "postcode_placeholder",
        DifferentPerson = "different_person",
        DigitMistyped = "digit_mistyped",
        /// One amendment combining several explained differences' fixes.
        SeveralCauses = "several_causes",
        /// Another registration already registers this learner for the same qualification.
        DuplicateRegistration = "duplicate_registration",
        /// Another registration carries this ULN for a different person.
        UlnOnTwoPeople = "uln_on_two_people",
    }
}

impl SuggestionKind {
    /// The queue a suggestion of this kind puts its record in. None for a combined fix: its record
    /// is already queued by the suggestions it combines, which stay in the list.
    pub fn anomaly(self) -> Option<AnomalyKind> {
        Some(match self {
            SuggestionKind::MalformedUln => AnomalyKind::MalformedUln,
            SuggestionKind::UlnNotFound => AnomalyKind::UlnNotFound,
            SuggestionKind::LinkedUln => AnomalyKind::LinkedUln,
            SuggestionKind::NamesSwapped => AnomalyKind::NamesSwapped,
            SuggestionKind::PreferredName => AnomalyKind::GivenName,
            SuggestionKind::FamilyNameChanged | SuggestionKind::FamilyNameDiffers => {
                AnomalyKind::FamilyName
            }
            SuggestionKind::Spelling => AnomalyKind::Spelling,
            SuggestionKind::DayMonthSwapped
            | SuggestionKind::YearOffByOne
            | SuggestionKind::DigitsTransposed
            | SuggestionKind::DigitMistyped
            | SuggestionKind::DateOfBirthDiffers => AnomalyKind::DateOfBirth,
            SuggestionKind::GenderDiffers => AnomalyKind::Gender,
            SuggestionKind::PostcodeMoved | SuggestionKind::PostcodePlaceholder => {
                AnomalyKind::Postcode
            }
            SuggestionKind::DifferentPerson => AnomalyKind::DifferentPerson,
            SuggestionKind::DuplicateRegistration | SuggestionKind::UlnOnTwoPeople => {
                AnomalyKind::Duplicate
            }
            SuggestionKind::SeveralCauses => return None,
        })
    }
}

named_enum! {
    /// The queues exceptions are worked in: the anomaly taxonomy's kinds. The order is stored (as
    /// bits): add new kinds at the end.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum AnomalyKind as (name, from_name) {
        MalformedUln = "malformed_uln",
        UlnNotFound = "uln_not_found",
        LinkedUln = "linked_uln",
        GivenName = "given_name",
        FamilyName = "family_name",
        NamesSwapped = "names_swapped",
        Spelling = "spelling",
        DateOfBirth = "date_of_birth",
        Gender = "gender",
        Postcode = "postcode",
        DifferentPerson = "different_person",
        /// One learner registered twice for a qualification, or one ULN on two people.
        Duplicate = "duplicate",
    }
}

impl AnomalyKind {
    /// One bit per kind, so a record's kinds are stored and filtered as one integer.
    pub fn bit(self) -> i64 {
        1 << (self as i64)
    }

    pub fn from_bits(bits: i64) -> Vec<AnomalyKind> {
        Self::ALL
            .into_iter()
            .filter(|k| bits & k.bit() != 0)
            .collect()
    }

    pub fn to_bits(kinds: &[AnomalyKind]) -> i64 {
        kinds.iter().fold(0, |acc, k| acc | k.bit())
    }
}

named_enum! {
    /// Why a registration's ULN is rejected.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum RejectReason as (name, from_name) {
        WrongLearner = "wrong_learner",
        NoUlnObtainable = "no_uln_obtainable",
        DuplicateRegistration = "duplicate_registration",
        CentreWithdrew = "centre_withdrew",
        Other = "other",
    }
}

/// The fields an amendment sets; absent fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uln: Option<Uln>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<PersonName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<PersonName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
}

impl Amendment {
    pub fn is_empty(&self) -> bool {
        *self == Amendment::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SuggestedAction {
    Amend {
        amendment: Amendment,
    },
    Reject {
        reason: RejectReason,
    },
    /// Find the learner's real ULN by their demographics.
    SearchByDemographics,
    /// Only the centre can fix this (e.g. the register holds a placeholder).
    AskCentre,
    /// The evidence does not show the supplied details and the register's are one person: the
    /// centre confirms who the learner is before anything is changed. Never an amendment.
    ConfirmIdentity,
    /// The register may hold the learner under two ULNs: raise a duplicate data challenge on the
    /// PLR of this one.
    ChallengeDuplicate {
        uln: Uln,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// Plain English for the operator. Shown on screen only, never logged.
    pub reason: String,
    /// 0–100: how sure the evidence makes us.
    pub confidence: u8,
    pub action: SuggestedAction,
}

impl Suggestion {
    pub(super) fn new(
        kind: SuggestionKind,
        confidence: u8,
        action: SuggestedAction,
        reason: String,
    ) -> Self {
        Suggestion {
            kind,
            reason,
            confidence,
            action,
        }
    }

    pub(super) fn amend(
        kind: SuggestionKind,
        confidence: u8,
        amendment: Amendment,
        reason: String,
    ) -> Self {
        Self::new(
            kind,
            confidence,
            SuggestedAction::Amend { amendment },
            reason,
        )
    }
}
