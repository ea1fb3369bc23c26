//! The data challenges raised, newest first, with their statuses.

use crate::keymap::Action;
use crate::theme::Theme;
use crate::view::london_date;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};
use ratatui::Frame;
use uln_api::ChallengeView;

#[derive(Default)]
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
    ];

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" Data challenges · {} ", self.items.len()));
        if self.items.is_empty() {
            let text = if self.loading {
                "Loading…"
            } else {
                "No data challenges raised yet."
            };
            frame.render_widget(Paragraph::new(text).block(block), area);
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
        frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
    }
}
