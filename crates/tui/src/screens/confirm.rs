//! Questions asked before something hard to undo: they take the next key as the answer.

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::screens::help;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// A reopen undoes an operator's decision, so it asks first: y reopens, any other key does not.
#[derive(Debug)]
pub struct ConfirmReopen {
    pub id: i64,
    /// The version read, so a reopen never lands on a record changed meanwhile.
    pub version: i64,
}

impl Component for ConfirmReopen {
    fn title(&self) -> &'static str {
        "reopen"
    }

    fn keys(&self) -> &'static [Action] {
        &[Action::Confirm, Action::Cancel]
    }

    /// Read like a form, so the confirm key is the same as in the reject dialog.
    fn context(&self) -> Context {
        Context::Form
    }

    fn footer(&self, keymap: &Keymap) -> String {
        format!("y or {}", help::footer(self.keys(), self.context(), keymap))
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let (id, version) = (self.id, self.version);
        if key.code == KeyCode::Char('y') || action == Some(Action::Confirm) {
            return vec![
                Intent::Close,
                Intent::Effect(Effect::Reopen { id, version }),
            ];
        }
        vec![
            Intent::Close,
            Intent::notify(format!("#{id} not reopened"), false),
        ]
    }

    fn render(&mut self, _area: Rect, _buf: &mut Buffer, _cx: &Cx) {}
}

/// Asked when a quit would drop an amendment not sent yet: quit again to discard it.
#[derive(Debug)]
pub struct ConfirmQuit;

impl Component for ConfirmQuit {
    fn title(&self) -> &'static str {
        "quit"
    }

    fn keys(&self) -> &'static [Action] {
        &[Action::Quit]
    }

    fn footer(&self, keymap: &Keymap) -> String {
        format!(
            "{} · any other key carries on",
            help::footer(self.keys(), self.context(), keymap)
        )
    }

    fn on_key(&mut self, _key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match action {
            Some(Action::Quit) => vec![Intent::Quit],
            _ => vec![Intent::Close],
        }
    }

    fn render(&mut self, _area: Rect, _buf: &mut Buffer, _cx: &Cx) {}
}
