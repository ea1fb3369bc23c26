//! Writing a note on a record: one line of text, sent with enter or ctrl-s. The text stays in
//! the dialog until the backend has kept it, so a refusal or a lost connection loses nothing.

use crate::keymap::{Action, Context};
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::text_line::{edit_line, with_cursor};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_domain::text::{self, TextKind};

#[derive(Debug, Clone)]
pub struct NoteDialog {
    pub id: i64,
    pub text: String,
    /// Sent, waiting for the backend: a second enter does not send it twice.
    pub sending: bool,
    pub error: Option<String>,
}

impl NoteDialog {
    pub const KEYS: &'static [Action] = &[Action::Submit, Action::Cancel];

    pub fn new(id: i64) -> NoteDialog {
        NoteDialog {
            id,
            text: String::new(),
            sending: false,
            error: None,
        }
    }

    /// The note to send, unless it is one the backend would refuse: then why, here and now.
    fn send(&mut self) -> Vec<Intent> {
        if self.sending {
            return Vec::new();
        }
        match text::clean(&self.text, TextKind::Note) {
            Ok(text) => {
                self.error = None;
                self.sending = true;
                vec![Intent::Effect(Effect::AddNote { id: self.id, text })]
            }
            Err(e) => {
                self.error = Some(format!("the note {e}"));
                Vec::new()
            }
        }
    }

    /// The backend did not keep it: say why, and let the operator send the same text again.
    pub fn failed(&mut self, why: String) {
        self.sending = false;
        self.error = Some(why);
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
        match (action, key.code) {
            (Some(Action::Cancel), _) => return vec![Intent::Close],
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => return self.send(),
            // While it is on its way the text is what was sent: not edited under it.
            _ if self.sending => {}
            (None, _) => drop(edit_line(&mut self.text, &key)),
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let [popup] = Layout::vertical([Constraint::Length(8)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(72)])
            .flex(Flex::Center)
            .areas(popup);
        let submit = cx
            .keymap
            .primary(Action::Submit)
            .map(|k| k.to_string())
            .unwrap_or_default();
        let mut lines = vec![Line::from(with_cursor(&self.text)), Line::from("")];
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), cx.theme.error()));
        }
        lines.push(Line::styled(
            if self.sending {
                "Sending…".to_owned()
            } else {
                format!("enter or {submit} adds it to the record and its audit trail; esc cancels.")
            },
            cx.theme.muted(),
        ));
        Clear.render(popup, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" Note on #{} ", self.id));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(popup, buf);
    }
}
