//! The data challenges raised, newest first, with their statuses.

use crate::columns;
use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::view::london_date;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{
    Block, Borders, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget,
};
use uln_api::ChallengeView;

#[derive(Debug, Default)]
pub struct ChallengesScreen {
    pub items: Vec<ChallengeView>,
    pub loading: bool,
    /// The challenge whose reference `y` copies.
    pub cursor: usize,
}

impl ChallengesScreen {
    pub const KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Copy,
        Action::Back,
        Action::Refresh,
        Action::PlrLookup,
        Action::SearchRegister,
        Action::Command,
        Action::Help,
        Action::Quit,
        Action::Call,
    ];

    /// A screen loading the list.
    pub fn loading() -> ChallengesScreen {
        ChallengesScreen {
            items: Vec::new(),
            loading: true,
            cursor: 0,
        }
    }
}

impl Component for ChallengesScreen {
    fn title(&self) -> &'static str {
        "challenges"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn on_key(&mut self, _key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let last = self.items.len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Down) => self.cursor = (self.cursor + 1).min(last),
            Some(Action::Copy) => {
                return vec![match self.items.get(self.cursor) {
                    Some(c) => Intent::Copy {
                        what: "challenge reference",
                        text: c.reference.clone(),
                    },
                    None => Intent::notify("no challenge to copy", true),
                }]
            }
            Some(Action::SearchRegister) => return vec![Intent::SearchRegister],
            Some(Action::Back) => return vec![Intent::Close],
            Some(Action::Refresh) => return vec![Intent::Effect(Effect::LoadChallenges)],
            Some(Action::PlrLookup) => return vec![Intent::PlrLookup(String::new())],
            Some(Action::Command) => return vec![Intent::CommandLine],
            Some(Action::Help) => return vec![Intent::Help],
            Some(Action::Quit) => return vec![Intent::Quit],
            _ => {}
        }
        Vec::new()
    }

    fn opaque(&self) -> bool {
        true
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let theme = cx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" Data challenges · {} ", self.items.len()));
        if self.items.is_empty() {
            let text = if self.loading {
                "Loading…"
            } else {
                "No data challenges raised yet."
            };
            Paragraph::new(text).block(block).render(area, buf);
            return;
        }
        let cells: Vec<[String; 8]> = self.items.iter().map(challenge_cells).collect();
        let width = area.width.saturating_sub(2);
        let needs = columns::measure(&COLUMNS, &cells);
        // References, ULNs and dates whole or not at all; the note is shortened by words.
        let widths = columns::fit_narrowest_first(&needs, width, 12);
        let spacing = columns::spacing(&widths, width);
        let shown: Vec<usize> = (0..COLUMNS.len()).filter(|&i| widths[i] > 0).collect();
        let rows = cells.iter().map(|c| {
            Row::new(
                shown
                    .iter()
                    .map(|&i| Cell::from(columns::fit_words(&c[i], usize::from(widths[i]))))
                    .collect::<Vec<_>>(),
            )
        });
        let header = Row::new(shown.iter().map(|&i| COLUMNS[i].0)).style(theme.header());
        let widths: Vec<Constraint> = shown
            .iter()
            .map(|&i| Constraint::Length(widths[i]))
            .collect();
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(
            Table::new(rows, widths)
                .header(header)
                .column_spacing(spacing)
                .block(block)
                .row_highlight_style(theme.selected()),
            area,
            buf,
            &mut state,
        );
    }
}

/// The list's columns in the order shown: header, priority (lower kept first on a narrow
/// terminal), and whether it is words that may be shortened.
const COLUMNS: [(&str, u8, bool); 8] = [
    ("Reference", 0, false),
    ("Status", 3, false),
    ("Kind", 4, false),
    ("ULN", 1, false),
    ("Events", 2, false),
    ("Raised", 5, false),
    ("By", 6, false),
    ("Note", 7, true),
];

fn challenge_cells(c: &ChallengeView) -> [String; 8] {
    [
        c.reference.clone(),
        c.status.label(),
        c.kind.label(),
        c.uln.clone(),
        c.event_ids
            .iter()
            .map(|e| format!("#{e}"))
            .collect::<Vec<_>>()
            .join(" "),
        london_date(&c.created_at),
        c.operator.clone(),
        c.note.clone(),
    ]
}
