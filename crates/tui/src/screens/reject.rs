//! Rejecting a ULN: pick a reason, add a note, then confirm with a key other than the one that
//! opened the dialog, so a double press never rejects.

use crate::keymap::{Action, Context};
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::text_line::{edit_line, with_cursor};
use crate::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_domain::RejectReason;

#[derive(Debug, Clone)]
pub struct RejectDialog {
    pub id: i64,
    pub version: i64,
    pub reason: RejectReason,
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
        RejectDialog {
            id,
            version,
            reason: suggested.unwrap_or(RejectReason::ALL[0]),
            note: String::new(),
            confirming: false,
            error: None,
        }
    }

    /// Moves to the confirmation step, unless the note the reason needs is missing.
    pub fn ask_to_confirm(&mut self) {
        // The backend's own rule, so an unreadable note is explained here rather than sent.
        if let Err(e) =
            uln_domain::text::clean_optional(Some(&self.note), uln_domain::TextKind::Note)
        {
            self.error = Some(format!("the note {e}"));
        } else if self.reason == RejectReason::Other && self.note.trim().is_empty() {
            self.error = Some("a note is required when the reason is 'other'".into());
        } else {
            self.error = None;
            self.confirming = true;
        }
    }

    /// The reason `step` places along the list from the current one, wrapping round.
    fn step_reason(&mut self, step: usize) {
        let all = RejectReason::ALL;
        let at = all.iter().position(|r| *r == self.reason).unwrap_or(0);
        self.reason = all[(at + step) % all.len()];
    }

    fn send(&self) -> Effect {
        Effect::Reject {
            id: self.id,
            version: self.version,
            reason: self.reason,
            note: Some(self.note.trim().to_owned()).filter(|n| !n.is_empty()),
        }
    }
}

impl Component for RejectDialog {
    fn title(&self) -> &'static str {
        "reject"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if self.confirming {
            if action == Some(Action::Confirm)
                || (action.is_none() && key.code == KeyCode::Char('y'))
            {
                return vec![Intent::Effect(self.send())];
            }
            self.confirming = false;
            return Vec::new();
        }
        match (action, key.code) {
            (Some(Action::Cancel), _) => return vec![Intent::Close],
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => self.ask_to_confirm(),
            (Some(Action::NextField), _) => self.step_reason(1),
            (Some(Action::PreviousField), _) => self.step_reason(RejectReason::ALL.len() - 1),
            (None, _) => drop(edit_line(&mut self.note, &key)),
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let key = |action| {
            cx.keymap
                .primary(action)
                .map(|k| k.to_string())
                .unwrap_or_default()
        };
        let confirm_key = format!("y or {}", key(Action::Confirm));
        let submit_key = format!("enter or {}", key(Action::Submit));
        let popup = crate::view::centred(area, 72, 14);
        let mut lines = self.reason_lines(cx.theme);
        lines.push(Line::from(format!("  note: {}", with_cursor(&self.note))));
        lines.push(Line::from(""));
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), cx.theme.error()));
        }
        lines.push(if self.confirming {
            Line::styled(format!("Reject the ULN of #{} as \"{}\"? Press {confirm_key} to confirm, esc to go back.", self.id, self.reason.name().replace('_', " ")), cx.theme.error())
        } else {
            Line::from(format!("↑/↓ choose a reason, type a note, {submit_key} to continue."))
        });
        Clear.render(popup, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" Reject #{} ", self.id));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(popup, buf);
    }
}

impl RejectDialog {
    fn reason_lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        RejectReason::ALL
            .iter()
            .map(|r| {
                let chosen = *r == self.reason;
                let line = format!(
                    "{} {}",
                    if chosen { "▶" } else { " " },
                    r.name().replace('_', " ")
                );
                if chosen {
                    Line::styled(line, theme.selected())
                } else {
                    Line::from(line)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invisible_note_is_explained_not_sent() {
        let mut dialog = RejectDialog::new(1, 1, Some(RejectReason::Other));
        dialog.note = "\u{200B}".into();
        dialog.ask_to_confirm();
        assert!(!dialog.confirming);
        let error = dialog.error.clone().unwrap_or_default();
        assert!(error.contains("U+200B zero width space"), "{error}");
        dialog.note = "centre withdrew the learner".into();
        dialog.ask_to_confirm();
        assert!(dialog.confirming);
    }
}
