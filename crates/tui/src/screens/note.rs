//! Writing a note on a record: one line of text, sent with enter or ctrl-s. The text stays in
//! the dialog until the backend has kept it, so a refusal or a lost connection loses nothing.

use super::sending::{draw_dialog, Sending};
use crate::keymap::{Action, Context};
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::text_line::{edit_line, with_cursor};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use uln_domain::text::{self, TextKind};

#[derive(Debug, Clone)]
pub struct NoteDialog {
    pub id: i64,
    pub text: String,
    pub sending: Sending,
}

impl NoteDialog {
    pub const KEYS: &'static [Action] = &[Action::Submit, Action::Cancel];

    pub fn new(id: i64) -> NoteDialog {
        NoteDialog {
            id,
            text: String::new(),
            sending: Sending::default(),
        }
    }

    /// The note to send, unless it is one the backend would refuse: then why, here and now.
    fn send(&mut self) -> Vec<Intent> {
        if !self.sending.may_send() {
            return Vec::new();
        }
        match text::clean(&self.text, TextKind::Note) {
            Ok(text) => {
                self.sending.sent();
                vec![Intent::Effect(Effect::AddNote { id: self.id, text })]
            }
            Err(e) => {
                self.sending.refuse(format!("the note {e}"));
                Vec::new()
            }
        }
    }
}

impl Component for NoteDialog {
    fn title(&self) -> &'static str {
        "note"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if let Some(taken) = self.sending.key(&key, action) {
            return taken.answer(|| self.send());
        }
        if action.is_none() {
            edit_line(&mut self.text, &key);
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let submit = cx
            .keymap
            .primary(Action::Submit)
            .map(|k| k.to_string())
            .unwrap_or_default();
        let mut lines = vec![Line::from(with_cursor(&self.text)), Line::from("")];
        let hint =
            format!("enter or {submit} adds it to the record and its audit trail; esc cancels.");
        lines.extend(self.sending.lines(hint, cx.theme));
        let title = format!(" Note on #{} ", self.id);
        draw_dialog(area, buf, (72, 8), title, lines);
    }
}
