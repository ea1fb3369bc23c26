//! Writing to a record from the console: the amend form, the reject dialog, verify, and applying a
//! suggestion. Sends happen as effects; answers come back as `Message::Written`.

use super::app::{App, Screen};
use super::keymap::{Action, Context};
use super::message::{Effect, Write};
use super::screens::amend::AmendForm;
use super::screens::matches::MatchesDialog;
use super::screens::reject::RejectDialog;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uln_api::{
    ClientError, ClientResult, ExceptionDetail, LearnerFields, LearnerSearchResponse, RecordStatus,
    SuggestedAction,
};
use uln_domain::RejectReason;

impl App {
    /// Quits, unless edits are unsent: then the first press warns and the second quits.
    pub(super) fn quit(&mut self) -> Vec<Effect> {
        let unsent = self.drafts.values().any(|d| !d.changed().is_empty());
        if unsent && !self.quit_armed {
            self.quit_armed = true;
            self.notify(
                "an amendment is not sent yet: quit again to discard it",
                true,
            );
            return Vec::new();
        }
        self.running = false;
        vec![Effect::Quit]
    }

    /// Opens the amend form for the record shown: its draft if there is one, else a fresh form.
    pub(super) fn open_amend(&mut self, suggestion: Option<&uln_api::LearnerFields>) {
        let Some(detail) = &self.record.detail else {
            return;
        };
        if detail.status != RecordStatus::Open {
            self.notify(
                format!(
                    "#{} is {}; only open records can be amended",
                    detail.id,
                    detail.status.label()
                ),
                true,
            );
            return;
        }
        let form = self
            .drafts
            .entry(detail.id)
            .or_insert_with(|| AmendForm::new(detail));
        if let Some(amendment) = suggestion {
            form.apply(amendment);
        }
        self.screen = Screen::Amend;
    }

    pub(super) fn open_reject(&mut self, suggested: Option<RejectReason>) {
        let Some(detail) = &self.record.detail else {
            return;
        };
        if detail.status != RecordStatus::Open {
            self.notify(
                format!(
                    "#{} is {}; only open records can be rejected",
                    detail.id,
                    detail.status.label()
                ),
                true,
            );
            return;
        }
        self.reject = Some(RejectDialog::new(detail.id, detail.version, suggested));
    }

    pub(super) fn apply_suggestion(&mut self, index: usize) -> Vec<Effect> {
        let Some(s) = self
            .record
            .detail
            .as_ref()
            .and_then(|d| d.suggestions.get(index))
            .cloned()
        else {
            return Vec::new();
        };
        match &s.action {
            SuggestedAction::Amend { amendment } => self.open_amend(Some(amendment)),
            SuggestedAction::Reject { reason } => self.open_reject(reason.to_domain()),
            SuggestedAction::SearchByDemographics => return self.search_register(),
            SuggestedAction::AskCentre | SuggestedAction::Unknown => {
                self.notify(s.reason.clone(), false)
            }
        }
        Vec::new()
    }

    /// A reopen undoes an operator's decision, so it asks first.
    pub(super) fn ask_to_reopen(&mut self) {
        let Some(detail) = &self.record.detail else {
            return;
        };
        if !matches!(
            detail.status,
            RecordStatus::Resolved | RecordStatus::Rejected
        ) {
            self.notify(
                format!(
                    "#{} is {}; only resolved or rejected records can be reopened",
                    detail.id,
                    detail.status.label()
                ),
                true,
            );
            return;
        }
        self.reopening = Some((detail.id, detail.version));
        self.notify(
            format!(
                "Reopen #{} ({})? y reopens it; any other key leaves it {}",
                detail.id,
                detail.status.label(),
                detail.status.label()
            ),
            true,
        );
    }

    pub(super) fn confirm_reopen(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some((id, version)) = self.reopening.take() else {
            return Vec::new();
        };
        let confirmed = key.code == KeyCode::Char('y')
            || self.keymap.action_in(Context::Form, key) == Some(Action::Confirm);
        if confirmed {
            return vec![Effect::Reopen { id, version }];
        }
        self.notify(format!("#{id} not reopened"), false);
        Vec::new()
    }

    /// Searches the register by the open record's supplied details.
    fn search_register(&mut self) -> Vec<Effect> {
        let Some(detail) = &self.record.detail else {
            return Vec::new();
        };
        if detail.status != RecordStatus::Open {
            self.notify(
                format!(
                    "#{} is {}; nothing to fix",
                    detail.id,
                    detail.status.label()
                ),
                true,
            );
            return Vec::new();
        }
        let (id, supplied) = (detail.id, detail.supplied.clone());
        self.matches = Some(MatchesDialog::new(id, supplied.clone()));
        vec![Effect::SearchLearners { id, supplied }]
    }

    /// The register answered a search; dropped if its dialog was closed meanwhile.
    pub(super) fn searched(&mut self, id: i64, result: ClientResult<LearnerSearchResponse>) {
        match result {
            Ok(answer) => {
                self.connection.online = true;
                if let Some(dialog) = self.matches.as_mut().filter(|d| d.id == id) {
                    dialog.answer = Some(answer);
                    dialog.cursor = 0;
                }
            }
            Err(e) => {
                self.matches = None;
                self.network_error("register search", &e);
            }
        }
    }

