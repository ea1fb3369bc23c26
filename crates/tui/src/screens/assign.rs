//! Giving a record to a colleague: type part of their name, choose with ↑/↓, add a message if
//! there is something they should know, and enter sends it at the version read. Whatever was
//! typed stays in the dialog until the backend has taken it, so a refusal loses nothing.

use super::colleagues::ColleaguePicker;
use super::sending::{draw_dialog, Sending};
use crate::keymap::{Action, Context};
use crate::layer::{Component, Cx, Intent, Layer};
use crate::message::Effect;
use crate::text_line::{edit_line, with_cursor};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use uln_domain::text::{self, TextKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Colleague,
    Message,
}

#[derive(Debug, Clone)]
pub struct AssignDialog {
    pub id: i64,
    /// The version read: the assignment is refused if the record changed since.
    pub version: i64,
    /// Who holds it now, when known (the record says; a queue row does not): said, and left
    /// out of the choice.
    pub holder: Option<String>,
    pub picker: ColleaguePicker,
    pub message: String,
    focus: Field,
    pub sending: Sending,
}

/// The dialog for a record read at `version`, held by `holder` (None: by nobody), and the team
/// list to load for it. A held record can be taken back.
pub fn open(id: i64, version: i64, holder: Option<String>) -> Vec<Intent> {
    let held = holder.is_some();
    opened(AssignDialog::new(id, version, holder), held)
}

fn opened(mut dialog: AssignDialog, offers_nobody: bool) -> Vec<Intent> {
    dialog.picker.offers_nobody = offers_nobody;
    vec![
        Intent::Open(Layer::Assign(dialog)),
        Intent::Effect(Effect::LoadColleagues),
    ]
}

/// The dialog for the queue's selected row (id, version, status), at the version the queue holds.
/// The row does not say who holds it, so taking it back is offered.
pub fn for_row(row: Option<(i64, i64, uln_api::RecordStatus)>) -> Vec<Intent> {
    match row {
        Some((id, version, uln_api::RecordStatus::Open)) => {
            opened(AssignDialog::new(id, version, None), true)
        }
        Some(_) => vec![Intent::notify("only open records can be assigned", true)],
        None => vec![Intent::notify("no record selected", true)],
    }
}

impl AssignDialog {
    pub const KEYS: &'static [Action] = &[
        Action::NextField,
        Action::PreviousField,
        Action::Submit,
        Action::Cancel,
    ];

    pub fn new(id: i64, version: i64, holder: Option<String>) -> AssignDialog {
        AssignDialog {
            id,
            version,
            picker: ColleaguePicker::excluding(holder.clone()),
            holder,
            message: String::new(),
            focus: Field::Colleague,
            sending: Sending::default(),
        }
    }

    fn send(&mut self) -> Vec<Intent> {
        if !self.sending.may_send() {
            return Vec::new();
        }
        let to = match self.picker.chosen() {
            Some(colleague) => Some(colleague.name.clone()),
            None if self.picker.nobody_chosen() => None,
            None => {
                self.sending
                    .refuse("choose a colleague: type part of a name".into());
                return Vec::new();
            }
        };
        match text::clean_optional(Some(&self.message), TextKind::Note) {
            Ok(message) => {
                self.sending.sent();
                vec![Intent::Effect(Effect::Assign {
                    id: self.id,
                    version: self.version,
                    to,
                    message,
                })]
            }
            Err(e) => {
                self.sending.refuse(format!("the message {e}"));
                Vec::new()
            }
        }
    }
}

impl Component for AssignDialog {
    fn title(&self) -> &'static str {
        "assign"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if let Some(taken) = self.sending.key(&key, action) {
            return taken.answer(|| self.send());
        }
        match (action, key.code) {
            (_, KeyCode::Tab | KeyCode::BackTab) => {
                self.focus = match self.focus {
                    Field::Colleague => Field::Message,
                    Field::Message => Field::Colleague,
                };
            }
            (_, KeyCode::Down) => self.picker.step(true),
            (_, KeyCode::Up) => self.picker.step(false),
            (None, _) => match self.focus {
                Field::Colleague => self.picker.edit(&key),
                Field::Message => drop(edit_line(&mut self.message, &key)),
            },
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let mut lines = vec![Line::from(match &self.holder {
            Some(holder) => format!("Held by {holder}. Give it to:"),
            None => "Give it to:".to_owned(),
        })];
        lines.extend(self.picker.lines(self.focus == Field::Colleague, cx.theme));
        let message = match self.focus {
            Field::Message => with_cursor(&self.message),
            Field::Colleague => self.message.clone(),
        };
        lines.push(Line::from(format!("message: {message}")));
        lines.push(Line::from(""));
        let enter = if self.picker.nobody_chosen() {
            "takes it back"
        } else {
            "assigns"
        };
        let hint = format!("type to find, ↑/↓ choose, tab to the message, enter {enter}.");
        lines.extend(self.sending.lines(hint, cx.theme));
        // As tall as what it says (the list shows at most a few names), plus its borders.
        let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        draw_dialog(
            area,
            buf,
            (72, height),
            format!(" Assign #{} ", self.id),
            lines,
        );
    }
}
