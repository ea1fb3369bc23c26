//! What the store keeps: operators, registrations and their changes, the audit trail, and the
//! questions the queues ask. Plain data, the same whichever database holds it.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uln_api::{Direction, QueueOrder, QueueRow, SortKey, SortValue};
use uln_domain::{named_enum, AnomalyKind, Demographics, FailureFlag, RejectReason, VerifyCode};

named_enum! {
    /// What an operator may do; the order matters (`allows`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Role as (name, from_name) {
        Viewer = "viewer",
        Operator = "operator",
        Supervisor = "supervisor",
        /// Background jobs such as expiry; never holds a token.
        System = "system",
    }
}

impl Role {
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

/// An operator as the administrator sees them: never their token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorAccount {
    pub operator: Operator,
    pub created_at: Timestamp,
    /// Set once revoked: the row stays, for the audit trail names the operator, but the token no
    /// longer authenticates.
    pub revoked_at: Option<Timestamp>,
}

named_enum! {
    /// Where a registration stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum RecordStatus as (name, from_name) {
        Matched = "matched",
        Open = "open",
        Resolved = "resolved",
        Rejected = "rejected",
        Expired = "expired",
    }
}

/// A registration about to be stored, already verified.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub uln: String,
    pub demographics: Demographics,
    pub centre: String,
    /// The qualification's Ofqual code, when the centre said.
    pub qualification: Option<String>,
    pub registered_at: Timestamp,
    pub deadline: Timestamp,
    pub status: RecordStatus,
    pub verify_code: VerifyCode,
    pub failure_flags: Vec<FailureFlag>,
    pub anomalies: Vec<AnomalyKind>,
}

impl NewRegistration {
    /// The registration as the store holds it once stored under `id`: times in whole seconds.
    pub fn stored_as(&self, id: i64) -> Registration {
        let whole = |t: Timestamp| Timestamp::from_second(t.as_second()).unwrap_or(t);
        Registration {
            id,
            uln: Some(self.uln.clone()),
            demographics: self.demographics.clone(),
            centre: self.centre.clone(),
            qualification: self.qualification.clone(),
            registered_at: whole(self.registered_at),
            deadline: whole(self.deadline),
            status: self.status,
            version: 1,
            verify_code: self.verify_code,
            failure_flags: self.failure_flags.clone(),
            anomalies: self.anomalies.clone(),
            reject_reason: None,
            assigned_to: None,
            snoozed_until: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: i64,
    pub uln: Option<String>,
    pub demographics: Demographics,
    pub centre: String,
    pub qualification: Option<String>,
    pub registered_at: Timestamp,
    pub deadline: Timestamp,
    pub status: RecordStatus,
    pub version: i64,
    pub verify_code: VerifyCode,
    pub failure_flags: Vec<FailureFlag>,
    pub anomalies: Vec<AnomalyKind>,
    pub reject_reason: Option<RejectReason>,
    /// The operator who holds the record (by name), if it was assigned to someone.
    pub assigned_to: Option<String>,
    /// When its snooze ends, as stored: a time already passed means the wake job has not yet
    /// run. Only an open record is ever snoozed.
    pub snoozed_until: Option<Timestamp>,
}

/// What a registration's possible duplicates share with it: one of these ULNs (its own, and the
/// register learner's master and linked ULNs), or its family name and date of birth.
#[derive(Debug, Clone)]
pub struct DuplicateProbe {
    pub ulns: Vec<String>,
    /// Of `ulns`, those that reach the register learner (empty when the register had none).
    pub register_learner_ulns: Vec<String>,
    pub family_name: String,
    pub date_of_birth: jiff::civil::Date,
}

named_enum! {
    /// What an audit row records; stored by name.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum AuditAction as (name, from_name) {
        Created = "created",
        Viewed = "viewed",
        ReadAhead = "read_ahead",
        Amended = "amended",
        Rejected = "rejected",
        Verified = "verified",
        Reopened = "reopened",
        Expired = "expired",
        PlrLookup = "plr_lookup",
        LearnerSearch = "learner_search",
        ChallengeRaised = "challenge_raised",
        /// An operator's token revoked; the subject is the operator's name.
        OperatorRevoked = "operator_revoked",
        /// An operator's role changed; the subject is the operator's name.
        OperatorRoleChanged = "operator_role_changed",
        /// A phone enquiry wrapped up; the subject is the learner (`uln:…`) when the caller gave
        /// a ULN, else `call`. The row is the call: its id is the call's id.
        Call = "call",
        /// A queue view written to a file by a console; the subject is `export`.
        Exported = "exported",
        /// Masked details shown again on a console shared on screen: on the record's trail, or
        /// by subject (`uln:…`) for a learner looked up.
        Revealed = "revealed",
        /// An operator's note on a record: the row is the note (its text is the reason), so
        /// notes sit in the trail where they were written, with author and time, like calls.
        Noted = "noted",
        /// An open record parked until a time (`changes` hold it); the reason is the operator's.
        Snoozed = "snoozed",
        /// A snooze ended: early by an operator, or by the wake job when its time came.
        Woken = "woken",
        /// The record given to a colleague, or taken back (`changes` hold `assigned_to` before
        /// and after; a handover says so): the reason is the message that came with it.
        Assigned = "assigned",
        /// An operator's change taken back within the undo window (`crate::undo`): the reason
        /// names the action and audit row undone.
        Undone = "undone",
        /// An operator claimed the record to work on it; renewals and releases are not audited.
        Claimed = "claimed",
        /// An operator took the record over from another's live claim; the reason says whose.
        ClaimTakenOver = "claim_taken_over",
        /// A console session over SSH began; the subject is `ssh`, `changes` hold the key's
        /// fingerprint and the source address.
        SshSessionStarted = "ssh_session_started",
        /// A console session over SSH ended (`changes` add how long it lasted and why it ended).
        SshSessionEnded = "ssh_session_ended",
        /// An SSH key given to an operator; the subject is the operator's name, `changes` the
        /// key's fingerprint.
        OperatorKeyAdded = "operator_key_added",
        /// An SSH key taken from an operator.
        OperatorKeyRemoved = "operator_key_removed",
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
    /// Increases with every row appended: the audit trail's paging cursor.
    pub id: i64,
    pub registration_id: Option<i64>,
    pub subject: Option<String>,
    pub at: Timestamp,
    pub operator: String,
    pub action: String,
    pub reason: Option<String>,
    pub changes: Option<serde_json::Value>,
}

/// A page of one record's audit trail as operators see it (reads ahead left out), newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailPage {
    pub entries: Vec<StoredAudit>,
    /// Entries in the whole trail, not only on this page.
    pub total: i64,
}

pub enum UpdateOutcome {
    Updated(Registration),
    /// The version moved on; here is the record as it is now.
    Stale(Registration),
    NotFound,
}

/// Where the previous page ended: the sort value and id of its last row (keyset paging, so rows
/// changing status between pages never shift the ones still to come). The field names are those
/// of the cursors already handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub sort: SortKey,
    pub descending: bool,
    pub key: CursorKey,
    pub id: i64,
}

