//! The amend form: prefilled with the supplied values, validated as you type with the domain's own
//! rules, a key to take the LRS value, and submission with the version read. A draft is never
//! lost: it survives cancel, errors, an unreachable backend and a version conflict.

mod field;
mod view;

pub use field::{AmendField, FormField};

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent, Layer};
use crate::mask::{Personal, Revealable, Subject};
use crate::message::Effect;
use crate::screens::help;
use crate::screens::identity::{ConfirmIdentity, DIFFERENT_PERSON_WARNING};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::collections::BTreeMap;
use uln_api::{
    AnomalyKind, AuthoritativeDetails, ChangeEvent, ExceptionDetail, LearnerFields, RecordStatus,
};

/// Where the cursor is: on one of the five demographics or the ULN, or on the note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Field(AmendField),
    Note,
}

impl Focus {
    const ORDER: [Focus; 7] = [
        Focus::Field(AmendField::Uln),
        Focus::Field(AmendField::GivenName),
        Focus::Field(AmendField::FamilyName),
        Focus::Field(AmendField::DateOfBirth),
        Focus::Field(AmendField::Gender),
        Focus::Field(AmendField::Postcode),
        Focus::Note,
    ];

    /// `step` places along the form from here, wrapping round.
    fn moved(self, step: usize) -> Focus {
        let at = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        Self::ORDER[(at + step) % Self::ORDER.len()]
    }
}

/// One value per field, in `AmendField::ALL` order.
type Values = [String; 6];

#[derive(Debug, Clone)]
pub struct AmendForm {
    pub id: i64,
    /// The version the operator's edits are based on; a 412 moves it to the current one.
    pub version: i64,
    original: Values,
    values: Values,
    pub note: String,
    pub focus: Focus,
    pub lrs: Option<AuthoritativeDetails>,
    /// What the server said about fields it refused.
    pub server_errors: BTreeMap<String, String>,
    /// Set after a 412: the record as the other operator left it.
    pub conflict: Option<Box<ExceptionDetail>>,
    /// Set after a 412: what the other operator changed (field, before, after).
    pub their_changes: Vec<(AmendField, String, String)>,
    pub submitting: bool,
    /// The record's diagnosis calls it a different person from the register's learner.
    pub different_person: bool,
    /// When the ULN is removed under the four-week rule, for the countdown in the title.
    pub deadline: Option<jiff::Timestamp>,
    /// A change to the record seen on the event stream while the form is open, not ours: the
    /// form warns at once instead of at the submit.
    pub changed_elsewhere: Option<ChangeEvent>,
    /// The backend refused a submit because the record is no longer open.
    pub closed: Option<RecordStatus>,
}

/// What a record closed under an operator's form means for their edits, by its status now.
pub fn closed_reason(id: i64, status: RecordStatus) -> String {
    match status {
        RecordStatus::Expired => format!("#{id} expired: the ULN was removed under the four-week rule and nobody can reopen it; the centre must register the learner again. Your edits cannot be sent."),
        RecordStatus::Open => format!("#{id} is open"),
        other => format!("#{id} was {} meanwhile: your edits were not sent; only a supervisor can reopen it.", other.label()),
    }
}

fn is_different_person(d: &ExceptionDetail) -> bool {
    d.anomalies.contains(&AnomalyKind::DifferentPerson)
}

fn supplied_values(d: &ExceptionDetail) -> Values {
    AmendField::ALL.map(|f| f.supplied(&d.supplied))
}

impl AmendForm {
    /// The status the record is known to have now: from a conflict answer or a change seen on
    /// the stream, else open (the form is only opened on open records).
    pub fn known_status(&self) -> RecordStatus {
        match (self.closed, &self.conflict, &self.changed_elsewhere) {
            (Some(status), _, _) => status,
            (None, Some(current), _) => current.status,
            (None, None, Some(change)) => change.status,
            (None, None, None) => RecordStatus::Open,
        }
    }

