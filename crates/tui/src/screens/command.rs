//! The `:` command line: commands and queue names, with tab completion.

use crate::keymap::{Action, Keymap};
use crate::layer::{Component, Cx, Intent};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub const COMMANDS: &[&str] = &[
    "quit",
    "refresh",
    "help",
    "plr",
    "call",
    "challenges",
    "all-records",
    "closed-records",
    "search",
    "export",
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
                .map(|c| c.to_string())
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
