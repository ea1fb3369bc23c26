//! Duplicates: a registration judged against the other registrations that share its ULN, its
//! register learner or its learner's details.
//!
//! - **One learner registered twice** for one qualification: the other registration reaches the same
//!   register learner (its ULN, the master or one of its linked ULNs) and its details describe the
//!   same person, or, under ULNs the register holds apart, its details are the same in every field.
//!   One of the two is extra: reject it as a duplicate registration. When the register holds the
//!   learner under two ULNs, a duplicate data challenge is raised on the PLR as well.
//! - **One ULN on two people**: the other registration carries the same ULN for someone the
//!   identity evidence calls a different person. At most one of them owns the ULN, and the one
//!   the register's learner is (up to explained slips) is not the one flagged.
//!
//! Both need care with "never the wrong person": a shared name and date of birth is weak evidence
//! (namesakes, twins), so the same-person test under different ULNs asks for every field to agree,
//! a qualification must be known on both sides before two registrations are one too many, and no
//! suggestion here amends anything.

use super::confidence;
use super::explain::explain_differences;
use super::identity::Identity;
use super::kinds::{RejectReason, SuggestedAction, Suggestion, SuggestionKind};
use crate::demographics::Demographics;
use crate::names::fold;
use crate::uln::Uln;
use crate::verification::RegisterLearner;

/// The registration being diagnosed.
#[derive(Debug, Clone, Copy)]
pub struct ThisRegistration<'a> {
    pub supplied_uln: &'a str,
    /// The qualification registered for, when the centre said.
    pub qualification: Option<&'a str>,
    pub details: &'a Demographics,
    /// The register learner its ULN reached (the master for a linked ULN), if any.
    pub reaches: Option<&'a Uln>,
    /// The register found a learner for its ULN and the identity evidence says they are this
    /// registration's learner: the ULN is theirs, whoever else carries it.
    pub owns_uln: bool,
}

/// Another open or matched registration that may be the same learner's or carry the same ULN.
#[derive(Debug, Clone, Copy)]
pub struct OtherRegistration<'a> {
    pub id: i64,
    pub supplied_uln: &'a str,
    pub qualification: Option<&'a str>,
    pub details: &'a Demographics,
    /// Its ULN reaches the same register learner as this registration's.
    pub same_register_learner: bool,
    /// It verified against the register (status matched) rather than being an exception.
    pub matched: bool,
    /// It was registered before this one. Of two registrations of one learner only the later is
    /// called the extra one, so the pair never asks for both to be rejected.
    pub earlier: bool,
}

