//! The HTTP API under `/api/v1`: one module per resource, each with its own router.

mod amendment;
pub mod assign;
pub mod bulk;
pub mod calls;
pub mod challenges;
pub mod claims;
pub mod dashboard;
pub mod events;
pub mod exceptions;
pub mod exports;
pub mod handover;
pub mod health;
mod identity_guard;
pub mod learners;
pub mod notes;
pub mod openapi;
pub mod queues;
pub(crate) mod record_change;
pub mod refusals;
pub mod registrations;
pub mod reopen;
pub mod reveal;
pub mod snooze;
pub mod undo;
pub mod viewing;

use super::error::ApiError;
use super::AppState;
use axum::extract::DefaultBodyLimit;
use axum::Router;

/// Request bodies over this are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The request span names the method only: paths and query strings carry ULNs, names and dates of
/// birth (a PLR lookup's, say), which must never reach a log. Handlers add the record id.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("request", method = %request.method())
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(queues::router())
        .merge(dashboard::router())
        .merge(exceptions::router())
        .merge(bulk::router())
        .merge(handover::router())
        .merge(learners::router())
        .merge(challenges::router())
        .merge(calls::router())
        .merge(exports::router())
        .merge(events::router())
        .merge(registrations::router())
        .merge(openapi::router());
    Router::new()
        .nest("/api/v1", api)
        .fallback(|| async { ApiError::NotFound("route") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(axum::middleware::from_fn_with_state(
            state.limits.body,
            crate::guard::request_limits,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}
