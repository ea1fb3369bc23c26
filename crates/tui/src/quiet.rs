//! A terminal backend that writes nothing when nothing changed. ratatui's crossterm backend ends
//! every frame with colour and attribute resets and a cursor hide, even when no cell changed: 25
//! bytes a frame. Over SSH, a console that redraws for its once-a-minute countdowns should send
//! nothing when no countdown changed.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io;

pub struct QuietBackend<B> {
    inner: B,
    /// Whether the cursor is hidden, once known: hiding a hidden cursor is skipped.
    cursor_hidden: Option<bool>,
}

impl<B> QuietBackend<B> {
    pub fn new(inner: B) -> Self {
        QuietBackend {
            inner,
            cursor_hidden: None,
        }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: Backend> Backend for QuietBackend<B> {
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden != Some(true) {
            self.inner.hide_cursor()?;
            self.cursor_hidden = Some(true);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden != Some(false) {
            self.inner.show_cursor()?;
            self.cursor_hidden = Some(false);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::widgets::Paragraph;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    use std::sync::{Arc, Mutex};

    /// A terminal stand-in that keeps what was written to it.
    #[derive(Clone, Default)]
    struct Screen(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Screen {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_unchanged_frame_writes_nothing_and_a_change_still_gets_through() {
        let screen = Screen::default();
        let backend = QuietBackend::new(CrosstermBackend::new(screen.clone()));
        let viewport = Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2));
        let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
        let mut written = Vec::new();
        for text in ["12 min", "12 min", "12 min", "11 min"] {
            let before = screen.0.lock().unwrap().len();
            terminal
                .draw(|f| f.render_widget(Paragraph::new(text), f.area()))
                .unwrap();
            written.push(screen.0.lock().unwrap().len() - before);
        }
        assert!(written[0] > 0);
        assert_eq!(written[1..3], [0, 0], "nothing changed, nothing sent");
        assert!(written[3] > 0, "a changed countdown is sent");
        let last = String::from_utf8_lossy(&screen.0.lock().unwrap()).into_owned();
        assert!(
            last.ends_with("\u{1b}[0m"),
            "styles are reset after a change: {last:?}"
        );
    }
}
