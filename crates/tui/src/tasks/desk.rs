//! The help desk's requests beside the queue's: the register searched from anywhere, a phone
//! call's checks and wrap-up, and an export recorded before it is written.

use crate::message::{Effect, Message};
use uln_api::ApiClient;

/// Asks the backend what `effect` wants; None for an effect that is not one of these.
pub(super) async fn answer(effect: Effect, client: &ApiClient) -> Option<Message> {
    Some(match effect {
        Effect::LoadRegisterStatus => Message::RegisterStatus(client.register_status().await),
        Effect::LoadDashboard => Message::Dashboard(client.dashboard().await),
        Effect::SearchRegister(query) => {
            Message::RegisterSearch(Box::new(client.search_register(&query).await))
        }
        Effect::CheckCaller(q) => {
            let result = client
                .plr(
                    &q.uln,
                    &q.family_name,
                    &q.date_of_birth,
                    q.given_name.as_deref(),
                )
                .await;
            Message::CallerChecked(Box::new(result))
        }
        Effect::RecordExport(file) => {
            let result = client.record_export(&file.audit).await;
            Message::ExportRecorded {
                file: Box::new(file),
                result,
            }
        }
        Effect::RecordCall(call) => Message::CallRecorded(client.record_call(&call).await),
        Effect::LoadCalls => Message::Calls(client.recent_calls().await),
        Effect::Snooze {
            id,
            version,
            until,
            reason,
        } => {
            let result = client.snooze(id, version, &uk_time(&until), &reason).await;
            Message::Snoozed { id, result }
        }
        Effect::Bulk {
            action,
            records,
            dry_run,
        } => {
            let result = client.bulk(&on_the_wire(&action), &records, dry_run).await;
            Message::Bulk {
                action,
                dry_run,
                result: Box::new(result),
            }
        }
        Effect::Undo(change) => Message::Undone {
            change,
            result: Box::new(client.undo(change.id, change.version).await),
        },
        Effect::Wake { id, version } => Message::Snoozed {
            id,
            result: client.wake(id, version).await,
        },
        Effect::Claim { id, take_over } => Message::Claimed {
            id,
            take_over,
            result: client.claim(id, take_over).await,
        },
        Effect::ReleaseClaim(id) => {
            // Nobody waits on a release: a failed one lapses by itself on the backend.
            if client.release_claim(id).await.is_err() {
                tracing::warn!(record_id = id, "releasing a claim failed; it will lapse");
            }
            return None;
        }
        Effect::AddNote { id, text } => Message::NoteAdded {
            id,
            result: client.add_note(id, &text).await,
        },
        Effect::SearchForCaller {
            given_name,
            family_name,
            date_of_birth,
        } => {
            let result = client
                .search_by_caller(&given_name, &family_name, &date_of_birth)
                .await;
            Message::CallerSearch(Box::new(result))
        }
        team => return super::team::answer(team, client).await,
    })
}

/// The bulk action as the backend takes it, a snooze's time resolved now.
fn on_the_wire(action: &crate::screens::bulk::BulkRequestAction) -> uln_api::BulkAction {
    use crate::screens::bulk::BulkRequestAction as A;
    match action {
        A::ApplyTopSuggestion => uln_api::BulkAction::ApplyTopSuggestion,
        A::Reject { reason, note } => uln_api::BulkAction::Reject {
            reason: *reason,
            note: note.clone(),
        },
        A::Snooze { until, reason } => uln_api::BulkAction::Snooze {
            until: uk_time(until),
            reason: reason.clone(),
        },
        A::Assign { to } => uln_api::BulkAction::Assign {
            to: Some(to.clone()),
            message: None,
        },
    }
}

/// The UK wall-clock time a snooze ends, as the backend reads a time without an offset. The
/// dialog checked a typed one; should one still not resolve, it is sent as typed and the
/// backend's 422 naming `until` says why, in the dialog.
fn uk_time(until: &crate::screens::snooze::SnoozeUntil) -> String {
    use crate::screens::snooze::SnoozeUntil;
    let london = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    let now = jiff::Timestamp::now().to_zoned(london);
    match (until.resolve(&now), until) {
        (Ok(at), _) => at.to_string(),
        (Err(_), SnoozeUntil::On(typed)) => typed.clone(),
        (Err(why), _) => why,
    }
}
