//! Claims ("Sam is on this record"), as both stores keep them: one row per claimed record in the
//! `claims` table (migration 0009), shared by every server on the database. A claim is soft: it is
//! not part of the record, never bumps its version and never blocks a write. It is live while its
//! holder renews it; one not renewed within the idle limit is ignored by readers and replaced by
//! the next claim, so no job is needed for it to lapse (the expiry loop only sweeps old rows).

use super::{AuditAction, AuditRecord};
use jiff::Timestamp;

/// A claim as stored, live or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredClaim {
    pub registration_id: i64,
    pub operator: String,
    /// When its holder claimed it; renewals keep it.
    pub claimed_at: Timestamp,
    pub renewed_at: Timestamp,
}

impl StoredClaim {
    /// Live unless its last renewal was at or before `lapse_before`.
    pub fn is_live(&self, lapse_before: Timestamp) -> bool {
        self.renewed_at > lapse_before
    }
}

/// An operator's claim on a record, or its renewal.
#[derive(Debug, Clone)]
pub struct ClaimAsk<'a> {
    pub registration_id: i64,
    pub operator: &'a str,
    pub now: Timestamp,
    /// A claim renewed at or before this has lapsed: now less the idle limit.
    pub lapse_before: Timestamp,
    /// Take the record over from another operator's live claim.
    pub take_over: bool,
}

/// What became of a claim asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// The caller holds the record now: newly claimed, renewed, or taken over from someone.
    Held {
        claim: StoredClaim,
        renewed: bool,
        taken_over_from: Option<String>,
    },
    /// Another operator holds a live claim and the caller did not ask to take over; nothing was
    /// written.
    HeldBy(StoredClaim),
}

/// What a store writes for a claim asked for, given the claim it found (live or not).
#[derive(Debug, Clone)]
pub(crate) struct ClaimWrite {
    pub claim: StoredClaim,
    /// Claimed or taken over: on the record's trail. Renewals are not.
    pub audit: Option<AuditRecord>,
    pub outcome: ClaimOutcome,
}

/// Decides the claim: refused (None) while another operator holds it live and `take_over` is
/// false; otherwise the row to write, its audit row and the answer.
pub(crate) fn decide(
    found: Option<&StoredClaim>,
    ask: &ClaimAsk<'_>,
) -> Result<ClaimWrite, StoredClaim> {
    let now = Timestamp::from_second(ask.now.as_second()).unwrap_or(ask.now);
    let live = found.filter(|c| c.is_live(ask.lapse_before));
    let mine = live.filter(|c| c.operator == ask.operator);
    if let (Some(other), None, false) = (live, mine, ask.take_over) {
        return Err(other.clone());
    }
    let claim = StoredClaim {
        registration_id: ask.registration_id,
        operator: ask.operator.to_owned(),
        claimed_at: mine.map_or(now, |c| c.claimed_at),
        renewed_at: now,
    };
    let taken_over_from = live.filter(|_| mine.is_none()).map(|c| c.operator.clone());
    let audit = match (&taken_over_from, mine) {
        (_, Some(_)) => None,
        (Some(from), None) => Some(
            AuditRecord::on_registration(
                ask.registration_id,
                ask.operator,
                AuditAction::ClaimTakenOver,
            )
            .because(format!("taken over from {from}")),
        ),
        (None, None) => Some(AuditRecord::on_registration(
            ask.registration_id,
            ask.operator,
            AuditAction::Claimed,
        )),
    };
    Ok(ClaimWrite {
        outcome: ClaimOutcome::Held {
            claim: claim.clone(),
            renewed: mine.is_some(),
            taken_over_from,
        },
        claim,
        audit,
    })
}

/// How many times a claim is decided again when another server's claim on the same record landed
/// between reading and writing; past this the caller is told the server is busy.
pub(crate) const CLAIM_ATTEMPTS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).unwrap()
    }

    fn held(operator: &str, claimed: i64, renewed: i64) -> StoredClaim {
        StoredClaim {
            registration_id: 1,
            operator: operator.into(),
            claimed_at: at(claimed),
            renewed_at: at(renewed),
        }
    }

    fn ask(operator: &str, take_over: bool) -> ClaimAsk<'_> {
        ClaimAsk {
            registration_id: 1,
            operator,
            now: at(1_000),
            lapse_before: at(700),
            take_over,
        }
    }

    #[test]
    fn a_renewal_keeps_when_the_claim_began_and_is_not_audited() {
        let write = decide(Some(&held("sam", 500, 900)), &ask("sam", false)).unwrap();
        assert_eq!(write.claim.claimed_at, at(500));
        assert_eq!(write.claim.renewed_at, at(1_000));
        assert!(write.audit.is_none());
    }

    #[test]
    fn another_operators_live_claim_is_refused_unless_taken_over() {
        let theirs = held("sam", 500, 900);
        assert_eq!(
            decide(Some(&theirs), &ask("alex", false)).unwrap_err(),
            theirs
        );
        let write = decide(Some(&theirs), &ask("alex", true)).unwrap();
        assert_eq!(write.audit.unwrap().action, AuditAction::ClaimTakenOver);
        assert!(
            matches!(write.outcome, ClaimOutcome::Held { taken_over_from: Some(f), .. } if f == "sam")
        );
    }

    #[test]
    fn a_lapsed_claim_is_replaced_as_if_there_were_none() {
        let write = decide(Some(&held("sam", 100, 700)), &ask("alex", false)).unwrap();
        assert_eq!(write.audit.unwrap().action, AuditAction::Claimed);
        assert_eq!(write.claim.claimed_at, at(1_000));
        // The holder's own lapsed claim starts again too.
        let again = decide(Some(&held("alex", 100, 700)), &ask("alex", false)).unwrap();
        assert_eq!(again.claim.claimed_at, at(1_000));
        assert!(again.audit.is_some());
    }
}
