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

/// Each change is a `change` event with a `ChangeEvent` JSON body, and each claim, renewal,
/// takeover or release of a record a `claim` event (`ClaimEvent`); fresh counts of every queue
/// follow as a `queues` event (`QueueList`) after changes and every minute. A subscriber that
/// may have missed changes gets a `resync` event and should reload what it shows: it fell too far
/// behind, or (several servers over PostgreSQL) this server lost its link to the others for a
/// moment or could not pass a change on whole. When the server
/// stops, the stream ends with a `reconnect` event: connect again (to another server, or to this
/// one once it is back) and reload. The stream ends within about a second of the caller's token
/// being revoked (reconnecting then gets 401).
#[utoipa::path(get, path = "/api/v1/events", tag = "events", operation_id = "events",
    responses((status = 200, content_type = "text/event-stream", body = String,
            description = "server-sent events, never ending: `change` (data: a ChangeEvent as JSON), `claim` (data: a ClaimEvent as JSON: a record claimed, renewed, taken over or released), `note` (data: a NoteEvent as JSON: a note written on a record, ids and author only), `queues` (data: a QueueList as JSON), `resync` (reload) and, as the last event when the server stops, `reconnect`"),
        Secured))]
pub async fn events(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    who.require(Role::Viewer)?;
    let revoked = crate::operators::token_revoked(state.clone(), who.token_hash().clone());
    let mut stopping = state.stopping.clone();
    let stopped = async move {
        // An error means the server is gone, which is stopping too.
        let _ = stopping.wait_for(|stopping| *stopping).await;
    };
    let stopping_now = state.stopping.clone();
    let stream = BroadcastStream::new(state.events.subscribe()).map(|item| {
        Ok(match item {
            Ok(StreamEvent::Change(change)) => Event::default()
                .event("change")
                .json_data(&change)
                .unwrap_or_else(|_| resync()),
            Ok(StreamEvent::Claim(claim)) => Event::default()
                .event("claim")
                .json_data(&claim)
                .unwrap_or_else(|_| resync()),
            Ok(StreamEvent::Note(note)) => Event::default()
                .event("note")
                .json_data(&note)
                .unwrap_or_else(|_| resync()),
            Ok(StreamEvent::Queues(list)) => Event::default()
                .event("queues")
                .json_data(&list)
                .unwrap_or_else(|_| resync()),
            Ok(StreamEvent::Resync) | Err(BroadcastStreamRecvError::Lagged(_)) => resync(),
            // Never broadcast: each stream makes its own when the server stops.
            Ok(StreamEvent::Reconnect) => reconnect(),
        })
    });
    let stream = futures_util::StreamExt::take_until(stream, revoked);
    // The last event only when the server is stopping; a revoked token's stream just ends.
    let last = futures_util::stream::once(async move { *stopping_now.borrow() })
        .filter_map(|stopping| stopping.then(|| Ok(reconnect())));
    let stream = futures_util::StreamExt::take_until(stream, stopped).chain(last);
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

fn reconnect() -> Event {
    Event::default()
        .event("reconnect")
        .data("the server is stopping")
}

fn resync() -> Event {
    Event::default().event("resync").data("missed changes")
}
