//! Exports on the wire: a console about to write a queue's rows to a file says so first, and the
//! backend records it in the audit trail (who, which view, how many rows). The file is written
//! only once the record is made, so no export of learners' details goes unaudited.

use crate::client::{ApiClient, ClientResult};
use crate::queue::Queue;
use crate::vocab::RecordFilter;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /exports`: the queue view about to be written as CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportRequest {
    pub queue: Queue,
    pub records: RecordFilter,
    /// The queue filter as typed, if any: at most 200 characters, text rules as for every note
    #[serde(default)]
    #[schema(max_length = 200)]
    pub filter: Option<String>,
    /// `deadline`, `registered`, `centre` or `family_name`
    pub sort: String,
    pub descending: bool,
    /// Rows about to be written
    #[schema(maximum = 10_000_000)]
    pub rows: u32,
}

/// The export's audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportRecorded {
    pub id: i64,
}

impl ApiClient {
    /// Records an export about to be written (`POST /exports`); write the file only after this.
    pub async fn record_export(&self, export: &ExportRequest) -> ClientResult<ExportRecorded> {
        self.send(self.request(Method::POST, "/exports").json(export))
            .await
    }
}
