//! `/exceptions/{id}/reveal` and `/learners/{uln}/reveal`: the audit of an operator showing
//! personal details again while the console is masked for screen sharing.
//!
//! Masking is the console's own (a rendering concern); the backend only records that masked
//! details were shown, by whom and of whom, so a screen share that showed a learner can be traced.
//! A record is audited on its own trail; a learner looked up in the PLR has no record, so it is
//! audited by subject (`uln:…`), as the PLR lookup that showed it was.

use super::exceptions::load;
use super::learners::{learner_subject, parse_uln};
use super::refusals::{Invalid, NoSuchRecord, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiPath, CurrentOperator};
use crate::store::{AuditAction, AuditRecord, Role};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/reveal", tag = "exceptions", operation_id = "record_revealed",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 204, description = "one `revealed` row added to the record's audit trail, for the caller: the console showed the record's masked details"),
        Secured, Unreadable, NoSuchRecord))]
#[tracing::instrument(skip_all, fields(record_id = id))]
pub async fn record(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    let operator = who.require(Role::Viewer)?;
    // Only a record the operator could read can have been shown.
    load(&state, id).await?;
    let row = AuditRecord::on_registration(id, &operator.name, AuditAction::Revealed)
        .because("shown while the console was masked");
    state.store.append_audit(&row).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/learners/{uln}/reveal", tag = "learners", operation_id = "learner_revealed",
    params(("uln" = String, Path, pattern = "^[0-9]{10}$", description = "the learner's ULN: ten digits")),
    responses((status = 204, description = "one `revealed` row audited by subject `uln:…`, for the caller: the console showed a looked-up learner's masked details"),
        Secured, Unreadable, Invalid))]
#[tracing::instrument(skip_all)]
pub async fn learner(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(uln): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let operator = who.require(Role::Viewer)?;
    let uln = parse_uln(&uln)?;
    let row = AuditRecord::on_subject(
        learner_subject(uln.as_str()),
        &operator.name,
        AuditAction::Revealed,
    )
    .because("shown while the console was masked");
    state.store.append_audit(&row).await?;
    Ok(StatusCode::NO_CONTENT)
}
