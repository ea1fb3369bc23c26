//! Notes on a record on the wire: what an operator writes ("centre rang, sending the new ULN
//! Friday") and how the record shows it. A note is kept as the record's `noted` audit row, so it
//! is in the audit trail too, with its author and time.

use crate::client::{ApiClient, ClientResult};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Notes a record's detail carries at most: the latest, as `ExceptionDetail::notes_total` says
/// how many there are in all (the audit trail holds every one).
pub const NOTES_IN_DETAIL: u32 = 10;

/// `POST /exceptions/{id}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewNote {
    /// Required, at most 1,000 characters, text rules as for every note (no control or
    /// invisible characters)
    #[schema(max_length = 1000)]
    pub text: String,
}

/// A note as the record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NoteView {
    /// The id of the note's audit row
    pub id: i64,
    /// RFC 3339, when it was written
    pub at: String,
    /// Who wrote it
    pub operator: String,
    pub text: String,
}

impl ApiClient {
    /// Writes a note on a record (`POST /exceptions/{id}/notes`); the answer is the note as
    /// stored, its text cleaned.
    pub async fn add_note(&self, id: i64, text: &str) -> ClientResult<NoteView> {
        let body = NewNote {
            text: text.to_owned(),
        };
        let request = self
            .request(Method::POST, &format!("/exceptions/{id}/notes"))
            .json(&body);
        self.send(request).await
    }
}
