//! The `Learner` record's elements in schema order (XSD-MIAP `learner.xsd`, as the recorded
//! responses show them), so that writing and reading walk one list.

/// An optional `Learner` field, by its schema element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LearnerField {
    CreatedDate,
    LastUpdatedDate,
    /// `Y` when the master record was returned in place of the linked ULN asked for.
    MasterSubstituted,
    Title,
    MiddleOtherName,
    PreferredGivenName,
    PreviousFamilyName,
    FamilyNameAtAge16,
    SchoolAtAge16,
    LastKnownAddressLine1,
    LastKnownAddressLine2,
    LastKnownAddressTown,
    LastKnownAddressCountyOrCity,
    DateOfAddressCapture,
    PlaceOfBirth,
    EmailAddress,
    Nationality,
    ScottishCandidateNumber,
    VerificationType,
    OtherVerificationDescription,
    TierLevel,
    AbilityToShare,
    LearnerStatus,
    Notes,
    VersionNumber,
}

impl LearnerField {
    /// The element name on the wire.
    pub fn tag(self) -> &'static str {
        match self {
            Self::CreatedDate => "CreatedDate",
            Self::LastUpdatedDate => "LastUpdatedDate",
            Self::MasterSubstituted => "MasterSubstituted",
            Self::Title => "Title",
            Self::MiddleOtherName => "MiddleOtherName",
            Self::PreferredGivenName => "PreferredGivenName",
            Self::PreviousFamilyName => "PreviousFamilyName",
            Self::FamilyNameAtAge16 => "FamilyNameAtAge16",
            Self::SchoolAtAge16 => "SchoolAtAge16",
            Self::LastKnownAddressLine1 => "LastKnownAddressLine1",
            Self::LastKnownAddressLine2 => "LastKnownAddressLine2",
            Self::LastKnownAddressTown => "LastKnownAddressTown",
            Self::LastKnownAddressCountyOrCity => "LastKnownAddressCountyOrCity",
            Self::DateOfAddressCapture => "DateOfAddressCapture",
            Self::PlaceOfBirth => "PlaceOfBirth",
            Self::EmailAddress => "EmailAddress",
            Self::Nationality => "Nationality",
            Self::ScottishCandidateNumber => "ScottishCandidateNumber",
            Self::VerificationType => "VerificationType",
            Self::OtherVerificationDescription => "OtherVerificationDescription",
            Self::TierLevel => "TierLevel",
            Self::AbilityToShare => "AbilityToShare",
            Self::LearnerStatus => "LearnerStatus",
            Self::Notes => "Notes",
            Self::VersionNumber => "VersionNumber",
        }
    }
}

/// One position in the `Learner` sequence.
#[derive(Debug, Clone, Copy)]
pub enum LearnerTag {
    /// A required element, named on the wire (ULN and the five key demographics).
    Required(&'static str),
    Optional(LearnerField),
    LinkedUlns,
}

use LearnerField as F;
use LearnerTag::{Optional as O, Required as R};

/// The `Learner` sequence in schema order.
pub const LEARNER_FIELDS: [LearnerTag; 32] = [
    O(F::CreatedDate),
    O(F::LastUpdatedDate),
    R("ULN"),
    O(F::MasterSubstituted),
    O(F::Title),
    R("GivenName"),
    O(F::MiddleOtherName),
    R("FamilyName"),
    O(F::PreferredGivenName),
    O(F::PreviousFamilyName),
    O(F::FamilyNameAtAge16),
    O(F::SchoolAtAge16),
    O(F::LastKnownAddressLine1),
    O(F::LastKnownAddressLine2),
    O(F::LastKnownAddressTown),
    O(F::LastKnownAddressCountyOrCity),
    R("LastKnownPostCode"),
    O(F::DateOfAddressCapture),
    R("DateOfBirth"),
    O(F::PlaceOfBirth),
    R("Gender"),
    O(F::EmailAddress),
    O(F::Nationality),
    O(F::ScottishCandidateNumber),
    O(F::VerificationType),
    O(F::OtherVerificationDescription),
    O(F::TierLevel),
    O(F::AbilityToShare),
    O(F::LearnerStatus),
    LearnerTag::LinkedUlns,
    O(F::Notes),
    O(F::VersionNumber),
];
