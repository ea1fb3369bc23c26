//! `/health` (no authentication, for load balancers and the console's connection indicator),
//! `/me` (who a token belongs to, and the snooze margin the console states) and `/register` (whether the LRS can be asked now, and how many
//! registrations wait for it), both for the console's status bar.

use super::refusals::Secured;
use crate::error::ApiError;
use crate::extract::CurrentOperator;
use crate::register::Availability;
use crate::store::Role;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use jiff::Timestamp;
use uln_api::{Health, Me, RegisterState, RegisterStatus};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/me", get(me))
        .route("/register", get(register_status))
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
pub async fn me(State(state): State<AppState>, who: CurrentOperator) -> Result<Json<Me>, ApiError> {
    Ok(Json(Me {
        name: who.0.name.clone(),
        role: who.0.role.into(),
        snooze_margin_hours: u32::try_from(state.snooze_margin.as_hours()).ok(),
    }))
}

#[utoipa::path(get, path = "/api/v1/register", tag = "health", operation_id = "register_status",
    responses((status = 200, body = RegisterStatus, description = "the register's state as its recent calls found it"), Secured))]
pub async fn register_status(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Json<RegisterStatus>, ApiError> {
    who.require(Role::Viewer)?;
    let pending = state.store.pending_count().await?;
    let text = |t: Timestamp| Some(t.to_string());
    let (register_state, since, until) = match state.register.availability() {
        Availability::Available => (RegisterState::Available, None, None),
        Availability::Slow { since } => (RegisterState::Slow, text(since), None),
        Availability::Closed { since, until } => {
            (RegisterState::Closed, text(since), until.and_then(text))
        }
        Availability::Down { since } => (RegisterState::Down, text(since), None),
    };
    Ok(Json(RegisterStatus {
        register: state.register.kind(),
        state: register_state,
        since,
        until,
        pending,
    }))
}