    /// Only an open record can be amended; a draft for one that was closed meanwhile is moot.
    pub fn can_still_send(&self) -> bool {
        self.known_status() == RecordStatus::Open
    }

    /// Why nothing more can be sent, in one line that agrees with the backend's answers.
    pub fn closed_reason(&self) -> String {
        closed_reason(self.id, self.known_status())
    }

    pub const KEYS: &'static [Action] = &[
        Action::Submit,
        Action::TakeLrsValue,
        Action::NextField,
        Action::PreviousField,
        Action::Cancel,
        Action::Quit,
    ];

    pub fn new(d: &ExceptionDetail) -> AmendForm {
        let values = supplied_values(d);
        AmendForm {
            id: d.id,
            version: d.version,
            original: values.clone(),
            values,
            note: String::new(),
            focus: Focus::Field(AmendField::GivenName),
            lrs: d.authoritative.clone(),
            server_errors: BTreeMap::new(),
            conflict: None,
            their_changes: Vec::new(),
            submitting: false,
            different_person: is_different_person(d),
            deadline: d.deadline.parse().ok(),
            changed_elsewhere: None,
            closed: None,
        }
    }

    pub fn value(&self, field: AmendField) -> &str {
        &self.values[field.index()]
    }

    pub fn original(&self, field: AmendField) -> &str {
        &self.original[field.index()]
    }

    /// Sets the fields a suggestion would change, leaving the rest as supplied.
    pub fn apply(&mut self, amendment: &LearnerFields) {
        for field in AmendField::ALL {
            if let Some(v) = field.proposed(amendment) {
                self.values[field.index()] = v.clone();
            }
        }
        let first_changed = AmendField::ALL
            .into_iter()
            .find(|f| self.value(*f) != self.original(*f));
        self.focus = Focus::Field(first_changed.unwrap_or(AmendField::GivenName));
    }

    fn focused_text(&mut self) -> &mut String {
        match self.focus {
            Focus::Note => &mut self.note,
            Focus::Field(f) => &mut self.values[f.index()],
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.focused_text().push(c);
        self.server_errors.clear();
    }

    pub fn backspace(&mut self) {
        self.focused_text().pop();
    }

    pub fn act(&mut self, action: Action) {
        match action {
            Action::NextField => self.focus = self.focus.moved(1),
            Action::PreviousField => self.focus = self.focus.moved(Focus::ORDER.len() - 1),
            Action::TakeLrsValue => {
                if let (Focus::Field(f), Some(lrs)) = (self.focus, &self.lrs) {
                    if let Some(v) = f.of_lrs(lrs) {
                        self.values[f.index()] = v;
                    }
                }
            }
            _ => {}
        }
    }

    pub fn changed(&self) -> Vec<AmendField> {
        AmendField::ALL
            .into_iter()
            .filter(|f| self.value(*f).trim() != self.original(*f).trim())
            .collect()
    }

    pub fn invalid(&self) -> Vec<AmendField> {
        self.changed()
            .into_iter()
            .filter(|f| f.check(self.value(*f)).is_err())
            .collect()
    }

    /// The flat amendment to send: only the changed fields.
    pub fn amendment(&self) -> LearnerFields {
        let mut fields = LearnerFields::default();
        for f in self.changed() {
            f.set(&mut fields, self.value(f).trim().to_owned());
        }
        fields
    }

    /// Whether a changed field takes the register's value: on a different person, the step
    /// that would attach the register learner's achievements to someone else.
    pub fn copies_register(&self) -> bool {
        let Some(lrs) = &self.lrs else { return false };
        self.changed().into_iter().any(|f| {
            f.of_lrs(lrs)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case(self.value(f).trim()))
        })
    }

    /// The confirmation asked before sending, with `why` it is asked.
    pub fn confirm_identity(&self, why: String) -> Intent {
        let (id, version, fields) = (self.id, self.version, self.amendment());
        let dialog = ConfirmIdentity::new(id, version, fields, self.note.trim(), why);
        Intent::Open(Layer::ConfirmIdentity(dialog))
    }

    /// After a 412: rebase on the record as it is now, keeping the operator's own edits, so one
    /// more submit re-applies them.
    pub fn rebase(&mut self, current: ExceptionDetail) {
        let mine: Vec<(AmendField, String)> = self
            .changed()
            .into_iter()
            .map(|f| (f, self.value(f).to_owned()))
            .collect();
        let theirs = supplied_values(&current);
        self.their_changes = AmendField::ALL
            .into_iter()
            .filter(|f| theirs[f.index()].trim() != self.original(*f).trim())
            .map(|f| (f, self.original(f).to_owned(), theirs[f.index()].clone()))
            .collect();
        self.original = theirs;
        self.values = self.original.clone();
        for (f, v) in mine {
            self.values[f.index()] = v;
        }
        self.version = current.version;
        self.lrs = current.authoritative.clone();
        self.different_person = is_different_person(&current);
        self.conflict = Some(Box::new(current));
    }

    /// The amendment to send, or why not yet.
    fn submit(&mut self) -> Vec<Intent> {
        if self.submitting {
            return Vec::new();
        }
        if self.changed().is_empty() {
            return vec![Intent::notify("nothing changed yet", true)];
        }
        if !self.invalid().is_empty() {
            return vec![Intent::notify("fix the fields marked ✗ first", true)];
        }
        // The backend's own rule, so an unreadable note is explained here rather than sent.
        if let Err(e) =
            uln_domain::text::clean_optional(Some(&self.note), uln_domain::TextKind::Note)
        {
            return vec![Intent::notify(format!("the note {e}"), true)];
        }
        if self.different_person && self.copies_register() {
            return vec![self.confirm_identity(DIFFERENT_PERSON_WARNING.into())];
        }
        self.submitting = true;
        vec![Intent::Effect(Effect::Amend {
            id: self.id,
            version: self.version,
            fields: self.amendment(),
            note: Some(self.note.trim().to_owned()).filter(|n| !n.is_empty()),
        })]
    }
}