impl Cursor {
    /// The cursor that continues `order` after `row`.
    pub fn after(row: &impl QueueRow, order: QueueOrder) -> Cursor {
        let key = match row.sort_value(order.key) {
            SortValue::Time(t) => CursorKey::Time(t),
            SortValue::Text(t) => CursorKey::Text(t.to_owned()),
        };
        Cursor {
            sort: order.key,
            descending: order.direction.is_descending(),
            key,
            id: row.id(),
        }
    }

    pub fn order(&self) -> QueueOrder {
        let direction = if self.descending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        QueueOrder::new(self.sort, direction)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CursorKey {
    Time(i64),
    Text(String),
}

/// A page of open exceptions, in `order` (see `uln_api::sort` for what the order is).
#[derive(Debug, Clone, Default)]
pub struct ExceptionQuery {
    pub queue: Option<AnomalyKind>,
    /// Open exceptions (the queues), closed ones, or both.
    pub records: uln_api::RecordFilter,
    pub text: Option<String>,
    /// Snoozed records are left out of the queues until their time, or listed on their own.
    pub snoozed: uln_api::SnoozeFilter,
    /// Only the records this operator holds ("mine"), when set.
    pub assigned_to: Option<String>,
    /// The time snoozes are judged at: a snooze whose time has passed is over.
    pub now: Option<jiff::Timestamp>,
    pub order: QueueOrder,
    pub limit: u32,
    pub after: Option<Cursor>,
}

impl QueueRow for Registration {
    fn id(&self) -> i64 {
        self.id
    }

    fn sort_value(&self, key: SortKey) -> SortValue<'_> {
        match key {
            SortKey::Deadline => SortValue::Time(self.deadline.as_second()),
            SortKey::Registered => SortValue::Time(self.registered_at.as_second()),
            SortKey::Centre => SortValue::Text(&self.centre),
            SortKey::FamilyName => SortValue::Text(self.demographics.family_name.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    /// None for the "all open" queue.
    pub kind: Option<AnomalyKind>,
    pub open: i64,
    pub overdue: i64,
    pub due_within_48h: i64,
    pub due_within_7d: i64,
    /// Of `open`, those snoozed now: still open exceptions with a deadline, only out of the
    /// queue's default view.
    pub snoozed: i64,
}

/// A registration as submitted and checked, before the register has verified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmittedRegistration {
    pub uln: String,
    pub demographics: Demographics,
    pub centre: String,
    pub qualification: Option<String>,
    pub registered_at: Timestamp,
    pub deadline: Timestamp,
}

impl SubmittedRegistration {
    /// The registration to store once the register has verified it.
    pub fn verified(
        self,
        status: RecordStatus,
        verify_code: VerifyCode,
        failure_flags: Vec<FailureFlag>,
        anomalies: Vec<AnomalyKind>,
    ) -> NewRegistration {
        NewRegistration {
            uln: self.uln,
            demographics: self.demographics,
            centre: self.centre,
            qualification: self.qualification,
            registered_at: self.registered_at,
            deadline: self.deadline,
            status,
            verify_code,
            failure_flags,
            anomalies,
        }
    }
}

/// A registration waiting for the register: it came while the LRS was closed or down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRegistration {
    pub id: i64,
    pub submitted_by: String,
    pub submitted_at: Timestamp,
    pub registration: SubmittedRegistration,
}

/// A pending registration now verified, to be stored in its place.
#[derive(Debug, Clone)]
pub struct VerifiedPending {
    pub pending_id: i64,
    pub submitted_by: String,
    pub registration: NewRegistration,
}
