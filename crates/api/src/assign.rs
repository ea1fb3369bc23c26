//! Assignment and shift handover on the wire: give a record to a colleague with a message, list
//! what one holds ("mine"), and pass everything one holds to a colleague in one action.
//! An assignment is a change to the record, version-guarded like every other.

use crate::client::{ApiClient, ClientResult};
use crate::vocab::{HandoverOutcome, Role};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /exceptions/{id}/assign` (with `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AssignRequest {
    /// The colleague's operator name; null takes the record back from whoever holds it
    pub to: Option<String>,
    /// What they should know ("the centre rang you yesterday"): text rules as for every note
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub message: Option<String>,
}

/// Who holds a record and what they were told, from its latest `assigned` audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AssignmentView {
    /// The holder's operator name; absent when the record was taken back
    pub to: Option<String>,
    /// Who assigned it
    pub by: String,
    /// RFC 3339 UTC
    pub at: String,
    pub message: Option<String>,
}

/// An operator one may assign records to: an active operator or supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Colleague {
    pub name: String,
    pub role: Role,
}

/// `GET /operators`: who records can be assigned to, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ColleagueList {
    pub operators: Vec<Colleague>,
}

/// One record an operator holds, as the handover summary lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HeldRecord {
    pub id: i64,
    /// The version read: a handover of this record is refused once it moves on
    pub version: i64,
    /// RFC 3339 UTC
    pub deadline: String,
    /// Snoozed now (out of the queues until its time)
    pub snoozed: bool,
}

/// `GET /handover`: what an operator holds at the end of a shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HandoverSummary {
    /// Whose summary it is
    pub operator: String,
    /// Open records assigned to them, by deadline (at most 10,000 listed; `held` counts all)
    pub records: Vec<HeldRecord>,
    pub held: i64,
    /// Of `held`, snoozed now
    pub snoozed: i64,
    /// Of `held`, not yet overdue and due by the end of the seventh UK day from today
    pub due_soon: i64,
    /// Of `held`, past their deadline
    pub overdue: i64,
    /// Records they are on now (a live claim: opened to work on, assigned to them or not);
    /// absent from a backend without claims
    #[serde(default)]
    pub claimed: Option<i64>,
}

/// A record at the version a handover was confirmed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordVersion {
    pub id: i64,
    pub version: i64,
}

/// `POST /handover`: pass every open record one holds to a colleague.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HandoverRequest {
    /// The colleague's operator name
    pub to: String,
    /// Said on every record handed over, as its assignment message
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub message: Option<String>,
    /// Whose records: the caller's when absent; only a supervisor may name someone else
    #[serde(default)]
    pub from: Option<String>,
    /// The records as the summary listed them, each handed over only at that version; when
    /// absent, every open record `from` holds now, at its current version
    #[serde(default)]
    pub records: Option<Vec<RecordVersion>>,
}

/// One record's part in a handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HandedOver {
    pub id: i64,
    pub outcome: HandoverOutcome,
    /// The record's version now
    pub version: i64,
    /// Why it was left, for a conflict
    #[serde(default)]
    pub why: Option<String>,
}

/// The answer to a handover: per record, done or conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HandoverReport {
    pub from: String,
    pub to: String,
    pub records: Vec<HandedOver>,
}

impl HandoverReport {
    pub fn done(&self) -> usize {
        self.records
            .iter()
            .filter(|r| r.outcome == HandoverOutcome::Done)
            .count()
    }
}

impl ApiClient {
    /// Assigns record `id`, read at `version`, to `to` (None takes it back).
    pub async fn assign(
        &self,
        id: i64,
        version: i64,
        to: Option<&str>,
        message: Option<&str>,
    ) -> ClientResult<crate::ExceptionDetail> {
        let body = AssignRequest {
            to: to.map(str::to_owned),
            message: message.map(str::to_owned),
        };
        let request = self
            .request(Method::POST, &format!("/exceptions/{id}/assign"))
            .header("If-Match", format!("\"{version}\""))
            .json(&body);
        self.send(request).await
    }

    /// Who records can be assigned to.
    pub async fn colleagues(&self) -> ClientResult<ColleagueList> {
        self.send(self.request(Method::GET, "/operators")).await
    }

    /// What `from` holds (the caller when None; another's for a supervisor only).
    pub async fn handover_summary(&self, from: Option<&str>) -> ClientResult<HandoverSummary> {
        let mut request = self.request(Method::GET, "/handover");
        if let Some(from) = from {
            request = request.query(&[("from", from)]);
        }
        self.send(request).await
    }

    /// Hands over in one action; the report says per record what happened.
    pub async fn hand_over(&self, body: &HandoverRequest) -> ClientResult<HandoverReport> {
        self.send(self.request(Method::POST, "/handover").json(body))
            .await
    }
}
