//! Pending verifications as every database stores them: the columns, their decoding, and the
//! audit rows that mark a registration held and, later, stored. Both stores share these.

use super::columns::demographics_from_stored;
use super::{timestamp, AuditAction, AuditRecord, PendingRegistration, StoreResult};
use super::{SubmittedRegistration, VerifiedPending};

pub(crate) const PENDING_COLUMNS: &str =
    "id, uln, given_name, family_name, date_of_birth, gender, \
     postcode, centre, qualification, registered_at, deadline, submitted_by, submitted_at";

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PendingColumns {
    id: i64,
    uln: String,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    gender: String,
    postcode: String,
    centre: String,
    qualification: Option<String>,
    registered_at: i64,
    deadline: i64,
    submitted_by: String,
    submitted_at: i64,
}

impl PendingColumns {
    pub(crate) fn into_pending(self) -> StoreResult<PendingRegistration> {
        Ok(PendingRegistration {
            id: self.id,
            submitted_by: self.submitted_by,
            submitted_at: timestamp(self.submitted_at)?,
            registration: SubmittedRegistration {
                uln: self.uln,
                demographics: demographics_from_stored(
                    &self.given_name,
                    &self.family_name,
                    &self.date_of_birth,
                    &self.gender,
                    &self.postcode,
                )?,
                centre: self.centre,
                qualification: self.qualification,
                registered_at: timestamp(self.registered_at)?,
                deadline: timestamp(self.deadline)?,
            },
        })
    }
}

/// The audit subject of a pending registration, before it has a registration id.
pub(crate) fn subject(pending_id: i64) -> String {
    format!("pending:{pending_id}")
}

/// The audit row of a registration held for the register.
pub(crate) fn held(pending_id: i64, submitted_by: &str) -> AuditRecord {
    AuditRecord::on_subject(subject(pending_id), submitted_by, AuditAction::Created)
        .because("registration submitted: verification pending, the register could not be asked")
}

/// The audit row of a pending registration stored once verified: created by its submitter,
/// naming the pending row it came from.
pub(crate) fn stored(id: i64, verified: &VerifiedPending) -> AuditRecord {
    AuditRecord::on_registration(id, &verified.submitted_by, AuditAction::Created).because(format!(
        "registration submitted, verified when the register answered ({}): {}",
        subject(verified.pending_id),
        verified.registration.status.name()
    ))
}