impl Component for AmendForm {
    /// The record's values it was opened with and the register's: what is typed is not
    /// reported, so the operator can read what they type.
    fn personal(&self, values: &mut Personal) {
        for field in AmendField::ALL {
            let value = self.original(field);
            match field {
                AmendField::Uln => values.uln(value),
                AmendField::GivenName | AmendField::FamilyName => values.name(value),
                AmendField::DateOfBirth => values.date_of_birth(value),
                AmendField::Postcode => values.postcode(value),
                AmendField::Gender => values,
            };
        }
        if let Some(lrs) = &self.lrs {
            values.authoritative(lrs);
        }
    }

    fn revealable(&self) -> Option<Revealable> {
        let mut values = Personal::default();
        self.personal(&mut values);
        Some(Revealable {
            subject: Subject::Record(self.id),
            values,
        })
    }

    fn title(&self) -> &'static str {
        "amend"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    /// Only the amend form keeps a draft when left, so only its footer says so.
    fn footer(&self, keymap: &Keymap) -> String {
        format!(
            "type to edit (a draft is kept) · {}",
            help::footer(self.keys(), self.context(), keymap)
        )
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (action, key.code) {
            (Some(Action::Quit), _) => return vec![Intent::Quit],
            (Some(Action::Cancel), _) if self.changed().is_empty() || !self.can_still_send() => {
                return vec![Intent::Close]
            }
            (Some(Action::Cancel), _) => {
                return vec![
                    Intent::Close,
                    Intent::notify("draft kept: press a to carry on", false),
                ]
            }
            (Some(Action::Submit), _) if !self.can_still_send() => {
                return vec![Intent::notify(self.closed_reason(), true)]
            }
            (Some(Action::Submit), _) => return self.submit(),
            (Some(other), _) => self.act(other),
            (None, KeyCode::Backspace) => self.backspace(),
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.type_char(c)
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        view::AmendView {
            form: self,
            theme: cx.theme,
            now: cx.now,
        }
        .render(area, buf);
    }
}

#[cfg(test)]
mod tests;
