//! The backend's answer to a note: kept, it joins the record on screen; refused or lost, the
//! dialog stays open with the text, saying why. A note written anywhere else on a record shown
//! here is read again from the backend, since the event stream carries no note's text.

use super::messages::log_failure;
use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use uln_api::{AuditAction, AuditEntry, ClientResult, NoteEvent, NoteView, NOTES_IN_DETAIL};

impl App {
    pub(super) fn on_note_added(&mut self, id: i64, result: ClientResult<NoteView>) -> Vec<Effect> {
        match result {
            Ok(note) => {
                self.layers
                    .retain(|e| !matches!(&e.layer, Layer::Note(d) if d.id == id));
                tracing::info!(record_id = id, note_id = note.id, "note added");
                self.notify(format!("note added to #{id}"), false);
                // Shown at once from the answer: reading the record again would audit a read.
                for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
                    if let Some(detail) = record.detail.as_mut() {
                        with_note(detail, &note);
                    }
                }
            }
            Err(e) => {
                log_failure("note", Some(id), &e);
                let why = format!("note not added, text kept: {e}");
                for dialog in self.find(Layer::note_mut).filter(|d| d.id == id) {
                    dialog.sending.failed(why.clone());
                }
                self.notify(why, true);
            }
        }
        Vec::new()
    }

    /// A note was written on record `note.record_id`: a record screen showing it without that
    /// note reads it again (an audited view, as after any change to a record on screen). The
    /// note this console wrote is already shown from the backend's answer.
    pub(super) fn on_note_written(&mut self, note: &NoteEvent) -> Vec<Effect> {
        let id = note.record_id;
        let stale = self.find(Layer::record_mut).any(|r| {
            r.id == id
                && !r
                    .detail
                    .as_ref()
                    .is_some_and(|d| d.notes.iter().any(|n| n.id == note.note_id))
        });
        if stale {
            vec![Effect::LoadDetail(id)]
        } else {
            Vec::new()
        }
    }
}

/// The record as the backend now holds it: the note last among its notes and its trail. Once
/// only: the detail may have been read again, with the note, before the answer came.
fn with_note(detail: &mut uln_api::ExceptionDetail, note: &NoteView) {
    if detail.notes.iter().any(|n| n.id == note.id) {
        return;
    }
    detail.notes.push(note.clone());
    let keep = NOTES_IN_DETAIL as usize;
    if detail.notes.len() > keep {
        detail.notes.drain(..detail.notes.len() - keep);
    }
    detail.notes_total += 1;
    detail.audit.push(AuditEntry {
        id: note.id,
        at: note.at.clone(),
        operator: note.operator.clone(),
        action: AuditAction::Noted,
        reason: Some(note.text.clone()),
        changes: None,
    });
    detail.audit_total += 1;
}
