//! `/exceptions/{id}`: reading a record, and the audit of an operator seeing it.
//!
//! Every view of a learner's data that an operator actually sees is audited as `viewed`, and only
//! those. A plain GET is such a view. A console that reads ahead (the neighbours of the record on
//! screen) reads with `?prefetch=true` and posts `/viewed` when, and only if, it shows the record
//! read ahead. A read ahead is still recorded, as `read_ahead`: the learner's data left the
//! server, so no client can read records unrecorded by calling them reads ahead.
//!
//! The record's detail carries only the latest entries of its audit trail; `/audit` pages through
//! the whole of it. Reading the trail is audited as a view too: its entries hold the record's data
//! (an amendment's before and after), so it is seeing the record.

use super::exceptions::{detail, load, with_etag, DetailResponse};
use super::refusals::{Invalid, NoSuchRecord, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery, CurrentOperator};
use crate::store::{AuditAction, AuditRecord, Role};
use crate::{views, AppState};
use axum::http::StatusCode;
use axum::Json;
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
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty, prefetch = params.prefetch))]
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
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
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

/// Entries a page of the audit trail may hold at most.
const MAX_TRAIL_PAGE: u32 = 200;
const DEFAULT_TRAIL_PAGE: u32 = 50;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrailParams {
    /// An entry's `id`: the page holds only older entries (the previous page's `next_before`).
    /// Without it, the page starts at the newest.
    before: Option<i64>,
    /// Entries on the page, 1–200; default 50.
    limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/exceptions/{id}/audit", tag = "exceptions", operation_id = "exception_audit_trail",
    params(("id" = i64, Path, description = "record id"), TrailParams),
    responses((status = 200, body = uln_api::AuditPage, description = "a page of the record's audit trail (views and changes, not reads ahead), newest first; audited as viewed"),
        Secured, Unreadable, NoSuchRecord, Invalid))]
#[tracing::instrument(skip_all, fields(record_id = tracing::field::Empty))]
pub async fn trail(
    state: axum::extract::State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<TrailParams>,
) -> Result<Json<uln_api::AuditPage>, ApiError> {
    let operator = who.require(Role::Viewer)?;
    let limit = params.limit.unwrap_or(DEFAULT_TRAIL_PAGE);
    if !(1..=MAX_TRAIL_PAGE).contains(&limit) {
        let why = format!("must be between 1 and {MAX_TRAIL_PAGE}");
        return Err(ApiError::invalid_field("limit", why));
    }
    if params.before.is_some_and(|b| b < 1) {
        return Err(ApiError::invalid_field(
            "before",
            "must be an audit entry's id",
        ));
    }
    load(&state, id).await?;
    audit(&state, id, &operator.name, AuditAction::Viewed).await?;
    // One entry more than asked for says whether an older page follows.
    let mut page = state
        .store
        .record_trail(id, params.before, limit + 1)
        .await?;
    let more = page.entries.len() > limit as usize;
    page.entries.truncate(limit as usize);
    Ok(Json(views::audit_page(&page, more)))
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
