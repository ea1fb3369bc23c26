//! `/challenges`: the data challenges raised, newest first.

use super::refusals::{Invalid, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiQuery, CurrentOperator};
use crate::register::ChallengeStatus;
use crate::store::Role;
use crate::{views, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use uln_api::ChallengeList;

pub fn router() -> Router<AppState> {
    Router::new().route("/challenges", get(list))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChallengeParams {
    /// open, in_progress, resolved or rejected; all when absent
    #[param(value_type = Option<uln_api::ChallengeStatus>)]
    status: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/challenges", tag = "challenges", operation_id = "list_challenges",
    params(ChallengeParams),
    responses((status = 200, body = ChallengeList), Secured, Unreadable, Invalid))]
pub async fn list(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiQuery(p): ApiQuery<ChallengeParams>,
) -> Result<Json<ChallengeList>, ApiError> {
    who.require(Role::Viewer)?;
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(ChallengeStatus::from_name(s).ok_or_else(|| {
            ApiError::invalid_field("status", "must be open, in_progress, resolved or rejected")
        })?),
    };
    let challenges = state.register.challenges(status).await?;
    Ok(Json(ChallengeList {
        challenges: challenges.iter().map(views::challenge).collect(),
    }))
}
