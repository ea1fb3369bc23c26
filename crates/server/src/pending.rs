//! Verifying submitted registrations, now or later. A submission verifies its rows at once;
//! when the register (the LRS) is closed or down they are held as pending instead, neither
//! exceptions nor errors, and this module's background job verifies them when it answers
//! again. Either way a registration keeps its own `registered_at` and deadline.

use crate::assess::assess_many;
use crate::duplicates::{with_duplicates_in_batch, Subject};
use crate::register::RegisterError;
use crate::store::{NewRegistration, RecordStatus, SubmittedRegistration, VerifiedPending};
use crate::AppState;
use std::time::Duration;
use uln_api::ChangeEvent;
use uln_domain::Demographics;

/// Pending registrations verified per register call (the batch verify takes them together).
const BATCH: u32 = 500;

/// Verifies `rows` against the register, with the duplicates among them and in the store: the
/// registrations to store, matched or open, in the same order.
pub async fn verify_submitted(
    state: &AppState,
    rows: &[SubmittedRegistration],
) -> Result<Vec<NewRegistration>, RegisterError> {
    let supplied: Vec<(&str, &Demographics)> = rows
        .iter()
        .map(|row| (row.uln.as_str(), &row.demographics))
        .collect();
    let assessments = assess_many(state.register.as_ref(), &supplied).await?;
    let subjects: Vec<Subject<'_>> = rows
        .iter()
        .map(|row| Subject {
            id: None,
            uln: &row.uln,
            qualification: row.qualification.as_deref(),
            details: &row.demographics,
        })
        .collect();
    let assessments =
        with_duplicates_in_batch(state.store.as_ref(), &subjects, assessments).await?;
    Ok(rows
        .iter()
        .zip(assessments)
        .map(|(row, a)| {
            // An extra registration of a learner stays an exception even if its details verify.
            row.clone().verified(
                a.status(RecordStatus::Matched),
                a.verification.code,
                a.verification.failure_flags.clone(),
                a.anomalies.clone(),
            )
        })
        .collect())
}

/// A new open exception goes on the event stream with its queue row, so consoles add it in place.
pub fn announce_exception(state: &AppState, row: &NewRegistration, id: i64, operator: &str) {
    if row.status == RecordStatus::Open {
        state.publish(ChangeEvent {
            record_id: id,
            status: uln_api::RecordStatus::Open,
            version: 1,
            operator: operator.to_owned(),
            action: uln_api::ChangeAction::Created,
            row: Some(crate::views::exception_summary(&row.stored_as(id))),
        });
    }
}

/// The job: every `every`, verifies what waits, while the register answers.
pub async fn run(state: AppState, every: Duration) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match verify_pending_now(&state).await {
            Ok(0) => {}
            Ok(stored) => tracing::info!(stored, "pending registrations verified"),
            // Still closed or down: the breaker keeps this cheap; try again next tick.
            Err(RegisterError::Unavailable(_)) => {}
            Err(e @ RegisterError::Misconfigured(_)) => {
                tracing::error!(error = %e, "pending registrations wait: the LRS refused our account")
            }
            Err(e) => tracing::error!(error = %e, "verifying pending registrations failed"),
        }
    }
}

/// One pass: verifies pending registrations, oldest first, in batches, until none wait or the
/// register stops answering. Returns how many this server stored (another server may have
/// stored some of the same first; those are skipped).
pub async fn verify_pending_now(state: &AppState) -> Result<usize, RegisterError> {
    let mut stored = 0;
    loop {
        let waiting = state.store.pending_registrations(BATCH).await?;
        if waiting.is_empty() {
            return Ok(stored);
        }
        let rows: Vec<SubmittedRegistration> =
            waiting.iter().map(|p| p.registration.clone()).collect();
        let verified = verify_submitted(state, &rows).await?;
        let done: Vec<VerifiedPending> = waiting
            .into_iter()
            .zip(verified)
            .map(|(p, registration)| VerifiedPending {
                pending_id: p.id,
                submitted_by: p.submitted_by,
                registration,
            })
            .collect();
        let ids = state.store.complete_pending(&done).await?;
        for (v, id) in done.iter().zip(ids) {
            if let Some(id) = id {
                stored += 1;
                announce_exception(state, &v.registration, id, &v.submitted_by);
            }
        }
    }
}
