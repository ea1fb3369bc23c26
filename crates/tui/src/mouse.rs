//! Mouse capture, off unless the config turns it on (`mouse = true`): while the console captures
//! the mouse, the terminal's own text selection stops working, and operators rely on it to copy.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use std::io::Write;

/// Captures the mouse while it lives, if asked to; gives it back when dropped, on every way out
/// of the console (quit, error, a signal ending the loop). A panic is covered by `restore_on_panic`.
pub struct MouseCapture<W: Write> {
    /// The terminal, kept only while capture is on.
    out: Option<W>,
}

impl<W: Write> MouseCapture<W> {
    /// Turns capture on through `out` if `on`; otherwise sends nothing at all.
    pub fn start(on: bool, mut out: W) -> std::io::Result<MouseCapture<W>> {
        if !on {
            return Ok(MouseCapture { out: None });
        }
        crossterm::execute!(out, EnableMouseCapture)?;
        Ok(MouseCapture { out: Some(out) })
    }
}

impl<W: Write> Drop for MouseCapture<W> {
    fn drop(&mut self) {
        if let Some(out) = &mut self.out {
            // Nothing more can be done if the terminal is gone.
            let _ = crossterm::execute!(out, DisableMouseCapture);
        }
    }
}

/// A panic skips the console's own way out, so capture is given back from the panic hook, before
/// ratatui's hook restores the rest of the terminal and the message is printed.
pub fn restore_on_panic() {
    let earlier = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        earlier(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clipboard::tests::Written;

    fn sent(written: &Written) -> String {
        String::from_utf8(written.bytes()).unwrap()
    }

    #[test]
    fn off_by_default_nothing_is_sent_to_the_terminal() {
        let written = Written::default();
        drop(MouseCapture::start(false, written.clone()).unwrap());
        assert_eq!(sent(&written), "", "neither enabled nor disabled");
    }

    #[test]
    fn when_on_capture_is_enabled_and_given_back_on_the_way_out() {
        let written = Written::default();
        let capture = MouseCapture::start(true, written.clone()).unwrap();
        assert!(
            sent(&written).contains("\x1b[?1000h"),
            "{:?}",
            sent(&written)
        );
        assert!(!sent(&written).contains("\x1b[?1000l"));
        drop(capture);
        assert!(
            sent(&written).ends_with("\x1b[?1000l"),
            "{:?}",
            sent(&written)
        );
    }
}
