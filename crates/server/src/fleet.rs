//! Several servers over one database: each announces its changes on the database's change feed
//! (`store::feed`), and relays the others' to its own event-stream subscribers, so every console
//! sees every change whichever server made it. Where nothing may have been missed is known, a
//! subscriber is told to `resync`, as when it lags: after the feed's connection was lost, after
//! this server's announcements overflowed or failed, and for a change too big to announce.

use crate::store::feed::{ChangeFeed, FeedListener};
use crate::AppState;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use uln_api::{ChangeEvent, ClaimEvent, NoteEvent, StreamEvent};

/// How long to wait before listening again once the feed's connection was lost or refused.
const RELISTEN_PAUSE: Duration = Duration::from_millis(500);

/// At most this many queued changes go out in one announcement.
const BURST: usize = 64;

/// When the server stops, how long changes still queued may take to go out.
const FLUSH_WAIT: Duration = Duration::from_secs(2);

/// What a server says on the feed. `from` is the speaker's instance, so it ignores its own echo.
#[derive(Debug, Serialize, Deserialize)]
struct Notice {
    from: u64,
    news: News,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum News {
    Change(Box<ChangeEvent>),
    Claim(ClaimEvent),
    Note(NoteEvent),
    /// The speaker's changes went missing (queue full, announcement failed or too big):
    /// listeners tell their subscribers to reload.
    Resync,
}

/// This server's side of the feed, held in `AppState`: `publish` posts each change here.
#[derive(Clone)]
pub struct Outbox {
    queue: mpsc::Sender<News>,
    /// A change could not be queued: the sender owes the fleet a `resync`.
    overflowed: Arc<AtomicBool>,
}

impl Outbox {
    /// Queues `event` for the other servers without waiting; the sender task sends it.
    pub fn post(&self, event: &ChangeEvent) {
        self.queue_news(News::Change(Box::new(event.clone())));
    }

    /// Queues a claim event as `post` does a change: claims cross servers the same way.
    pub fn post_claim(&self, event: &ClaimEvent) {
        self.queue_news(News::Claim(event.clone()));
    }

    /// Queues a note's event as `post` does a change.
    pub fn post_note(&self, event: &NoteEvent) {
        self.queue_news(News::Note(event.clone()));
    }

    fn queue_news(&self, news: News) {
        if self.queue.try_send(news).is_err() {
            self.overflowed.store(true, Ordering::SeqCst);
        }
    }
}

/// The feed as a backend holds it until it serves.
pub struct Fleet {
    feed: Arc<dyn ChangeFeed>,
    outgoing: mpsc::Receiver<News>,
    overflowed: Arc<AtomicBool>,
    instance: u64,
}

impl Fleet {
    /// The outbox for `AppState` and the rest for `start`; up to `buffer` changes may wait.
    pub fn new(feed: Arc<dyn ChangeFeed>, buffer: usize) -> (Outbox, Fleet) {
        let (queue, outgoing) = mpsc::channel(buffer.max(1));
        let overflowed = Arc::new(AtomicBool::new(false));
        let outbox = Outbox {
            queue,
            overflowed: overflowed.clone(),
        };
        let fleet = Fleet {
            feed,
            outgoing,
            overflowed,
            // Only needs to differ between servers alive at once; no secret.
            instance: fastrand::u64(..),
        };
        (outbox, fleet)
    }

    /// Starts announcing and relaying. Listening starts before this returns (unless the database
    /// refuses, when the relay keeps trying), so a subscriber who connects afterwards misses
    /// nothing another server announces.
    pub async fn start(self, state: AppState) -> FleetTasks {
        let first = match self.feed.listen().await {
            Ok(listener) => Some(listener),
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for other servers' changes yet");
                None
            }
        };
        let relay = tokio::spawn(relay(self.feed.clone(), state, self.instance, first));
        let (stop, stopped) = oneshot::channel();
        let sender = Sender {
            feed: self.feed,
            overflowed: self.overflowed,
            instance: self.instance,
            owe_resync: false,
        };
        let sender = tokio::spawn(sender.run(self.outgoing, stopped));
        FleetTasks {
            relay,
            sender,
            stop,
        }
    }
}

/// The running tasks; `stop` ends them.
pub struct FleetTasks {
    relay: JoinHandle<()>,
    sender: JoinHandle<()>,
    stop: oneshot::Sender<()>,
}

impl FleetTasks {
    /// Stops relaying at once and announcing once what is queued has gone out (or `FLUSH_WAIT`
    /// passed), and returns when both tasks have ended: the feed's connection is given back.
    pub async fn stop(self) {
        self.relay.abort();
        let _ = self.relay.await;
        let _ = self.stop.send(());
        let sender = self.sender;
        let abort = sender.abort_handle();
        if tokio::time::timeout(FLUSH_WAIT, sender).await.is_err() {
            tracing::warn!("changes still queued for other servers were dropped at shutdown");
            abort.abort();
        }
    }
}

