//! The audit trail as the store keeps it: what an audit row records, rows to append, rows as
//! stored, and pages of one record's trail.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uln_domain::named_enum;

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