/// What the other registrations say about this one, most certain first; empty when nothing.
pub fn duplicate_suggestions(
    this: &ThisRegistration<'_>,
    others: &[OtherRegistration<'_>],
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for other in others {
        if let Some(s) = registered_twice(this, other) {
            out.push(s);
        } else if let Some(s) = uln_on_two_people(this, other) {
            out.push(s);
        }
        if let Some(s) = register_holds_learner_twice(this, other) {
            out.push(s);
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.confidence));
    out
}

/// True when this registration is one too many: the record stays an exception until one of the
/// two is rejected, even if its details verify.
pub fn is_extra_registration(suggestions: &[Suggestion]) -> bool {
    suggestions.iter().any(|s| {
        s.action
            == SuggestedAction::Reject {
                reason: RejectReason::DuplicateRegistration,
            }
    })
}

fn same_qualification(this: &ThisRegistration<'_>, other: &OtherRegistration<'_>) -> bool {
    matches!((this.qualification, other.qualification), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

/// The other registration's details read as if they were a register learner's, so the identity
/// rules that judge supplied against register details judge two registrations alike.
fn as_learner(details: &Demographics, uln: Uln) -> RegisterLearner {
    RegisterLearner {
        uln,
        given_name: details.given_name.clone(),
        family_name: details.family_name.clone(),
        date_of_birth: details.date_of_birth,
        gender: details.gender,
        postcode: Some(details.postcode.clone()),
        preferred_given_name: None,
        middle_names: None,
        previous_family_name: None,
        linked_ulns: Vec::new(),
        ability_to_share: false,
        version: 0,
    }
}

/// What the identity evidence says of two registrations' details.
fn identity_between(a: &Demographics, b: &Demographics) -> Identity {
    // The ULN plays no part in comparing details; any well-formed one will do.
    let uln = Uln::parse("9276308686").expect("a well-formed ULN");
    explain_differences(a, &as_learner(b, uln)).evidence.weigh()
}

/// Every field the same, up to case, accents and spacing: the only evidence strong enough to call
/// two registrations under ULNs the register holds apart one person.
fn same_in_every_field(a: &Demographics, b: &Demographics) -> bool {
    fold(a.given_name.as_str()) == fold(b.given_name.as_str())
        && fold(a.family_name.as_str()) == fold(b.family_name.as_str())
        && a.date_of_birth == b.date_of_birth
        && a.gender == b.gender
        && a.postcode == b.postcode
}

fn registered_twice(
    this: &ThisRegistration<'_>,
    other: &OtherRegistration<'_>,
) -> Option<Suggestion> {
    if !other.earlier || !same_qualification(this, other) {
        return None;
    }
    let same_learner = if other.same_register_learner {
        identity_between(this.details, other.details) == Identity::SamePerson
    } else {
        same_in_every_field(this.details, other.details)
    };
    if !same_learner {
        return None;
    }
    let qualification = this.qualification.unwrap_or_default();
    let under = if other.supplied_uln == this.supplied_uln {
        "with the same ULN".to_owned()
    } else {
        format!("under ULN {}", other.supplied_uln)
    };
    let (sure, keep) = if other.matched {
        (
            confidence::EXTRA_REGISTRATION_OF_MATCHED,
            format!("#{} verified, so keep it", other.id),
        )
    } else {
        (
            confidence::EXTRA_REGISTRATION,
            format!(
                "#{} came first; if the centre means this one, reject #{} instead",
                other.id, other.id
            ),
        )
    };
    Some(Suggestion::new(
        SuggestionKind::DuplicateRegistration,
        sure,
        SuggestedAction::Reject { reason: RejectReason::DuplicateRegistration },
        format!("Registration #{} already registers this learner for {qualification} {under}: reject this one as a duplicate registration ({keep}).", other.id),
    ))
}

/// Under two ULNs the register holds apart, the same person in every field: the register itself
/// may hold the learner twice, which only the LRS can merge.
fn register_holds_learner_twice(
    this: &ThisRegistration<'_>,
    other: &OtherRegistration<'_>,
) -> Option<Suggestion> {
    let reached = this.reaches?;
    let theirs = Uln::parse(other.supplied_uln).ok()?;
    if other.same_register_learner
        || theirs == *reached
        || !same_in_every_field(this.details, other.details)
    {
        return None;
    }
    Some(Suggestion::new(
        SuggestionKind::DuplicateRegistration,
        confidence::REGISTER_HOLDS_LEARNER_TWICE,
        SuggestedAction::ChallengeDuplicate { uln: reached.clone() },
        format!("The LRS may hold this learner twice: registration #{} has the same details under ULN {}. Raise a duplicate data challenge on the PLR so the LRS merges them.", other.id, other.supplied_uln),
    ))
}

fn uln_on_two_people(
    this: &ThisRegistration<'_>,
    other: &OtherRegistration<'_>,
) -> Option<Suggestion> {
    if this.owns_uln
        || this.supplied_uln.is_empty()
        || other.supplied_uln != this.supplied_uln
        || Uln::parse(this.supplied_uln).is_err()
        || identity_between(this.details, other.details) != Identity::DifferentPerson
    {
        return None;
    }
    Some(if other.matched {
        Suggestion::new(
            SuggestionKind::UlnOnTwoPeople,
            confidence::ULN_BELONGS_TO_OTHER,
            SuggestedAction::SearchByDemographics,
            format!("ULN {} is also on registration #{}, for a different learner who matches the LRS: this learner is someone else. Search the LRS for their own ULN, or ask the centre for it.", this.supplied_uln, other.id),
        )
    } else {
        Suggestion::new(
            SuggestionKind::UlnOnTwoPeople,
            confidence::ULN_ON_TWO_EXCEPTIONS,
            SuggestedAction::AskCentre,
            format!("ULN {} is also supplied on registration #{} for a different learner: at most one of them owns it. Ask the centre whose it is before changing either.", this.supplied_uln, other.id),
        )
    })
}

#[cfg(test)]
#[path = "duplicates_tests.rs"]
mod tests;
