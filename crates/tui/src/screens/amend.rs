//! The amend form: prefilled with the supplied values, validated as you type with the domain's own
//! rules, a key to take the LRS value, and submission with the version read. A draft is never
//! lost: it survives cancel, errors, an unreachable backend and a version conflict.

mod field;
mod view;

pub use field::{AmendField, FormField};

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent, Layer};
use crate::message::Effect;
use crate::screens::help;
use crate::screens::identity::{ConfirmIdentity, DIFFERENT_PERSON_WARNING};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::collections::BTreeMap;
use uln_api::{AnomalyKind, AuthoritativeDetails, ExceptionDetail, LearnerFields};

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
}

fn is_different_person(d: &ExceptionDetail) -> bool {
    d.anomalies.contains(&AnomalyKind::DifferentPerson)
}

fn supplied_values(d: &ExceptionDetail) -> Values {
    AmendField::ALL.map(|f| f.supplied(&d.supplied))
}

impl AmendForm {
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
    fn title(&self) -> &'static str {
        "amend"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn footer(&self, keymap: &Keymap) -> String {
        format!(
            "type to edit · {}",
            help::footer(self.keys(), self.context(), keymap)
        )
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (action, key.code) {
            (Some(Action::Quit), _) => return vec![Intent::Quit],
            (Some(Action::Cancel), _) if self.changed().is_empty() => return vec![Intent::Close],
            (Some(Action::Cancel), _) => {
                return vec![
                    Intent::Close,
                    Intent::notify("draft kept: press a to carry on", false),
                ]
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
        }
        .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::detail;

    #[test]
    fn the_form_starts_as_supplied_and_sends_only_changes() {
        let mut form = AmendForm::new(&detail());
        assert!(form.changed().is_empty());
        form.focus = Focus::Field(AmendField::FamilyName);
        form.act(Action::TakeLrsValue);
        assert_eq!(form.value(AmendField::FamilyName), "Hughes");
        assert_eq!(
            form.amendment(),
            LearnerFields {
                family_name: Some("Hughes".into()),
                ..LearnerFields::default()
            }
        );
    }

    #[test]
    fn invalid_values_are_caught_as_typed() {
        let mut form = AmendForm::new(&detail());
        form.focus = Focus::Field(AmendField::Uln);
        form.backspace();
        assert_eq!(form.value(AmendField::Uln), "927630868");
        assert_eq!(
            form.invalid(),
            vec![AmendField::Uln],
            "nine digits are not a ULN"
        );
        form.type_char('6');
        assert!(
            form.invalid().is_empty(),
            "9276308686 has the right check digit"
        );
        form.backspace();
        form.type_char('5');
        let refusal = AmendField::Uln
            .check(form.value(AmendField::Uln))
            .unwrap_err();
        assert!(refusal.contains("read the number again"), "{refusal}");
        assert!(!refusal.contains('6'), "the right digit is not given away");
        assert!(AmendField::DateOfBirth.check("2007-02-30").is_err());
        assert_eq!(
            AmendField::DateOfBirth.check("2007-02-03"),
            Ok("03 Feb 2007".into())
        );
        assert_eq!(AmendField::Postcode.check("ls14ap"), Ok("LS1 4AP".into()));
    }

    #[test]
    fn a_conflict_keeps_my_edits_on_top_of_theirs() {
        let mut form = AmendForm::new(&detail());
        form.focus = Focus::Field(AmendField::FamilyName);
        form.act(Action::TakeLrsValue);
        let mut theirs = detail();
        theirs.version = 4;
        theirs.supplied.postcode = "M1 1AE".into();
        form.rebase(theirs);
        assert_eq!(form.version, 4);
        assert_eq!(
            form.value(AmendField::FamilyName),
            "Hughes",
            "my edit is kept"
        );
        assert_eq!(
            form.value(AmendField::Postcode),
            "M1 1AE",
            "their edit is the new base"
        );
        assert_eq!(
            form.their_changes,
            vec![(
                AmendField::Postcode,
                "LS1 4AP".to_owned(),
                "M1 1AE".to_owned()
            )]
        );
        assert_eq!(
            form.amendment(),
            LearnerFields {
                family_name: Some("Hughes".into()),
                ..LearnerFields::default()
            }
        );
    }
}
