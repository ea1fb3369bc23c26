//! The queue's filter line, open after `/`: every character narrows the queue as it is typed.

use crate::keymap::{Action, Keymap};
use crate::layer::{Component, Cx, Intent};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[derive(Debug)]
pub struct FilterLine {
    pub text: String,
}

impl FilterLine {
    /// Starts from the filter already applied, to extend or correct it.
    pub fn new(text: String) -> FilterLine {
        FilterLine { text }
    }
}

impl Component for FilterLine {
    fn title(&self) -> &'static str {
        "filter"
    }

    /// Every key is text here; enter and esc leave.
    fn keys(&self) -> &'static [Action] {
        &[]
    }

    fn footer(&self, _keymap: &Keymap) -> String {
        "type to filter · enter keeps the filter · esc clears it".to_owned()
    }

    fn on_key(&mut self, key: KeyEvent, _action: Option<Action>) -> Vec<Intent> {
        match key.code {
            KeyCode::Esc => {
                self.text.clear();
                vec![Intent::SetFilter(String::new()), Intent::Close]
            }
            KeyCode::Enter => vec![Intent::Close],
            // The same editing keys as every other line typed into (ctrl-w, ctrl-u too).
            _ if crate::text_line::edit_line(&mut self.text, &key) => {
                vec![Intent::SetFilter(self.text.clone())]
            }
            _ => Vec::new(),
        }
    }

    /// The queue draws the filter with its caret (`Cx::typing_filter`).
    fn render(&mut self, _area: Rect, _buf: &mut Buffer, _cx: &Cx) {}
}
