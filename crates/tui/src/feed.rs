//! Where a console's live news comes from: its own `GET /events`, or one stream shared by every
//! console in the process. The SSH server runs many consoles; it follows the backend's stream
//! once, over HTTP with a token of its own, and passes each piece of news to every session. The
//! queues its consoles show are loaded once too, with the same token, and kept current by that
//! stream (`queues`).
//!
//! Sharing shows no operator anything their role does not allow: the backend sends the same stream
//! to every role that may read it (viewer and up, which every operator is), so a session hears
//! nothing its operator's own stream would not have told it; and each console still asks for what
//! it shows beyond the shared queues (records, writes, its own views) with its own operator's
//! token, so the backend decides the rest request by request. The shared queues are the open
//! exceptions every operator may list alike.

pub mod queues;

use crate::message::Message;
use crate::tasks::stream::{self, News};
use queues::SharedQueues;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, watch};
use uln_api::ApiClient;
use uln_api::StreamEvent;

/// News held for a session that has not read it yet; one further behind reloads (`Resync`).
const BACKLOG: usize = 1024;

/// How a console hears of changes.
pub enum ChangeFeed {
    /// It follows the backend's stream itself.
    Own,
    /// It hears them from a stream this process follows once.
    Shared(Subscription),
}

/// The backend's stream, followed once for every console of this process. Stops following
/// when dropped.
pub struct SharedFeed {
    news: broadcast::Sender<News>,
    queues: Arc<SharedQueues>,
    online: watch::Receiver<bool>,
    following: tokio::task::JoinHandle<()>,
}

impl SharedFeed {
    /// Follows the backend's stream with `client`, which loads the shared queues too: its token
    /// need only be a viewer's.
    pub fn follow(client: ApiClient) -> SharedFeed {
        let (news, _) = broadcast::channel(BACKLOG);
        let (reachable, online) = watch::channel(false);
        let passing_on = news.clone();
        let queues = SharedQueues::new(client.clone());
        let keeping = queues.clone();
        let following = tokio::spawn(stream::follow(client, move |news| {
            // The shared queues take each change in first, so that a console hearing of it finds
            // it already there.
            match &news {
                News::Event(StreamEvent::Change(change)) => keeping.apply(change),
                News::Event(StreamEvent::Claim(claim)) => keeping.claim(claim),
                // Changes may have been missed: every queue is loaded again.
                News::Event(StreamEvent::Resync) => keeping.reload_all(),
                _ => {}
            }
            match &news {
                News::Online(now) => {
                    if *now {
                        keeping.reload_all();
                    }
                    reachable.send_replace(*now);
                }
                // This is the server's own token, not any operator's: saying so to operators
                // would mislead them. They hear that live updates stopped (`Online(false)`).
                News::TokenRefused => {
                    tracing::error!("the backend refused the shared event stream's token");
                    return true;
                }
                _ => {}
            }
            // With no session listening the news is simply dropped.
            let _ = passing_on.send(news);
            true
        }));
        SharedFeed {
            news,
            queues,
            online,
            following,
        }
    }

    /// A new console's place on the stream, from now on.
    pub fn subscribe(&self) -> Subscription {
        Subscription {
            news: self.news.subscribe(),
            online: *self.online.borrow(),
            queues: self.queues.clone(),
        }
    }

    /// The queues its consoles share.
    pub fn queues(&self) -> &Arc<SharedQueues> {
        &self.queues
    }
}

impl Drop for SharedFeed {
    fn drop(&mut self) {
        self.following.abort();
    }
}

/// One console's place on a shared stream.
pub struct Subscription {
    news: broadcast::Receiver<News>,
    /// Whether the stream was up when the console joined it.
    online: bool,
    queues: Arc<SharedQueues>,
}

impl Subscription {
    /// The queues shared by the consoles on this stream.
    pub(crate) fn queues(&self) -> Arc<SharedQueues> {
        self.queues.clone()
    }

    /// Passes the news on to one console until it stops listening or the feed stops.
    pub(crate) async fn forward(mut self, tx: mpsc::UnboundedSender<Message>) {
        if tx.send(Message::Connection(self.online)).is_err() {
            return;
        }
        loop {
            let message = match self.news.recv().await {
                Ok(news) => news.into(),
                // Too far behind: what it shows may be stale, so it reloads.
                Err(RecvError::Lagged(_)) => Message::Resync,
                Err(RecvError::Closed) => return,
            };
            if tx.send(message).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subscription(backlog: usize) -> (broadcast::Sender<News>, Subscription) {
        let (news, place) = broadcast::channel(backlog);
        let client = ApiClient::new("http://127.0.0.1:9/api/v1", "unused");
        let place = Subscription {
            news: place,
            online: true,
            queues: SharedQueues::new(client.unwrap()),
        };
        (news, place)
    }

    #[tokio::test]
    async fn a_console_hears_whether_the_stream_is_up_then_each_piece_of_news() {
        let (news, place) = subscription(8);
        news.send(News::Online(false)).unwrap();
        news.send(News::Online(true)).unwrap();
        drop(news);
        let (tx, mut rx) = mpsc::unbounded_channel();
        place.forward(tx).await;
        let mut heard = Vec::new();
        while let Ok(message) = rx.try_recv() {
            heard.push(format!("{message:?}"));
        }
        assert_eq!(
            heard,
            ["Connection(true)", "Connection(false)", "Connection(true)"]
        );
    }

    #[tokio::test]
    async fn a_console_too_far_behind_on_the_shared_stream_reloads() {
        let (news, place) = subscription(2);
        for online in [true, false, true, false] {
            news.send(News::Online(online)).unwrap();
        }
        drop(news);
        let (tx, mut rx) = mpsc::unbounded_channel();
        place.forward(tx).await;
        let mut heard = Vec::new();
        while let Ok(message) = rx.try_recv() {
            heard.push(format!("{message:?}"));
        }
        // The two oldest were dropped for it: it cannot know what they said, so it reloads.
        assert_eq!(
            heard,
            [
                "Connection(true)",
                "Resync",
                "Connection(true)",
                "Connection(false)"
            ]
        );
    }
}
