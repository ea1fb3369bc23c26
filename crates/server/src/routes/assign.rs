//! `/exceptions/{id}/assign` (give an open record to a colleague, with a message, or take it
//! back) and `/operators` (whom records can be given to).
//!
//! Who holds a record is part of its workflow state: an assignment goes through the same
//! version-guarded update, audit row and change event as every other change
//! (`exceptions::apply_change`), so it is `If-Match` guarded and can be undone like one. The
//! message is the `assigned` row's reason; the record's detail shows the latest one.

use super::exceptions::{
    apply_change, commit_change, detail, load_at_version, require_open, stale, with_etag,
    Committed, DetailResponse,
};
use super::record_change::Origin;
use super::refusals::{JsonBody, NeedsRole, NoSuchRecord, NotInThatState, Secured, VersionGuarded};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, CurrentOperator, IfMatch};
use crate::store::{AuditAction, AuditRecord, Operator, RecordUpdate, Registration, Role};
use crate::{views, AppState};
use axum::extract::State;
use axum::Json;
use serde_json::json;
use uln_api::{AssignRequest, AssignmentView, Colleague, ColleagueList, ExceptionDetail};
use uln_domain::text::{clean_optional, TextKind};

/// Active operators and supervisors: those who can work a record given to them.
async fn colleagues(state: &AppState) -> Result<Vec<Colleague>, ApiError> {
    let accounts = state.store.operators().await?;
    Ok(accounts
        .into_iter()
        .filter(|a| a.revoked_at.is_none())
        .filter(|a| matches!(a.operator.role, Role::Operator | Role::Supervisor))
        .map(|a| Colleague {
            name: a.operator.name,
            role: a.operator.role.into(),
        })
        .collect())
}

/// `name` if records can be given to them; else a 422 naming `field`. The name is not echoed:
/// the answer says what is wanted instead.
pub(super) async fn colleague(
    state: &AppState,
    name: &str,
    field: &str,
) -> Result<String, ApiError> {
    let known = colleagues(state).await?.into_iter().any(|c| c.name == name);
    if known {
        Ok(name.to_owned())
    } else {
        Err(ApiError::invalid_field(
            field,
            "must be the name of an active operator or supervisor (GET /api/v1/operators lists them)",
        ))
    }
}

/// The message that comes with an assignment, cleaned as every note is.
pub(super) fn message(text: Option<&str>) -> Result<Option<String>, ApiError> {
    clean_optional(text, TextKind::Note)
        .map_err(|e| ApiError::invalid_field("message", e.to_string()))
}

/// The `assigned` row for giving `record` to `to` (None: taking it back).
pub(super) fn assignment_audit(
    record: &Registration,
    by: &str,
    to: Option<&str>,
    message: Option<String>,
    handover: bool,
) -> AuditRecord {
    let mut changes = json!({ "assigned_to": { "before": record.assigned_to, "after": to } });
    if handover {
        changes["handover"] = json!(true);
    }
    let audit = AuditRecord::on_registration(record.id, by, AuditAction::Assigned);
    match message {
        Some(message) => audit.because(message),
        None => audit,
    }
    .with_changes(changes)
}

/// The record now held by `to`, unchanged otherwise.
pub(super) fn held_by(record: &Registration, to: Option<String>) -> RecordUpdate {
    RecordUpdate {
        assigned_to: to,
        ..RecordUpdate::unchanged(record)
    }
}

/// An assignment checked against the record at the version read, ready to store: what the
/// record's own route and `/bulk` both write.
pub struct PlannedAssignment {
    pub(super) current: Registration,
    pub(super) expected: i64,
    pub(super) update: RecordUpdate,
    pub audit: AuditRecord,
}

impl PlannedAssignment {
    /// Stores it at the version read (412 if the record moved on since), audited and published.
    pub async fn commit(self, state: &AppState) -> Result<Registration, ApiError> {
        commit_change(state, &self.current, self.expected, self.update, self.audit).await
    }
}

/// Gives record `id`, read at `expected`, to `to` (a colleague already checked; None takes it
/// back), with `message`: open records only.
pub async fn plan_assignment(
    state: &AppState,
    operator: &Operator,
    (id, expected): (i64, i64),
    to: Option<String>,
    message: Option<String>,
    origin: Origin,
) -> Result<PlannedAssignment, ApiError> {
    let current = load_at_version(state, id, expected).await?;
    require_open(&current)?;
    let audit = assignment_audit(&current, &operator.name, to.as_deref(), message, false);
    Ok(PlannedAssignment {
        update: held_by(&current, to),
        audit: origin.mark(audit),
        current,
        expected,
    })
}

/// Adds the latest assignment to a held record's detail: who gave it, when, and the message.
pub(super) async fn show_assignment(
    state: &AppState,
    r: &Registration,
    shown: &mut ExceptionDetail,
) -> Result<(), ApiError> {
    if r.assigned_to.is_none() {
        return Ok(());
    }
    let latest = state.store.latest_assignment(r.id).await?;
    shown.assignment = latest.map(|row| AssignmentView {
        to: r.assigned_to.clone(),
        by: row.operator,
        at: views::time(row.at),
        message: row.reason,
    });
    Ok(())
}

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/assign", tag = "exceptions", operation_id = "assign_exception",
    params(("id" = i64, Path, description = "record id"), ("If-Match" = String, Header, description = "the version last read")),
    request_body = AssignRequest,
    responses((status = 200, body = ExceptionDetail, description = "assigned (or taken back), audited as assigned with the message as its reason"),
        Secured, NeedsRole, NoSuchRecord, NotInThatState, JsonBody, VersionGuarded))]
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
pub async fn assign(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    IfMatch(expected): IfMatch,
    ApiJson(body): ApiJson<AssignRequest>,
) -> DetailResponse {
    let operator = who.require(Role::Operator)?;
    let message = message(body.message.as_deref())?;
    let to = match body.to.as_deref() {
        Some(name) => Some(colleague(&state, name, "to").await?),
        None => None,
    };
    let planned = plan_assignment(
        &state,
        operator,
        (id, expected),
        to,
        message,
        Origin::Single,
    );
    let PlannedAssignment {
        current,
        update,
        audit,
        ..
    } = planned.await?;
    match apply_change(&state, &current, expected, update, audit).await? {
        Committed::Updated(updated) => with_etag(detail(&state, &updated).await?),
        Committed::Stale(now) => {
            require_open(&now)?;
            Err(stale(&state, &now).await)
        }
    }
}

#[utoipa::path(get, path = "/api/v1/operators", tag = "exceptions", operation_id = "list_colleagues",
    responses((status = 200, body = ColleagueList, description = "active operators and supervisors, by name: whom a record can be assigned to"), Secured))]
pub async fn list(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Json<ColleagueList>, ApiError> {
    who.require(Role::Viewer)?;
    Ok(Json(ColleagueList {
        operators: colleagues(&state).await?,
    }))
}
