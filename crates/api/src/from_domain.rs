//! Between the domain's enums and their wire forms. Each pair is listed once, by variant; a test
//! checks that both sides use the same names, so the wire cannot drift from the domain.

use crate::vocab;
use uln_domain as domain;

/// `From<domain::X> for vocab::X`, and `vocab::X::to_domain()` (None for `Unknown`).
macro_rules! same_variants {
    ($name:ident { $($variant:ident),+ $(,)? }) => {
        impl From<domain::$name> for vocab::$name {
            fn from(value: domain::$name) -> Self {
                match value {
                    $(domain::$name::$variant => vocab::$name::$variant,)+
                }
            }
        }

        impl vocab::$name {
            /// The domain's value; None for a value this build does not know.
            pub fn to_domain(self) -> Option<domain::$name> {
                match self {
                    $(vocab::$name::$variant => Some(domain::$name::$variant),)+
                    vocab::$name::Unknown => None,
                }
            }
        }
    };
}

same_variants!(FieldMatch {
    Match,
    Similar,
    Differs
});
same_variants!(VerifyCode {
    Match,
    LinkedMatch,
    SimilarMatch,
    LinkedSimilarMatch,
    NoMatch,
    NotFound,
    InvalidUln
});
same_variants!(FailureFlag {
    GivenVsGiven,
    GivenVsFamily,
    GivenVsPreviousFamily,
    FamilyVsGiven,
    FamilyVsFamily,
    FamilyVsPreviousFamily,
    DateOfBirth,
    Gender,
});
same_variants!(Gender {
    NotKnown,
    Male,
    Female,
    NotSpecified
});
same_variants!(AnomalyKind {
    MalformedUln,
    UlnNotFound,
    LinkedUln,
    GivenName,
    FamilyName,
    NamesSwapped,
    Spelling,
    DateOfBirth,
    Gender,
    Postcode,
    DifferentPerson,
    Duplicate,
});
same_variants!(SuggestionKind {
    MalformedUln,
    UlnNotFound,
    LinkedUln,
    NamesSwapped,
    PreferredName,
    FamilyNameChanged,
    FamilyNameDiffers,
    Spelling,
    DayMonthSwapped,
    YearOffByOne,
    DigitsTransposed,
    DateOfBirthDiffers,
    GenderDiffers,
    PostcodeMoved,
    PostcodePlaceholder,
    DifferentPerson,
    DigitMistyped,
    SeveralCauses,
    DuplicateRegistration,
    UlnOnTwoPeople,
});
same_variants!(RejectReason {
    WrongLearner,
    NoUlnObtainable,
    DuplicateRegistration,
    CentreWithdrew,
    Other
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// Every wire value names the same thing as the domain value it comes from.
    fn agree<D: Serialize + Copy, W: Serialize + From<D>>(all: &[D]) {
        for d in all {
            let domain_json = serde_json::to_string(d).unwrap();
            let wire_json = serde_json::to_string(&W::from(*d)).unwrap();
            assert_eq!(domain_json, wire_json);
        }
    }

    #[test]
    fn the_wire_names_every_domain_value_as_the_domain_does() {
        agree::<_, vocab::FieldMatch>(&[
            domain::FieldMatch::Match,
            domain::FieldMatch::Similar,
            domain::FieldMatch::Differs,
        ]);
        agree::<_, vocab::VerifyCode>(&domain::VerifyCode::ALL);
        agree::<_, vocab::FailureFlag>(&domain::FailureFlag::ALL);
        agree::<_, vocab::Gender>(&[
            domain::Gender::NotKnown,
            domain::Gender::Male,
            domain::Gender::Female,
            domain::Gender::NotSpecified,
        ]);
        agree::<_, vocab::AnomalyKind>(&domain::AnomalyKind::ALL);
        agree::<_, vocab::SuggestionKind>(&domain::SuggestionKind::ALL);
        agree::<_, vocab::RejectReason>(&domain::RejectReason::ALL);
    }

    #[test]
    fn unknown_has_no_domain_value() {
        assert_eq!(vocab::RejectReason::Unknown.to_domain(), None);
        assert_eq!(
            vocab::RejectReason::Other.to_domain(),
            Some(domain::RejectReason::Other)
        );
    }
}
