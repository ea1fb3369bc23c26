//! The `?` overlay: the keys of the layer it was opened on, from the list that layer's key handling
//! reads, so the two cannot disagree.

use crate::columns;
use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::screens::command::COMMANDS;
use crate::theme::{band_symbol, Theme};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_domain::DeadlineBand;

/// What a layer's help explains besides its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpTopic {
    /// What the countdown's marks and colours mean.
    Bands,
}

#[derive(Debug)]
pub struct HelpOverlay {
    /// The layer it describes: its name, its keys and what else its help explains.
    pub about: &'static str,
    pub listed: &'static [Action],
    /// What some of those keys do on that layer, where it is more than the action's name.
    pub here: &'static [(Action, &'static str)],
    pub topics: &'static [HelpTopic],
    /// Lines scrolled past, when the help is taller than the terminal.
    pub scroll: u16,
    /// How far it can scroll, and how many lines it shows, as last drawn.
    max_scroll: u16,
    shown: u16,
}

/// Every band, most urgent first, with what it means for the operator.
const BANDS: [(DeadlineBand, &str); 5] = [
    (
        DeadlineBand::Overdue,
        "past the deadline: the ULN is about to be removed",
    ),
    (DeadlineBand::Under48h, "under 48 hours left"),
    (DeadlineBand::Under7d, "under 7 days left"),
    (DeadlineBand::Under14d, "under 14 days left"),
    (DeadlineBand::Later, "14 days or more: no mark"),
];

impl HelpOverlay {
    /// Moving scrolls a help taller than the terminal; any other of its keys closes it.
    pub const KEYS: &'static [Action] = &[
        Action::Back,
        Action::Help,
        Action::Up,
        Action::Down,
        Action::HalfPageUp,
        Action::HalfPageDown,
    ];

    pub fn new(
        about: &'static str,
        listed: &'static [Action],
        here: &'static [(Action, &'static str)],
        topics: &'static [HelpTopic],
    ) -> HelpOverlay {
        HelpOverlay {
            about,
            listed,
            here,
            topics,
            scroll: 0,
            max_scroll: 0,
            shown: 0,
        }
    }

    /// The lines the overlay shows for `keys`: a key per line, then the `:` commands if the
    /// layer offers the command line, then its other topics, then how to close it.
    pub fn lines(
        keys: &[Action],
        here: &[(Action, &'static str)],
        topics: &[HelpTopic],
        keymap: &Keymap,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = keys
            .iter()
            .filter(|a| keymap.offers(**a))
            .map(|a| Line::from(format!(" {:<16} {}", keymap.label(*a), meaning(*a, here))))
            .collect();
        if keys.contains(&Action::Command) {
            lines.push(Line::from(""));
            lines.push(Line::styled(" Commands (tab completes)", theme.header()));
            for (name, what) in COMMANDS {
                lines.push(Line::from(format!(" :{name:<15} {what}")));
            }
            lines.push(Line::from(format!(
                " :{:<15} show that queue (all, or an anomaly kind)",
                "QUEUE"
            )));
        }
        for topic in topics {
            match topic {
                HelpTopic::Bands => bands(&mut lines, theme),
            }
        }
        // Handled by the app on every layer, so no layer lists them; said in every help.
        lines.push(Line::from(""));
        lines.push(Line::styled(" Screen sharing (everywhere)", theme.header()));
        for a in [Action::Mask, Action::Reveal] {
            lines.push(Line::from(format!(
                " {:<16} {}",
                keymap.label(a),
                a.describe()
            )));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(" Press ? or esc to close."));
        lines
    }
}

/// The countdown legend: the mark and the word say the band, the colour only repeats them.
fn bands(lines: &mut Vec<Line<'static>>, theme: &Theme) {
    lines.push(Line::from(""));
    lines.push(Line::styled(
        " Countdown marks (the colour only repeats them)",
        theme.header(),
    ));
    for (band, meaning) in BANDS {
        let mark = match band_symbol(band).trim() {
            "" => "(none)",
            mark => mark,
        };
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(format!("{mark:<6} {:<9}", band.label()), theme.band(band)),
            Span::raw(format!("  {meaning}")),
        ]));
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
        let half_page = self.shown.div_ceil(2).max(1);
        let step = |half: bool| if half { half_page } else { 1 };
        match action {
            Some(a @ (Action::Down | Action::HalfPageDown)) => {
                let down = self.scroll.saturating_add(step(a == Action::HalfPageDown));
                self.scroll = down.min(self.max_scroll);
            }
            Some(a @ (Action::Up | Action::HalfPageUp)) => {
                self.scroll = self.scroll.saturating_sub(step(a == Action::HalfPageUp));
            }
            Some(_) => return vec![Intent::Close],
            None => {}
        }
        Vec::new()
    }

    /// As wide as its longest line, so no description is cut; on a terminal narrower than that,
    /// lines wrap by words and the box grows taller; taller than the terminal, it scrolls and
    /// says so at its foot.
    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let lines = Self::lines(self.listed, self.here, self.topics, cx.keymap, cx.theme);
        let longest = lines.iter().map(Line::width).max().unwrap_or(0);
        let title = format!(" Keys: {} ", self.about);
        let inner = (longest + 1).max(columns::width(&title));
        let inner = inner.min(usize::from(area.width.saturating_sub(2))).max(1);
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
        let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
        let width = u16::try_from(inner + 2).unwrap_or(u16::MAX);
        let popup = crate::view::centred(area, width, height);
        Clear.render(popup, buf);
        self.shown = height.saturating_sub(2);
        let shown = usize::from(self.shown);
        self.max_scroll = u16::try_from(rows.saturating_sub(shown)).unwrap_or(u16::MAX);
        self.scroll = self.scroll.min(self.max_scroll);
        let mut block = Block::default().borders(Borders::ALL).title(title);
        if self.max_scroll > 0 {
            let more = match (self.scroll > 0, self.scroll < self.max_scroll) {
                (true, true) => " ↑↓ more ",
                (false, _) => " ↓ more (j) ",
                (true, false) => " ↑ more (k) ",
            };
            block = block.title_bottom(Line::from(more).right_aligned());
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .block(block)
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
    footer_with(keys, &[], context, keymap)
}

/// What `action` does on a layer whose own meanings are `here`: its meaning there, else the
/// action's name.
pub fn meaning(action: Action, here: &[(Action, &'static str)]) -> &'static str {
    here.iter()
        .find(|(a, _)| *a == action)
        .map_or(action.describe(), |(_, said)| said)
}

/// The footer's hints, with the keys whose meaning on this layer is `here` said so.
pub fn footer_with(
    keys: &[Action],
    here: &[(Action, &'static str)],
    context: Context,
    keymap: &Keymap,
) -> String {
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
                    | Action::HalfPageUp
                    | Action::HalfPageDown
                    | Action::Top
                    | Action::Bottom
            )
        })
        .map(|a| format!("{} {}", keymap.footer_label(context, *a), meaning(*a, here)))
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
