//! Once every seeded registration is stored, the open exceptions are judged against the other
//! registrations that carry their ULN, so the demo's `duplicate` queue holds what an operator
//! would find there: a ULN supplied for two different people.
//!
//! Seeded registrations have no qualification, so of the duplicate rules only "one ULN on two
//! people" can apply, and it needs nothing but the registrations sharing the ULN: each group is
//! judged in memory by the domain's rule, the same one a submission is judged by, without the
//! register lookups a submission makes. A million registrations stay a matter of seconds.

use super::Seeder;
use crate::store::{RecordStatus, Registration};
use uln_domain::diagnosis::anomaly_kinds;
use uln_domain::diagnosis::duplicates::{
    duplicate_suggestions, OtherRegistration, ThisRegistration,
};
use uln_domain::AnomalyKind;

/// ULNs judged per page of registrations.
const GROUPS_PER_PAGE: u32 = 10_000;

/// Returns how many open exceptions gained the `duplicate` anomaly.
pub(super) async fn mark_duplicates(seeder: &dyn Seeder) -> anyhow::Result<usize> {
    let mut changed = Vec::new();
    let mut after = String::new();
    loop {
        let page = seeder
            .registrations_sharing_a_uln(&after, GROUPS_PER_PAGE)
            .await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.uln.clone().unwrap_or_default();
        for group in page.chunk_by(|a, b| a.uln == b.uln) {
            changed.extend(judge_group(group));
        }
    }
    seeder.set_anomalies(&changed).await?;
    Ok(changed.len())
}

/// (id, anomaly bits) of each open exception in one ULN's group that the rule flags.
fn judge_group(group: &[Registration]) -> Vec<(i64, i64)> {
    let mut flagged = Vec::new();
    for r in group.iter().filter(|r| r.status == RecordStatus::Open) {
        let uln = r.uln.as_deref().unwrap_or_default();
        let this = ThisRegistration {
            supplied_uln: uln,
            qualification: r.qualification.as_deref(),
            details: &r.demographics,
            reaches: None,
            // As the backend judges it: the register found the ULN's learner and the diagnosis
            // called them this registration's learner.
            owns_uln: !r.anomalies.iter().any(|k| {
                matches!(
                    k,
                    AnomalyKind::DifferentPerson
                        | AnomalyKind::UlnNotFound
                        | AnomalyKind::MalformedUln
                )
            }),
        };
        let others: Vec<OtherRegistration<'_>> = group
            .iter()
            .filter(|o| o.id != r.id)
            .map(|o| OtherRegistration {
                id: o.id,
                supplied_uln: uln,
                qualification: o.qualification.as_deref(),
                details: &o.demographics,
                same_register_learner: false,
                matched: o.status == RecordStatus::Matched,
                earlier: o.id < r.id,
            })
            .collect();
        let found = duplicate_suggestions(&this, &others);
        let mut kinds = anomaly_kinds(&found);
        if kinds.contains(&AnomalyKind::Duplicate) && !r.anomalies.contains(&AnomalyKind::Duplicate)
        {
            kinds.extend(r.anomalies.iter().copied());
            flagged.push((r.id, AnomalyKind::to_bits(&kinds)));
        }
    }
    flagged
}
