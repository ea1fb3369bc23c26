//! Asked before an amendment copies the register's details onto a record the diagnosis calls a
//! different person (issue 12.5): that would attach the register learner's achievements to
//! someone else, so it is sent only once the operator says the centre confirmed the learner's
//! identity and notes how. The amend form underneath keeps its draft whatever happens here.

use crate::keymap::{Action, Context};
use crate::layer::{Component, Cx, Intent};
use crate::mask::Personal;
use crate::message::Effect;
use crate::text_line::{edit_line, with_cursor};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_api::LearnerFields;

/// What the console says before sending; the backend's own refusal replaces it when it comes.
pub const DIFFERENT_PERSON_WARNING: &str = "The diagnosis says this registration is a different person from the LRS learner, and this amendment copies the LRS details onto it: that would give the LRS learner's achievements to someone else.";

#[derive(Debug, Clone)]
pub struct ConfirmIdentity {
    pub id: i64,
    pub version: i64,
    pub fields: LearnerFields,
    /// How the centre confirmed the learner's identity: required, and kept in the audit row.
    pub note: String,
    pub why: String,
    /// Second step: the note is written; waiting for the confirm key.
    pub confirming: bool,
    /// Sent; the dialog stays until the backend answers, so a failure can be shown here.
    pub sending: bool,
    pub error: Option<String>,
}

impl ConfirmIdentity {
    pub const KEYS: &'static [Action] = &[Action::Submit, Action::Confirm, Action::Cancel];

    pub fn new(id: i64, version: i64, fields: LearnerFields, note: &str, why: String) -> Self {
        ConfirmIdentity {
            id,
            version,
            fields,
            note: note.to_owned(),
            why,
            confirming: false,
            sending: false,
            error: None,
        }
    }

    /// Moves to the confirmation step, unless the note is missing or unreadable.
    pub fn ask_to_confirm(&mut self) {
        // The backend's own rules, so a missing or unreadable note is explained here.
        match uln_domain::text::clean_optional(Some(&self.note), uln_domain::TextKind::Note) {
            Err(e) => self.error = Some(format!("the note {e}")),
            Ok(None) => {
                self.error = Some("write how the centre confirmed the learner's identity".into())
            }
            Ok(Some(_)) => {
                self.error = None;
                self.confirming = true;
            }
        }
    }

    fn send(&mut self) -> Vec<Intent> {
        self.sending = true;
        vec![Intent::Effect(Effect::AmendConfirmingIdentity {
            id: self.id,
            version: self.version,
            fields: self.fields.clone(),
            note: self.note.trim().to_owned(),
        })]
    }
}

impl Component for ConfirmIdentity {
    fn personal(&self, values: &mut Personal) {
        values.fields(&self.fields);
    }

    fn title(&self) -> &'static str {
        "confirm identity"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if self.sending {
            // Never stuck behind a slow backend: its answer still reaches the form underneath.
            return match action {
                Some(Action::Cancel) => vec![Intent::Close],
                _ => Vec::new(),
            };
        }
        if self.confirming {
            if action == Some(Action::Confirm)
                || (action.is_none() && key.code == KeyCode::Char('y'))
            {
                return self.send();
            }
            self.confirming = false;
            return Vec::new();
        }
        match (action, key.code) {
            (Some(Action::Cancel), _) => {
                return vec![
                    Intent::Close,
                    Intent::notify("not sent: your amendment is still in the form", false),
                ]
            }
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => self.ask_to_confirm(),
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
        let popup = crate::view::centred(area, 80, 12);
        let mut lines = vec![
            Line::styled(self.why.clone(), cx.theme.error()),
            Line::from("Send it only if the centre has confirmed the learner's identity."),
            Line::from(format!(
                "  how it was confirmed: {}",
                with_cursor(&self.note)
            )),
        ];
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), cx.theme.error()));
        }
        lines.push(if self.sending {
            Line::from("sending…")
        } else if self.confirming {
            Line::styled(
                format!("The centre confirmed this learner's identity? Press y or {} to amend #{}, esc to go back.", key(Action::Confirm), self.id),
                cx.theme.error(),
            )
        } else {
            Line::from(format!(
                "Type the note, enter or {} to continue, esc to go back to the form.",
                key(Action::Submit)
            ))
        });
        Clear.render(popup, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" Different person? #{} ", self.id));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(popup, buf);
    }
}
