//! Storage of registrations, operators and the audit trail, behind a trait so that a PostgreSQL
//! implementation can stand beside the SQLite one. All SQL lives in the implementations; which
//! one serves is chosen from the database URL in one place, `crate::database::open`.

mod audit;
pub mod claims;
pub(crate) mod columns;
mod dashboard;
pub mod feed;
pub(crate) mod operator_keys;
pub(crate) mod pending;
pub mod postgres;
mod queue_counts;
mod queue_query;
mod record_update;
mod records;
pub(crate) mod snoozes;
pub(crate) mod sqlite;

pub use audit::*;
pub use dashboard::{ClosingsInHour, DashboardFacts};
pub use operator_keys::{NewOperatorKey, OperatorKey};
pub use queue_query::*;
pub use record_update::RecordUpdate;
pub use records::*;
pub use sqlite::PoolSize;
pub use uln_api::{Direction, QueueOrder, SortKey};

pub use claims::{ClaimAsk, ClaimOutcome, StoredClaim};

use async_trait::async_trait;
use jiff::Timestamp;

/// A database's own error type stays inside its implementation: callers see what went wrong in
/// our terms, with the database's error as the source.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists: {0}")]
    Duplicate(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The database refused or failed a statement, or could not be reached.
    #[error("database: {0}")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A write shared a commit with others and that commit failed.
    #[error("the write was not committed: {0}")]
    NotCommitted(String),
    /// Every connection stayed busy for longer than a request may wait: try again shortly.
    #[error("the database is busy")]
    Busy,
    #[error("unsupported database URL {0}: use sqlite: or postgres:")]
    UnsupportedUrl(String),
}

/// PostgreSQL's answers that mean "this transaction lost a race; the same request would likely
/// succeed in a moment": a deadlock, a serialization failure, a lock that could not be had.
/// Nothing was written, so they are `Busy` (503 with Retry-After), not a server failure.
const TRANSIENT_SQLSTATES: [&str; 3] = ["40P01", "40001", "55P03"];

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut => StoreError::Busy,
            sqlx::Error::Database(ref db)
                if db
                    .code()
                    .is_some_and(|code| TRANSIENT_SQLSTATES.contains(&code.as_ref())) =>
            {
                StoreError::Busy
            }
            e => StoreError::Database(Box::new(e)),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// Every store keeps times as unix seconds.
