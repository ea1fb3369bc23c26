//! Storage of registrations, operators and the audit trail, behind a trait so that a PostgreSQL
//! implementation can stand beside the SQLite one. All SQL lives in the implementations.

mod group_commit;
pub mod sqlite;

pub use sqlite::SqliteStore;

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uln_domain::{AnomalyKind, Demographics, FailureFlag, RejectReason, VerifyCode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists: {0}")]
    Duplicate(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A write shared a commit with others and that commit failed.
    #[error("the write was not committed: {0}")]
    NotCommitted(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Operator,
    Supervisor,
    /// Background jobs such as expiry; never holds a token.
    System,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Supervisor => "supervisor",
            Role::System => "system",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        [Role::Viewer, Role::Operator, Role::Supervisor, Role::System]
            .into_iter()
            .find(|r| r.name() == name)
    }

    /// Roles are ordered: each may do everything the one before it may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    Matched,
    Open,
    Resolved,
    Rejected,
    Expired,
}

impl RecordStatus {
    pub fn name(self) -> &'static str {
        match self {
            RecordStatus::Matched => "matched",
            RecordStatus::Open => "open",
            RecordStatus::Resolved => "resolved",
            RecordStatus::Rejected => "rejected",
            RecordStatus::Expired => "expired",
        }
    }

    pub fn from_name(name: &str) -> Option<RecordStatus> {
        [
            RecordStatus::Matched,
            RecordStatus::Open,
            RecordStatus::Resolved,
            RecordStatus::Rejected,
            RecordStatus::Expired,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// A registration about to be stored, already verified.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub uln: String,
    pub demographics: Demographics,
    pub centre: String,
    pub registered_at: Timestamp,
    pub deadline: Timestamp,
    pub status: RecordStatus,
    pub verify_code: VerifyCode,
    pub failure_flags: Vec<FailureFlag>,
    pub anomalies: Vec<AnomalyKind>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: i64,
    pub uln: Option<String>,
    pub demographics: Demographics,
    pub centre: String,
    pub registered_at: Timestamp,
    pub deadline: Timestamp,
    pub status: RecordStatus,
    pub version: i64,
    pub verify_code: VerifyCode,
    pub failure_flags: Vec<FailureFlag>,
    pub anomalies: Vec<AnomalyKind>,
    pub reject_reason: Option<RejectReason>,
}

/// The new state of a registration after an operator's action or a re-verification.
#[derive(Debug, Clone)]
pub struct RecordUpdate {
    pub uln: Option<String>,
    pub demographics: Demographics,
    pub status: RecordStatus,
    pub verify_code: VerifyCode,
    pub failure_flags: Vec<FailureFlag>,
    pub anomalies: Vec<AnomalyKind>,
    pub reject_reason: Option<RejectReason>,
}

impl RecordUpdate {
    /// The update that leaves everything as `current` has it.
    pub fn unchanged(current: &Registration) -> RecordUpdate {
        RecordUpdate {
            uln: current.uln.clone(),
            demographics: current.demographics.clone(),
            status: current.status,
            verify_code: current.verify_code,
            failure_flags: current.failure_flags.clone(),
            anomalies: current.anomalies.clone(),
            reject_reason: current.reject_reason,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Created,
    Viewed,
    Amended,
    Rejected,
    Verified,
    Reopened,
    Expired,
    PlrLookup,
    LearnerSearch,
    ChallengeRaised,
}

impl AuditAction {
    pub fn name(self) -> &'static str {
        match self {
            AuditAction::Created => "created",
            AuditAction::Viewed => "viewed",
            AuditAction::Amended => "amended",
            AuditAction::Rejected => "rejected",
            AuditAction::Verified => "verified",
            AuditAction::Reopened => "reopened",
            AuditAction::Expired => "expired",
            AuditAction::PlrLookup => "plr_lookup",
            AuditAction::LearnerSearch => "learner_search",
            AuditAction::ChallengeRaised => "challenge_raised",
        }
    }
}

/// One audit row to append.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub registration_id: Option<i64>,
    pub subject: Option<String>,
    pub operator: String,
    pub action: AuditAction,
    pub reason: Option<String>,
    pub changes: Option<serde_json::Value>,
}

impl AuditRecord {
    /// An action on one registration.
    pub fn on_registration(id: i64, operator: &str, action: AuditAction) -> Self {
        AuditRecord {
            registration_id: Some(id),
            subject: None,
            operator: operator.to_owned(),
            action,
            reason: None,
            changes: None,
        }
    }

    /// An action on something other than a registration: a learner (`uln:…`) or a search.
    pub fn on_subject(subject: impl Into<String>, operator: &str, action: AuditAction) -> Self {
        AuditRecord {
            registration_id: None,
            subject: Some(subject.into()),
            operator: operator.to_owned(),
            action,
            reason: None,
            changes: None,
        }
    }

    pub fn because(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    pub fn with_changes(mut self, changes: serde_json::Value) -> Self {
        self.changes = Some(changes);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAudit {
    pub registration_id: Option<i64>,
    pub subject: Option<String>,
    pub at: Timestamp,
    pub operator: String,
    pub action: String,
    pub reason: Option<String>,
    pub changes: Option<serde_json::Value>,
}

pub enum UpdateOutcome {
    Updated(Registration),
    /// The version moved on; here is the record as it is now.
    Stale(Registration),
    NotFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Deadline,
    Registered,
    Centre,
    FamilyName,
}

impl SortKey {
    pub fn from_name(name: &str) -> Option<SortKey> {
        match name {
            "deadline" => Some(SortKey::Deadline),
            "registered" => Some(SortKey::Registered),
            "centre" => Some(SortKey::Centre),
            "family_name" => Some(SortKey::FamilyName),
            _ => None,
        }
    }
}

/// Where the previous page ended: the sort value and id of its last row (keyset paging, so rows
/// changing status between pages never shift the ones still to come).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub sort: SortKey,
    pub descending: bool,
    pub key: CursorKey,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CursorKey {
    Time(i64),
    Text(String),
}

#[derive(Debug, Clone, Default)]
pub struct ExceptionQuery {
    pub queue: Option<AnomalyKind>,
    pub text: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: u32,
    pub after: Option<Cursor>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    /// None for the "all open" queue.
    pub kind: Option<AnomalyKind>,
    pub open: i64,
    pub overdue: i64,
    pub due_within_48h: i64,
    pub due_within_7d: i64,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    async fn add_operator(&self, name: &str, role: Role, token_hash: &str)
        -> StoreResult<Operator>;
    async fn operator_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Operator>>;

    /// Stores the batch in one transaction and returns the new ids in order. With an operator,
    /// each new exception gets a `created` audit row.
    async fn insert_registrations(
        &self,
        rows: &[NewRegistration],
        audited_by: Option<&str>,
    ) -> StoreResult<Vec<i64>>;
    async fn registration(&self, id: i64) -> StoreResult<Option<Registration>>;
    async fn list_exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Registration>>;
    async fn queue_counts(&self, now: Timestamp) -> StoreResult<Vec<QueueCount>>;

    /// Applies `update` only if the record is still at `expected_version`, bumping the version and
    /// appending `audit` in the same transaction.
    async fn update_registration(
        &self,
        id: i64,
        expected_version: i64,
        update: &RecordUpdate,
        audit: &AuditRecord,
    ) -> StoreResult<UpdateOutcome>;

    /// Expires every open exception whose deadline has passed, removing its ULN, with one audit row
    /// each. Returns (id, new version) of each.
    async fn expire_overdue(&self, now: Timestamp, operator: &str) -> StoreResult<Vec<(i64, i64)>>;

    async fn append_audit(&self, record: &AuditRecord) -> StoreResult<()>;
    async fn audit_trail(&self, registration_id: i64) -> StoreResult<Vec<StoredAudit>>;
    /// Audit rows not tied to a registration (PLR lookups, searches, challenges), newest last.
    async fn audit_by_subject(&self, subject: &str) -> StoreResult<Vec<StoredAudit>>;

    async fn record_seeded_truth(&self, truth: &[(i64, String)]) -> StoreResult<()>;
    async fn seeded_truth(&self) -> StoreResult<Vec<(i64, String)>>;
}
