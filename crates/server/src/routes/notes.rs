//! `/exceptions/{id}/notes`: an operator's note on a record ("centre rang; new ULN by Friday").
//!
//! A note is kept as the record's `noted` audit row, as a call is kept as its `call` row: the row
//! already holds the author, the time and a text (the reason), the trail shows it where it was
//! written, and it can never be edited or deleted afterwards, which is what a helpdesk's notes
//! must be. A table of its own would only copy those columns and need its own audit row besides.
//!
//! A note changes nothing about the record, so it takes no version: two operators writing notes
//! on one record at once both keep theirs. It is announced on the event stream by ids alone
//! (`note`), so the consoles showing the record read it again. Closed records take notes too (why it was reopened
//! later, say).

use super::exceptions::load;
use super::refusals::{JsonBody, NeedsRole, NoSuchRecord, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, CurrentOperator};
use crate::store::{AuditAction, AuditRecord, Role};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jiff::Timestamp;
use uln_api::{NewNote, NoteEvent, NoteView};
use uln_domain::text::{self, TextKind};

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/notes", tag = "exceptions", operation_id = "add_note",
    params(("id" = i64, Path, description = "record id")),
    request_body = NewNote,
    responses((status = 201, body = NoteView, description = "the note, kept as a `noted` row of the record's audit trail"),
        Secured, NeedsRole, Unreadable, NoSuchRecord, JsonBody))]
#[tracing::instrument(skip_all, fields(record_id = id, note_id))]
pub async fn add(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewNote>,
) -> Result<(StatusCode, Json<NoteView>), ApiError> {
    let operator = who.require(Role::Operator)?;
    let text = text::clean(&body.text, TextKind::Note)
        .map_err(|e| ApiError::invalid_field("text", e.to_string()))?;
    load(&state, id).await?;
    let row =
        AuditRecord::on_registration(id, &operator.name, AuditAction::Noted).because(text.clone());
    // The store stamps its rows in whole seconds, close to this; the detail shows the stored one.
    let now = Timestamp::now();
    let at = Timestamp::from_second(now.as_second()).unwrap_or(now);
    let note_id = state.store.append_audit_with_id(&row).await?;
    tracing::Span::current().record("note_id", note_id);
    tracing::info!("note added");
    state.publish_note(NoteEvent {
        record_id: id,
        note_id,
        operator: operator.name.clone(),
    });
    Ok((
        StatusCode::CREATED,
        Json(NoteView {
            id: note_id,
            at: at.to_string(),
            operator: operator.name.clone(),
            text,
        }),
    ))
}
