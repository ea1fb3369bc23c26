//! Once every seeded registration is stored, those sharing a ULN are judged against each other
//! as a submission is judged against the registrations before it, so the demo's `duplicate`
//! queue holds what an operator would find there (a ULN supplied for two different people).

use super::Seeder;
use crate::assess::assess;
use crate::duplicates::{with_duplicates, Subject};
use crate::register::LearnerRegister;
use crate::store::Store;
use uln_domain::AnomalyKind;

/// Returns how many open exceptions gained the `duplicate` anomaly.
pub(super) async fn mark_duplicates(
    store: &dyn Store,
    seeder: &dyn Seeder,
    register: &dyn LearnerRegister,
) -> anyhow::Result<usize> {
    let mut changed = Vec::new();
    for id in seeder.exceptions_sharing_a_uln().await? {
        let Some(r) = store.registration(id).await? else {
            continue;
        };
        let uln = r.uln.as_deref().unwrap_or_default();
        let subject = Subject {
            id: Some(r.id),
            uln,
            qualification: r.qualification.as_deref(),
            details: &r.demographics,
        };
        let assessment = assess(register, uln, &r.demographics).await?;
        let assessment = with_duplicates(store, subject, assessment).await?;
        if assessment.anomalies != r.anomalies {
            changed.push((id, AnomalyKind::to_bits(&assessment.anomalies)));
        }
    }
    seeder.set_anomalies(&changed).await?;
    Ok(changed.len())
}
