//! What the store keeps: operators, registrations and their changes (the audit trail is in
//! `audit`, the questions the queues ask in `queue_query`). Plain data, the same whichever
//! database holds it.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
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

pub enum UpdateOutcome {
    Updated(Registration),
    /// The version moved on; here is the record as it is now.
    Stale(Registration),
    NotFound,
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
