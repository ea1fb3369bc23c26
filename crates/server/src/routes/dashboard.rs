//! `/dashboard`: is the team keeping up? Any signed-in role may see the backlog and the team's
//! resolutions; who resolved how many is a supervisor's to see, so for other roles that part is
//! left out of the answer rather than refused.

use super::refusals::Secured;
use crate::error::ApiError;
use crate::extract::CurrentOperator;
use crate::store::Role;
use crate::{dashboard, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use jiff::Timestamp;
use uln_api::Dashboard;

pub fn router() -> Router<AppState> {
    Router::new().route("/dashboard", get(show))
}

#[utoipa::path(get, path = "/api/v1/dashboard", tag = "queues", operation_id = "dashboard",
    responses((status = 200, body = Dashboard,
        description = "per queue the open backlog by UK days left, due this week and the top 10 \
            centres; resolutions per UK day for 28 days; `by_operator` for supervisors only"),
        Secured))]
#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Json<Dashboard>, ApiError> {
    let operator = who.require(Role::Viewer)?;
    let supervisor = operator.role.allows(Role::Supervisor);
    let now = Timestamp::now();
    // Counting the open rows by centre reads every open exception's index entry: share the
    // heavy-read slots with queue pages, so record opens and writes are never starved.
    let _slot = state.heavy_read().await?;
    let facts = state
        .store
        .dashboard_facts(now, dashboard::resolutions_since(now))
        .await?;
    Ok(Json(dashboard::dashboard(&facts, now, supervisor)))
}
