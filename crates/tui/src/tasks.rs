//! Background work with an owner. The one place work is spawned: each piece is filed under the
//! layer whose screen will use its answer (or the session, for work any screen may use, and for
//! writes, which must never be abandoned half way). When a layer closes, its work is cancelled,
//! so an answer for a screen the operator left is never applied. Work never touches UI state:
//! answers come back as `Message`s.

use crate::feed::queues::{QueueKey, SharedQueues};
use crate::feed::ChangeFeed;
use crate::layer::LayerId;
use crate::mask::Subject;
use crate::message::{Effect, Message, Write};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::{AbortHandle, JoinSet};
use uln_api::ApiClient;

/// Audit entries fetched at each request for older ones.
const AUDIT_PAGE: u32 = 20;

/// Whose answer a piece of work is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// Lives as long as the console.
    Session,
    /// Cancelled when this layer closes.
    Layer(LayerId),
}

pub struct Tasks {
    client: ApiClient,
    tx: UnboundedSender<Message>,
    /// Dropping an owner's set aborts its tasks: that is how work is cancelled.
    running: HashMap<Owner, JoinSet<()>>,
    /// The queues shared with the other consoles of this process, if it shares them.
    shared: Option<Arc<SharedQueues>>,
    /// Passing on the loading of the shared queue shown; ends when another is asked for.
    following_queue: Option<AbortHandle>,
}

impl Tasks {
    pub fn new(client: ApiClient, tx: UnboundedSender<Message>) -> Tasks {
        Tasks {
            client,
            tx,
            running: HashMap::new(),
            shared: None,
            following_queue: None,
        }
    }

    /// Carries out `effect` in the background for `owner`; its answer comes back as a message.
    pub fn spawn(&mut self, owner: Owner, effect: Effect) {
        if let Effect::LoadPage { cursor: None, .. } = &effect {
            // A queue asked for afresh: the one asked for before is no longer passed on.
            if let Some(following) = self.following_queue.take() {
                following.abort();
            }
        }
        let (client, tx) = (self.client.clone(), self.tx.clone());
        match effect {
            Effect::Quit => {}
            Effect::LoadPage { generation, .. } if self.shares(&effect).is_some() => {
                let (queues, key) = self.shares(&effect).unwrap_or_else(|| unreachable!());
                let following = self
                    .set(owner)
                    .spawn(queues::follow(queues, key, generation, tx));
                self.following_queue = Some(following);
            }
            Effect::Filter(job) => {
                // Blocking work cannot be aborted; a superseded job stops itself and answers
                // nothing, because a newer one is already running.
                self.set(owner).spawn_blocking(move || {
                    if let Some(result) = job.run() {
                        let _ = tx.send(Message::Filtered(result));
                    }
                });
            }
            Effect::WriteExport(file) => {
                self.set(owner).spawn_blocking(move || {
                    let result = crate::export::write_private(&file.path, &file.csv, file.replace)
                        .map_err(|e| e.to_string());
                    let _ = tx.send(Message::Exported {
                        path: file.path,
                        rows: file.rows,
                        result,
                    });
                });
            }
            Effect::ReadImport(path) => {
                self.set(owner).spawn_blocking(move || {
                    let plan = import::read_plan(path);
                    let _ = tx.send(Message::ImportRead(Box::new(plan)));
                });
            }
            Effect::RunImport(plan) => {
                self.spawn_future(Owner::Session, import::run(*plan, client, tx));
            }
            request => self.spawn_future(owner, async move {
                if let Some(message) = answer(request, &client).await {
                    let _ = tx.send(message);
                }
            }),
        }
    }

    /// Hears of the backend's changes for the whole session, from `feed`.
    pub fn follow_changes(&mut self, feed: ChangeFeed) {
        let (client, tx) = (self.client.clone(), self.tx.clone());
        match feed {
            ChangeFeed::Own => {
                self.spawn_future(Owner::Session, stream::follow_changes(client, tx))
            }
            ChangeFeed::Shared(place) => {
                self.shared = Some(place.queues());
                self.spawn_future(Owner::Session, place.forward(tx))
            }
        }
    }

    /// Where the queue `effect` asks for comes from, if it is one shared with other consoles.
    fn shares(&self, effect: &Effect) -> Option<(Arc<SharedQueues>, QueueKey)> {
        Some((self.shared.clone()?, QueueKey::of(effect)?))
    }

