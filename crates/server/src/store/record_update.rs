//! A record's mutable state as one value: what every change writes, and what an undo writes back.

use super::{RecordStatus, Registration};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uln_domain::{AnomalyKind, Demographics, FailureFlag, RejectReason, VerifyCode};

/// The new state of a registration after an operator's action or a re-verification: all of its
/// mutable state, so that the state before a change, kept in its audit row, can be written back
/// by an undo. Fields added later default, so that rows kept before they existed still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordUpdate {
    #[serde(default)]
    pub uln: Option<String>,
    pub demographics: Demographics,
    pub status: RecordStatus,
    pub verify_code: VerifyCode,
    #[serde(default)]
    pub failure_flags: Vec<FailureFlag>,
    #[serde(default)]
    pub anomalies: Vec<AnomalyKind>,
    #[serde(default)]
    pub reject_reason: Option<RejectReason>,
    #[serde(default)]
    pub snoozed_until: Option<Timestamp>,
    /// Who holds the record: an assignment or a handover changes only this.
    #[serde(default)]
    pub assigned_to: Option<String>,
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
            snoozed_until: current.snoozed_until,
            assigned_to: current.assigned_to.clone(),
        }
    }

    /// The snooze as stored, in unix seconds: a closed record is not snoozed, so closing one
    /// (resolving, rejecting) ends its snooze whatever the update carried.
    pub fn stored_snooze(&self) -> Option<i64> {
        self.snoozed_until
            .filter(|_| self.status == RecordStatus::Open)
            .map(|t| t.as_second())
    }
}
