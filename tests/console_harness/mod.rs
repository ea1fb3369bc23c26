//! The whole console in process against the real backend on loopback: keys in through a channel,
//! the screen read from a TestBackend shared with the test.
#![allow(dead_code)] // each console test binary uses a different part of the harness

use crate::common::TestServer;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::Terminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_stream::wrappers::UnboundedReceiverStream;
use uln_api::ApiClient;
use uln_server::store::Registration;
use uln_tui::app::{App, Connection};
use uln_tui::feed::ChangeFeed;
use uln_tui::keymap::Keymap;
use uln_tui::runtime;
use uln_tui::theme::Theme;

/// A TestBackend the test can read while the console draws on it.
#[derive(Clone)]
pub struct SharedBackend(Arc<Mutex<TestBackend>>);

impl SharedBackend {
    pub fn screen(&self) -> String {
        let backend = self.0.lock().unwrap();
        let buffer = backend.buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Backend for SharedBackend {
    fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(
        &mut self,
        content: I,
    ) -> std::io::Result<()> {
        self.0.lock().unwrap().draw(content)
    }
    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().hide_cursor()
    }
    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().show_cursor()
    }
    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        self.0.lock().unwrap().get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> std::io::Result<()> {
        self.0.lock().unwrap().set_cursor_position(position)
    }
    fn clear(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> std::io::Result<()> {
        self.0.lock().unwrap().clear_region(clear_type)
    }
    fn size(&self) -> std::io::Result<Size> {
        self.0.lock().unwrap().size()
    }
    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        self.0.lock().unwrap().window_size()
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

pub struct Console {
    pub screen: SharedBackend,
    pub keys: mpsc::UnboundedSender<Event>,
    pub done: tokio::task::JoinHandle<App>,
}

impl Console {
    pub fn start(server: &TestServer, token: &str) -> Console {
        Self::start_with(ApiClient::new(server.base.clone(), token).unwrap())
    }

    /// The console on a client of the test's making (several servers, say).
    pub fn start_with(client: ApiClient) -> Console {
        Self::start_on_feed(client, ChangeFeed::Own)
    }

    /// The console hearing of changes from `feed`: a stream (and queues) shared with other
    /// consoles of this process, as the SSH server's sessions are.
    pub fn start_on_feed(client: ApiClient, feed: ChangeFeed) -> Console {
        let screen = SharedBackend(Arc::new(Mutex::new(TestBackend::new(160, 40))));
        let connection = Connection {
            backend: client.base().to_owned(),
            operator: "test".into(),
            demo: true,
            online: true,
            last_update: None,
        };
        let (keys, rx) = mpsc::unbounded_channel();
        let backend = screen.clone();
        let done = tokio::spawn(async move {
            let mut terminal = Terminal::new(backend).unwrap();
            let mut app = App::new(
                Keymap::default(),
                Theme::monochrome(),
                connection,
                jiff::Timestamp::now(),
            );
            runtime::run_on_feed(
                &mut terminal,
                &mut app,
                &client,
                feed,
                UnboundedReceiverStream::new(rx),
                std::future::pending(),
            )
            .await
            .unwrap();
            app
        });
        Console { screen, keys, done }
    }

    pub fn press(&self, code: KeyCode) {
        self.keys
            .send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .unwrap();
    }

    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Filters the queue down to the one record with `uln` and opens it.
    pub async fn open_by_uln(&self, uln: &str) {
        self.press(KeyCode::Char('/'));
        self.type_text(uln);
        self.press(KeyCode::Enter);
        self.wait_for("the filtered queue", |s| s.contains("1 shown of"))
            .await;
        self.press(KeyCode::Enter);
    }

    /// A console for `token` showing the record `record` (found by its ULN), once loaded.
    pub async fn showing(server: &TestServer, token: &str, record: &Registration) -> Console {
        let console = Console::start(server, token);
        console
            .wait_for("the queue", |s| s.contains("all open"))
            .await;
        console
            .open_by_uln(record.uln.as_deref().expect("a record with a ULN"))
            .await;
        let header = format!("#{} open", record.id);
        console
            .wait_for("the record", |s| s.contains(&header))
            .await;
        console
    }

    /// Waits until the screen satisfies `condition`, failing with the screen after 10 s.
    pub async fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen.screen();
            if condition(&screen) {
                return screen;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Quits and hands back the console's final state.
    pub async fn quit(self) -> App {
        self.press(KeyCode::Char('q'));
        tokio::time::timeout(Duration::from_secs(10), self.done)
            .await
            .expect("the console quits")
            .expect("the console ran to the end")
    }
}