    fn spawn_future(&mut self, owner: Owner, work: impl Future<Output = ()> + Send + 'static) {
        self.set(owner).spawn(work);
    }

    fn set(&mut self, owner: Owner) -> &mut JoinSet<()> {
        self.running.entry(owner).or_default()
    }

    /// Cancels the work of every layer that is no longer open, and clears away finished work.
    pub fn cancel_left(&mut self, open: impl Fn(LayerId) -> bool) {
        self.running.retain(|owner, _| match owner {
            Owner::Session => true,
            Owner::Layer(id) => open(*id),
        });
        self.reap();
    }

    /// How many pieces of work `owner` has not seen finish yet.
    pub fn pending(&self, owner: Owner) -> usize {
        self.running.get(&owner).map_or(0, JoinSet::len)
    }

    /// Collects finished work; work that panicked is logged and reported to the operator.
    fn reap(&mut self) {
        for (owner, set) in &mut self.running {
            while let Some(done) = set.try_join_next() {
                // Aborted work ended as asked; only a panic is a failure.
                if matches!(&done, Err(e) if e.is_panic()) {
                    tracing::error!(?owner, "background work panicked");
                    let _ = self.tx.send(Message::WorkFailed("background work"));
                }
            }
        }
        self.running.retain(|_, set| !set.is_empty());
    }
}

mod desk;
pub mod import;
mod queues;
pub(crate) mod stream;
pub(crate) use queues::list_query;
mod team;

/// Asks the backend what `effect` wants to know or change.
async fn answer(effect: Effect, client: &ApiClient) -> Option<Message> {
    let written = |write, result| Message::Written {
        write,
        result: Box::new(result),
    };
    Some(match effect {
        Effect::LoadQueues => Message::Queues(client.queues().await),
        Effect::LoadPage { generation, .. } => {
            let result = client.exceptions(&list_query(&effect)).await;
            Message::Page { generation, result }
        }
        Effect::LoadDetail(id) => Message::Detail(Box::new(client.prefetch_exception(id).await)),
        Effect::LoadOlderAudit { id, before } => Message::OlderAudit {
            id,
            result: client.audit_page(id, Some(before), Some(AUDIT_PAGE)).await,
        },
        Effect::ReadAhead { id, ticket } => Message::ReadAhead {
            id,
            ticket,
            result: Box::new(client.prefetch_exception(id).await),
        },
        Effect::MarkViewed(id) => Message::Viewed {
            id,
            result: client.mark_viewed(id).await,
        },
        Effect::Reveal(subject) => {
            let result = match &subject {
                Subject::Record(id) => client.reveal_record(*id).await,
                Subject::Learner(uln) => client.reveal_learner(uln).await,
            };
            Message::Revealed { subject, result }
        }
        Effect::Amend {
            id,
            version,
            fields,
            note,
        } => written(
            Write::Amend,
            client.amend(id, version, &fields, note.as_deref()).await,
        ),
        Effect::AmendConfirmingIdentity {
            id,
            version,
            fields,
            note,
        } => written(
            Write::Amend,
            client
                .amend_with_identity_confirmed(id, version, &fields, &note)
                .await,
        ),
        Effect::Reject {
            id,
            version,
            reason,
            note,
        } => {
            let request = uln_api::RejectRequest {
                reason: reason.into(),
                note,
            };
            written(Write::Reject, client.reject(id, version, &request).await)
        }
        Effect::Verify(id) => written(Write::Verify, client.verify(id).await),
        Effect::Reopen { id, version } => {
            written(Write::Reopen, client.reopen(id, version, None).await)
        }
        Effect::LookupPlr(q) => Message::Plr(Box::new(lookup_plr(client, &q).await)),
        Effect::RaiseChallenge { uln, request } => {
            Message::ChallengeRaised(Box::new(client.raise_challenge(&uln, &request).await))
        }
        Effect::SearchLearners { id, supplied } => Message::LearnerSearch {
            id,
            result: Box::new(client.search_learners(&supplied).await),
        },
        Effect::LoadChallenges => Message::Challenges(client.challenges(None).await),
        Effect::WhoAmI => Message::Me(client.me().await),
        Effect::Filter(_)
        | Effect::WriteExport(_)
        | Effect::ReadImport(_)
        | Effect::RunImport(_)
        | Effect::Quit => return None,
        // The help desk's own requests: the register searched, calls, exports.
        desk => return desk::answer(desk, client).await,
    })
}

