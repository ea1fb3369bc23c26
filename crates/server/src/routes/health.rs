//! `/health` (no authentication, for load balancers and the console's connection indicator) and
//! `/me` (who a token belongs to, for the console's status bar).

use super::refusals::Secured;
use crate::error::ApiError;
use crate::extract::CurrentOperator;
use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use uln_api::{Health, Me};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/me", get(me))
}

#[utoipa::path(get, path = "/api/v1/health", tag = "health", operation_id = "health", security(()),
    responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

#[utoipa::path(get, path = "/api/v1/me", tag = "health", operation_id = "me",
    responses((status = 200, body = Me), Secured))]
pub async fn me(who: CurrentOperator) -> Result<Json<Me>, ApiError> {
    Ok(Json(Me {
        name: who.0.name.clone(),
        role: who.0.role.into(),
    }))
}
