//! The four-week rule as a background job: open exceptions past their deadline are expired, their
//! ULN removed, each with an audit row. Amendments and expiry both bump the version, so they never
//! both win.

use super::AppState;
use jiff::Timestamp;
use std::time::Duration;
use uln_api::ChangeEvent;

/// The operator name audit rows carry for the job's changes.
pub const EXPIRY_OPERATOR: &str = "system:four-week-rule";

pub async fn run(state: AppState, every: Duration) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if let Err(e) = expire_now(&state, Timestamp::now()).await {
            tracing::error!(error = %e, "expiry pass failed; will retry");
        }
        // Snoozes run out on the same beat: a woken record is back within one interval.
        if let Err(e) = crate::wake::wake_now(&state, Timestamp::now()).await {
            tracing::error!(error = %e, "wake pass failed; will retry");
        }
        // Lapsed claims are already ignored by readers; this only keeps their table small.
        let lapse_before = state.claims_lapse_before(Timestamp::now());
        if let Err(e) = state.store.sweep_claims(lapse_before).await {
            tracing::error!(error = %e, "sweeping lapsed claims failed; will retry");
        }
    }
}

/// One pass: returns how many exceptions expired.
pub async fn expire_now(state: &AppState, now: Timestamp) -> anyhow::Result<usize> {
    let expired = state.store.expire_overdue(now, EXPIRY_OPERATOR).await?;
    for (record_id, version) in &expired {
        tracing::info!(record_id, "exception expired under the four-week rule");
        state.publish(ChangeEvent {
            record_id: *record_id,
            status: uln_api::RecordStatus::Expired,
            version: *version,
            operator: EXPIRY_OPERATOR.into(),
            action: uln_api::ChangeAction::Expired,
            row: None,
        });
    }
    Ok(expired.len())
}
