//! `/exceptions/{id}`'s actions: amend, reject, verify (viewing in `viewing.rs`, reopen in
//! `reopen.rs`).

use super::amendment::parse_amendment;
use super::record_change::{plan_amendment, plan_rejection, Origin, Rejection};
use super::refusals::{
    JsonBody, NeedsRole, NoSuchRecord, NotInThatState, NotOpenOrIdentityUnconfirmed, Secured,
    Stale, Unreadable, VersionGuarded,
};
use crate::assess::{assess, Assessment};
use crate::duplicates::{with_duplicates, Subject};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, CurrentOperator, IfMatch};
use crate::store::{
    AuditAction, AuditRecord, RecordStatus, RecordUpdate, Registration, Role, TrailPage,
    UpdateOutcome,
};
use crate::{views, AppState};
use axum::http::header::ETAG;
use axum::http::HeaderMap;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use uln_api::{self as api, ChangeEvent, ExceptionDetail, RejectRequest};
use uln_domain::demographics::uk_date;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/exceptions/{id}", get(super::viewing::show))
        .route("/exceptions/{id}/viewed", post(super::viewing::viewed))
        .route("/exceptions/{id}/reveal", post(super::reveal::record))
        .route("/exceptions/{id}/audit", get(super::viewing::trail))
        .route("/exceptions/{id}/amend", post(amend))
        .route("/exceptions/{id}/reject", post(reject))
        .route("/exceptions/{id}/verify", post(verify))
        .route("/exceptions/{id}/reopen", post(super::reopen::reopen))
        .route("/exceptions/{id}/notes", post(super::notes::add))
        .route("/exceptions/{id}/assign", post(super::assign::assign))
        .route(
            "/exceptions/{id}/claim",
            put(super::claims::claim).delete(super::claims::release),
        )
        .route(
            "/exceptions/{id}/snooze",
            post(super::snooze::snooze).delete(super::snooze::wake),
        )
        .route("/exceptions/{id}/undo", post(super::undo::undo))
}

/// Audit entries a record's detail carries, the latest: one viewed thousands of times stays small,
/// and `/exceptions/{id}/audit` pages through the rest.
pub const AUDIT_IN_DETAIL: u32 = 20;

pub(super) type DetailResponse = Result<(HeaderMap, Json<ExceptionDetail>), ApiError>;

pub(super) fn with_etag(detail: ExceptionDetail) -> DetailResponse {
    let mut headers = HeaderMap::new();
    if let Ok(value) = format!("\"{}\"", detail.version).parse() {
        headers.insert(ETAG, value);
    }
    Ok((headers, Json(detail)))
}

/// Loads an exception; matched registrations were never exceptions.
///
/// The id joins the handler's log span only once it names a record: a number that names none
/// may be a ULN typed into the wrong place, and a ULN must never reach a log.
pub(super) async fn load(state: &AppState, id: i64) -> Result<Registration, ApiError> {
    let record = state
        .store
        .registration(id)
        .await?
        .filter(|r| r.status != RecordStatus::Matched)
        .ok_or(ApiError::NotFound("exception"))?;
    tracing::Span::current().record("record_id", id);
    Ok(record)
}

/// Loads an exception the client last read at `expected`; 412 with the current record otherwise.
pub(super) async fn load_at_version(
    state: &AppState,
    id: i64,
    expected: i64,
) -> Result<Registration, ApiError> {
    let current = load(state, id).await?;
    if current.version != expected {
        return Err(stale(state, &current).await);
    }
    Ok(current)
}

/// Verifies a stored record's current details against the register and the other registrations.
pub(super) async fn assess_record(
    state: &AppState,
    r: &Registration,
) -> Result<Assessment, ApiError> {
    let uln = r.uln.as_deref().unwrap_or("");
    assess_details(state, r, uln, &r.demographics).await
}

/// Verifies details a record would have (its own, or amended) against the register, and judges
/// them against the other registrations that may duplicate it.
pub(super) async fn assess_details(
    state: &AppState,
    r: &Registration,
    uln: &str,
    details: &uln_domain::Demographics,
) -> Result<Assessment, ApiError> {
    let assessment = assess(state.register.as_ref(), uln, details).await?;
    let subject = Subject {
        id: Some(r.id),
        uln,
        qualification: r.qualification.as_deref(),
        details,
    };
    Ok(with_duplicates(state.store.as_ref(), subject, assessment).await?)
}

