//! The `:` command line: commands and queue names, with tab completion. The names that complete
//! what is typed are listed above the line; `tab` and `shift-tab` step through them.

use crate::keymap::{Action, Keymap};
use crate::layer::{Component, Cx, Intent};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

/// The commands besides queue names, each with what `?` says it does: completion and the help
/// both read this list.
pub const COMMANDS: &[(&str, &str)] = &[
    ("quit", "quit"),
    ("refresh", "load the queues again"),
    ("help", "the keys of the screen (this help)"),
    ("plr", "PLR lookup; `:plr ULN` looks that ULN up"),
    ("challenges", "the data challenges raised"),
    (
        "dashboard",
        "the team's dashboard: backlog by days left, resolutions, centres",
    ),
    ("call", "a phone enquiry: the call panel"),
    (
        "all-records",
        "every record, closed ones too, with its status (a supervisor reopens from here)",
    ),
    (
        "closed-records",
        "only resolved, rejected and expired records",
    ),
    (
        "snoozed",
        "the open records snoozed now, each back in its queue when its time comes",
    ),
    (
        "mine",
        "the open records assigned to you (tab goes back to the queues)",
    ),
    (
        "handover",
        "end of shift: what you hold, and A passes all of it to a colleague",
    ),
    ("search", "search the register by name and date of birth"),
    (
        "group",
        "`:group centre` or `:group anomaly` groups the queue as shown; `:group off`",
    ),
    (
        "import",
        "`:import PATH` sends a centre's registration batch (CSV), showing what first",
    ),
    (
        "export",
        "`:export PATH` writes the queue as shown as CSV (asks first)",
    ),
];

#[derive(Debug)]
pub struct CommandLine {
    pub line: String,
    /// What tab completes to: the commands, then the queues known when the line opened.
    names: Vec<String>,
    /// What the operator typed, which the completions are for: `line` shows the chosen one.
    typed: String,
    /// The completion `line` shows, by its place in `completions()`, once tab was pressed.
    chosen: Option<usize>,
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
            typed: String::new(),
            chosen: None,
        }
    }

    /// The names that complete what was typed, in the order tab steps through them.
    pub fn completions(&self) -> Vec<&str> {
        self.names
            .iter()
            .map(String::as_str)
            .filter(|n| n.starts_with(&self.typed))
            .collect()
    }

    /// Shows the next (+1) or previous (-1) completion, wrapping round.
    fn step(&mut self, by: isize) {
        let count = self.completions().len();
        if count == 0 {
            return;
        }
        let next = match self.chosen {
            None if by < 0 => count - 1,
            None => 0,
            Some(at) => (at as isize + by).rem_euclid(count as isize) as usize,
        };
        self.chosen = Some(next);
        self.line = self.completions()[next].to_owned();
    }

    /// The operator edited the line: completions are for what it now says.
    fn typed(&mut self) {
        self.typed = self.line.clone();
        self.chosen = None;
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
        format!(
            ":{}█   (tab/shift-tab complete, enter runs, esc cancels)",
            self.line
        )
    }

    fn on_key(&mut self, key: KeyEvent, _action: Option<Action>) -> Vec<Intent> {
        match key.code {
            KeyCode::Esc => return vec![Intent::Close],
            KeyCode::Backspace if self.line.pop().is_none() => return vec![Intent::Close],
            KeyCode::Backspace => self.typed(),
            KeyCode::Char(c) => {
                self.line.push(c);
                self.typed();
            }
            KeyCode::Tab => self.step(1),
            KeyCode::BackTab => self.step(-1),
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

    /// The completions of what is typed, in a box at the foot of the screen just above the
    /// line, the one shown on the line marked; as many as fit.
    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let completions = self.completions();
        if completions.is_empty() || area.height < 3 {
            return;
        }
        let room = usize::from(area.height - 2);
        // Keep the chosen one in view when there are more than fit.
        let first = self.chosen.map_or(0, |at| (at + 1).saturating_sub(room));
        let lines: Vec<Line> = completions
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(i, name)| {
                let mark = if Some(i) == self.chosen { "▶" } else { " " };
                let line = Line::from(format!("{mark} {name} "));
                if Some(i) == self.chosen {
                    line.style(cx.theme.selected())
                } else {
                    line
                }
            })
            .collect();
        let title = match completions.len() {
            1 => " 1 completion ".to_owned(),
            n => format!(" {n} completions "),
        };
        let widest = lines.iter().map(Line::width).max().unwrap_or(0);
        let width = (widest.max(title.len() + 2) + 2).min(usize::from(area.width));
        let height = lines.len() + 2;
        let popup = Rect {
            x: area.x,
            y: area.y + area.height - height as u16,
            width: width as u16,
            height: height as u16,
        };
        Clear.render(popup, buf);
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(title))
            .render(popup, buf);
    }
}
