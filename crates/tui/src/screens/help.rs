//! The `?` overlay: the keys of the layer it was opened on, from the list that layer's key handling
//! reads, so the two cannot disagree.

use crate::columns;
use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

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
            .filter(|a| keymap.offers(**a))
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

    /// As wide as its longest line, so no description is cut; on a terminal narrower than that,
    /// lines wrap by words and the box grows taller.
    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let lines = Self::lines(self.listed, cx.keymap);
        let longest = lines.iter().map(Line::width).max().unwrap_or(0);
        let title = format!(" Keys: {} ", self.about);
        let inner = (longest + 1).max(columns::width(&title));
        let inner = inner.min(usize::from(area.width.saturating_sub(2))).max(1);
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
        let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
        let width = u16::try_from(inner + 2).unwrap_or(u16::MAX);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(width)])
            .flex(Flex::Center)
            .areas(popup);
        Clear.render(popup, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title))
            .render(popup, buf);
    }
}

/// Between the hints of a footer.
pub const HINT_SEPARATOR: &str = " · ";

/// The footer's hints that fit in `width` columns, in order: a hint that does not fit is left
/// out whole rather than cut mid-word (`?` lists them all). A footer that is one hint, such as
/// the command line being typed, is kept even if cut, as it is what the operator is typing.
pub fn fit_hints(footer: &str, width: usize) -> String {
    let mut shown: Vec<&str> = Vec::new();
    let mut used = 0;
    for hint in footer.split(HINT_SEPARATOR) {
        let needed = Line::from(hint).width()
            + if shown.is_empty() {
                0
            } else {
                HINT_SEPARATOR.chars().count()
            };
        if used + needed <= width || !footer.contains(HINT_SEPARATOR) {
            shown.push(hint);
            used += needed;
        }
    }
    shown.join(HINT_SEPARATOR)
}

/// One line of a layer's keys for the footer: help, then the way out, first, so a narrow
/// terminal that leaves out the rest still shows how to find them and how to leave.
pub fn footer(keys: &[Action], context: Context, keymap: &Keymap) -> String {
    let rank = |a: &&Action| match a {
        Action::Help => 0,
        Action::Back | Action::Cancel => 1,
        _ => 2,
    };
    let mut ordered: Vec<&Action> = keys.iter().collect();
    ordered.sort_by_key(rank);
    ordered
        .into_iter()
        .filter(|a| keymap.offers(**a))
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
        .join(HINT_SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_that_do_not_fit_are_left_out_whole() {
        let footer = "? help · enter open · / filter · L PLR lookup (from anywhere) · q quit";
        assert_eq!(fit_hints(footer, 80), footer);
        assert_eq!(
            fit_hints(footer, 40),
            "? help · enter open · / filter · q quit"
        );
        assert_eq!(fit_hints(footer, 6), "? help");
        assert_eq!(
            fit_hints(":all█   (tab completes)", 5),
            ":all█   (tab completes)"
        );
    }
}
