//! `/exports`: a console about to write a queue view to a file records it first. The rows are
//! learners' details, so writing them out is audited like viewing them: who, which view (queue,
//! records, filter, order) and how many rows. The console writes the file only once this answers.

use super::refusals::{JsonBody, Secured};
use crate::error::ApiError;
use crate::extract::{ApiJson, CurrentOperator};
use crate::store::{AuditAction, AuditRecord, Role};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map};
use uln_api::{ExportRecorded, ExportRequest, Queue, RecordFilter, SortKey};
use uln_domain::text::{self, TextKind};

/// More rows than any queue holds: a count beyond it is a mistake, not an export.
pub const MAX_EXPORT_ROWS: u32 = 10_000_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/exports", post(record))
}

#[utoipa::path(post, path = "/api/v1/exports", tag = "exports", operation_id = "record_export",
    request_body = ExportRequest,
    responses((status = 201, body = ExportRecorded, description = "the export, recorded in the audit trail: write the file now"), Secured, JsonBody))]
#[tracing::instrument(skip_all, fields(export_id))]
pub async fn record(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiJson(body): ApiJson<ExportRequest>,
) -> Result<(StatusCode, Json<ExportRecorded>), ApiError> {
    // Whoever may list a queue may export it; the audit row says who did.
    let operator = who.require(Role::Viewer)?;
    let mut errors = Map::new();
    let mut refuse = |field: &str, why: String| drop(errors.insert(field.into(), why.into()));
    if matches!(body.queue, Queue::Kind(uln_api::AnomalyKind::Unknown)) {
        refuse("queue", "must be all or an anomaly kind".into());
    }
    if body.records == RecordFilter::Unknown {
        refuse("records", "must be open, closed or all".into());
    }
    if SortKey::from_name(&body.sort).is_none() {
        refuse(
            "sort",
            "must be deadline, registered, centre or family_name".into(),
        );
    }
    if body.rows > MAX_EXPORT_ROWS {
        refuse("rows", format!("at most {MAX_EXPORT_ROWS}"));
    }
    let filter = text::clean_optional(body.filter.as_deref(), TextKind::Search)
        .map_err(|e| refuse("filter", e.to_string()))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(ApiError::invalid_fields(errors));
    }
    let audit = AuditRecord::on_subject("export", &operator.name, AuditAction::Exported)
        .because(format!("{} rows written as CSV", body.rows))
        .with_changes(json!({
            "queue": body.queue.wire_name(),
            "records": body.records.wire_name(),
            "filter": filter,
            "sort": body.sort,
            "descending": body.descending,
            "rows": body.rows,
        }));
    let id = state.store.append_audit_with_id(&audit).await?;
    tracing::Span::current().record("export_id", id);
    tracing::info!(rows = body.rows, "export recorded");
    Ok((StatusCode::CREATED, Json(ExportRecorded { id })))
}
