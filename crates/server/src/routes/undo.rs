//! `/exceptions/{id}/undo`: an operator takes back their own latest change (an amendment, a
//! rejection, a snooze or an early wake) within the undo window, by writing back the state its
//! audit row kept (`crate::undo`). The undo is a change like any other: a new version, audited as
//! `undone`, announced on the event stream. After the window, a supervisor's reopen remains.

use super::exceptions::{commit_change, detail, load_at_version, with_etag, DetailResponse};
use super::refusals::{NeedsRole, NoSuchRecord, Secured, VersionGuarded};
use crate::error::ApiError;
use crate::extract::{ApiPath, CurrentOperator, IfMatch};
use crate::store::{AuditAction, AuditRecord, RecordUpdate, Registration, Role, StoredAudit};
use crate::undo::{changes_between, saved_state, SavedState, UNDOABLE};
use crate::AppState;
use axum::extract::State;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use std::collections::BTreeMap;
use uln_api::{ErrorCode, ExceptionDetail};
use utoipa::openapi::{RefOr, Response};
use utoipa::IntoResponses;

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/undo", tag = "exceptions", operation_id = "undo_exception_change",
    params(("id" = i64, Path, description = "record id"), ("If-Match" = String, Header, description = "the version last read")),
    responses((status = 200, body = ExceptionDetail, description = "the change taken back: the record as it was before it, at a new version, audited as undone"),
        Secured, NeedsRole, NoSuchRecord, NotUndoable, VersionGuarded))]
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
pub async fn undo(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    IfMatch(expected): IfMatch,
) -> DetailResponse {
    let operator = who.require(Role::Operator)?;
    let current = load_at_version(&state, id, expected).await?;
    let latest = state.store.latest_change(id).await?;
    let (row, action, saved) = undoable(
        latest,
        &current,
        &operator.name,
        state.undo_window,
        Timestamp::now(),
    )?;
    let changes = changes_between(&RecordUpdate::unchanged(&current), &saved.record);
    let audit = AuditRecord::on_registration(id, &operator.name, AuditAction::Undone)
        .because(format!("undid {} (audit entry {})", action.name(), row.id))
        .with_changes(Value::Object(changes));
    // The saved state is written back whole: the verification and anomalies saved were judged
    // for exactly the details saved, so the record reads as it did before the change.
    let restored = commit_change(&state, &current, expected, saved.record, audit).await?;
    with_etag(detail(&state, &restored).await?)
}

/// The change to undo and the state it replaced, if `operator` may undo it now.
fn undoable(
    latest: Option<StoredAudit>,
    current: &Registration,
    operator: &str,
    window: SignedDuration,
    now: Timestamp,
) -> Result<(StoredAudit, AuditAction, SavedState), ApiError> {
    let nothing = |why: &str| ApiError::Conflict {
        code: ErrorCode::NothingToUndo,
        message: format!("nothing to undo: {why}"),
    };
    let row = latest.ok_or_else(|| nothing("the record has no change that can be undone"))?;
    let action = AuditAction::from_name(&row.action)
        .filter(|a| UNDOABLE.contains(a))
        .ok_or_else(|| nothing("the record's latest change cannot be undone"))?;
    if row.operator != operator {
        return Err(nothing("the record's latest change is another operator's"));
    }
    let saved = saved_state(&row).ok_or_else(|| nothing("the change kept no state to restore"))?;
    if saved.version != current.version {
        return Err(nothing("the record has changed since"));
    }
    // Whole seconds are stored, so a change is up to a second older than it reads; a window of
    // none refuses every undo rather than those made within the same second.
    let age = now.duration_since(row.at);
    if window.is_zero() || age > window {
        return Err(ApiError::Conflict {
            code: ErrorCode::UndoWindowPassed,
            message: format!(
                "the {} can no longer be undone: the undo window ({} seconds) has passed; a \
                 supervisor can reopen the record",
                action.name(),
                window.as_secs()
            ),
        });
    }
    Ok((row, action, saved))
}

/// Undo's 409s.
pub struct NotUndoable;

impl IntoResponses for NotUndoable {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        [super::refusals::described(
            409,
            "nothing to undo (`nothing_to_undo`: the record's latest change is another operator's, not an amendment, rejection, snooze or wake, already undone, or followed by another change), or the change is past the undo window (`undo_window_passed`): a supervisor's reopen is the way back",
        )]
        .into_iter()
        .collect()
    }
}
