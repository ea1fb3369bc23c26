//! Diagnosis: from supplied vs register details to ranked, explained suggestions (the anomaly
//! taxonomy in domain.md). Each suggestion carries the exact action it would apply.
//!
//! Identity comes first (see `identity` for the safety rule): the field-by-field fixes are offered
//! only when the evidence says the supplied details and the register's describe one person.
//! Otherwise the suggestions are to confirm identity with the centre, reject or search, and none
//! amends the registration to the register's details — that would attach achievements to the
//! wrong learner.

mod combine;
mod confidence;
pub mod duplicates;
mod explain;
mod identity;
mod kinds;
pub mod namesakes;

pub use kinds::{
    Amendment, AnomalyKind, RejectReason, SuggestedAction, Suggestion, SuggestionKind,
};

use crate::demographics::Demographics;
use crate::uln::Uln;
use crate::verification::Lookup;
use combine::combine;
use explain::explain_differences;
use identity::{identity_suggestions, Identity};

/// The queues a diagnosed record belongs to.
pub fn anomaly_kinds(suggestions: &[Suggestion]) -> Vec<AnomalyKind> {
    let mut kinds: Vec<AnomalyKind> = suggestions
        .iter()
        .filter_map(|s| s.kind.anomaly())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// True when the diagnosis withholds every fix because the evidence does not show one person: the
/// suggestions then ask to confirm identity with the centre. What a guard on amendments checks.
pub fn withholds_fixes(suggestions: &[Suggestion]) -> bool {
    suggestions
        .iter()
        .any(|s| s.action == SuggestedAction::ConfirmIdentity)
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
            confidence::MALFORMED_ULN,
            SuggestedAction::SearchByDemographics,
            format!("The supplied ULN is not a ULN: {error}. Ask the centre for the right ULN, or search the LRS by the learner's details."),
        )];
    }
    let (learner, linked) = match lookup {
        Lookup::NotFound => {
            return vec![Suggestion::new(
                SuggestionKind::UlnNotFound,
                confidence::ULN_NOT_FOUND,
                SuggestedAction::SearchByDemographics,
                "The ULN is well formed but the LRS has no learner with it. Search the LRS by the learner's details; if none is found the centre must obtain a ULN.".into(),
            )]
        }
        Lookup::Direct(l) => (l, false),
        Lookup::Linked(l) => (l, true),
    };
    let findings = explain_differences(supplied, learner);
    let identity = findings.evidence.weigh();
    let mut suggestions = if identity == Identity::SamePerson {
        findings.suggestions
    } else {
        // The safety rule: nothing that copies the register's details onto this registration, not
        // even the master of a linked ULN.
        identity_suggestions(identity, &findings.evidence, supplied, learner)
    };
    if linked && identity == Identity::SamePerson {
        suggestions.push(Suggestion::amend(
            SuggestionKind::LinkedUln,
            confidence::LINKED_ULN,
            Amendment { uln: Some(learner.uln.clone()), ..Amendment::default() },
            format!("The supplied ULN was merged into the learner's master ULN {}; replace it with the master.", learner.uln),
        ));
    }
    suggestions.sort_by_key(|s| std::cmp::Reverse(s.confidence));
    // The combined fix goes first although its confidence is its weakest part's: applying the parts
    // one by one leaves the record an exception after each, so it is the one that resolves it.
    // Only reached when identity is established: `identity_suggestions` holds no amendment anyway.
    if identity == Identity::SamePerson {
        if let Some(all) = combine(&suggestions, supplied_uln, supplied) {
            suggestions.insert(0, all);
        }
    }
    suggestions
}

#[cfg(test)]
mod tests;
