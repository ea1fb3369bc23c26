//! Console performance: fuzzy filter latency, frame cost and bytes written to the terminal, over
//! synthetic queues of 100,000 and 1,000,000 rows. `cargo bench --bench console`.
//! Figures are printed, never asserted; BENCHMARKS.md records them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::Terminal;
use std::hint::black_box;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uln_console::api::{ExceptionPage, ExceptionSummary, QueueCounts, QueueList};
use uln_console::console::app::{App, Connection};
use uln_console::console::keymap::Keymap;
use uln_console::console::message::Message;
use uln_console::console::screens::queue::QueueScreen;
use uln_console::console::theme::Theme;

const GIVEN: &[&str] = &[
    "Amelia", "Oscar", "Grace", "Noah", "Isla", "Harry", "Freya", "Leo", "Ava", "Arthur", "Ivy",
    "Mohammed",
];
const FAMILY: &[&str] = &[
    "Smith", "Jones", "Patel", "Hughes", "O'Brien", "Khan", "Taylor", "Brown", "Wilson", "Evans",
    "Begum", "Walker",
];
const CENTRE: &[&str] = &[
    "Calder Valley College",
    "Jubilee Park Academy",
    "Westbrook High School",
    "Abbey Mead Academy",
    "Pennine Gate College",
];

/// `n` open exceptions in the order the server pages them: soonest deadline first.
fn rows(n: usize) -> Vec<ExceptionSummary> {
    let mut rows = unsorted_rows(n);
    rows.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.id.cmp(&b.id)));
    rows
}

fn unsorted_rows(n: usize) -> Vec<ExceptionSummary> {
    let mut rng = fastrand::Rng::with_seed(5);
    let start: jiff::Timestamp = "2026-11-24T12:00:00Z".parse().unwrap();
    (0..n)
        .map(|i| {
            let deadline = start + jiff::SignedDuration::from_secs(rng.i64(-3600..28 * 86_400));
            ExceptionSummary {
                id: i as i64 + 1,
                uln: Some(format!("{}", 1_000_000_000 + rng.u64(0..8_999_999_999))),
                given_name: GIVEN[rng.usize(..GIVEN.len())].into(),
                family_name: FAMILY[rng.usize(..FAMILY.len())].into(),
                centre: CENTRE[rng.usize(..CENTRE.len())].into(),
                registered_at: "2026-11-01T09:00:00Z".into(),
                deadline: deadline.to_string(),
                anomalies: vec!["spelling".into()],
                status: "open".into(),
                version: 1,
            }
        })
        .collect()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn loaded_queue(n: usize) -> QueueScreen {
    let mut q = QueueScreen::default();
    q.add_page(rows(n), None);
    q
}

fn filter_figures(n: usize) {
    let mut q = loaded_queue(n);
    let fresh: Vec<Duration> = ["smi", "hugh", "calde", "patel", "ava k"]
        .iter()
        .map(|p| {
            q.set_filter(String::new());
            let t = Instant::now();
            q.set_filter((*p).into());
            black_box(q.visible_len());
            t.elapsed()
        })
        .collect();
    let appended: Vec<Duration> = ["smi", "hugh", "calde", "pate", "ava "]
        .iter()
        .map(|p| {
            q.set_filter((*p).into());
            let t = Instant::now();
            q.set_filter(format!("{p}e"));
            black_box(q.visible_len());
            t.elapsed()
        })
        .collect();
    println!(
        "filter {n:>9} rows: fresh 3-5 chars {} (median of 5), one appended char {}",
        ms(median(fresh)),
        ms(median(appended))
    );
}

fn app_with(n: usize) -> App {
    let connection = Connection {
        backend: "bench".into(),
        operator: "bench".into(),
        demo: true,
        online: true,
        last_update: None,
    };
    let mut app = App::new(
        Keymap::default(),
        Theme { colour: true },
        connection,
        "2026-11-24T12:00:00Z".parse().unwrap(),
    );
    app.start();
    let counts = |q: &str| QueueCounts {
        queue: q.into(),
        open: n as i64,
        overdue: 0,
        due_within_48h: 0,
        due_within_7d: 0,
    };
    app.on_message(Message::Queues(Ok(QueueList {
        queues: vec![counts("all"), counts("spelling")],
    })));
    let generation = app.queue.generation;
    app.on_message(Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: rows(n),
            next_cursor: None,
        }),
    });
    app
}

fn frame_cost(n: usize) {
    let mut app = app_with(n);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    let rounds = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        terminal.draw(|f| app.draw(f)).unwrap();
    }
    println!(
        "frame  {n:>9} rows: draw the queue at 200x50 {} per frame (mean of {rounds})",
        ms(t.elapsed() / rounds)
    );
}

/// A terminal stand-in that only counts the bytes written to it.
#[derive(Clone, Default)]
struct ByteCounter(Arc<AtomicUsize>);

impl Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes crossterm writes for the frame after `key`, on a 200x50 terminal.
fn bytes_after(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<ByteCounter>>,
    counter: &ByteCounter,
    key: Option<KeyCode>,
) -> usize {
    if let Some(code) = key {
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
    let before = counter.0.load(Ordering::Relaxed);
    terminal.draw(|f| app.draw(f)).unwrap();
    counter.0.load(Ordering::Relaxed) - before
}

fn terminal_bytes(n: usize) {
    let mut app = app_with(n);
    let counter = ByteCounter::default();
    let backend = CrosstermBackend::new(counter.clone());
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 200, 50));
    let mut terminal =
        Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
    let first = bytes_after(&mut app, &mut terminal, &counter, None);
    let idle = bytes_after(&mut app, &mut terminal, &counter, None);
    let down = bytes_after(&mut app, &mut terminal, &counter, Some(KeyCode::Down));
    for _ in 0..60 {
        app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    }
    bytes_after(&mut app, &mut terminal, &counter, None);
    let scroll = bytes_after(&mut app, &mut terminal, &counter, Some(KeyCode::Down));
    println!("bytes  {n:>9} rows: first frame {first} B, redraw with nothing changed {idle} B, cursor down one row {down} B, scroll by one row {scroll} B");
}

fn main() {
    for n in [100_000, 1_000_000] {
        let page = rows(n);
        let mut q = QueueScreen::default();
        let t = Instant::now();
        q.add_page(page, None);
        println!(
            "load   {n:>9} rows: one page into the queue, search index included {}",
            ms(t.elapsed())
        );
        drop(q);
        filter_figures(n);
        frame_cost(n);
        terminal_bytes(n);
    }
}
