//! Why a registration's details differ from the register's, field by field, and what the
//! explanations leave unexplained: the identity evidence `identity` weighs before any of these
//! suggestions is offered.

use super::confidence;
use super::identity::Evidence;
use super::kinds::{Amendment, SuggestedAction, Suggestion, SuggestionKind};
use crate::dates::{date_slip, DateSlip};
use crate::demographics::{format_date_for_people, Demographics, PersonName, Postcode};
use crate::names::{fold, is_diminutive_of, is_variant_spelling, names_equivalent};
use crate::verification::{compare, FieldMatch, RegisterLearner};

/// The field-by-field explanations, offered only once identity is established, and the evidence.
pub(super) struct Findings {
    pub suggestions: Vec<Suggestion>,
    pub evidence: Evidence,
}

pub(super) fn explain_differences(s: &Demographics, l: &RegisterLearner) -> Findings {
    let c = compare(s, l);
    let mut out = Vec::new();
    let mut evidence = Evidence::default();
    explain_names(s, l, &c, &mut out, &mut evidence);
    if c.date_of_birth == FieldMatch::Differs {
        match date_of_birth(s, l) {
            Some(slip) => out.push(slip),
            None => evidence.date_of_birth = true,
        }
    }
    evidence.gender_differs = c.gender == FieldMatch::Differs;
    if evidence.gender_differs {
        out.push(Suggestion::amend(
            SuggestionKind::GenderDiffers,
            confidence::GENDER_DIFFERS,
            Amendment { gender: Some(l.gender), ..Amendment::default() },
            format!("Gender differs ({} supplied, {} on the LRS); amend, or the centre updates the LRS.", s.gender.describe(), l.gender.describe()),
        ));
    }
    if c.postcode == FieldMatch::Differs {
        evidence.postcode_differs = !s.postcode.is_placeholder()
            && l.postcode.as_ref().is_some_and(|p| !p.is_placeholder());
        out.push(postcode_suggestion(&s.postcode, l.postcode.as_ref()));
    }
    if evidence.family {
        out.push(Suggestion::amend(
            SuggestionKind::FamilyNameDiffers,
            confidence::FAMILY_NAME_DIFFERS,
            Amendment { family_name: Some(l.family_name.clone()), ..Amendment::default() },
            format!("The family name differs from the LRS (\"{}\") and is not the previous family name there. If the learner's name changed, the centre updates the LRS; otherwise amend.", l.family_name),
        ));
    }
    Findings {
        suggestions: out,
        evidence,
    }
}

/// The names: swapped, or each explained (spelling, known-as name, change of name) or not.
fn explain_names(
    s: &Demographics,
    l: &RegisterLearner,
    c: &crate::verification::Comparison,
    out: &mut Vec<Suggestion>,
    evidence: &mut Evidence,
) {
    let swapped = c.given_name == FieldMatch::Differs
        && c.family_name == FieldMatch::Differs
        && names_equivalent(s.given_name.as_str(), l.family_name.as_str())
        && names_equivalent(s.family_name.as_str(), l.given_name.as_str());
    if swapped {
        out.push(Suggestion::amend(
            SuggestionKind::NamesSwapped,
            confidence::NAMES_SWAPPED,
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
                    evidence.given_only_known_as = !includes_legal_name;
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
                None => evidence.given = true,
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
                    evidence.family = true;
                }
            }
        }
    }
}

/// A differing date of birth explained as a recognisable slip, or None: a date with no slip is
/// identity evidence, not a typo to correct.
fn date_of_birth(s: &Demographics, l: &RegisterLearner) -> Option<Suggestion> {
    let (kind, confidence, what) = match date_slip(s.date_of_birth, l.date_of_birth)? {
        DateSlip::DayMonthSwapped => (
            SuggestionKind::DayMonthSwapped,
            confidence::DAY_MONTH_SWAPPED,
            "day and month are swapped",
        ),
        DateSlip::YearOffByOne => (
            SuggestionKind::YearOffByOne,
            confidence::YEAR_OFF_BY_ONE,
            "the year is one out",
        ),
        DateSlip::DigitsTransposed => (
            SuggestionKind::DigitsTransposed,
            confidence::DIGITS_TRANSPOSED,
            "two digits are transposed",
        ),
        DateSlip::DigitMistyped => (
            SuggestionKind::DigitMistyped,
            confidence::DIGIT_MISTYPED,
            "one digit is mistyped",
        ),
    };
    let lrs_date = format_date_for_people(l.date_of_birth);
    Some(Suggestion::amend(
        kind,
        confidence,
        Amendment { date_of_birth: Some(l.date_of_birth), ..Amendment::default() },
        format!("Date of birth: {what} ({} supplied, {lrs_date} on the LRS). Confirm with the centre, then amend to {lrs_date}.", format_date_for_people(s.date_of_birth)),
    ))
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
        confidence::FAMILY_NAME_CHANGED,
        Amendment { family_name: Some(l.family_name.clone()), ..Amendment::default() },
        format!("The supplied family name is the learner's previous family name on the LRS; amend to the current one, \"{}\" (or the centre updates the LRS).", l.family_name),
    )
}

fn spelling(supplied: &str, lrs: &PersonName, given: bool) -> Suggestion {
    let folded_equal = fold(supplied) == fold(lrs.as_str());
    let (confidence, how) = if folded_equal {
        (
            confidence::SPELLING_FOLDED,
            "differs only in case, accents, hyphens, apostrophes or spaces",
        )
    } else if is_variant_spelling(supplied, lrs.as_str()) {
        (
            confidence::SPELLING_VARIANT,
            "is another spelling (transliteration) of the same name",
        )
    } else {
        (confidence::SPELLING_ONE_LETTER, "is one letter away")
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
            confidence::PREFERRED_NAME_ON_REGISTER,
            "The supplied given name is the learner's preferred name on the LRS".into(),
            false,
        ));
    }
    if is_diminutive_of(supplied, l.given_name.as_str()) {
        return Some((
            confidence::SHORT_FORM,
            format!("\"{supplied}\" is a short form of \"{}\"", l.given_name),
            false,
        ));
    }
    // The other way round: the register's legal name is itself the nickname (Alfie, Millie).
    if is_diminutive_of(l.given_name.as_str(), supplied) {
        return Some((
            confidence::FULL_FORM_OR_MIDDLE_NAME,
            format!("\"{supplied}\" is the full form of \"{}\"", l.given_name),
            false,
        ));
    }
    let words: Vec<&str> = supplied.split_whitespace().collect();
    let legal_first = words
        .first()
        .is_some_and(|w| names_equivalent(w, l.given_name.as_str()));
    if words.len() > 1 && legal_first {
        return Some((
            confidence::GIVEN_NAME_WITH_MIDDLE_NAME,
            "The supplied given name includes a middle name".into(),
            true,
        ));
    }
    if l.middle_names
        .as_deref()
        .is_some_and(|m| m.split_whitespace().any(same_name))
    {
        return Some((
            confidence::FULL_FORM_OR_MIDDLE_NAME,
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
            confidence::POSTCODE_PLACEHOLDER_ON_REGISTER,
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
            confidence::POSTCODE_PLACEHOLDER_SUPPLIED,
            amendment,
            format!("ZZ99 9ZZ (unknown/overseas) was supplied; the LRS has {lrs}. Amend to the LRS postcode."),
        )
    } else {
        Suggestion::amend(
            SuggestionKind::PostcodeMoved,
            confidence::POSTCODE_MOVED,
            amendment,
            format!("The postcode differs from the LRS ({lrs}): the learner has probably moved. Use the LRS postcode, or the centre updates the LRS."),
        )
    }
}
