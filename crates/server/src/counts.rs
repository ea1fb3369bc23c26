//! Queue counts on the event stream: after changes (a burst of them shares one count) and every
//! minute, since deadlines cross from band to band with time alone. Consoles keep their counts
//! from these events instead of each asking `/queues` after every change.

use crate::error::ApiError;
use crate::AppState;
use jiff::Timestamp;
use std::time::Duration;
use uln_api::{Queue, QueueCounts, QueueList, StreamEvent};

/// Even with no change, counts are sent this often: the bands move with the clock.
pub const EVERY: Duration = Duration::from_secs(60);

/// The counts of every queue now.
pub async fn queue_list(state: &AppState) -> Result<QueueList, ApiError> {
    let counts = state.store.queue_counts(Timestamp::now()).await?;
    let queues = counts
        .into_iter()
        .map(|c| QueueCounts {
            queue: c.kind.map_or(Queue::All, |k| Queue::Kind(k.into())),
            open: c.open,
            overdue: c.overdue,
            due_within_48h: c.due_within_48h,
            due_within_7d: c.due_within_7d,
            snoozed: c.snoozed,
        })
        .collect();
    Ok(QueueList { queues })
}

/// Publishes counts whenever `AppState::publish` says something changed, and every `EVERY`.
/// Changes that arrive while counts are being taken are covered by one more count, not one each.
pub async fn run(state: AppState) {
    loop {
        tokio::select! {
            _ = state.counts_due.notified() => {}
            _ = tokio::time::sleep(EVERY) => {}
        }
        if state.events.receiver_count() == 0 {
            continue;
        }
        match queue_list(&state).await {
            Ok(list) => {
                let _ = state.events.send(StreamEvent::Queues(list));
            }
            Err(e) => tracing::warn!(error = ?e, "queue counts failed; next change retries"),
        }
    }
}
