//! One console on its own: how long the whole queue takes to load, then how long `n` takes on the
//! record screen, from the key to the next record's detail on screen, and what it asked for.

use crate::console::HeadlessConsole;
use crate::server::RequestCounter;
use crate::traffic::percentile;
use crossterm::event::KeyCode;
use std::time::Duration;
use tokio::runtime::Handle;

/// How long to wait for the whole queue before giving up.
const LOAD_PATIENCE: Duration = Duration::from_secs(600);
/// How long to wait for one record.
const RECORD_PATIENCE: Duration = Duration::from_secs(30);
/// An operator's look at each record before the next `n`: long enough for work a record's
/// arrival sets off (a prefetch) to reach the server and be counted with its `n`.
const READING: Duration = Duration::from_millis(500);

/// One console's figures.
pub struct Walk {
    pub load: Duration,
    pub rows: usize,
    /// Per `n`: key to the next detail on screen.
    pub steps: Vec<Duration>,
    /// Per `n`: requests that reached the server before the detail was on screen, and in all
    /// until the next `n`.
    pub requests: Vec<(u64, u64)>,
}

/// Starts a console against `base` with `token`, waits for its whole queue, opens the first
/// record and presses `n` `walks` times.
pub async fn walk(
    consoles: &Handle,
    base: &str,
    token: &str,
    counter: &RequestCounter,
    walks: usize,
) -> anyhow::Result<Walk> {
    let mut console = HeadlessConsole::start(consoles, base, token)?;
    let load = console.loaded(LOAD_PATIENCE).await?;
    let rows = console.seen().rows;
    console.press(KeyCode::Enter);
    let first = console
        .wait_for("the first record", RECORD_PATIENCE, |s| {
            s.record_shown().is_some()
        })
        .await?;
    let mut from = first.record_shown().unwrap_or_default();
    tokio::time::sleep(READING).await;
    let tokens = [token.to_owned()];
    let (mut steps, mut requests) = (Vec::new(), Vec::new());
    for _ in 0..walks {
        let before = counter.total(&tokens);
        let pressed = tokio::time::Instant::now();
        console.press(KeyCode::Char('n'));
        let seen = console
            .wait_for("the next record", RECORD_PATIENCE, |s| {
                s.record_shown().is_some_and(|id| id != from)
            })
            .await?;
        steps.push(pressed.elapsed());
        let until_shown = counter.total(&tokens) - before;
        tokio::time::sleep(READING).await;
        requests.push((until_shown, counter.total(&tokens) - before));
        from = seen.record_shown().unwrap_or_default();
    }
    console.stop().await;
    Ok(Walk {
        load,
        rows,
        steps,
        requests,
    })
}

/// One line for a console's load and its `n` presses.
pub fn report(what: &str, walk: &Walk) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut steps = walk.steps.clone();
    steps.sort();
    let n = walk.requests.len().max(1) as f64;
    let shown: u64 = walk.requests.iter().map(|r| r.0).sum();
    let all: u64 = walk.requests.iter().map(|r| r.1).sum();
    println!(
        "{what}: whole queue ({} rows) loaded in {:.2} s; `n` x{}: p50 {:.1} ms, max {:.1} ms; \
         requests per `n`: {:.2} before the record showed, {:.2} in all",
        walk.rows,
        walk.load.as_secs_f64(),
        steps.len(),
        ms(percentile(&steps, 0.5)),
        ms(steps.last().copied().unwrap_or_default()),
        shown as f64 / n,
        all as f64 / n,
    );
}
