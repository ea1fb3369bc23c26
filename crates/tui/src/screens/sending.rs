//! What the dialogs that send one change (assign, note, snooze) share: the send on its way or
//! refused, the keys that close and send, and the box they are drawn in. What was typed stays
//! in the dialog until the backend has taken it, so a refusal or a lost connection loses nothing.

use crate::keymap::Action;
use crate::layer::Intent;
use crate::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

/// Whether a dialog's change is on its way, and why it was last refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sending {
    /// Sent, waiting for the backend: a second enter does not send it twice, and what was sent
    /// is not edited under it.
    on_its_way: bool,
    error: Option<String>,
}

/// A key as every sending dialog takes it, before its own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendingKey {
    /// Esc: the dialog closes.
    Close,
    /// Enter or submit: the dialog checks what it holds and sends it (`Sending::sent`).
    Send,
    /// Any other key while the change is on its way: ignored.
    Held,
}

impl SendingKey {
    /// What the dialog does with it: `send` is its own check and send.
    pub fn answer(self, send: impl FnOnce() -> Vec<Intent>) -> Vec<Intent> {
        match self {
            SendingKey::Close => vec![Intent::Close],
            SendingKey::Send => send(),
            SendingKey::Held => Vec::new(),
        }
    }
}

impl Sending {
    pub fn is_sending(&self) -> bool {
        self.on_its_way
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// How `key` is taken before the dialog's own keys; None leaves it to the dialog.
    pub fn key(&self, key: &KeyEvent, action: Option<Action>) -> Option<SendingKey> {
        match (action, key.code) {
            (Some(Action::Cancel), _) => Some(SendingKey::Close),
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => Some(SendingKey::Send),
            _ if self.on_its_way => Some(SendingKey::Held),
            _ => None,
        }
    }

    /// Whether a send may start: not while one is on its way.
    pub fn may_send(&self) -> bool {
        !self.on_its_way
    }

    /// The change left for the backend: the last refusal is no longer the news.
    pub fn sent(&mut self) {
        self.error = None;
        self.on_its_way = true;
    }

    /// Not sent: what the dialog holds would be refused, and why.
    pub fn refuse(&mut self, why: String) {
        self.error = Some(why);
    }

    /// The backend did not take it: why, and everything typed can be sent again.
    pub fn failed(&mut self, why: String) {
        self.on_its_way = false;
        self.error = Some(why);
    }

    /// The dialog's last lines: why it was refused, if it was, then `hint` or that it is on its
    /// way.
    pub fn lines(&self, hint: String, theme: &Theme) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.error()));
        }
        let last = if self.on_its_way {
            "Sending…".to_owned()
        } else {
            hint
        };
        lines.push(Line::styled(last, theme.muted()));
        lines
    }
}

/// A dialog's box of `width`×`height`, centred in `area` over what lies under it: `lines` in
/// it, wrapped, under `title`.
pub fn draw_dialog(
    area: Rect,
    buf: &mut Buffer,
    (width, height): (u16, u16),
    title: String,
    lines: Vec<Line<'static>>,
) {
    let popup = crate::view::centred(area, width, height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(title))
        .render(popup, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_change_on_its_way_holds_every_key_but_close_and_send_until_it_fails() {
        let mut sending = Sending::default();
        assert_eq!(sending.key(&key(KeyCode::Char('a')), None), None);
        sending.refuse("the note is empty".into());
        assert!(sending.may_send(), "a refusal is not a send");
        sending.sent();
        assert_eq!((sending.is_sending(), sending.error()), (true, None));
        assert!(!sending.may_send(), "not twice");
        let typed = sending.key(&key(KeyCode::Char('a')), None);
        assert_eq!(typed, Some(SendingKey::Held));
        let esc = sending.key(&key(KeyCode::Esc), Some(Action::Cancel));
        assert_eq!(esc, Some(SendingKey::Close));
        sending.failed("offline".into());
        assert!(sending.may_send() && sending.error() == Some("offline"));
        assert_eq!(
            sending.key(&key(KeyCode::Enter), None),
            Some(SendingKey::Send)
        );
    }
}
