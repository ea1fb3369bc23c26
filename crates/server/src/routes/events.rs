//! `/events`: server-sent events for every change, so consoles update live.

use super::refusals::Secured;
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
use uln_api::StreamEvent;

pub fn router() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

/// Each change is a `change` event with a `ChangeEvent` JSON body; fresh counts of every queue
/// follow as a `queues` event (`QueueList`) after changes and every minute. A subscriber that
/// fell too far behind gets a `resync` event and should reload what it shows.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", operation_id = "events",
    responses((status = 200, content_type = "text/event-stream", body = String,
            description = "server-sent events, never ending: `change` (data: a ChangeEvent as JSON), `queues` (data: a QueueList as JSON) and `resync`"),
        Secured))]
pub async fn events(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    who.require(Role::Viewer)?;
    let stream = BroadcastStream::new(state.events.subscribe()).map(|item| {
        Ok(match item {
            Ok(StreamEvent::Change(change)) => Event::default()
                .event("change")
                .json_data(&change)
                .unwrap_or_else(|_| resync()),
            Ok(StreamEvent::Queues(list)) => Event::default()
                .event("queues")
                .json_data(&list)
                .unwrap_or_else(|_| resync()),
            Ok(StreamEvent::Resync) | Err(BroadcastStreamRecvError::Lagged(_)) => resync(),
        })
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

fn resync() -> Event {
    Event::default().event("resync").data("missed changes")
}