/// The full record as an operator sees it now, with its audit trail.
pub(super) async fn detail(
    state: &AppState,
    r: &Registration,
) -> Result<ExceptionDetail, ApiError> {
    match assess_record(state, r).await {
        Ok(assessment) => detail_from(state, r, &assessment).await,
        // The LRS closed or down must not hide the record: it is shown as stored, saying why
        // the register's side is missing.
        Err(ApiError::RegisterUnavailable(why)) => {
            let (latest, notes) = history(state, r.id).await?;
            let mut shown = views::exception_detail(r, None, None, &[], &latest, &notes);
            super::assign::show_assignment(state, r, &mut shown).await?;
            shown.claim = super::claims::claim_on(state, r.id).await?;
            shown.register_unavailable = Some(why);
            Ok(shown)
        }
        Err(e) => Err(e),
    }
}

async fn detail_from(
    state: &AppState,
    r: &Registration,
    a: &Assessment,
) -> Result<ExceptionDetail, ApiError> {
    let (latest, notes) = history(state, r.id).await?;
    // Suggestions are for work still to do; a closed record keeps its history, not advice.
    let suggestions = if r.status == RecordStatus::Open {
        a.suggestions.as_slice()
    } else {
        &[]
    };
    let mut shown = views::exception_detail(
        r,
        a.lookup.learner(),
        a.verification.comparison.as_ref(),
        suggestions,
        &latest,
        &notes,
    );
    super::assign::show_assignment(state, r, &mut shown).await?;
    shown.claim = super::claims::claim_on(state, r.id).await?;
    Ok(shown)
}

/// What the detail shows of a record's past: the latest of its trail, and its latest notes.
async fn history(state: &AppState, id: i64) -> Result<(TrailPage, TrailPage), ApiError> {
    let latest = state.store.record_trail(id, None, AUDIT_IN_DETAIL).await?;
    let notes = state.store.record_notes(id, api::NOTES_IN_DETAIL).await?;
    Ok((latest, notes))
}

pub(super) async fn stale(state: &AppState, current: &Registration) -> ApiError {
    match detail(state, current).await {
        Ok(d) => ApiError::PreconditionFailed(Box::new(d)),
        Err(e) => e,
    }
}

/// The one answer about a record past its deadline, whatever was tried: nobody can reopen it.
pub(super) fn expired() -> ApiError {
    ApiError::Conflict {
        code: uln_api::ErrorCode::Expired,
        message: "the ULN was removed under the four-week rule; the centre must register the learner again".into(),
    }
}

pub(super) fn require_open(r: &Registration) -> Result<(), ApiError> {
    match r.status {
        RecordStatus::Open => Ok(()),
        RecordStatus::Expired => Err(expired()),
        _ => Err(ApiError::Conflict {
            code: uln_api::ErrorCode::NotOpen,
            message: format!(
                "the record is {}; only open records can be changed (a supervisor can reopen it)",
                r.status.name()
            ),
        }),
    }
}

/// Applies an update guarded by the version; publishes the change and answers with the new record.
pub(super) async fn commit(
    state: &AppState,
    current: &Registration,
    expected_version: i64,
    update: RecordUpdate,
    audit: AuditRecord,
    assessment: &Assessment,
) -> DetailResponse {
    let updated = commit_change(state, current, expected_version, update, audit).await?;
    with_etag(detail_from(state, &updated, assessment).await?)
}

/// `apply_change`, a record changed since it was read refused as every write refuses it.
pub(super) async fn commit_change(
    state: &AppState,
    current: &Registration,
    expected_version: i64,
    update: RecordUpdate,
    audit: AuditRecord,
) -> Result<Registration, ApiError> {
    match apply_change(state, current, expected_version, update, audit).await? {
        Committed::Updated(updated) => Ok(updated),
        Committed::Stale(now) => Err(stale(state, &now).await),
    }
}

/// What a version-guarded change came to: done, or refused with the record as it is now.
pub(super) enum Committed {
    Updated(Registration),
    Stale(Registration),
}