    pub(super) fn matches_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(dialog) = self.matches.as_mut() else {
            return Vec::new();
        };
        match self.keymap.action(key) {
            Some(Action::Open) => {
                let Some(learner) = dialog.selected() else {
                    return Vec::new();
                };
                let amendment = LearnerFields {
                    uln: Some(learner.uln.clone()),
                    ..LearnerFields::default()
                };
                self.matches = None;
                self.open_amend(Some(&amendment));
            }
            Some(Action::Back) => self.matches = None,
            Some(Action::Help) => self.help = true,
            Some(Action::Quit) => return self.quit(),
            Some(other) => dialog.act(other),
            None => {}
        }
        Vec::new()
    }

    pub(super) fn form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action_in(Context::Form, key);
        let Some(id) = self.record.id else {
            return Vec::new();
        };
        if action == Some(Action::Quit) {
            return self.quit();
        }
        let Some(form) = self.drafts.get_mut(&id) else {
            self.screen = Screen::Record;
            return Vec::new();
        };
        match (action, key.code) {
            (Some(Action::Cancel), _) => {
                self.screen = Screen::Record;
                if !form.changed().is_empty() {
                    self.notify("draft kept: press a to carry on", false);
                }
            }
            (Some(Action::Submit), _) => {
                if form.submitting {
                    return Vec::new();
                }
                if form.changed().is_empty() {
                    self.notify("nothing changed yet", true);
                } else if !form.invalid().is_empty() {
                    self.notify("fix the fields marked ✗ first", true);
                } else {
                    form.submitting = true;
                    let note = Some(form.note.trim().to_owned()).filter(|n| !n.is_empty());
                    return vec![Effect::Amend {
                        id,
                        version: form.version,
                        fields: form.amendment(),
                        note,
                    }];
                }
            }
            (Some(other), _) => form.act(other),
            (None, KeyCode::Backspace) => form.backspace(),
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                form.type_char(c)
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn reject_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action_in(Context::Form, key);
        let Some(dialog) = self.reject.as_mut() else {
            return Vec::new();
        };
        if dialog.confirming {
            return match (action, key.code) {
                (Some(Action::Confirm), _) | (None, KeyCode::Char('y')) => {
                    let note = Some(dialog.note.trim().to_owned()).filter(|n| !n.is_empty());
                    vec![Effect::Reject {
                        id: dialog.id,
                        version: dialog.version,
                        reason: dialog.reason(),
                        note,
                    }]
                }
                _ => {
                    dialog.confirming = false;
                    Vec::new()
                }
            };
        }
        match (action, key.code) {
            (Some(Action::Cancel), _) => self.reject = None,
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => dialog.ask_to_confirm(),
            (Some(other), _) => dialog.act(other),
            (None, KeyCode::Backspace) => drop(dialog.note.pop()),
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                dialog.note.push(c)
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_written(
        &mut self,
        write: Write,
        result: ClientResult<ExceptionDetail>,
    ) -> Vec<Effect> {
        match result {
            Ok(detail) => {
                let id = detail.id;
                self.notify(outcome(write, &detail), false);
                if write == Write::Amend {
                    self.drafts.remove(&id);
                }
                if write == Write::Reject {
                    self.reject = None;
                }
                if self.record.id == Some(id) {
                    self.record.detail = Some(detail);
                    if self.screen == Screen::Amend {
                        self.screen = Screen::Record;
                    }
                }
                vec![Effect::LoadQueues]
            }
            Err(error) => {
                self.write_failed(write, error);
                Vec::new()
            }
        }
    }

    fn write_failed(&mut self, write: Write, error: ClientError) {
        let id = self.record.id;
        let form = id.and_then(|id| self.drafts.get_mut(&id));
        if let Some(current) = error.current_record().cloned() {
            // Someone else changed the record first: show what they did beside our edits.
            match (write, form) {
                (Write::Amend, Some(form)) => {
                    form.submitting = false;
                    form.rebase(current.clone());
                    self.notify(
                        "changed by someone else meanwhile: review, then submit again",
                        true,
                    );
                }
                _ => {
                    if let Some(dialog) = self.reject.as_mut() {
                        dialog.version = current.version;
                        dialog.confirming = false;
                        dialog.error = Some(format!(
                            "the record changed meanwhile (now {}); review it and confirm again",
                            current.status
                        ));
                    }
                    self.notify("the record changed meanwhile", true);
                }
            }
            self.record.detail = Some(current);
            return;
        }
        if let Some(form) = form {
            form.submitting = false;
            if let ClientError::Api { status: 422, body } = &error {
                form.server_errors = body
                    .fields
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect();
            }
        }
        if error.is_unreachable() {
            self.connection.online = false;
            self.notify(
                "backend unreachable: nothing was lost; submit again when it is back",
                true,
            );
        } else {
            self.notify(error.to_string(), true);
        }
    }
}

fn outcome(write: Write, d: &ExceptionDetail) -> String {
    match (write, d.status) {
        (_, RecordStatus::Resolved) => format!("#{} resolved ✓ ({})", d.id, d.verification.code),
        (Write::Reject, _) => format!("#{} rejected", d.id),
        (Write::Reopen, _) => format!(
            "#{} reopened: {} {}",
            d.id, d.verification.code, d.verification.description
        ),
        (_, status) => format!(
            "#{} still {}: {} {}",
            d.id,
            status.label(),
            d.verification.code,
            d.verification.description
        ),
    }
}
