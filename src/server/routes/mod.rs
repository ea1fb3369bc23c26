//! The HTTP API under `/api/v1`: one module per resource, each with its own router.

mod amendment;
pub mod challenges;
pub mod events;
pub mod exceptions;
pub mod health;
pub mod learners;
pub mod queues;
pub mod registrations;

use super::error::ApiError;
use super::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};

/// Request bodies over this are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(queues::router())
        .merge(exceptions::router())
        .merge(learners::router())
        .merge(challenges::router())
        .merge(events::router())
        .merge(registrations::router())
        .route(
            "/openapi.json",
            get(|| async { Json(super::openapi::document()) }),
        );
    Router::new()
        .nest("/api/v1", api)
        .fallback(|| async { ApiError::NotFound("route") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
