//! Bulk on the wire: one action over many records, first as a dry run (what would change, what
//! would be skipped and why), then for real with an outcome per record. Every record is written at
//! the version the client read it at, and commits or not on its own.

use crate::client::{ApiClient, ClientResult};
use crate::vocab::{RejectReason, SuggestionKind};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Records one bulk request may name at most; more is a 400 (send several requests).
pub const MAX_BULK_RECORDS: usize = 500;

/// What to do to every record of the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BulkAction {
    /// Each record's own first suggestion, when it is an amendment or a rejection; a record whose
    /// first suggestion is anything else (confirm identity, search, ask the centre, challenge a
    /// duplicate) is skipped, and an amendment that would match a different person is never made.
    ApplyTopSuggestion,
    /// Reject each record's ULN, for one reason (`other` needs a `note`).
    Reject {
        reason: RejectReason,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Snooze each record until a time (as `POST /exceptions/{id}/snooze` takes it), for a reason.
    Snooze { until: String, reason: String },
    /// Give each record to a colleague (None: take them back), with one message, as
    /// `POST /exceptions/{id}/assign` does.
    Assign {
        to: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
}

impl BulkAction {
    /// For people: "apply top suggestion", "reject", "snooze".
    pub fn label(&self) -> &'static str {
        match self {
            BulkAction::ApplyTopSuggestion => "apply top suggestion",
            BulkAction::Reject { .. } => "reject",
            BulkAction::Snooze { .. } => "snooze",
            BulkAction::Assign { .. } => "assign",
        }
    }
}

/// A record of the group, at the version the client last read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BulkRecord {
    pub id: i64,
    pub version: i64,
}

/// `POST /bulk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BulkRequest {
    pub action: BulkAction,
    /// 1–500 records, each once
    pub records: Vec<BulkRecord>,
    /// `true`: change nothing, answer what would be done (audited as viewing each record)
    #[serde(default)]
    pub dry_run: bool,
}

closed_set! {
    /// What became, or would become, of one record of a bulk request.
    BulkOutcome {
        /// Dry run: the action would be applied.
        WouldApply = "would_apply",
        /// The action does not fit this record (its first suggestion is not an amendment, say,
        /// or it would match a different person); nothing is or would be written.
        Skipped = "skipped",
        /// Applied and committed.
        Done = "done",
        /// The record changed since the version sent; nothing written. Read it again and retry.
        Conflict = "conflict",
        /// The backend refused the change (not open, too close to its deadline, register down…).
        Refused = "refused",
    }
}

closed_set! {
    /// A record's value a bulk action changes.
    BulkField {
        Uln = "uln",
        GivenName = "given_name",
        FamilyName = "family_name",
        DateOfBirth = "date_of_birth",
        Gender = "gender",
        Postcode = "postcode",
        Status = "status",
        SnoozedUntil = "snoozed_until",
        AssignedTo = "assigned_to",
    }
}

/// One value before and after (absent: none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BulkChange {
    pub field: BulkField,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What became, or would become, of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BulkRecordOutcome {
    pub id: i64,
    pub outcome: BulkOutcome,
    /// The record's version now: after the change when `done`, the current one on a `conflict`
    /// (send it to retry), otherwise the one it was read at. Absent when there is no such record.
    pub version: Option<i64>,
    /// For `apply_top_suggestion`: the kind of the record's first suggestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<SuggestionKind>,
    /// Field by field, what would change (`would_apply`) or did (`done`).
    #[serde(default)]
    pub changes: Vec<BulkChange>,
    /// Why, for `skipped`, `conflict` and `refused`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Per outcome, how many records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BulkTotals {
    pub would_apply: usize,
    pub skipped: usize,
    pub done: usize,
    pub conflict: usize,
    pub refused: usize,
}

impl BulkTotals {
    pub fn of(records: &[BulkRecordOutcome]) -> BulkTotals {
        let mut totals = BulkTotals::default();
        for r in records {
            match r.outcome {
                BulkOutcome::WouldApply => totals.would_apply += 1,
                BulkOutcome::Skipped => totals.skipped += 1,
                BulkOutcome::Done => totals.done += 1,
                BulkOutcome::Conflict => totals.conflict += 1,
                BulkOutcome::Refused | BulkOutcome::Unknown => totals.refused += 1,
            }
        }
        totals
    }
}

/// The answer to `POST /bulk`: one outcome per record, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BulkReport {
    pub dry_run: bool,
    pub records: Vec<BulkRecordOutcome>,
    pub totals: BulkTotals,
}

impl ApiClient {
    /// Runs `action` over `records` (`POST /bulk`); `dry_run` changes nothing.
    pub async fn bulk(
        &self,
        action: &BulkAction,
        records: &[BulkRecord],
        dry_run: bool,
    ) -> ClientResult<BulkReport> {
        let body = BulkRequest {
            action: action.clone(),
            records: records.to_vec(),
            dry_run,
        };
        let request = self.request(Method::POST, "/bulk").json(&body);
        self.send(request).await
    }
}
