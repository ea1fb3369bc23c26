//! The session's terminal: ratatui draws into a buffer that goes to the SSH channel as one data
//! message per flush (one per frame), and the screen's size is the client's pty, not a tty of the
//! server's.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::UnboundedSender;
use uln_tui::quiet::QuietBackend;

/// Bytes for the client, sent on flush: a frame costs one channel message, not one per escape
/// sequence.
pub struct ChannelWriter {
    out: UnboundedSender<Vec<u8>>,
    pending: Vec<u8>,
}

impl ChannelWriter {
    pub fn new(out: UnboundedSender<Vec<u8>>) -> Self {
        ChannelWriter {
            out,
            pending: Vec::new(),
        }
    }
}

impl io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        // The channel's sender is gone once the client is: the console then stops drawing.
        self.out
            .send(std::mem::take(&mut self.pending))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the SSH client went away"))
    }
}

impl Drop for ChannelWriter {
    fn drop(&mut self) {
        let _ = io::Write::flush(self);
    }
}

/// The client's terminal size, as the pty request and window changes last gave it.
#[derive(Clone)]
pub struct PtySize(Arc<Mutex<Size>>);

impl PtySize {
    pub fn new(cols: u32, rows: u32) -> Self {
        PtySize(Arc::new(Mutex::new(size_of(cols, rows))))
    }

    pub fn set(&self, cols: u32, rows: u32) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = size_of(cols, rows);
    }

    pub fn get(&self) -> Size {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A client may claim any size; at least a cell, at most what a u16 holds.
fn size_of(cols: u32, rows: u32) -> Size {
    let clamp = |n: u32| n.clamp(1, u32::from(u16::MAX)) as u16;
    Size::new(clamp(cols), clamp(rows))
}

/// The local console's backend (crossterm's escape sequences, nothing sent for an unchanged
/// frame) writing to the channel, sized by the client's pty so ratatui's autoresize follows
/// window changes.
pub struct SshBackend {
    inner: QuietBackend<CrosstermBackend<ChannelWriter>>,
    size: PtySize,
}

impl SshBackend {
    pub fn new(writer: ChannelWriter, size: PtySize) -> Self {
        SshBackend {
            inner: QuietBackend::new(CrosstermBackend::new(writer)),
            size,
        }
    }
}

impl Backend for SshBackend {
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    /// Asking the client where its cursor is would need its answer in the input; the console is
    /// full-screen and never needs it.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
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
        Ok(self.size.get())
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size.get(),
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Paragraph;
    use ratatui::Terminal;

    #[test]
    fn a_frame_is_one_message_and_the_size_follows_the_pty() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let size = PtySize::new(20, 3);
        let mut terminal = Terminal::new(SshBackend::new(ChannelWriter::new(tx), size.clone()))
            .expect("a terminal");
        terminal
            .draw(|f| f.render_widget(Paragraph::new("queue"), f.area()))
            .unwrap();
        let frame = rx.try_recv().expect("the frame");
        assert!(String::from_utf8_lossy(&frame).contains("queue"));
        assert!(rx.try_recv().is_err(), "one message for the frame");

        size.set(40, 5);
        let mut area = ratatui::layout::Rect::default();
        terminal.draw(|f| area = f.area()).unwrap();
        assert_eq!((area.width, area.height), (40, 5));
    }
}
