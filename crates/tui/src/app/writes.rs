//! The backend's answers to amend, reject, verify and reopen. Writes belong to the session, not to
//! a screen: their answers are applied to whatever of the record is still open.

use super::messages::log_failure;
use super::undo::ChangeKind;
use super::App;
use crate::layer::Layer;
use crate::message::{Effect, Write};
use crate::screens::amend::closed_reason;
use uln_api::{ClientError, ClientResult, ErrorCode, ExceptionDetail, RecordStatus};

impl App {
    pub(super) fn on_written(
        &mut self,
        write: Write,
        result: ClientResult<ExceptionDetail>,
    ) -> Vec<Effect> {
        match result {
            Ok(detail) => {
                self.notify(outcome(write, &detail), false);
                let kind = match write {
                    Write::Amend => Some(ChangeKind::Amendment),
                    Write::Reject => Some(ChangeKind::Rejection),
                    // A re-verification is the register's word, and a reopen a supervisor's
                    // own way back: neither is offered.
                    Write::Verify | Write::Reopen => None,
                };
                if let Some(kind) = kind {
                    self.offer_undo(detail.id, detail.version, kind);
                }
                self.written(write, detail);
                vec![Effect::LoadQueues]
            }
            Err(error) => {
                self.write_failed(write, error);
                Vec::new()
            }
        }
    }

    /// A write went through: its form or dialog is done with, and the record shows the result.
    fn written(&mut self, write: Write, detail: ExceptionDetail) {
        let id = detail.id;
        let done = |layer: &Layer| match (write, layer) {
            (Write::Amend, Layer::Amend(form)) => form.id == id,
            (Write::Reject, Layer::Reject(dialog)) => dialog.id == id,
            (Write::Amend, Layer::ConfirmIdentity(dialog)) => dialog.id == id,
            _ => false,
        };
        // Closed without keeping a draft: what it held has been sent.
        self.layers.retain(|e| !done(&e.layer));
        if write == Write::Amend {
            self.drafts.remove(&id);
        }
        for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
            record.detail = Some(detail.clone());
        }
    }

    fn write_failed(&mut self, write: Write, error: ClientError) {
        let id = self.find(Layer::record_mut).next().map(|r| r.id);
        log_failure(write.name(), id, &error);
        if write == Write::Amend {
            if let Some(id) = id {
                self.confirmation_failed(id, &error);
            }
        }
        if let Some(current) = error.current_record().cloned() {
            return self.lost_race(write, current);
        }
        if let Some(form) = id.and_then(|id| self.amend_form(id)) {
            form.submitting = false;
            if let ClientError::Api { status: 409, body } = &error {
                if body.code == ErrorCode::IdentityUnconfirmed {
                    return self.identity_unconfirmed(body.message.clone());
                }
                if matches!(body.code, ErrorCode::Expired | ErrorCode::NotOpen) {
                    // One message that agrees with the form: no "submit again", no draft kept.
                    let status = match body.code {
                        ErrorCode::Expired => RecordStatus::Expired,
                        _ => RecordStatus::Resolved,
                    };
                    form.closed = Some(status);
                    let text = form.closed_reason();
                    self.notify(text, true);
                    return;
                }
            }
            if let ClientError::Api { status: 422, body } = &error {
                form.server_errors = body
                    .fields
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect();
            }
        }
        if let ClientError::NoAnswer(_) = error {
            // It reached the backend, so it may have been saved. Submitting again is safe: the
            // version it was read at makes a second try a conflict, never a second change.
            self.connection.online = false;
            self.notify(
                "no answer from the backend: it may have been saved; your draft is kept, and \
                 submitting again shows the record as it is if it was",
                true,
            );
        } else if error.is_unreachable() {
            self.connection.online = false;
            self.notify(
                "backend unreachable: nothing was lost; submit again when it is back",
                true,
            );
        } else {
            self.notify(error.to_string(), true);
        }
    }

    /// Someone else changed the record first: show what they did beside our edits.
    fn lost_race(&mut self, write: Write, current: ExceptionDetail) {
        let form = self.amend_form(current.id);
        match (write, form) {
            (Write::Amend, Some(form)) => {
                form.submitting = false;
                form.rebase(current.clone());
                let text = if form.can_still_send() {
                    "changed by someone else meanwhile: review, then submit again".to_owned()
                } else {
                    form.closed_reason()
                };
                self.notify(text, true);
            }
            _ => {
                let open = current.status == RecordStatus::Open;
                let why = if open {
                    format!(
                        "the record changed meanwhile (now version {}); review it and confirm again",
                        current.version
                    )
                } else {
                    closed_reason(current.id, current.status)
                };
                if let Some(dialog) = self.find(Layer::reject_mut).next() {
                    dialog.version = current.version;
                    dialog.confirming = false;
                    dialog.error = Some(why.clone());
                }
                self.notify(
                    if open {
                        "the record changed meanwhile".to_owned()
                    } else {
                        why
                    },
                    true,
                );
            }
        }
        for record in self.find(Layer::record_mut).filter(|r| r.id == current.id) {
            record.detail = Some(current.clone());
        }
    }

    /// An amendment sent with a confirmed identity failed: the dialog says why and can send
    /// again, except after a version conflict, when the operator reviews the form first; its
    /// note then goes back into the form, so nothing typed is lost.
    fn confirmation_failed(&mut self, id: i64, error: &ClientError) {
        let Some(dialog) = self.find(Layer::identity_mut).find(|d| d.id == id) else {
            return;
        };
        dialog.sending = false;
        dialog.confirming = false;
        dialog.error = Some(error.to_string());
        if error.current_record().is_none() {
            return;
        }
        let note = dialog.note.clone();
        self.layers
            .retain(|e| !matches!(&e.layer, Layer::ConfirmIdentity(d) if d.id == id));
        if let Some(form) = self.amend_form(id) {
            form.note = note;
        }
    }

    /// The backend says the amendment matches someone else (the evidence may have changed since
    /// the record was read): its message, and the same confirmation, over the untouched form.
    fn identity_unconfirmed(&mut self, message: String) {
        let asked = match self.top_layer() {
            Some(Layer::Amend(form)) => Some(form.confirm_identity(message.clone())),
            _ => None,
        };
        match asked {
            Some(intent) => {
                self.apply(vec![intent]);
            }
            None => self.notify(message, true),
        }
    }

    /// The amend form for record `id`: open, or kept as a draft.
    fn amend_form(&mut self, id: i64) -> Option<&mut crate::screens::amend::AmendForm> {
        if self.find(Layer::amend_mut).any(|f| f.id == id) {
            return self.find(Layer::amend_mut).find(|f| f.id == id);
        }
        self.drafts.get_mut(&id)
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
