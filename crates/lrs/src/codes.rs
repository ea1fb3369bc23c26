//! The closed sets the services answer with. Each has an `Unknown` fallback that keeps the
//! text as sent: a code the LRS adds tomorrow must reach the operator, not fail the parse.

macro_rules! wire_code {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A code this crate does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Reads a code; surrounding whitespace is ignored, anything unknown is kept.
            pub fn parse(text: &str) -> Self {
                match text.trim() {
                    $($text => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The code exactly as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Unknown(text) => text,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_code! {
    /// Every `ResponseCode` of the operations here: verify (WSVRC), find, batch and PLR (WSRC),
    /// and the general errors (WSEC), which also arrive as a fault's `ErrorCode`.
    ResponseCode {
        /// Every supplied field matches.
        SuccessfulMatch = "WSVRC001",
        /// Match on a linked ULN; the master record is returned.
        SuccessfulLinkedMatch = "WSVRC002",
        /// ULN found, names similar but not exact.
        SimilarMatch = "WSVRC003",
        /// Similar match on a linked ULN.
        SimilarLinkedMatch = "WSVRC004",
        /// ULN exists but the learner does not match.
        LearnerDoesNotMatch = "WSVRC005",
        /// The ULN does not exist on the LRS.
        UlnNotFound = "WSVRC006",
        NoMatch = "WSRC0001",
        TooManyMatches = "WSRC0002",
        PossibleMatches = "WSRC0003",
        ExactMatch = "WSRC0004",
        LearnerRegistered = "WSRC0005",
        LearnerUpdated = "WSRC0006",
        BatchSubmitted = "WSRC0007",
        BatchIncomplete = "WSRC0008",
        BatchSuccessful = "WSRC0009",
        BatchFailed = "WSRC0010",
        VersionConflict = "WSRC0013",
        InvalidAbilityToShareChange = "WSRC0014",
        InsufficientData = "WSRC0015",
        RecordCountIncorrect = "WSRC0017",
        UnknownJob = "WSRC0018",
        UlnNotFoundForUpdate = "WSRC0019",
        NoChangesFound = "WSRC0020",
        AlreadyExists = "WSRC0021",
        /// The master record was returned in place of the linked learner asked for.
        MasterSubstituted = "WSRC0022",
        UlnsForReportNotFound = "WSRC0023",
        NoUlnsForReport = "WSRC0024",
        VerifyBatchRecordCountIncorrect = "WSRC0030",
        NotConfiguredForAchievements = "WSRC0043",
        /// The request broke the schema.
        InvalidRequest = "WSEC0001",
        UnknownRequest = "WSEC0002",
        UnknownOrganisation = "WSEC0003",
        /// Outside the service's hours: retry later; not an anomaly.
        OutOfHours = "WSEC0004",
        IncorrectOrganisationPassword = "WSEC0005",
        InsufficientAccess = "WSEC0006",
        InvalidUln = "WSEC0136",
        /// The learner has not agreed to share the PLR.
        NotShared = "WSEC0206",
        /// ULN and name/date of birth did not verify, so no PLR.
        NotVerified = "WSEC0208",
        UnknownException = "WSEC0999",
    }
}

wire_code! {
    /// Which comparison failed in a verification (0–8 per learner).
    FailureFlag {
        /// Supplied given name against LRS given name.
        GivenVsGiven = "VRF1",
        /// Supplied given name against LRS family name.
        GivenVsFamily = "VRF2",
        /// Supplied given name against LRS previous family name.
        GivenVsPreviousFamily = "VRF3",
        /// Supplied family name against LRS given name.
        FamilyVsGiven = "VRF4",
        /// Supplied family name against LRS family name.
        FamilyVsFamily = "VRF5",
        /// Supplied family name against LRS previous family name.
        FamilyVsPreviousFamily = "VRF6",
        DateOfBirth = "VRF7",
        Gender = "VRF8",
    }
}

wire_code! {
    /// How much a find returns: `FUL` the full learner, `CHK` a check only.
    FindType {
        Full = "FUL",
        Check = "CHK",
    }
}

wire_code! {
    /// PLR requester type.
    UserType {
        Learner = "LNR",
        Organisation = "ORG",
        Service = "SER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_read_and_write_as_sent() {
        assert_eq!(ResponseCode::parse("WSEC0004"), ResponseCode::OutOfHours);
        assert_eq!(
            ResponseCode::parse(" WSVRC002\n"),
            ResponseCode::SuccessfulLinkedMatch
        );
        assert_eq!(ResponseCode::MasterSubstituted.as_str(), "WSRC0022");
        assert_eq!(FailureFlag::parse("VRF7"), FailureFlag::DateOfBirth);
    }

    #[test]
    fn an_unknown_code_is_kept_not_refused() {
        assert_eq!(
            ResponseCode::parse("WSRC0099"),
            ResponseCode::Unknown("WSRC0099".into())
        );
        assert_eq!(ResponseCode::parse("WSRC0099").as_str(), "WSRC0099");
        assert_eq!(FailureFlag::parse("VRF9").as_str(), "VRF9");
    }
}
