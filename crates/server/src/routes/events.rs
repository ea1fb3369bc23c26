//! `/events`: server-sent events for every change, so consoles update live.

use crate::error::ApiError;
use crate::extract::CurrentOperator;
use crate::store::Role;
use crate::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use futures_util::stream::Stream;
use std::convert::Infallible;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

pub fn router() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

/// Each change is a `change` event with a `ChangeEvent` JSON body. A subscriber that fell too far
/// behind gets a `resync` event and should reload what it shows.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    responses((status = 200, description = "text/event-stream of change events", body = uln_api::ChangeEvent)))]
pub async fn events(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    who.require(Role::Viewer)?;
    let stream = BroadcastStream::new(state.events.subscribe()).map(|item| {
        Ok(match item {
            Ok(change) => Event::default()
                .event("change")
                .json_data(&change)
                .unwrap_or_else(|_| Event::default().event("resync")),
            Err(BroadcastStreamRecvError::Lagged(_)) => {
                Event::default().event("resync").data("missed changes")
            }
        })
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
