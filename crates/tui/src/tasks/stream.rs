//! The backend's event stream, followed for the whole session: changes, queue counts and
//! claims in; reconnecting with backoff while the backend cannot be reached.

use crate::message::Message;
use futures_util::StreamExt;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use uln_api::{ApiClient, ClientError, StreamEvent};

/// Longest wait between attempts to reach a backend that went away.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// The wait before reconnecting after the server said it is stopping.
const RECONNECT_SOON: Duration = Duration::from_millis(250);

/// What following the stream tells a console. Cloneable, so that one stream can be passed on to
/// many consoles (`crate::feed`).
// Mostly events, which are as large as `StreamEvent` itself and allowed so for the same reason.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum News {
    /// A change, claim, note, queue counts or resync; never `Reconnect`, which the follower handles.
    Event(StreamEvent),
    Online(bool),
    TokenRefused,
    ServerInUse(String),
}

impl From<News> for Message {
    fn from(news: News) -> Message {
        match news {
            News::Event(StreamEvent::Change(change)) => Message::Change(change),
            News::Event(StreamEvent::Claim(claim)) => Message::ClaimChanged(claim),
            News::Event(StreamEvent::Note(note)) => Message::NoteWritten(note),
            News::Event(StreamEvent::Queues(list)) => Message::Queues(Ok(list)),
            News::Event(StreamEvent::Resync | StreamEvent::Reconnect) => Message::Resync,
            News::Online(online) => Message::Connection(online),
            News::TokenRefused => Message::TokenRefused,
            News::ServerInUse(root) => Message::ServerInUse(root),
        }
    }
}

/// Follows the backend's change stream, reconnecting with backoff while it is unreachable.
pub(super) async fn follow_changes(client: ApiClient, tx: UnboundedSender<Message>) {
    follow(client, |news| tx.send(news.into()).is_ok()).await;
}

/// Follows the backend's change stream, handing each piece of news to `deliver` until it answers
/// false (nobody is listening any more).
pub(crate) async fn follow(client: ApiClient, mut deliver: impl FnMut(News) -> bool) {
    let mut backoff = Duration::from_secs(1);
    let mut refused = false;
    let mut server = client.base().to_owned();
    loop {
        let stream = match client.events().await {
            Ok(stream) => Some(stream),
            // Said once, not at every retry: a revoked token stays refused.
            Err(ClientError::Api { status: 401, .. }) if !refused => {
                refused = true;
                if !deliver(News::TokenRefused) {
                    return;
                }
                None
            }
            Err(_) => None,
        };
        if let Some(stream) = stream {
            backoff = Duration::from_secs(1);
            refused = false;
            if !deliver(News::Online(true)) {
                return;
            }
            if client.base() != server {
                server = client.base().to_owned();
                if !deliver(News::ServerInUse(server.clone())) {
                    return;
                }
            }
            let mut stream = std::pin::pin!(stream);
            while let Some(event) = stream.next().await {
                // The server is stopping: another may already be up, so try again soon rather
                // than after a full backoff.
                if matches!(event, StreamEvent::Reconnect) {
                    // Spread out so a team's consoles do not all arrive at once.
                    backoff = RECONNECT_SOON + Duration::from_millis(fastrand::u64(0..500));
                    break;
                }
                if !deliver(News::Event(event)) {
                    return;
                }
            }
        }
        if !deliver(News::Online(false)) {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).clamp(Duration::from_secs(1), MAX_BACKOFF);
    }
}