/// Every operator's change to a record is written here: guarded by the version, audited with the
/// state it replaced (what an undo writes back), and published on the event stream. A record
/// changed since it was read is answered as it is now, for writes that report per record (a
/// handover, a bulk action).
pub(super) async fn apply_change(
    state: &AppState,
    current: &Registration,
    expected_version: i64,
    update: RecordUpdate,
    mut audit: AuditRecord,
) -> Result<Committed, ApiError> {
    crate::undo::keep_state_before(&mut audit, current, expected_version + 1);
    let action = audit.action;
    match state
        .store
        .update_registration(current.id, expected_version, &update, &audit)
        .await?
    {
        UpdateOutcome::Updated(updated) => {
            tracing::info!(
                record_id = updated.id,
                action = action.name(),
                status = updated.status.name(),
                "record changed"
            );
            // Every audited change to a record is one of the change actions.
            if let Some(change) = crate::undo::announced_as(action, &updated) {
                state.publish(ChangeEvent {
                    record_id: updated.id,
                    status: updated.status.into(),
                    version: updated.version,
                    operator: audit.operator.clone(),
                    action: change,
                    row: (updated.status == RecordStatus::Open)
                        .then(|| views::exception_summary(&updated)),
                });
            }
            Ok(Committed::Updated(updated))
        }
        UpdateOutcome::Stale(now) => Ok(Committed::Stale(now)),
        UpdateOutcome::NotFound => Err(ApiError::NotFound("exception")),
    }
}

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/amend", tag = "exceptions", operation_id = "amend_exception",
    params(("id" = i64, Path, description = "record id"), ("If-Match" = String, Header, description = "the version last read")),
    request_body(content = api::AmendRequest, description = "fields to change (uln and/or any of the five) plus `note`; `identity_confirmed: true` (with a `note`) once the centre has confirmed the learner's identity"),
    responses((status = 200, body = ExceptionDetail), Secured, NeedsRole, NoSuchRecord,
        NotOpenOrIdentityUnconfirmed, JsonBody, VersionGuarded))]
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
pub async fn amend(
    state: axum::extract::State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    IfMatch(expected): IfMatch,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> DetailResponse {
    let operator = who.require(Role::Operator)?;
    let request = parse_amendment(&body, uk_date(jiff::Timestamp::now()))?;
    plan_amendment(&state, operator, id, expected, request, Origin::Single)
        .await?
        .commit(&state)
        .await
}

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/reject", tag = "exceptions", operation_id = "reject_exception",
    params(("id" = i64, Path, description = "record id"), ("If-Match" = String, Header, description = "the version last read")),
    request_body = RejectRequest,
    responses((status = 200, body = ExceptionDetail), Secured, NeedsRole, NoSuchRecord, NotInThatState,
        JsonBody, VersionGuarded))]
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
pub async fn reject(
    state: axum::extract::State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    IfMatch(expected): IfMatch,
    ApiJson(body): ApiJson<RejectRequest>,
) -> DetailResponse {
    let operator = who.require(Role::Operator)?;
    let request = Rejection::check(&body)?;
    plan_rejection(&state, operator, id, expected, request, Origin::Single)
        .await?
        .commit(&state)
        .await
}

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/verify", tag = "exceptions", operation_id = "verify_exception",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 200, body = ExceptionDetail), Secured, NeedsRole, Unreadable, NoSuchRecord,
        NotInThatState, Stale))]
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
pub async fn verify(
    state: axum::extract::State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
) -> DetailResponse {
    let operator = who.require(Role::Operator)?;
    let current = load(&state, id).await?;
    require_open(&current)?;
    let assessment = assess_record(&state, &current).await?;
    let unchanged = assessment.verification.code == current.verify_code
        && assessment.verification.failure_flags == current.failure_flags
        && assessment.anomalies == current.anomalies;
    let audit = AuditRecord::on_registration(id, &operator.name, AuditAction::Verified).because(
        format!("re-verified: {}", assessment.verification.code.code()),
    );
    if unchanged {
        // Nothing changed, so the version stays and nobody's pending edit is invalidated.
        state.store.append_audit(&audit).await?;
        return with_etag(detail_from(&state, &current, &assessment).await?);
    }
    let update = RecordUpdate {
        status: assessment.status(RecordStatus::Resolved),
        verify_code: assessment.verification.code,
        failure_flags: assessment.verification.failure_flags.clone(),
        anomalies: assessment.anomalies.clone(),
        ..RecordUpdate::unchanged(&current)
    };
    let changes = json!({ "verify_code": { "before": current.verify_code.code(), "after": assessment.verification.code.code() } });
    commit(
        &state,
        &current,
        current.version,
        update,
        audit.with_changes(changes),
        &assessment,
    )
    .await
}