pub(crate) fn timestamp(seconds: i64) -> StoreResult<Timestamp> {
    Timestamp::from_second(seconds).map_err(corrupt)
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    async fn add_operator(&self, name: &str, role: Role, token_hash: &str)
        -> StoreResult<Operator>;
    /// The operator holding this token, unless revoked.
    async fn operator_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Operator>>;
    /// Every operator, revoked ones included, by name.
    async fn operators(&self) -> StoreResult<Vec<OperatorAccount>>;
    /// Revokes `name`'s token, keeping the operator (the audit trail names them) and the time of
    /// an earlier revocation; None if there is no such operator.
    async fn revoke_operator(&self, name: &str) -> StoreResult<Option<OperatorAccount>>;
    /// None if there is no such operator.
    async fn set_operator_role(
        &self,
        name: &str,
        role: Role,
    ) -> StoreResult<Option<OperatorAccount>>;
    /// A number that changes whenever any operator's role, token or revocation changes, by
    /// whichever process: a server polls it to know when its token cache may be wrong.
    async fn operators_generation(&self) -> StoreResult<i64>;
    /// Gives operator `operator_id` an SSH key; a fingerprint any operator already holds is a
    /// `Duplicate`.
    async fn add_operator_key(&self, operator_id: i64, key: &NewOperatorKey) -> StoreResult<()>;
    /// False if the operator holds no such key.
    async fn remove_operator_key(&self, operator_id: i64, fingerprint: &str) -> StoreResult<bool>;
    /// Every operator's keys, by operator name, oldest first.
    async fn operator_keys(&self) -> StoreResult<Vec<OperatorKey>>;
    /// The operator holding the key with this fingerprint, unless revoked.
    async fn operator_by_key(&self, fingerprint: &str) -> StoreResult<Option<Operator>>;

    /// Stores the batch in one transaction and returns the new ids in order. With an operator,
    /// each new exception gets a `created` audit row.
    async fn insert_registrations(
        &self,
        rows: &[NewRegistration],
        audited_by: Option<&str>,
    ) -> StoreResult<Vec<i64>>;
    async fn registration(&self, id: i64) -> StoreResult<Option<Registration>>;
    /// Open or matched registrations holding one of a probe's ULNs, or its family name (any case)
    /// and date of birth: the candidates among which duplicates are judged. Each once, by id.
    async fn possible_duplicates(
        &self,
        probes: &[DuplicateProbe],
    ) -> StoreResult<Vec<Registration>>;
    async fn list_exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Registration>>;
    async fn queue_counts(&self, now: Timestamp) -> StoreResult<Vec<QueueCount>>;
    /// What the dashboard is drawn from: open exceptions by deadline hour and centre now, and
    /// records closed since `since` (see `ClosingsInHour` for what counts).
    async fn dashboard_facts(
        &self,
        now: Timestamp,
        since: Timestamp,
    ) -> StoreResult<DashboardFacts>;

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
    /// Every audit row of a registration, reads ahead included, oldest first.
    async fn audit_trail(&self, registration_id: i64) -> StoreResult<Vec<StoredAudit>>;
    /// The trail as operators see it (views and changes, not reads ahead), newest first: at most
    /// `limit` entries older than the entry `before` (from the newest without it), and the total.
    async fn record_trail(
        &self,
        registration_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<TrailPage>;
    /// A record's latest `limit` notes (its `noted` rows), newest first, and how many it holds.
    async fn record_notes(&self, registration_id: i64, limit: u32) -> StoreResult<TrailPage>;
    /// The record's latest `assigned` audit row (its reason is the message), if ever assigned.
    async fn latest_assignment(&self, registration_id: i64) -> StoreResult<Option<StoredAudit>>;
    /// Appends an audit row and returns its id: a call's id, an export's.
    async fn append_audit_with_id(&self, record: &AuditRecord) -> StoreResult<i64>;
    /// `operator`'s latest `limit` call rows, newest first.
    async fn recent_calls(&self, operator: &str, limit: u32) -> StoreResult<Vec<StoredAudit>>;
    /// Audit rows not tied to a registration (PLR lookups, searches, challenges), newest last.
    async fn audit_by_subject(&self, subject: &str) -> StoreResult<Vec<StoredAudit>>;

    /// Holds registrations the register could not verify now, each audited as submitted by
    /// `submitted_by`; returns their pending ids.
    async fn insert_pending(
        &self,
        rows: &[SubmittedRegistration],
        submitted_by: &str,
    ) -> StoreResult<Vec<i64>>;
    /// The oldest `limit` pending registrations.
    async fn pending_registrations(&self, limit: u32) -> StoreResult<Vec<PendingRegistration>>;
    async fn pending_count(&self) -> StoreResult<u64>;
    /// Stores verified pending registrations in their place, in one transaction, each audited as
    /// created by its submitter. A pending row another server completed first is skipped: its
    /// slot is None, otherwise the new registration's id.
    async fn complete_pending(&self, verified: &[VerifiedPending])
        -> StoreResult<Vec<Option<i64>>>;
    /// Every audit row of one action, oldest first: what a register that cannot list an
    /// organisation's data challenges (the LRS lists per ULN) reads to know which were raised.
    async fn audit_by_action(&self, action: AuditAction) -> StoreResult<Vec<StoredAudit>>;

    /// Wakes every open record whose snooze has run out by `now`, with a `woken` audit row each
    /// by `operator`. Returns (id, new version) of each.
    async fn wake_due(&self, now: Timestamp, operator: &str) -> StoreResult<Vec<(i64, i64)>>;

    /// The latest audit row of record `registration_id` that kept the state it replaced
    /// (`crate::undo::UNDO_TO` in its changes): the change an undo would take back.
    async fn latest_change(&self, registration_id: i64) -> StoreResult<Option<StoredAudit>>;

    /// Claims a record for `ask.operator`, renews their claim, or takes it over (see
    /// `claims::decide`), with its audit row in the same transaction. The record is not read or
    /// changed: the caller checks it exists and is open.
    async fn claim(&self, ask: &ClaimAsk<'_>) -> StoreResult<ClaimOutcome>;
    /// Releases `operator`'s claim on record `id`; false if they held none.
    async fn release_claim(&self, id: i64, operator: &str) -> StoreResult<bool>;
    /// Every live claim (renewed after `lapse_before`): one per record being worked, so few.
    async fn live_claims(&self, lapse_before: Timestamp) -> StoreResult<Vec<StoredClaim>>;
    /// The live claim on record `id`, if any.
    async fn claim_on(&self, id: i64, lapse_before: Timestamp) -> StoreResult<Option<StoredClaim>>;
    /// Deletes lapsed claims (renewed at or before `lapse_before`); how many.
    async fn sweep_claims(&self, lapse_before: Timestamp) -> StoreResult<u64>;
}
