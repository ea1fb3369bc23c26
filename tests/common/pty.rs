//! A program in a pseudo-terminal, read back through a terminal emulator (vt100): what a person at
//! that terminal would see. The console's own pty tests and the SSH tests (the real `ssh` client)
//! drive their programs this way.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Leaving the alternate screen: the terminal is given back.
pub const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
pub const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";

pub struct Terminal {
    screen: Arc<Mutex<(vt100::Parser, Vec<u8>)>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Terminal {
    /// Runs `command` in a new pseudo-terminal of `rows` × `cols`; `home` lives as long as it.
    pub fn spawn(
        command: CommandBuilder,
        home: tempfile::TempDir,
        rows: u16,
        cols: u16,
    ) -> Terminal {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new((vt100::Parser::new(rows, cols, 0), Vec::new())));
        let shared = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut guard = shared.lock().unwrap();
                guard.0.process(&buf[..n]);
                guard.1.extend_from_slice(&buf[..n]);
            }
        });
        Terminal {
            screen,
            writer,
            child,
            master: pair.master,
            _home: home,
        }
    }

    /// The terminal's window changes size, as when its window is dragged: the program hears
    /// SIGWINCH.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.screen.lock().unwrap().0.set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().0.screen().contents()
    }

    /// The screen's rows, as many as the terminal has now.
    pub fn rows(&self) -> Vec<String> {
        let guard = self.screen.lock().unwrap();
        let (_, cols) = guard.0.screen().size();
        guard.0.screen().rows(0, cols).collect()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.screen.lock().unwrap().1.clone()
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types text one key at a time, as a person would.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.contents();
            if condition(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits for the process to end; fails if it does not within five seconds.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the console did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The terminal was given back: the last alternate-screen switch is the one leaving it.
    /// The last bytes may still be on their way from the pseudo-terminal when the process has
    /// ended, so this waits for them, up to five seconds.
    pub fn restored(&self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let raw = self.raw();
            let last = |needle: &[u8]| raw.windows(needle.len()).rposition(|w| w == needle);
            if matches!((last(ENTER_ALTERNATE_SCREEN), last(LEAVE_ALTERNATE_SCREEN)), (Some(enter), Some(leave)) if leave > enter)
            {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}
