//! The loop: input, messages and the clock's tick in; effects out to owned background work; a
//! redraw only when something changed. Generic over the ratatui backend so tests drive it on
//! TestBackend.

use super::app::App;
use super::feed::ChangeFeed;
use super::message::Message;
use super::tasks::Tasks;
use crossterm::event::{Event, KeyEventKind};
use futures_util::{Stream, StreamExt};
use jiff::Timestamp;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::future::Future;
use std::time::Duration;
use tokio::sync::mpsc::unbounded_channel;
use uln_api::ApiClient;

/// Runs the console until the operator quits, the input ends (the terminal went away) or
/// `shutdown` resolves (a signal). Work still running when it returns is cancelled.
pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    client: &ApiClient,
    input: impl Stream<Item = Event>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    drive(
        terminal,
        app,
        client,
        ChangeFeed::Own,
        input,
        shutdown,
        |_| {},
    )
    .await
}

/// As `run`, hearing of changes from `feed`: the SSH server's sessions share one stream.
pub async fn run_on_feed<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    client: &ApiClient,
    feed: ChangeFeed,
    input: impl Stream<Item = Event>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    drive(terminal, app, client, feed, input, shutdown, |_| {}).await
}

/// As `run`, and after every step, once its frame is drawn, shows the app to `observe`: what the
/// operator now sees. A headless harness (the team-load benchmark) watches the console this way
/// while it runs the very loop an operator's terminal does.
pub async fn run_observed<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    client: &ApiClient,
    input: impl Stream<Item = Event>,
    shutdown: impl Future<Output = ()>,
    observe: impl FnMut(&App),
) -> std::io::Result<()> {
    drive(
        terminal,
        app,
        client,
        ChangeFeed::Own,
        input,
        shutdown,
        observe,
    )
    .await
}

async fn drive<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    client: &ApiClient,
    feed: ChangeFeed,
    input: impl Stream<Item = Event>,
    shutdown: impl Future<Output = ()>,
    mut observe: impl FnMut(&App),
) -> std::io::Result<()> {
    let (tx, mut rx) = unbounded_channel::<Message>();
    let mut tasks = Tasks::new(client.clone(), tx);
    tasks.follow_changes(feed);
    let mut effects = app.start();
    let mut input = std::pin::pin!(input);
    let mut shutdown = std::pin::pin!(shutdown);
    // Every second, for a call's timer; a frame is drawn only when what is shown moved on.
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    clock.tick().await;
    let mut dirty = true;
    loop {
        // Work for layers this step closed is cancelled before new work starts.
        tasks.cancel_left(|layer| app.is_open(layer));
        for effect in effects {
            tasks.spawn(app.owner(&effect), effect);
        }
        if !app.running {
            break;
        }
        if dirty {
            terminal.draw(|frame| app.draw(frame))?;
            dirty = false;
        }
        observe(app);
        effects = tokio::select! {
            event = input.next() => match event {
                Some(Event::Key(key)) if key.kind == KeyEventKind::Press => { dirty = true; app.on_key(key) }
                Some(Event::Resize(..)) => { dirty = true; Vec::new() }
                // Only with mouse capture on (`mouse = true`); moves and drags change nothing.
                Some(Event::Mouse(mouse)) => match app.on_mouse(mouse) {
                    Some(effects) => { dirty = true; effects }
                    None => Vec::new(),
                },
                Some(_) => Vec::new(),
                None => break,
            },
            Some(message) = rx.recv() => { dirty = true; app.on_message(message) }
            _ = clock.tick() => {
                let now = Timestamp::now();
                dirty |= app.shows_change_at(now);
                app.on_message(Message::Tick(now))
            }
            _ = &mut shutdown => break,
        };
    }
    release_on_leaving(app.claims.held_id(), client).await;
    Ok(())
}

/// How long quitting waits for the backend to take back the operator's claim.
const RELEASE_WAIT: Duration = Duration::from_secs(2);

/// Quitting (or the terminal going away) leaves the record the operator was on: its claim is
/// released, briefly waited for, so others see it free at once rather than when it lapses.
async fn release_on_leaving(held: Option<i64>, client: &ApiClient) {
    let Some(id) = held else {
        return;
    };
    match tokio::time::timeout(RELEASE_WAIT, client.release_claim(id)).await {
        Ok(Ok(())) => {}
        _ => tracing::warn!(record_id = id, "the claim was not released; it will lapse"),
    }
}
