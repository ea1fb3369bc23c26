//! `/exceptions/{id}/reopen`: a supervisor undoes a resolution or a rejection.

use super::exceptions::{assess_record, commit, expired, load_at_version, DetailResponse};
use super::refusals::{
    NeedsRole, NoSuchRecord, NotInThatState, OptionalBody, Secured, VersionGuarded,
};
use crate::error::ApiError;
use crate::extract::{ApiPath, CurrentOperator, IfMatch};
use crate::store::{AuditAction, AuditRecord, RecordStatus, RecordUpdate, Role};
use crate::AppState;
use serde_json::json;
use uln_api::{ExceptionDetail, NoteRequest};
use uln_domain::text::{clean_optional, TextKind};

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/reopen", tag = "exceptions", operation_id = "reopen_exception",
    params(("id" = i64, Path, description = "record id"), ("If-Match" = String, Header, description = "the version last read")),
    request_body(content = Option<NoteRequest>, description = "optional: an empty body means no note"),
    responses((status = 200, body = ExceptionDetail), Secured, NeedsRole, NoSuchRecord, NotInThatState,
        OptionalBody, VersionGuarded))]
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
pub async fn reopen(
    state: axum::extract::State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    IfMatch(expected): IfMatch,
    body: axum::body::Bytes,
) -> DetailResponse {
    let operator = who.require(Role::Supervisor)?;
    // The body is optional: an empty one means no note.
    let request: NoteRequest = if body.iter().all(u8::is_ascii_whitespace) {
        NoteRequest::default()
    } else {
        crate::json_body::parse(&body)?
    };
    let note = clean_optional(request.note.as_deref(), TextKind::Note)
        .map_err(|e| ApiError::invalid_field("note", e.to_string()))?;
    let current = load_at_version(&state, id, expected).await?;
    match current.status {
        RecordStatus::Resolved | RecordStatus::Rejected => {}
        RecordStatus::Expired => return Err(expired()),
        _ => {
            return Err(ApiError::Conflict {
                code: uln_api::ErrorCode::NotClosed,
                message: "only resolved or rejected records can be reopened".into(),
            })
        }
    }
    let assessment = assess_record(&state, &current).await?;
    let update = RecordUpdate {
        status: RecordStatus::Open,
        verify_code: assessment.verification.code,
        failure_flags: assessment.verification.failure_flags.clone(),
        anomalies: assessment.anomalies.clone(),
        reject_reason: None,
        ..RecordUpdate::unchanged(&current)
    };
    let mut audit = AuditRecord::on_registration(id, &operator.name, AuditAction::Reopened)
        .with_changes(json!({ "status": { "before": current.status.name(), "after": "open" } }));
    audit.reason = note;
    commit(&state, &current, expected, update, audit, &assessment).await
}
