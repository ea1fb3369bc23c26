//! The `?` overlay: the keys of the layer it was opened on, from the list that layer's key handling
//! reads, so the two cannot disagree.

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

#[derive(Debug)]
pub struct HelpOverlay {
    /// The layer it describes: its name and its keys.
    pub about: &'static str,
    pub listed: &'static [Action],
}

impl HelpOverlay {
    pub const KEYS: &'static [Action] = &[Action::Back, Action::Help];

    /// The lines the overlay shows for `keys`: a key per line, then how to close it.
    pub fn lines(keys: &[Action], keymap: &Keymap) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = keys
            .iter()
            .map(|a| Line::from(format!(" {:<16} {}", keymap.label(*a), a.describe())))
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::from(" Press ? or esc to close."));
        lines
    }
}

impl Component for HelpOverlay {
    fn title(&self) -> &'static str {
        "help"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn on_key(&mut self, _key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match action {
            Some(_) => vec![Intent::Close],
            None => Vec::new(),
        }
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let height = (self.listed.len() as u16 + 4).min(area.height);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(52)])
            .flex(Flex::Center)
            .areas(popup);
        Clear.render(popup, buf);
        Paragraph::new(Self::lines(self.listed, cx.keymap))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" Keys: {} ", self.about)),
            )
            .render(popup, buf);
    }
}

/// One line of a layer's keys for the footer, help first so it survives a narrow terminal.
pub fn footer(keys: &[Action], context: Context, keymap: &Keymap) -> String {
    let help_first = keys
        .iter()
        .filter(|a| **a == Action::Help)
        .chain(keys.iter().filter(|a| **a != Action::Help));
    help_first
        .filter(|a| {
            !matches!(
                a,
                Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::Top
                    | Action::Bottom
            )
        })
        .map(|a| {
            format!(
                "{} {}",
                keymap
                    .primary_in(context, *a)
                    .map(|k| k.to_string())
                    .unwrap_or_default(),
                a.describe()
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
