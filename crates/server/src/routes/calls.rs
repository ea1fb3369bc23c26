//! `/calls`: phone enquiries. The console sends a wrap-up when a call ends; the call is kept only
//! as its audit row (operator, times, outcome, the note, and the learner when the caller gave a
//! ULN). An operator's list of recent calls shows ids, times and outcomes: nothing personal.
//!
//! Viewers may record calls: they may look up PLRs, which is most of what a phone enquiry is, and
//! a call recorded says why those lookups were made. Recording one changes no learner's data.

use super::learners::learner_subject;
use super::refusals::{JsonBody, Secured};
use crate::error::ApiError;
use crate::extract::{ApiJson, CurrentOperator};
use crate::store::{AuditAction, AuditRecord, Role, StoredAudit};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use jiff::{SignedDuration, Timestamp};
use serde_json::{json, Map, Value};
use uln_api::{CallList, CallOutcome, CallRequest, CallView};
use uln_domain::text::{self, TextKind};
use uln_domain::Uln;

/// Calls in an operator's list.
const RECENT_CALLS: u32 = 20;
/// A call longer than this is a console left open, not a call: refused rather than recorded.
const LONGEST_CALL: SignedDuration = SignedDuration::from_hours(12);
/// How far ahead of the server's clock a console's clock may run.
const CLOCK_SLACK: SignedDuration = SignedDuration::from_mins(5);

pub fn router() -> Router<AppState> {
    Router::new().route("/calls", get(recent).post(record))
}

/// A call as checked: what its audit row holds.
struct CheckedCall {
    uln: Option<Uln>,
    started_at: Timestamp,
    ended_at: Timestamp,
    outcome: CallOutcome,
    note: String,
}

/// Every refusal of a wrap-up, each under its field's name.
fn check(body: &CallRequest, now: Timestamp) -> Result<CheckedCall, ApiError> {
    let mut errors = Map::new();
    let mut refuse = |field: &str, why: String| drop(errors.insert(field.into(), why.into()));
    let time = |text: &str| text.parse::<Timestamp>().map_err(|e| e.to_string());
    let started_at = time(&body.started_at)
        .map_err(|e| refuse("started_at", format!("must be an RFC 3339 time: {e}")))
        .ok();
    let ended_at = time(&body.ended_at)
        .map_err(|e| refuse("ended_at", format!("must be an RFC 3339 time: {e}")))
        .ok();
    if let (Some(start), Some(end)) = (started_at, ended_at) {
        if end < start {
            refuse("ended_at", "must not be before started_at".into());
        } else if end.duration_since(start) > LONGEST_CALL {
            refuse("ended_at", "must be within 12 hours of started_at".into());
        } else if end.duration_since(now) > CLOCK_SLACK {
            refuse("ended_at", "must not be in the future".into());
        }
    }
    let uln = match body.uln.as_deref().map(Uln::parse) {
        None => None,
        Some(Ok(uln)) => Some(uln),
        Some(Err(e)) => {
            refuse("uln", format!("WSEC0136 invalid ULN: {e}"));
            None
        }
    };
    match (body.outcome, &body.uln) {
        (CallOutcome::Unknown, _) => refuse(
            "outcome",
            "must be identified, not_identified or no_uln".into(),
        ),
        (CallOutcome::Identified, None) => {
            refuse("uln", "is required when the caller was identified".into())
        }
        (CallOutcome::NoUln, Some(_)) => refuse("uln", "must be absent for no_uln".into()),
        _ => {}
    }
    let note = text::clean(&body.note, TextKind::Note)
        .map_err(|e| refuse("note", e.to_string()))
        .ok();
    match (started_at, ended_at, note) {
        (Some(started_at), Some(ended_at), Some(note)) if errors.is_empty() => Ok(CheckedCall {
            uln,
            started_at,
            ended_at,
            outcome: body.outcome,
            note,
        }),
        _ => Err(ApiError::invalid_fields(errors)),
    }
}

#[utoipa::path(post, path = "/api/v1/calls", tag = "calls", operation_id = "record_call",
    request_body = CallRequest,
    responses((status = 201, body = CallView, description = "the call, recorded in the audit trail"), Secured, JsonBody))]
#[tracing::instrument(skip_all, fields(call_id))]
pub async fn record(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiJson(body): ApiJson<CallRequest>,
) -> Result<(StatusCode, Json<CallView>), ApiError> {
    let operator = who.require(Role::Viewer)?;
    let call = check(&body, Timestamp::now())?;
    let subject = call
        .uln
        .as_ref()
        .map_or_else(|| "call".to_owned(), |u| learner_subject(u.as_str()));
    let view = |id| CallView {
        id,
        started_at: call.started_at.to_string(),
        ended_at: call.ended_at.to_string(),
        outcome: call.outcome,
    };
    let times = view(0);
    let audit = AuditRecord::on_subject(subject, &operator.name, AuditAction::Call)
        .because(call.note.clone())
        .with_changes(json!({
            "started_at": times.started_at,
            "ended_at": times.ended_at,
            "outcome": call.outcome.wire_name(),
        }));
    let id = state.store.append_audit_with_id(&audit).await?;
    tracing::Span::current().record("call_id", id);
    tracing::info!("call recorded");
    Ok((StatusCode::CREATED, Json(view(id))))
}

#[utoipa::path(get, path = "/api/v1/calls", tag = "calls", operation_id = "recent_calls",
    responses((status = 200, body = CallList, description = "the asking operator's latest 20 calls, newest first: ids, times and outcomes only"), Secured))]
pub async fn recent(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Json<CallList>, ApiError> {
    let operator = who.require(Role::Viewer)?;
    let rows = state
        .store
        .recent_calls(&operator.name, RECENT_CALLS)
        .await?;
    Ok(Json(CallList {
        calls: rows.iter().filter_map(listed).collect(),
    }))
}

/// A call's row as the list shows it; a row without the times it was written with is skipped.
fn listed(row: &StoredAudit) -> Option<CallView> {
    let changes = row.changes.as_ref()?;
    let text = |name: &str| changes.get(name).and_then(Value::as_str).map(str::to_owned);
    Some(CallView {
        id: row.id,
        started_at: text("started_at")?,
        ended_at: text("ended_at")?,
        outcome: text("outcome")
            .and_then(|o| CallOutcome::from_wire(&o))
            .unwrap_or(CallOutcome::Unknown),
    })
}
