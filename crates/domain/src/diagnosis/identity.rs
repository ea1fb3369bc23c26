//! Identity before fixes: do the supplied details and the register's describe one person?
//!
//! Diagnosis weighs this first and explains the differences field by field only when the answer is
//! yes, because an amendment to a different person's details attaches achievements to the wrong
//! learner's record.
//!
//! The safety rule:
//! - A date of birth that differs with no recognisable slip (day and month swapped, year one out,
//!   two digits transposed, one digit mistyped) is evidence of a different person, never a typo to
//!   correct. Matching names do not outweigh it: a common name is weak evidence, and namesakes, a
//!   parent and child, siblings and twins share names, surnames and postcodes.
//! - Such a date with a different postcode as well, a given name that is neither the learner's nor
//!   a name they are known by, or two unexplained differences among given name, family name and
//!   date of birth point strongly to someone else.
//! - While identity is in doubt a postcode difference is not read as a house move, and no
//!   suggestion, in any position, amends the registration to the register's details: the
//!   suggestions are to confirm the learner's identity with the centre, to reject the ULN (wrong
//!   learner), or to search the register for the learner's own ULN.

use super::kinds::{RejectReason, SuggestedAction, Suggestion, SuggestionKind};
use crate::demographics::{format_date_for_people, Demographics};
use crate::verification::RegisterLearner;

/// The differences the field-by-field explanations could not account for.
#[derive(Debug, Default)]
pub(super) struct Evidence {
    /// The given name is not the learner's, nor a spelling of it, nor a name they are known by.
    pub given: bool,
    /// The given name is explained only as a name the learner is known by (preferred name, short
    /// form, middle name), so it no longer vouches for the learner's identity.
    pub given_only_known_as: bool,
    /// The family name is neither the learner's (up to spelling) nor their previous one.
    pub family: bool,
    /// The dates of birth differ with no recognisable slip.
    pub date_of_birth: bool,
    pub gender_differs: bool,
    /// Both sides hold a real postcode (not ZZ99 9ZZ) and they differ.
    pub postcode_differs: bool,
}

/// What the evidence says about identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Identity {
    /// Every difference is explained, or what is left does not question identity.
    SamePerson,
    /// Not enough to call it someone else, too much to amend: the centre confirms first.
    InDoubt,
    /// The evidence points to someone else.
    DifferentPerson,
}

impl Evidence {
    /// How many of given name, family name and date of birth are unexplained.
    fn strong(&self) -> usize {
        [self.given, self.family, self.date_of_birth]
            .iter()
            .filter(|x| **x)
            .count()
    }

    /// Several unexplained differences, or a date no slip explains at another address.
    fn points_strongly_elsewhere(&self) -> bool {
        self.strong() >= 2 || (self.date_of_birth && self.postcode_differs)
    }

    pub(super) fn weigh(&self) -> Identity {
        let strong = self.strong();
        // A given name that is neither similar nor a known short form is how twins and siblings
        // differ. A given name explained only as a known-as name vouches for nothing: a sibling may
        // carry the learner's middle name, so any other unexplained difference makes it someone else.
        let different = self.given
            || strong >= 2
            || (strong == 1 && self.gender_differs)
            || (self.given_only_known_as && (strong >= 1 || self.gender_differs))
            || self.points_strongly_elsewhere();
        if different {
            Identity::DifferentPerson
        } else if self.date_of_birth {
            Identity::InDoubt
        } else {
            Identity::SamePerson
        }
    }

    /// Why identity is in question, in plain English, starting in lower case.
    fn why(&self, s: &Demographics, l: &RegisterLearner) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.date_of_birth {
            parts.push(format!(
                "the dates of birth differ with no recognisable slip ({} supplied, {} on the LRS)",
                format_date_for_people(s.date_of_birth),
                format_date_for_people(l.date_of_birth)
            ));
        }
        if self.given {
            parts.push("the given name is not the learner's nor a name they are known by".into());
        } else if self.given_only_known_as {
            parts.push("the given name is only a name the learner is known by".into());
        }
        if self.family {
            parts.push("the family name is neither the learner's nor a previous one".into());
        }
        if self.gender_differs {
            parts.push("the gender differs".into());
        }
        if self.postcode_differs && self.date_of_birth {
            parts.push("the postcodes differ".into());
        }
        match parts.split_last() {
            None => "the details do not describe one person".into(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }
}

/// The suggestions when identity is not established: confirm, reject, search; never an amendment.
/// The first confirm-identity suggestion's reason says why no amendment is offered.
pub(super) fn identity_suggestions(
    identity: Identity,
    evidence: &Evidence,
    s: &Demographics,
    l: &RegisterLearner,
) -> Vec<Suggestion> {
    let why = evidence.why(s, l);
    let (confirm, reject, reject_why) = match identity {
        Identity::DifferentPerson if evidence.points_strongly_elsewhere() => {
            (80, 95, "looks like a different person: reject")
        }
        Identity::DifferentPerson => (80, 85, "looks like a different person: reject"),
        Identity::InDoubt | Identity::SamePerson => (
            85,
            70,
            "may be a different person: if the centre says so, reject",
        ),
    };
    vec![
        Suggestion::new(
            SuggestionKind::DifferentPerson,
            confirm,
            SuggestedAction::ConfirmIdentity,
            format!("{}: confirm the learner's identity with the centre.", capitalise(&why)),
        ),
        Suggestion::new(
            SuggestionKind::DifferentPerson,
            reject,
            SuggestedAction::Reject { reason: RejectReason::WrongLearner },
            format!("The LRS learner with this ULN {reject_why} the ULN (wrong learner); never accept the LRS details."),
        ),
        Suggestion::new(
            SuggestionKind::DifferentPerson,
            50,
            SuggestedAction::SearchByDemographics,
            "Search the LRS by the supplied details to find this learner's own ULN.".into(),
        ),
    ]
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
