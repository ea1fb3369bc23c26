//! Snoozes running out: records whose snooze time has passed are woken (their snooze cleared,
//! audited), and each is announced on the event stream so consoles put it back in the queue with
//! a notice. The queue already shows a record once its time has passed, even before this runs;
//! this pass is what tells people. Run from the expiry job's loop, on the same interval.

use super::AppState;
use crate::views;
use jiff::Timestamp;
use uln_api::ChangeEvent;

/// The operator name audit rows carry for the job's wakings.
pub const WAKE_OPERATOR: &str = "system:snooze";

/// One pass: returns the ids woken.
pub async fn wake_now(state: &AppState, now: Timestamp) -> anyhow::Result<Vec<i64>> {
    let woken = state.store.wake_due(now, WAKE_OPERATOR).await?;
    for (record_id, version) in &woken {
        tracing::info!(record_id, "snooze ran out; record back in the queue");
        let row = state.store.registration(*record_id).await?;
        state.publish(ChangeEvent {
            record_id: *record_id,
            status: uln_api::RecordStatus::Open,
            version: *version,
            operator: WAKE_OPERATOR.into(),
            action: uln_api::ChangeAction::Woken,
            row: row.as_ref().map(views::exception_summary),
        });
    }
    Ok(woken.into_iter().map(|(id, _)| id).collect())
}
