//! Choosing a colleague by typing part of their name: the list the assign dialog and the
//! handover screen share. It matches as the queue's filter does (each word typed begins a word
//! of the name, best first), so "cl" finds `cleo-colleague` and "s sup" `sam-supervisor`.

use crate::search::Pattern;
use crate::theme::Theme;
use ratatui::text::Line;
use uln_api::Colleague;

/// The names shown at most; typing narrows the rest.
pub const SHOWN: usize = 5;

#[derive(Debug, Clone, Default)]
pub struct ColleaguePicker {
    /// None until the backend has said who there is.
    pub all: Option<Vec<Colleague>>,
    pub typed: String,
    /// Indices into `all` that match `typed`, best first.
    matching: Vec<usize>,
    pub cursor: usize,
    /// Left out of the choice: the one handing over, or whoever already holds the record.
    pub excluded: Option<String>,
    /// "Nobody" is offered above the colleagues while nothing is typed: how the assign dialog
    /// takes a record back. The cursor counts it as the first line.
    pub offers_nobody: bool,
}

/// The first line when nobody can be chosen.
pub const NOBODY: &str = "nobody (take it back)";

impl ColleaguePicker {
    pub fn excluding(name: Option<String>) -> ColleaguePicker {
        ColleaguePicker {
            excluded: name,
            ..ColleaguePicker::default()
        }
    }

    /// The backend's list arrived.
    pub fn loaded(&mut self, all: Vec<Colleague>) {
        self.all = Some(all);
        self.refilter();
    }

    /// The typed text changed: the matches again, the cursor on the best.
    pub fn refilter(&mut self) {
        let pattern = Pattern::parse(&self.typed);
        let all = self.all.as_deref().unwrap_or_default();
        let mut scored: Vec<(usize, u32)> = all
            .iter()
            .enumerate()
            .filter(|(_, c)| Some(&c.name) != self.excluded.as_ref())
            .filter_map(|(i, c)| {
                let lower = c.name.to_lowercase();
                pattern.score(lower.as_bytes()).map(|s| (i, s.into()))
            })
            .collect();
        // Best first; the same score keeps the backend's order (by name).
        scored.sort_by_key(|(i, score)| (std::cmp::Reverse(*score), *i));
        self.matching = scored.into_iter().map(|(i, _)| i).collect();
        // The best colleague, not nobody: taking back is chosen, never fallen into.
        self.cursor = usize::from(self.nobody_shown() && !self.matching.is_empty());
    }

    /// Whether the "nobody" line is in the list now.
    fn nobody_shown(&self) -> bool {
        self.offers_nobody && self.all.is_some() && self.typed.trim().is_empty()
    }

    /// The cursor is on "nobody": the record is to be held by no one.
    pub fn nobody_chosen(&self) -> bool {
        self.nobody_shown() && self.cursor == 0
    }

    /// An editing key on the typed text, which narrows the choice at once.
    pub fn edit(&mut self, key: &crossterm::event::KeyEvent) {
        if crate::text_line::edit_line(&mut self.typed, key) {
            self.refilter();
        }
    }

    pub fn step(&mut self, forward: bool) {
        let n = self.matching.len() + usize::from(self.nobody_shown());
        if n > 0 {
            self.cursor = if forward {
                (self.cursor + 1) % n
            } else {
                (self.cursor + n - 1) % n
            };
        }
    }

    /// The colleague under the cursor.
    pub fn chosen(&self) -> Option<&Colleague> {
        let all = self.all.as_deref()?;
        let at = self.cursor.checked_sub(usize::from(self.nobody_shown()))?;
        self.matching.get(at).map(|&i| &all[i])
    }

    /// The list as lines: the typed text, then the matches around the cursor.
    pub fn lines(&self, focused: bool, theme: &Theme) -> Vec<Line<'static>> {
        let caret = if focused { "█" } else { "" };
        let mut lines = vec![Line::from(format!("colleague: {}{caret}", self.typed))];
        let Some(all) = self.all.as_deref() else {
            lines.push(Line::styled("  loading the team…", theme.muted()));
            return lines;
        };
        if self.matching.is_empty() {
            lines.push(Line::styled("  nobody matches", theme.muted()));
        }
        let nobody = self.nobody_shown().then(|| NOBODY.to_owned());
        let colleagues = self
            .matching
            .iter()
            .map(|&i| format!("{} ({})", all[i].name, all[i].role.label()));
        let first = self.cursor.saturating_sub(SHOWN - 1);
        for (at, label) in nobody
            .into_iter()
            .chain(colleagues)
            .enumerate()
            .skip(first)
            .take(SHOWN)
        {
            let text = format!("{} {label}", marker(at == self.cursor));
            lines.push(if at == self.cursor {
                Line::styled(text, theme.selected())
            } else {
                Line::from(text)
            });
        }
        lines
    }
}

/// The choice marked with a sign as well as colour, so it reads without colour.
fn marker(chosen: bool) -> &'static str {
    if chosen {
        "▶"
    } else {
        " "
    }
}
