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

/// Follows the backend's change stream, reconnecting with backoff while it is unreachable.
pub(super) async fn follow_changes(client: ApiClient, tx: UnboundedSender<Message>) {
    let mut backoff = Duration::from_secs(1);
    let mut refused = false;
    let mut server = client.base().to_owned();
    loop {
        let stream = match client.events().await {
            Ok(stream) => Some(stream),
            // Said once, not at every retry: a revoked token stays refused.
            Err(ClientError::Api { status: 401, .. }) if !refused => {
                refused = true;
                if tx.send(Message::TokenRefused).is_err() {
                    return;
                }
                None
            }
            Err(_) => None,
        };
        if let Some(stream) = stream {
            backoff = Duration::from_secs(1);
            refused = false;
            if tx.send(Message::Connection(true)).is_err() {
                return;
            }
            if client.base() != server {
                server = client.base().to_owned();
                if tx.send(Message::ServerInUse(server.clone())).is_err() {
                    return;
                }
            }
            let mut stream = std::pin::pin!(stream);
            while let Some(event) = stream.next().await {
                let message = match event {
                    StreamEvent::Change(change) => Message::Change(change),
                    StreamEvent::Claim(claim) => Message::ClaimChanged(claim),
                    StreamEvent::Queues(list) => Message::Queues(Ok(list)),
                    StreamEvent::Resync => Message::Resync,
                    // The server is stopping: another may already be up, so try again soon
                    // rather than after a full backoff.
                    StreamEvent::Reconnect => {
                        // Spread out so a team's consoles do not all arrive at once.
                        backoff = RECONNECT_SOON + Duration::from_millis(fastrand::u64(0..500));
                        break;
                    }
                };
                if tx.send(message).is_err() {
                    return;
                }
            }
        }
        if tx.send(Message::Connection(false)).is_err() {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).clamp(Duration::from_secs(1), MAX_BACKOFF);
    }
}
