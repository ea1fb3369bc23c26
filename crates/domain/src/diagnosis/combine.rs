//! One fix for the whole record: when identity is established and several differences are each
//! explained by an amendment, the operator should not have to apply them one at a time (each alone
//! leaves the record an exception). The combined suggestion merges their fields, says why per field,
//! and is only as sure as its least sure part.
//!
//! Only amendments are merged: searching, rejecting, asking the centre and confirming identity are
//! decisions, not field values. Two amendments that would set one field differently are never both
//! taken: the surer one wins and the reason names the one left out, so the combined fix never
//! contradicts itself.

use super::kinds::{Amendment, SuggestedAction, Suggestion, SuggestionKind};
use crate::demographics::{format_date_for_people, Demographics};

/// The combined amendment, or None when fewer than two amendments can be merged. `suggestions`
/// must be ranked best first, so a conflict keeps the surer value.
pub(super) fn combine(
    suggestions: &[Suggestion],
    supplied_uln: &str,
    supplied: &Demographics,
) -> Option<Suggestion> {
    let mut merged = Amendment::default();
    let mut parts: Vec<String> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    let mut confidence = u8::MAX;
    let mut merged_count = 0;
    for s in suggestions {
        let SuggestedAction::Amend { amendment } = &s.action else {
            continue;
        };
        if s.kind == SuggestionKind::SeveralCauses {
            continue;
        }
        let clashes = conflicts(&merged, amendment);
        if !clashes.is_empty() {
            left_out.push(format!(
                "{} would set the {} differently; the surer fix is kept",
                cause(s.kind, false),
                clashes.join(" and ")
            ));
            continue;
        }
        for (field, before, after) in changes(amendment, supplied_uln, supplied) {
            let case_only = before != after && before.to_lowercase() == after.to_lowercase();
            parts.push(format!(
                "{field} ({}: {before} → {after})",
                cause(s.kind, case_only)
            ));
        }
        merge(&mut merged, amendment);
        merged_count += 1;
        confidence = confidence.min(s.confidence);
    }
    if merged_count < 2 {
        return None;
    }
    let mut reason = format!("Fix all: {}.", parts.join("; "));
    if !left_out.is_empty() {
        reason.push_str(&format!(" Not combined: {}.", left_out.join("; ")));
    }
    Some(Suggestion::amend(
        SuggestionKind::SeveralCauses,
        confidence,
        merged,
        reason,
    ))
}

fn clash<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

/// The fields both amendments set, to different values.
fn conflicts(a: &Amendment, b: &Amendment) -> Vec<&'static str> {
    [
        ("ULN", clash(&a.uln, &b.uln)),
        ("given name", clash(&a.given_name, &b.given_name)),
        ("family name", clash(&a.family_name, &b.family_name)),
        ("date of birth", clash(&a.date_of_birth, &b.date_of_birth)),
        ("gender", clash(&a.gender, &b.gender)),
        ("postcode", clash(&a.postcode, &b.postcode)),
    ]
    .into_iter()
    .filter_map(|(field, clashes)| clashes.then_some(field))
    .collect()
}

fn merge(into: &mut Amendment, a: &Amendment) {
    into.uln = into.uln.take().or_else(|| a.uln.clone());
    into.given_name = into.given_name.take().or_else(|| a.given_name.clone());
    into.family_name = into.family_name.take().or_else(|| a.family_name.clone());
    into.date_of_birth = into.date_of_birth.or(a.date_of_birth);
    into.gender = into.gender.or(a.gender);
    into.postcode = into.postcode.take().or_else(|| a.postcode.clone());
}

/// Each field an amendment sets: its name, the supplied value and the new one, for people.
fn changes(a: &Amendment, uln: &str, s: &Demographics) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    if let Some(v) = &a.uln {
        out.push(("ULN", uln.to_owned(), v.to_string()));
    }
    if let Some(v) = &a.given_name {
        out.push(("given name", s.given_name.to_string(), v.to_string()));
    }
    if let Some(v) = &a.family_name {
        out.push(("family name", s.family_name.to_string(), v.to_string()));
    }
    if let Some(v) = a.date_of_birth {
        let before = format_date_for_people(s.date_of_birth);
        out.push(("date of birth", before, format_date_for_people(v)));
    }
    if let Some(v) = a.gender {
        let before = s.gender.describe().to_owned();
        out.push(("gender", before, v.describe().to_owned()));
    }
    if let Some(v) = &a.postcode {
        let before = s.postcode.as_str().to_owned();
        out.push(("postcode", before, v.as_str().to_owned()));
    }
    out
}

/// The cause of one field's fix, in a word or two.
fn cause(kind: SuggestionKind, case_only: bool) -> &'static str {
    match kind {
        SuggestionKind::Spelling if case_only => "capitals",
        SuggestionKind::Spelling => "spelling",
        SuggestionKind::LinkedUln => "merged into the master ULN",
        SuggestionKind::NamesSwapped => "names swapped",
        SuggestionKind::PreferredName => "known-as name",
        SuggestionKind::FamilyNameChanged => "previous family name",
        SuggestionKind::DayMonthSwapped => "day and month swapped",
        SuggestionKind::YearOffByOne => "year one out",
        SuggestionKind::DigitsTransposed => "digits transposed",
        SuggestionKind::DigitMistyped => "digit mistyped",
        SuggestionKind::PostcodeMoved => "moved",
        SuggestionKind::PostcodePlaceholder => "ZZ99 9ZZ supplied",
        _ => "differs",
    }
}
