//! The data challenges raised, newest first, with their statuses.

use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::view::london_date;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Borders, Paragraph, Row, StatefulWidget, Table, TableState, Widget};
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
        let rows = self.items.iter().map(|c| {
            Row::new([
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
            ])
        });
        let widths = [
            Constraint::Length(10),
            Constraint::Length(12),
            Constraint::Length(22),
            Constraint::Length(11),
            Constraint::Length(16),
            Constraint::Length(12),
            Constraint::Length(14),
            Constraint::Min(20),
        ];
        let header = Row::new([
            "Reference",
            "Status",
            "Kind",
            "ULN",
            "Events",
            "Raised",
            "By",
            "Note",
        ])
        .style(theme.header());
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(
            Table::new(rows, widths)
                .header(header)
                .block(block)
                .row_highlight_style(theme.selected()),
            area,
            buf,
            &mut state,
        );
    }
}
