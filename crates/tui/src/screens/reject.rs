//! Rejecting a ULN: pick a reason, add a note, then confirm with a key other than the one that
//! opened the dialog, so a double press never rejects.

use crate::keymap::Action;
use crate::theme::Theme;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use uln_domain::RejectReason;

#[derive(Debug, Clone)]
pub struct RejectDialog {
    pub id: i64,
    pub version: i64,
    pub reason: usize,
    pub note: String,
    /// Second step: the reason and note are chosen; waiting for the confirm key.
    pub confirming: bool,
    pub error: Option<String>,
}

impl RejectDialog {
    pub const KEYS: &'static [Action] = &[
        Action::NextField,
        Action::PreviousField,
        Action::Submit,
        Action::Confirm,
        Action::Cancel,
    ];

    pub fn new(id: i64, version: i64, suggested: Option<RejectReason>) -> RejectDialog {
        let reason = suggested
            .and_then(|r| RejectReason::ALL.iter().position(|x| *x == r))
            .unwrap_or(0);
        RejectDialog {
            id,
            version,
            reason,
            note: String::new(),
            confirming: false,
            error: None,
        }
    }

    pub fn reason(&self) -> RejectReason {
        RejectReason::ALL[self.reason]
    }

    /// Moves to the confirmation step, unless the note the reason needs is missing.
    pub fn ask_to_confirm(&mut self) {
        if self.reason() == RejectReason::Other && self.note.trim().is_empty() {
            self.error = Some("a note is required when the reason is 'other'".into());
        } else {
            self.error = None;
            self.confirming = true;
        }
    }

    pub fn act(&mut self, action: Action) {
        let n = RejectReason::ALL.len();
        match action {
            Action::NextField => self.reason = (self.reason + 1) % n,
            Action::PreviousField => self.reason = (self.reason + n - 1) % n,
            _ => {}
        }
        self.confirming = false;
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: &Theme,
        confirm_key: &str,
        submit_key: &str,
    ) {
        let [popup] = Layout::vertical([Constraint::Length(14)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(72)])
            .flex(Flex::Center)
            .areas(popup);
        let mut lines: Vec<Line> = RejectReason::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let line = format!(
                    "{} {}",
                    if i == self.reason { "▶" } else { " " },
                    r.name().replace('_', " ")
                );
                if i == self.reason {
                    Line::styled(line, theme.selected())
                } else {
                    Line::from(line)
                }
            })
            .collect();
        lines.push(Line::from(format!("  note: {}█", self.note)));
        lines.push(Line::from(""));
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), theme.error()));
        }
        lines.push(if self.confirming {
            Line::styled(format!("Reject the ULN of #{} as \"{}\"? Press {confirm_key} to confirm, esc to go back.", self.id, self.reason().name().replace('_', " ")), theme.error())
        } else {
            Line::from(format!("↑/↓ choose a reason, type a note, {submit_key} to continue."))
        });
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" Reject #{} ", self.id));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            popup,
        );
    }
}
