//! Diagnosis: from supplied vs register details to ranked, explained suggestions (the anomaly
//! taxonomy in domain.md). Each suggestion carries the exact action it would apply.
//!
//! Safety rule: where the evidence points to a different person, no suggestion amends the
//! registration to the register's details — that would attach achievements to the wrong learner.

use super::dates::{date_slip, DateSlip};
use super::demographics::{format_date_for_people, Demographics, Gender, PersonName, Postcode};
use super::names::{fold, is_diminutive_of, names_equivalent};
use super::uln::Uln;
use super::verification::{compare, FieldMatch, Lookup, RegisterLearner};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What a suggestion says went wrong; finer than the queue's anomaly kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
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
}

impl SuggestionKind {
    pub const ALL: [SuggestionKind; 16] = [
        SuggestionKind::MalformedUln,
        SuggestionKind::UlnNotFound,
        SuggestionKind::LinkedUln,
        SuggestionKind::NamesSwapped,
        SuggestionKind::PreferredName,
        SuggestionKind::FamilyNameChanged,
        SuggestionKind::FamilyNameDiffers,
        SuggestionKind::Spelling,
        SuggestionKind::DayMonthSwapped,
        SuggestionKind::YearOffByOne,
        SuggestionKind::DigitsTransposed,
        SuggestionKind::DateOfBirthDiffers,
        SuggestionKind::GenderDiffers,
        SuggestionKind::PostcodeMoved,
        SuggestionKind::PostcodePlaceholder,
        SuggestionKind::DifferentPerson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SuggestionKind::MalformedUln => "malformed_uln",
            SuggestionKind::UlnNotFound => "uln_not_found",
            SuggestionKind::LinkedUln => "linked_uln",
            SuggestionKind::NamesSwapped => "names_swapped",
            SuggestionKind::PreferredName => "preferred_name",
            SuggestionKind::FamilyNameChanged => "family_name_changed",
            SuggestionKind::FamilyNameDiffers => "family_name_differs",
            SuggestionKind::Spelling => "spelling",
            SuggestionKind::DayMonthSwapped => "day_month_swapped",
            SuggestionKind::YearOffByOne => "year_off_by_one",
            SuggestionKind::DigitsTransposed => "digits_transposed",
            SuggestionKind::DateOfBirthDiffers => "date_of_birth_differs",
            SuggestionKind::GenderDiffers => "gender_differs",
            SuggestionKind::PostcodeMoved => "postcode_moved",
            SuggestionKind::PostcodePlaceholder => "postcode_placeholder",
            SuggestionKind::DifferentPerson => "different_person",
        }
    }

    pub fn from_name(name: &str) -> Option<SuggestionKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The queue a record with this suggestion belongs to.
    pub fn anomaly(self) -> AnomalyKind {
        match self {
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
            | SuggestionKind::DateOfBirthDiffers => AnomalyKind::DateOfBirth,
            SuggestionKind::GenderDiffers => AnomalyKind::Gender,
            SuggestionKind::PostcodeMoved | SuggestionKind::PostcodePlaceholder => {
                AnomalyKind::Postcode
            }
            SuggestionKind::DifferentPerson => AnomalyKind::DifferentPerson,
        }
    }
}

/// The queues exceptions are worked in: the anomaly taxonomy's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
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
}

impl AnomalyKind {
    pub const ALL: [AnomalyKind; 11] = [
        AnomalyKind::MalformedUln,
        AnomalyKind::UlnNotFound,
        AnomalyKind::LinkedUln,
        AnomalyKind::GivenName,
        AnomalyKind::FamilyName,
        AnomalyKind::NamesSwapped,
        AnomalyKind::Spelling,
        AnomalyKind::DateOfBirth,
        AnomalyKind::Gender,
        AnomalyKind::Postcode,
        AnomalyKind::DifferentPerson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AnomalyKind::MalformedUln => "malformed_uln",
            AnomalyKind::UlnNotFound => "uln_not_found",
            AnomalyKind::LinkedUln => "linked_uln",
            AnomalyKind::GivenName => "given_name",
            AnomalyKind::FamilyName => "family_name",
            AnomalyKind::NamesSwapped => "names_swapped",
            AnomalyKind::Spelling => "spelling",
            AnomalyKind::DateOfBirth => "date_of_birth",
            AnomalyKind::Gender => "gender",
            AnomalyKind::Postcode => "postcode",
            AnomalyKind::DifferentPerson => "different_person",
        }
    }

    pub fn from_name(name: &str) -> Option<AnomalyKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

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

/// Why a registration's ULN is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    WrongLearner,
    NoUlnObtainable,
    DuplicateRegistration,
    CentreWithdrew,
    Other,
}

