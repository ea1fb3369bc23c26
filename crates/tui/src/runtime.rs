//! The loop: input, messages and the minute tick in; effects out to background tasks; a redraw
//! only when something changed. Generic over the ratatui backend so tests drive it on TestBackend.

use super::app::App;
use super::message::{Effect, Message, Write};
use crossterm::event::{Event, KeyEventKind};
use futures_util::{Stream, StreamExt};
use jiff::Timestamp;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::future::Future;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use uln_api::{ApiClient, ListQuery, StreamEvent};

/// Longest wait between attempts to reach a backend that went away.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Carries out one effect in the background; its result comes back as a message.
fn perform(effect: Effect, client: &ApiClient, tx: &UnboundedSender<Message>) {
    let (client, tx) = (client.clone(), tx.clone());
    match effect {
        Effect::LoadQueues => drop(tokio::spawn(async move {
            let _ = tx.send(Message::Queues(client.queues().await));
        })),
        Effect::LoadPage {
            generation,
            queue,
            cursor,
            sort,
            descending,
        } => drop(tokio::spawn(async move {
            let query = ListQuery {
                queue,
                cursor,
                sort: Some(sort.name().to_owned()),
                descending,
                limit: Some(super::screens::queue::PAGE_SIZE),
                ..ListQuery::default()
            };
            let _ = tx.send(Message::Page {
                generation,
                result: client.exceptions(&query).await,
            });
        })),
        Effect::LoadDetail(id) => drop(tokio::spawn(async move {
            let _ = tx.send(Message::Detail(Box::new(client.exception(id).await)));
        })),
        Effect::Amend {
            id,
            version,
            fields,
            note,
        } => drop(tokio::spawn(async move {
            let result = client.amend(id, version, &fields, note.as_deref()).await;
            let _ = tx.send(Message::Written {
                write: Write::Amend,
                result: Box::new(result),
            });
        })),
        Effect::Reject {
            id,
            version,
            reason,
            note,
        } => drop(tokio::spawn(async move {
            let request = uln_api::RejectRequest {
                reason: reason.into(),
                note,
            };
            let result = client.reject(id, version, &request).await;
            let _ = tx.send(Message::Written {
                write: Write::Reject,
                result: Box::new(result),
            });
        })),
        Effect::Verify(id) => drop(tokio::spawn(async move {
            let result = client.verify(id).await;
            let _ = tx.send(Message::Written {
                write: Write::Verify,
                result: Box::new(result),
            });
        })),
        Effect::LookupPlr {
            uln,
            family_name,
            date_of_birth,
            given_name,
        } => drop(tokio::spawn(async move {
            let result = client
                .plr(&uln, &family_name, &date_of_birth, given_name.as_deref())
                .await;
            let _ = tx.send(Message::Plr(Box::new(result)));
        })),
        Effect::RaiseChallenge { uln, request } => drop(tokio::spawn(async move {
            let result = client.raise_challenge(&uln, &request).await;
            let _ = tx.send(Message::ChallengeRaised(Box::new(result)));
        })),
        Effect::Reopen { id, version } => drop(tokio::spawn(async move {
            let result = client.reopen(id, version, None).await;
            let _ = tx.send(Message::Written {
                write: Write::Reopen,
                result: Box::new(result),
            });
        })),
        Effect::SearchLearners { id, supplied } => drop(tokio::spawn(async move {
            let result = client.search_learners(&supplied).await;
            let _ = tx.send(Message::LearnerSearch {
                id,
                result: Box::new(result),
            });
        })),
        Effect::LoadChallenges => drop(tokio::spawn(async move {
            let _ = tx.send(Message::Challenges(client.challenges(None).await));
        })),
        Effect::WhoAmI => drop(tokio::spawn(async move {
            let _ = tx.send(Message::Me(client.me().await));
        })),
        Effect::Filter(job) => drop(tokio::task::spawn_blocking(move || {
            // A superseded job answers nothing: a newer one is already running.
            if let Some(result) = job.run() {
                let _ = tx.send(Message::Filtered(result));
            }
        })),
        Effect::Quit => {}
    }
}

/// Follows the backend's change stream, reconnecting with backoff while it is unreachable.
async fn follow_changes(client: ApiClient, tx: UnboundedSender<Message>) {
    let mut backoff = Duration::from_secs(1);
    loop {
        if let Ok(stream) = client.events().await {
            backoff = Duration::from_secs(1);
            if tx.send(Message::Connection(true)).is_err() {
                return;
            }
            let mut stream = std::pin::pin!(stream);
            while let Some(event) = stream.next().await {
                let message = match event {
                    StreamEvent::Change(change) => Message::Change(change),
                    StreamEvent::Resync => Message::Resync,
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
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Runs the console until the operator quits, the input ends (the terminal went away) or
/// `shutdown` resolves (a signal).
pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    client: &ApiClient,
    input: impl Stream<Item = Event>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (tx, mut rx) = unbounded_channel::<Message>();
    let changes = tokio::spawn(follow_changes(client.clone(), tx.clone()));
    for effect in app.start() {
        perform(effect, client, &tx);
    }
    let mut input = std::pin::pin!(input);
    let mut shutdown = std::pin::pin!(shutdown);
    let mut minute = tokio::time::interval(Duration::from_secs(60));
    minute.tick().await;
    let mut dirty = true;
    while app.running {
        if dirty {
            terminal.draw(|frame| app.draw(frame))?;
            dirty = false;
        }
        let effects = tokio::select! {
            event = input.next() => match event {
                Some(Event::Key(key)) if key.kind == KeyEventKind::Press => { dirty = true; app.on_key(key) }
                Some(Event::Resize(..)) => { dirty = true; Vec::new() }
                Some(_) => Vec::new(),
                None => break,
            },
            Some(message) = rx.recv() => { dirty = true; app.on_message(message) }
            _ = minute.tick() => { dirty = true; app.on_message(Message::Tick(Timestamp::now())) }
            _ = &mut shutdown => break,
        };
        for effect in effects {
            perform(effect, client, &tx);
        }
    }
    changes.abort();
    Ok(())
}
