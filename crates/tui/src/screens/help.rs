//! The `?` overlay: the current screen's keys, built from the list its key handling uses.

use crate::keymap::{Action, Keymap};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, area: Rect, screen: &str, keys: &[Action], keymap: &Keymap) {
    let height = (keys.len() as u16 + 4).min(area.height);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(52)])
        .flex(Flex::Center)
        .areas(popup);
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|a| Line::from(format!(" {:<16} {}", keymap.label(*a), a.describe())))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(" Press ? or esc to close."));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" Keys: {screen} ")),
        ),
        popup,
    );
}

/// One line of the screen's keys for the footer, help first so it survives a narrow terminal.
pub fn footer(keys: &[Action], keymap: &Keymap) -> String {
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
                    .primary(*a)
                    .map(|k| k.to_string())
                    .unwrap_or_default(),
                a.describe()
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
