//! Console performance: filter latency, frame cost and bytes written to the terminal, over
//! synthetic queues of 100,000 and 1,000,000 rows. `cargo bench --bench console`;
//! `BENCH_ONLY=filter|frame|bytes|walking|shared` runs one part.
//! Figures are printed, never asserted; BENCHMARKS.md records them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::Terminal;
use std::hint::black_box;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use synthetic::rows;
use uln_api::{ExceptionPage, QueueCounts, QueueList};
use uln_tui::app::{App, Connection};
use uln_tui::keymap::Keymap;
use uln_tui::message::Message;
use uln_tui::quiet::QuietBackend;
use uln_tui::screens::queue::QueueScreen;
use uln_tui::theme::Theme;

#[path = "console/shared.rs"]
mod shared;
mod synthetic;
#[path = "console/walking.rs"]
mod walking;

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

/// Sets the filter and waits for its answer, running the background job here if one was asked
/// for: the time from keystroke to the rows to show.
fn filter_now(q: &mut QueueScreen, pattern: &str) {
    q.set_filter(pattern.into());
    if let Some(job) = q.take_filter_job() {
        if let Some(result) = job.run() {
            q.filtered(result);
        }
    }
}

fn filter_figures(n: usize) {
    let mut q = loaded_queue(n);
    let fresh: Vec<Duration> = ["smi", "hugh", "calde", "patel", "ava k"]
        .iter()
        .map(|p| {
            filter_now(&mut q, "");
            let t = Instant::now();
            filter_now(&mut q, p);
            black_box(q.visible_len());
            t.elapsed()
        })
        .collect();
    let appended: Vec<Duration> = ["smi", "hugh", "calde", "pate", "ava "]
        .iter()
        .map(|p| {
            filter_now(&mut q, p);
            let t = Instant::now();
            filter_now(&mut q, &format!("{p}e"));
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

/// What the operator waits for on a keystroke in the filter: the key handled and the next frame
/// drawn, with the filter itself left running in the background.
fn keystroke_echo(n: usize) {
    let mut app = app_with(n);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    app.on_key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    let samples: Vec<Duration> = "calde"
        .chars()
        .map(|c| {
            let t = Instant::now();
            let effects = app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            terminal.draw(|f| app.draw(f)).unwrap();
            let took = t.elapsed();
            black_box(effects);
            took
        })
        .collect();
    println!(
        "echo   {n:>9} rows: filter key handled and next frame drawn {} (median of 5), filter running in the background",
        ms(median(samples))
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
        queue: uln_api::Queue::from_wire(q).expect("a known queue"),
        open: n as i64,
        overdue: 0,
        due_within_48h: 0,
        due_within_7d: 0,
        snoozed: 0,
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
    let rounds = 2_000;
    let samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            terminal.draw(|f| app.draw(f)).unwrap();
            t.elapsed()
        })
        .collect();
    let mean = samples.iter().sum::<Duration>() / rounds;
    println!(
        "frame  {n:>9} rows: draw the queue at 200x50 {} median, {} mean of {rounds}",
        ms(median(samples)),
        ms(mean)
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

/// The length of the SGR parameter that sets `color` as cheaply as a terminal allows.
fn colour_code_len(color: ratatui::style::Color, background: bool) -> usize {
    use ratatui::style::Color;
    let _ = background; // 3x/4x and 9x/10x codes are the same length
    match color {
        Color::Rgb(r, g, b) => format!("38;2;{r};{g};{b}").len(),
        Color::Indexed(i) => format!("38;5;{i}").len(),
        Color::LightRed
        | Color::LightGreen
        | Color::LightYellow
        | Color::LightBlue
        | Color::LightMagenta
        | Color::LightCyan
        | Color::White
            if background =>
        {
            3 // 100-107
        }
        _ => 2, // 30-37, 39, 40-47, 49, 90-97
    }
}

/// A lower bound on the bytes any renderer needs to turn `prev` into `next`: for each run of
/// changed cells on a row, one cursor move; for each change of style, one SGR sequence with
/// only what changed (a reset first if an attribute goes away); and the characters themselves.
fn minimum_bytes(prev: &ratatui::buffer::Buffer, next: &ratatui::buffer::Buffer) -> (usize, usize) {
    let changes = prev.diff(next);
    let (mut bytes, mut at, mut style) = (0, None, None);
    for (x, y, cell) in &changes {
        if at != Some((*x, *y)) {
            bytes += format!("\x1b[{};{}H", y + 1, x + 1).len();
        }
        let now = (cell.fg, cell.bg, cell.modifier);
        if style != Some(now) {
            let mut codes = Vec::new();
            let dropped = style.is_some_and(|(_, _, m): (_, _, ratatui::style::Modifier)| {
                !cell.modifier.contains(m)
            });
            if dropped || style.is_none() {
                codes.push(1); // "0"
            }
            codes.extend(cell.modifier.iter().map(|_| 1));
            if dropped || style.is_none_or(|(fg, _, _)| fg != cell.fg) {
                codes.push(colour_code_len(cell.fg, false));
            }
            if dropped || style.is_none_or(|(_, bg, _)| bg != cell.bg) {
                codes.push(colour_code_len(cell.bg, true));
            }
            bytes += 3 + codes.iter().sum::<usize>() + codes.len().saturating_sub(1);
            style = Some(now);
        }
        bytes += cell.symbol().len();
        at = Some((x + 1, *y));
    }
    (changes.len(), bytes)
}

/// One frame's cost on the wire: the bytes crossterm wrote, the cells that changed, and the
/// lower bound for repainting only those cells.
struct FrameBytes {
    written: usize,
    changed: usize,
    minimum: usize,
}

impl std::fmt::Display for FrameBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ratio = if self.minimum == 0 {
            "n/a".to_owned()
        } else {
            format!("{:.2}x", self.written as f64 / self.minimum as f64)
        };
        write!(
            f,
            "{} B for {} changed cells (minimum {} B, {ratio})",
            self.written, self.changed, self.minimum
        )
    }
}

/// Bytes crossterm writes for the frame after `message` (a key or a message), on a 200x50
/// terminal, beside the minimum for the cells that changed.
fn bytes_after(
    app: &mut App,
    terminal: &mut Terminal<QuietBackend<CrosstermBackend<ByteCounter>>>,
    counter: &ByteCounter,
    previous: &mut ratatui::buffer::Buffer,
    event: Option<Event>,
) -> FrameBytes {
    match event {
        Some(Event::Key(code)) => drop(app.on_key(KeyEvent::new(code, KeyModifiers::NONE))),
        Some(Event::Message(message)) => drop(app.on_message(*message)),
        None => {}
    }
    let before = counter.0.load(Ordering::Relaxed);
    let frame = terminal.draw(|f| app.draw(f)).unwrap().buffer.clone();
    let written = counter.0.load(Ordering::Relaxed) - before;
    let (changed, minimum) = minimum_bytes(previous, &frame);
    *previous = frame;
    FrameBytes {
        written,
        changed,
        minimum,
    }
}

enum Event {
    Key(KeyCode),
    Message(Box<Message>),
}

fn terminal_bytes(n: usize) {
    let mut app = app_with(n);
    let counter = ByteCounter::default();
    let backend = QuietBackend::new(CrosstermBackend::new(counter.clone()));
    let area = ratatui::layout::Rect::new(0, 0, 200, 50);
    let viewport = ratatui::Viewport::Fixed(area);
    let mut terminal =
        Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
    let mut previous = ratatui::buffer::Buffer::empty(area);
    let (t, c, p) = (&mut terminal, &counter, &mut previous);
    let first = bytes_after(&mut app, t, c, p, None);
    let idle = bytes_after(&mut app, t, c, p, None);
    let down = bytes_after(&mut app, t, c, p, Some(Event::Key(KeyCode::Down)));
    for _ in 0..60 {
        app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    }
    bytes_after(&mut app, t, c, p, None);
    let scroll = bytes_after(&mut app, t, c, p, Some(Event::Key(KeyCode::Down)));
    // The once-a-minute tick: only countdowns may change. At the end of the queue they show days
    // and hours: at 12:01 none changes, at 13:00 each has gone down an hour.
    bytes_after(&mut app, t, c, p, Some(Event::Key(KeyCode::Char('G'))));
    let tick = |at: &str| Some(Event::Message(Box::new(Message::Tick(at.parse().unwrap()))));
    let minute = bytes_after(&mut app, t, c, p, tick("2026-11-24T12:01:00Z"));
    let hour = bytes_after(&mut app, t, c, p, tick("2026-11-24T13:00:00Z"));
    println!("bytes  {n:>9} rows: first frame {first}");
    println!("bytes  {n:>9} rows: redraw with nothing changed {idle}");
    println!("bytes  {n:>9} rows: cursor down one row {down}");
    println!("bytes  {n:>9} rows: scroll by one row {scroll}");
    println!("bytes  {n:>9} rows: a minute tick, no countdown changed {minute}");
    println!("bytes  {n:>9} rows: a minute tick, every countdown on screen changed {hour}");
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
        // A record resolved elsewhere leaves the queue: on the input path, so it must be quick.
        let samples: Vec<Duration> = [n / 2, 0, n - 10, n / 3, 7]
            .into_iter()
            .map(|at| {
                let id = q.visible_ids().nth(at).expect("row");
                let t = Instant::now();
                q.remove(id);
                t.elapsed()
            })
            .collect();
        println!(
            "remove {n:>9} rows: a record resolved elsewhere leaves the queue {} (median of 5)",
            ms(median(samples))
        );
        drop(q);
        let only = std::env::var("BENCH_ONLY").unwrap_or_default();
        let runs = |what: &str| only.is_empty() || only == what;
        if runs("filter") {
            filter_figures(n);
            keystroke_echo(n);
        }
        if runs("frame") {
            frame_cost(n);
        }
        if runs("bytes") {
            terminal_bytes(n);
        }
        if runs("shared") {
            shared::change_cost(n);
        }
        if runs("bytes") || only == "walking" {
            walking::walking_bytes(n);
        }
    }
}
