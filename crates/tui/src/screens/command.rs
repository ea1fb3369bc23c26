//! The `:` command line: commands and queue names, with tab completion.

use crate::keymap::{Action, Keymap};
use crate::layer::{Component, Cx, Intent};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The commands besides queue names, each with what `?` says it does: completion and the help
/// both read this list.
pub const COMMANDS: &[(&str, &str)] = &[
    ("quit", "quit"),
    ("refresh", "load the queues again"),
    ("help", "the keys of the screen (this help)"),
    ("plr", "PLR lookup; `:plr ULN` looks that ULN up"),
    ("challenges", "the data challenges raised"),
];

#[derive(Debug)]
pub struct CommandLine {
    pub line: String,
    /// What tab completes to: the commands, then the queues known when the line opened.
    names: Vec<String>,
}

impl CommandLine {
    pub fn new(queues: impl IntoIterator<Item = String>) -> CommandLine {
        CommandLine {
            line: String::new(),
            names: COMMANDS
                .iter()
                .map(|(c, _)| c.to_string())
                .chain(queues)
                .collect(),
        }
    }
}

impl Component for CommandLine {
    fn title(&self) -> &'static str {
        "command"
    }

    /// Every key is text here; tab, enter and esc are the line's own.
    fn keys(&self) -> &'static [Action] {
        &[]
    }

    fn footer(&self, _keymap: &Keymap) -> String {
        format!(":{}█   (tab completes, enter runs, esc cancels)", self.line)
    }

    fn on_key(&mut self, key: KeyEvent, _action: Option<Action>) -> Vec<Intent> {
        match key.code {
            KeyCode::Esc => return vec![Intent::Close],
            KeyCode::Backspace if self.line.pop().is_none() => return vec![Intent::Close],
            KeyCode::Char(c) => self.line.push(c),
            KeyCode::Tab => {
                if let Some(first) = self.names.iter().find(|n| n.starts_with(&self.line)) {
                    self.line = first.clone();
                }
            }
            KeyCode::Enter => {
                return vec![
                    Intent::Close,
                    Intent::RunCommand(self.line.trim().to_owned()),
                ]
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, _area: Rect, _buf: &mut Buffer, _cx: &Cx) {}
}
