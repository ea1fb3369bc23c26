//! The data challenges raised, newest first, with their statuses.

use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::view::london_date;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Widget};
use uln_api::ChallengeView;

#[derive(Debug, Default)]
pub struct ChallengesScreen {
    pub items: Vec<ChallengeView>,
    pub loading: bool,
}

impl ChallengesScreen {
    pub const KEYS: &'static [Action] = &[
        Action::Back,
        Action::Refresh,
        Action::PlrLookup,
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
        match action {
            Some(Action::Back) => vec![Intent::Close],
            Some(Action::Refresh) => vec![Intent::Effect(Effect::LoadChallenges)],
            Some(Action::PlrLookup) => vec![Intent::PlrLookup(String::new())],
            Some(Action::Command) => vec![Intent::CommandLine],
            Some(Action::Help) => vec![Intent::Help],
            Some(Action::Quit) => vec![Intent::Quit],
            _ => Vec::new(),
        }
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
        Widget::render(
            Table::new(rows, widths).header(header).block(block),
            area,
            buf,
        );
    }
}