async fn lookup_plr(
    client: &ApiClient,
    q: &crate::screens::plr::PlrQuery,
) -> uln_api::ClientResult<uln_api::PlrResponse> {
    let given = q.given_name.as_deref();
    client
        .plr(&q.uln, &q.family_name, &q.date_of_birth, given)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::loaded_app;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::time::Duration;
    use tokio::io::AsyncWriteExt;
    use tokio::net::{TcpListener, TcpStream};
    use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
    use tokio::time::timeout;

    const PATIENCE: Duration = Duration::from_secs(5);

    /// A backend that takes every request and never answers: the test gets each request's first
    /// line and holds its connection.
    async fn silent_backend() -> (String, UnboundedReceiver<(String, TcpStream)>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let (tx, requests) = unbounded_channel();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let mut head = [0u8; 4096];
                let n = read_some(&socket, &mut head).await.unwrap_or(0);
                let line = String::from_utf8_lossy(&head[..n]);
                let first = line.lines().next().unwrap_or_default().to_owned();
                let _ = tx.send((first, socket));
            }
        });
        (base, requests)
    }

    async fn read_some(socket: &TcpStream, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            socket.readable().await?;
            match socket.try_read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                read => return read,
            }
        }
    }

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[tokio::test]
    async fn a_refused_token_on_the_event_stream_is_told_to_the_operator() {
        let (base, mut requests) = silent_backend().await;
        tokio::spawn(async move {
            while let Some((_, socket)) = requests.recv().await {
                let refusal = b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n";
                let _ = socket.try_write(refusal);
            }
        });
        let (tx, mut messages) = unbounded_channel();
        let following = tokio::spawn(stream::follow_changes(
            ApiClient::new(base, "t").unwrap(),
            tx,
        ));
        let first = timeout(PATIENCE, messages.recv()).await.expect("a message");
        assert!(matches!(first, Some(Message::TokenRefused)), "{first:?}");
        let then = timeout(PATIENCE, messages.recv()).await.expect("a message");
        assert!(matches!(then, Some(Message::Connection(false))), "{then:?}");
        following.abort();
    }

    #[tokio::test]
    async fn leaving_a_record_cancels_the_loading_of_it() {
        let (base, mut requests) = silent_backend().await;
        let (tx, mut answers) = unbounded_channel();
        let mut tasks = Tasks::new(ApiClient::new(base, "token").unwrap(), tx);
        let mut app = loaded_app();
        for effect in app.on_key(press(KeyCode::Enter)) {
            tasks.spawn(app.owner(&effect), effect);
        }
        let (request, socket) = timeout(PATIENCE, requests.recv())
            .await
            .expect("the record is asked for")
            .unwrap();
        assert!(request.contains("/exceptions/1?"), "{request}");

        app.on_key(press(KeyCode::Esc));
        tasks.cancel_left(|layer| app.is_open(layer));

        let mut rest = [0u8; 64];
        let read = timeout(PATIENCE, read_some(&socket, &mut rest))
            .await
            .expect("the backend sees the request abandoned");
        assert_eq!(read.unwrap_or(0), 0, "the connection closed");
        assert!(answers.try_recv().is_err(), "and no answer ever comes");
    }

    #[tokio::test]
    async fn a_server_that_says_it_is_stopping_is_left_and_the_stream_is_opened_again() {
        let (base, mut requests) = silent_backend().await;
        let (tx, mut messages) = unbounded_channel();
        tokio::spawn(stream::follow_changes(
            ApiClient::new(base, "token").unwrap(),
            tx,
        ));
        let stopping = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n\
                        event: reconnect\ndata: the server is stopping\n\n";
        let (request, mut first) = timeout(PATIENCE, requests.recv()).await.unwrap().unwrap();
        assert!(request.starts_with("GET /api/v1/events"), "{request}");
        first.write_all(stopping.as_bytes()).await.unwrap();
        // The first connection is held open: only the reconnect event can end it.
        let (again, _second) = timeout(PATIENCE, requests.recv())
            .await
            .expect("the console connects again on its own")
            .unwrap();
        assert!(again.starts_with("GET /api/v1/events"), "{again}");
        let mut seen = Vec::new();
        while let Ok(message) = messages.try_recv() {
            seen.push(format!("{message:?}"));
        }
        assert_eq!(seen, ["Connection(true)", "Connection(false)"]);
        drop(first);
    }
}
