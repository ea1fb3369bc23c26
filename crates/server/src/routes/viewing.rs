//! `/exceptions/{id}`: reading a record, and the audit of an operator seeing it.
//!
//! Every view of a learner's data that an operator actually sees is audited as `viewed`, and only
//! those. A plain GET is such a view. A console that reads ahead (the neighbours of the record on
//! screen) reads with `?prefetch=true` and posts `/viewed` when, and only if, it shows the record
//! read ahead. A read ahead is still recorded, as `read_ahead`: the learner's data left the
//! server, so no client can read records unrecorded by calling them reads ahead.

use super::exceptions::{detail, load, with_etag, DetailResponse};
use super::refusals::{NoSuchRecord, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery, CurrentOperator};
use crate::store::{AuditAction, AuditRecord, Role};
use crate::AppState;
use axum::http::StatusCode;
use serde::Deserialize;
use uln_api::ExceptionDetail;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShowParams {
    /// `true`: read ahead for a screen that may never show the record, so this is audited as
    /// `read_ahead`, not as a view; post `/exceptions/{id}/viewed` when it is shown. Default `false`.
    #[serde(default)]
    prefetch: bool,
}

#[utoipa::path(get, path = "/api/v1/exceptions/{id}", tag = "exceptions", operation_id = "show_exception",
    params(("id" = i64, Path, description = "record id"), ShowParams),
    responses((status = 200, body = ExceptionDetail, description = "the record; audited as viewed, or as read_ahead with `prefetch=true`",
            headers(("ETag" = String, description = "the record's version, quoted"))),
        Secured, Unreadable, NoSuchRecord))]
#[tracing::instrument(skip_all, fields(record_id = id, prefetch = params.prefetch))]
pub async fn show(
    state: axum::extract::State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<ShowParams>,
) -> DetailResponse {
    let operator = who.require(Role::Viewer)?;
    let record = load(&state, id).await?;
    let action = if params.prefetch {
        AuditAction::ReadAhead
    } else {
        AuditAction::Viewed
    };
    audit(&state, id, &operator.name, action).await?;
    with_etag(detail(&state, &record).await?)
}

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/viewed", tag = "exceptions", operation_id = "record_viewed",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 204, description = "one `viewed` row added to the record's audit trail, for the caller"),
        Secured, Unreadable, NoSuchRecord))]
#[tracing::instrument(skip_all, fields(record_id = id))]
pub async fn viewed(
    state: axum::extract::State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    let operator = who.require(Role::Viewer)?;
    // Only records a GET could have shown can have been seen.
    load(&state, id).await?;
    audit(&state, id, &operator.name, AuditAction::Viewed).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn audit(
    state: &AppState,
    id: i64,
    operator: &str,
    action: AuditAction,
) -> Result<(), ApiError> {
    state
        .store
        .append_audit(&AuditRecord::on_registration(id, operator, action))
        .await?;
    Ok(())
}