struct Sender {
    feed: Arc<dyn ChangeFeed>,
    overflowed: Arc<AtomicBool>,
    instance: u64,
    owe_resync: bool,
}

impl Sender {
    /// Announces queued changes in the order they were published, a burst at a time. Once told
    /// to stop, sends what is already queued and ends.
    async fn run(mut self, mut outgoing: mpsc::Receiver<News>, stop: oneshot::Receiver<()>) {
        let mut stop = std::pin::pin!(stop);
        let mut stopping = false;
        let mut burst = Vec::with_capacity(BURST);
        loop {
            let received = if stopping {
                outgoing.recv_many(&mut burst, BURST).await
            } else {
                tokio::select! {
                    received = outgoing.recv_many(&mut burst, BURST) => received,
                    _ = &mut stop => {
                        stopping = true;
                        outgoing.close();
                        continue;
                    }
                }
            };
            if received == 0 {
                return;
            }
            self.announce(burst.drain(..)).await;
        }
    }

    async fn announce(&mut self, changes: impl Iterator<Item = News>) {
        self.owe_resync |= self.overflowed.swap(false, Ordering::SeqCst);
        let mut payloads = Vec::new();
        if self.owe_resync {
            payloads.push(self.encode(News::Resync));
        }
        for news in changes {
            let record_id = match &news {
                News::Change(change) => change.record_id,
                News::Claim(claim) => claim.record_id,
                News::Note(note) => note.record_id,
                News::Resync => 0,
            };
            let payload = self.encode(news);
            if payload.len() <= self.feed.max_payload() {
                payloads.push(payload);
            } else {
                tracing::info!(
                    record_id,
                    "a change too big for the feed goes out as resync"
                );
                payloads.push(self.encode(News::Resync));
            }
        }
        match self.feed.announce(&payloads).await {
            Ok(()) => self.owe_resync = false,
            Err(e) => {
                // Other servers' consoles missed these; they hear `resync` with the next change.
                tracing::warn!(error = %e, changes = payloads.len(), "announcing changes failed");
                self.owe_resync = true;
            }
        }
    }

    fn encode(&self, news: News) -> String {
        let notice = Notice {
            from: self.instance,
            news,
        };
        // A ChangeEvent is plain data: serialising it cannot fail.
        serde_json::to_string(&notice).unwrap_or_default()
    }
}

/// Passes other servers' changes to this server's subscribers, listening again whenever the
/// feed's connection is lost; runs until aborted.
async fn relay(
    feed: Arc<dyn ChangeFeed>,
    state: AppState,
    instance: u64,
    mut listener: Option<Box<dyn FeedListener>>,
) {
    loop {
        let mut current = match listener.take() {
            Some(current) => current,
            None => {
                tokio::time::sleep(RELISTEN_PAUSE).await;
                match feed.listen().await {
                    // Whatever was announced while nobody listened is lost: subscribers reload,
                    // now that what follows will reach them.
                    Ok(current) => {
                        tracing::info!("listening for other servers' changes again");
                        let _ = state.events.send(StreamEvent::Resync);
                        current
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for other servers' changes");
                        continue;
                    }
                }
            }
        };
        loop {
            match current.next().await {
                Ok(Some(payload)) => hear(&state, instance, &payload),
                Ok(None) => {
                    tracing::warn!("lost the connection that hears other servers' changes");
                    break;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "hearing other servers' changes failed");
                    break;
                }
            }
        }
    }
}

fn hear(state: &AppState, instance: u64, payload: &str) {
    match serde_json::from_str::<Notice>(payload) {
        Ok(notice) if notice.from == instance => {}
        Ok(Notice {
            news: News::Change(change),
            ..
        }) => state.publish_here(*change),
        Ok(Notice {
            news: News::Claim(claim),
            ..
        }) => {
            let _ = state.events.send(StreamEvent::Claim(claim));
        }
        Ok(Notice {
            news: News::Note(note),
            ..
        }) => {
            let _ = state.events.send(StreamEvent::Note(note));
        }
        Ok(Notice {
            news: News::Resync, ..
        }) => {
            let _ = state.events.send(StreamEvent::Resync);
        }
        Err(e) => {
            // Only where it failed: the payload holds names.
            tracing::warn!(
                line = e.line(),
                column = e.column(),
                "an unreadable change from another server; subscribers reload"
            );
            let _ = state.events.send(StreamEvent::Resync);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_back_as_it_was_written() {
        let change = ChangeEvent {
            record_id: 7,
            status: uln_api::RecordStatus::Expired,
            version: 3,
            operator: "system:four-week-rule".into(),
            action: uln_api::ChangeAction::Expired,
            row: None,
        };
        let written = serde_json::to_string(&Notice {
            from: u64::MAX,
            news: News::Change(Box::new(change.clone())),
        })
        .unwrap();
        let read: Notice = serde_json::from_str(&written).unwrap();
        assert_eq!(read.from, u64::MAX);
        assert!(matches!(read.news, News::Change(c) if *c == change));
    }
}
