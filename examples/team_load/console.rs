//! A real console without a terminal: `uln_tui::app::App` run by the console's own loop
//! (`runtime::run_observed`, which `runtime::run` is) on a `TestBackend`, keys fed from a
//! channel, and what it shows after each drawn frame published on a watch channel.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_stream::wrappers::UnboundedReceiverStream;
use uln_api::ApiClient;
use uln_tui::app::{App, Connection};
use uln_tui::keymap::Keymap;
use uln_tui::layer::Layer;
use uln_tui::runtime;
use uln_tui::theme::Theme;

/// The size of the terminal each console draws into.
const COLUMNS: u16 = 120;
const ROWS: u16 = 40;

/// What the operator sees, as far as the benchmark cares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    pub loading: bool,
    pub rows: usize,
    /// The record screen on top, and whether its detail is on screen yet.
    pub record: Option<(i64, bool)>,
    /// The last notice, for a timeout's message.
    pub notice: Option<String>,
}

impl Seen {
    fn of(app: &App) -> Seen {
        Seen {
            loading: app.queue.loading,
            rows: app.queue.rows.len(),
            record: match app.top_layer() {
                Some(Layer::Record(r)) => Some((r.id, r.detail.is_some())),
                _ => None,
            },
            notice: app.notice.as_ref().map(|n| n.text.clone()),
        }
    }

    /// The whole queue is in: no page outstanding, and rows to show.
    pub fn loaded(&self) -> bool {
        !self.loading && self.rows > 0
    }

    /// The record whose detail is on screen, if one is.
    pub fn record_shown(&self) -> Option<i64> {
        self.record.filter(|(_, shown)| *shown).map(|(id, _)| id)
    }
}

pub struct HeadlessConsole {
    keys: mpsc::UnboundedSender<Event>,
    seen: watch::Receiver<Seen>,
    pub started: Instant,
    running: JoinHandle<()>,
}

impl HeadlessConsole {
    /// Starts a console on `runtime` against `base` as the operator whose token is `token`.
    pub fn start(runtime: &Handle, base: &str, token: &str) -> anyhow::Result<HeadlessConsole> {
        let client = ApiClient::new(base, token)?;
        let (keys, input) = mpsc::unbounded_channel();
        let (publish, seen) = watch::channel(Seen::default());
        let connection = Connection {
            backend: base.to_owned(),
            operator: "…".into(),
            demo: false,
            online: true,
            last_update: None,
        };
        let mut terminal = Terminal::new(TestBackend::new(COLUMNS, ROWS))?;
        let started = Instant::now();
        let running = runtime.spawn(async move {
            let mut app = App::new(
                Keymap::default(),
                Theme::monochrome(),
                connection,
                jiff::Timestamp::now(),
            );
            let input = UnboundedReceiverStream::new(input);
            // The console ends when its keys channel closes, as when a terminal goes away.
            let result = runtime::run_observed(
                &mut terminal,
                &mut app,
                &client,
                input,
                std::future::pending(),
                |app| {
                    let now = Seen::of(app);
                    publish.send_if_modified(|seen| {
                        let changed = *seen != now;
                        *seen = now;
                        changed
                    });
                },
            )
            .await;
            if let Err(e) = result {
                eprintln!("a console stopped: {e}");
            }
        });
        Ok(HeadlessConsole {
            keys,
            seen,
            started,
            running,
        })
    }

    pub fn seen(&self) -> Seen {
        self.seen.borrow().clone()
    }

    /// Sends a key press, as the terminal would.
    pub fn press(&self, code: KeyCode) {
        let _ = self
            .keys
            .send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    /// Waits until what is shown satisfies `done`, for at most `patience`.
    pub async fn wait_for(
        &mut self,
        what: &str,
        patience: Duration,
        done: impl FnMut(&Seen) -> bool,
    ) -> anyhow::Result<Seen> {
        let waited = tokio::time::timeout(patience, self.seen.wait_for(done))
            .await
            .map(|seen| seen.map(|s| s.clone()));
        match waited {
            Ok(Ok(seen)) => Ok(seen),
            Ok(Err(_)) => anyhow::bail!("the console stopped while waiting for {what}"),
            Err(_) => anyhow::bail!("timed out waiting for {what}: {:?}", self.seen()),
        }
    }

    /// Waits for the whole queue; answers the time from the console's start.
    pub async fn loaded(&mut self, patience: Duration) -> anyhow::Result<Duration> {
        self.wait_for("the whole queue", patience, Seen::loaded)
            .await?;
        Ok(self.started.elapsed())
    }

    /// Closes the input, as a terminal going away does, and waits for the loop to end.
    pub async fn stop(self) {
        drop(self.keys);
        let _ = self.running.await;
    }
}