impl RejectReason {
    pub const ALL: [RejectReason; 5] = [
        RejectReason::WrongLearner,
        RejectReason::NoUlnObtainable,
        RejectReason::DuplicateRegistration,
        RejectReason::CentreWithdrew,
        RejectReason::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RejectReason::WrongLearner => "wrong_learner",
            RejectReason::NoUlnObtainable => "no_uln_obtainable",
            RejectReason::DuplicateRegistration => "duplicate_registration",
            RejectReason::CentreWithdrew => "centre_withdrew",
            RejectReason::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<RejectReason> {
        Self::ALL.into_iter().find(|r| r.name() == name)
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
    fn new(kind: SuggestionKind, confidence: u8, action: SuggestedAction, reason: String) -> Self {
        Suggestion {
            kind,
            reason,
            confidence,
            action,
        }
    }

    fn amend(kind: SuggestionKind, confidence: u8, amendment: Amendment, reason: String) -> Self {
        Self::new(
            kind,
            confidence,
            SuggestedAction::Amend { amendment },
            reason,
        )
    }
}

/// The queues a diagnosed record belongs to.
pub fn anomaly_kinds(suggestions: &[Suggestion]) -> Vec<AnomalyKind> {
    let mut kinds: Vec<AnomalyKind> = suggestions.iter().map(|s| s.kind.anomaly()).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// Suggestions for one registration, best first. Empty when it matches exactly.
pub fn diagnose(
    supplied_uln: &str,
    supplied: &Demographics,
    lookup: Lookup<'_>,
) -> Vec<Suggestion> {
    if let Err(error) = Uln::parse(supplied_uln) {
        return vec![Suggestion::new(
            SuggestionKind::MalformedUln,
            95,
            SuggestedAction::SearchByDemographics,
            format!("The supplied ULN is not a ULN: {error}. Ask the centre for the right ULN, or search the LRS by the learner's details."),
        )];
    }
    let (learner, linked) = match lookup {
        Lookup::NotFound => {
            return vec![Suggestion::new(
                SuggestionKind::UlnNotFound,
                90,
                SuggestedAction::SearchByDemographics,
                "The ULN is well formed but the LRS has no learner with it. Search the LRS by the learner's details; if none is found the centre must obtain a ULN.".into(),
            )]
        }
        Lookup::Direct(l) => (l, false),
        Lookup::Linked(l) => (l, true),
    };
    let mut suggestions = explain_differences(supplied, learner);
    if suggestions
        .iter()
        .any(|s| s.kind == SuggestionKind::DifferentPerson)
    {
        // The safety rule: nothing that copies the register's details onto this registration.
        suggestions.retain(|s| !matches!(s.action, SuggestedAction::Amend { .. }));
    } else if linked {
        suggestions.push(Suggestion::amend(
            SuggestionKind::LinkedUln,
            96,
            Amendment { uln: Some(learner.uln.clone()), ..Amendment::default() },
            format!("The supplied ULN was merged into the learner's master ULN {}; replace it with the master.", learner.uln),
        ));
    }
    suggestions.sort_by_key(|s| std::cmp::Reverse(s.confidence));
    suggestions
}

/// Per-field explanations, plus the different-person verdict when too much is unexplained.
fn explain_differences(s: &Demographics, l: &RegisterLearner) -> Vec<Suggestion> {
    let c = compare(s, l);
    let mut out = Vec::new();
    let mut unexplained_given = false;
    // The given name is explained only as a name the learner is known by (preferred name, short
    // form, middle name), so it no longer vouches for the learner's identity.
    let mut given_only_known_as = false;
    let mut unexplained_family = false;
    let mut unexplained_dob = false;

    let swapped = c.given_name == FieldMatch::Differs
        && c.family_name == FieldMatch::Differs
        && names_equivalent(s.given_name.as_str(), l.family_name.as_str())
        && names_equivalent(s.family_name.as_str(), l.given_name.as_str());
    if swapped {
        out.push(Suggestion::amend(
            SuggestionKind::NamesSwapped,
            92,
            Amendment {
                given_name: Some(l.given_name.clone()),
                family_name: Some(l.family_name.clone()),
                ..Amendment::default()
            },
            "The given and family names are the LRS's names the other way round: swap them.".into(),
        ));
    } else {
        match c.given_name {
            FieldMatch::Match => {}
            FieldMatch::Similar => out.push(spelling(s.given_name.as_str(), &l.given_name, true)),
            FieldMatch::Differs => match preferred_name_evidence(s.given_name.as_str(), l) {
                Some((confidence, why, includes_legal_name)) => {
                    given_only_known_as = !includes_legal_name;
                    out.push(Suggestion::amend(
                        SuggestionKind::PreferredName,
                        confidence,
                        Amendment {
                            given_name: Some(l.given_name.clone()),
                            ..Amendment::default()
                        },
                        format!(
                            "{why}; registrations need the legal given name \"{}\".",
                            l.given_name
                        ),
                    ))
                }
                None => unexplained_given = true,
            },
        }
        match c.family_name {
            FieldMatch::Match => {}
            // A supplied name that is exactly the previous family name is a change of name, even
            // when the current name happens to be one letter away from it (Hall -> Hill).
            FieldMatch::Similar if is_previous_family_name(s.family_name.as_str(), l) => {
                out.push(family_name_changed(l))
            }
            FieldMatch::Similar => {
                out.push(spelling(s.family_name.as_str(), &l.family_name, false))
            }
            FieldMatch::Differs => {
                let was_previous = l
                    .previous_family_name
                    .as_deref()
                    .is_some_and(|p| names_equivalent(s.family_name.as_str(), p));
                if was_previous {
                    out.push(family_name_changed(l));
                } else {
                    unexplained_family = true;
                }
            }
        }
    }

    if c.date_of_birth == FieldMatch::Differs {
        let lrs_date = format_date_for_people(l.date_of_birth);
        let amendment = Amendment {
            date_of_birth: Some(l.date_of_birth),
            ..Amendment::default()
        };
        let slip = date_slip(s.date_of_birth, l.date_of_birth);
        let (kind, confidence, what) = match slip {
            Some(DateSlip::DayMonthSwapped) => (
                SuggestionKind::DayMonthSwapped,
                80,
                "day and month are swapped",
            ),
            Some(DateSlip::YearOffByOne) => {
                (SuggestionKind::YearOffByOne, 75, "the year is one out")
            }
            Some(DateSlip::DigitsTransposed) => (
                SuggestionKind::DigitsTransposed,
                75,
                "two digits are transposed",
            ),
            None => (
                SuggestionKind::DateOfBirthDiffers,
                40,
                "the dates differ with no recognisable slip",
            ),
        };
        unexplained_dob = slip.is_none();
        out.push(Suggestion::amend(
            kind,
            confidence,
            amendment,
            format!("Date of birth: {what} ({} supplied, {lrs_date} on the LRS). Confirm with the centre, then amend to {lrs_date}.", format_date_for_people(s.date_of_birth)),
        ));
    }

    let gender_differs = c.gender == FieldMatch::Differs;
    if gender_differs {
        out.push(Suggestion::amend(
            SuggestionKind::GenderDiffers,
            60,
            Amendment { gender: Some(l.gender), ..Amendment::default() },
            format!("Gender differs ({} supplied, {} on the LRS); amend, or the centre updates the LRS.", s.gender.describe(), l.gender.describe()),
        ));
    }

    if c.postcode == FieldMatch::Differs {
        out.push(postcode_suggestion(&s.postcode, l.postcode.as_ref()));
    }

    if unexplained_family {
        out.push(Suggestion::amend(
            SuggestionKind::FamilyNameDiffers,
            45,
            Amendment { family_name: Some(l.family_name.clone()), ..Amendment::default() },
            format!("The family name differs from the LRS (\"{}\") and is not the previous family name there. If the learner's name changed, the centre updates the LRS; otherwise amend.", l.family_name),
        ));
    }

    let strong_unexplained = [unexplained_given, unexplained_family, unexplained_dob]
        .iter()
        .filter(|x| **x)
        .count();
    // A given name that is neither similar nor a known short form is how twins and siblings differ;
    // two unexplained strong differences, or one with a gender difference, is someone else. So is a
    // given name explained only as a known-as name together with any other unexplained strong
    // difference or a gender difference: a sibling may carry the learner's middle name.
    let known_as_and_more = given_only_known_as && (strong_unexplained >= 1 || gender_differs);
    if unexplained_given
        || strong_unexplained >= 2
        || (strong_unexplained == 1 && gender_differs)
        || known_as_and_more
    {
        let confidence = if strong_unexplained >= 2 { 95 } else { 85 };
        out.push(Suggestion::new(
            SuggestionKind::DifferentPerson,
            confidence,
            SuggestedAction::Reject { reason: RejectReason::WrongLearner },
            "The LRS learner with this ULN looks like a different person: the differences follow no pattern of a mis-keyed entry. Reject the ULN (wrong learner); never accept the LRS details.".into(),
        ));
        out.push(Suggestion::new(
            SuggestionKind::DifferentPerson,
            50,
            SuggestedAction::SearchByDemographics,
            "Search the LRS by the supplied details to find this learner's own ULN.".into(),
        ));
    }
    out
}

/// True when the supplied family name is the register's previous family name (up to case, accents
/// and punctuation) and not the current one.
fn is_previous_family_name(supplied: &str, l: &RegisterLearner) -> bool {
    let supplied = fold(supplied);
    supplied != fold(l.family_name.as_str())
        && l.previous_family_name
            .as_deref()
            .is_some_and(|p| fold(p) == supplied)
}

fn family_name_changed(l: &RegisterLearner) -> Suggestion {
    Suggestion::amend(
        SuggestionKind::FamilyNameChanged,
        88,
        Amendment { family_name: Some(l.family_name.clone()), ..Amendment::default() },
        format!("The supplied family name is the learner's previous family name on the LRS; amend to the current one, \"{}\" (or the centre updates the LRS).", l.family_name),
    )
}

fn spelling(supplied: &str, lrs: &PersonName, given: bool) -> Suggestion {
    let folded_equal = fold(supplied) == fold(lrs.as_str());
    let (confidence, how) = if folded_equal {
        (
            90,
            "differs only in case, accents, hyphens, apostrophes or spaces",
        )
    } else {
        (78, "is one letter away")
    };
    let (field, amendment) = if given {
        (
            "given name",
            Amendment {
                given_name: Some(lrs.clone()),
                ..Amendment::default()
            },
        )
    } else {
        (
            "family name",
            Amendment {
                family_name: Some(lrs.clone()),
                ..Amendment::default()
            },
        )
    };
    Suggestion::amend(
        SuggestionKind::Spelling,
        confidence,
        amendment,
        format!("The {field} {how} from the LRS spelling \"{lrs}\"; amend to the LRS spelling."),
    )
}

/// Evidence that a supplied given name is what the learner is known as rather than their legal name.
///
/// The preferred and middle names must equal the supplied name up to case, accents and punctuation
/// (`fold`), not merely be one letter away: "one letter from a secondary name" stacks a slip on top
/// of a known-as name, and is how a sibling's name differs (a twin "Max" against a learner whose
/// middle name is "Mae"). Accepting it would offer to amend a different person to the register's
/// legal name and hide the different-person verdict.
///
/// Returns the confidence, the reason, and whether the supplied name includes the legal given name.
fn preferred_name_evidence(supplied: &str, l: &RegisterLearner) -> Option<(u8, String, bool)> {
    let same_name = |other: &str| fold(supplied) == fold(other);
    if l.preferred_given_name.as_deref().is_some_and(same_name) {
        return Some((
            91,
            "The supplied given name is the learner's preferred name on the LRS".into(),
            false,
        ));
    }
    if is_diminutive_of(supplied, l.given_name.as_str()) {
        return Some((
            82,
            format!("\"{supplied}\" is a short form of \"{}\"", l.given_name),
            false,
        ));
    }
    let words: Vec<&str> = supplied.split_whitespace().collect();
    let legal_first = words
        .first()
        .is_some_and(|w| names_equivalent(w, l.given_name.as_str()));
    if words.len() > 1 && legal_first {
        return Some((
            84,
            "The supplied given name includes a middle name".into(),
            true,
        ));
    }
    if l.middle_names
        .as_deref()
        .is_some_and(|m| m.split_whitespace().any(same_name))
    {
        return Some((
            80,
            "The supplied given name is the learner's middle name on the LRS".into(),
            false,
        ));
    }
    None
}

fn postcode_suggestion(supplied: &Postcode, lrs: Option<&Postcode>) -> Suggestion {
    let Some(lrs) = lrs.filter(|p| !p.is_placeholder()) else {
        return Suggestion::new(
            SuggestionKind::PostcodePlaceholder,
            65,
            SuggestedAction::AskCentre,
            "The LRS holds no real postcode for this learner (none, or ZZ99 9ZZ); the centre should update the LRS.".into(),
        );
    };
    let amendment = Amendment {
        postcode: Some(lrs.clone()),
        ..Amendment::default()
    };
    if supplied.is_placeholder() {
        Suggestion::amend(
            SuggestionKind::PostcodePlaceholder,
            86,
            amendment,
            format!("ZZ99 9ZZ (unknown/overseas) was supplied; the LRS has {lrs}. Amend to the LRS postcode."),
        )
    } else {
        Suggestion::amend(
            SuggestionKind::PostcodeMoved,
            62,
            amendment,
            format!("The postcode differs from the LRS ({lrs}): the learner has probably moved. Use the LRS postcode, or the centre updates the LRS."),
        )
    }
}

#[cfg(test)]
#[path = "diagnosis_tests.rs"]
mod tests;
