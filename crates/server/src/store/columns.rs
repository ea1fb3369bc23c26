//! A registration as every database stores it, before it is checked and typed: the column list,
//! and the decoding into `Registration` that the SQLite and PostgreSQL stores share.

use super::{corrupt, timestamp, RecordStatus, Registration, StoreResult};
use uln_api::{QueueRow, SortKey, SortValue};
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::{
    AnomalyKind, Demographics, FailureFlag, Gender, PersonName, Postcode, RejectReason, VerifyCode,
};

pub(crate) const REGISTRATION_COLUMNS: &str = "id, uln, given_name, family_name, date_of_birth, gender, postcode, \
     centre, registered_at, deadline, status, version, verify_code, failure_flags, anomalies, reject_reason, qualification, \
     assigned_to, snoozed_until";

/// `REGISTRATION_COLUMNS`, each behind a table alias's `prefix` (`r.`), for joins.
pub(crate) fn registration_columns_of(prefix: &str) -> String {
    REGISTRATION_COLUMNS
        .split(',')
        .map(|c| format!("{prefix}{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A registration's columns as stored, before they are checked and typed: the same on every
/// database (times in unix seconds, dates as text), read from a row or, on SQLite, from the JSON
/// that a page query builds.
#[derive(Debug, serde::Deserialize, sqlx::FromRow)]
pub(crate) struct RegistrationColumns {
    pub(crate) id: i64,
    pub(crate) uln: Option<String>,
    pub(crate) given_name: String,
    pub(crate) family_name: String,
    pub(crate) date_of_birth: String,
    pub(crate) gender: String,
    pub(crate) postcode: String,
    pub(crate) centre: String,
    pub(crate) registered_at: i64,
    pub(crate) deadline: i64,
    pub(crate) status: String,
    pub(crate) version: i64,
    pub(crate) verify_code: String,
    pub(crate) failure_flags: String,
    pub(crate) anomalies: i64,
    pub(crate) reject_reason: Option<String>,
    pub(crate) qualification: Option<String>,
    #[serde(default)]
    pub(crate) assigned_to: Option<String>,
    pub(crate) snoozed_until: Option<i64>,
}

impl RegistrationColumns {
    pub(crate) fn into_registration(self) -> StoreResult<Registration> {
        let failure_flags = self
            .failure_flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(|f| FailureFlag::from_code(f).ok_or_else(|| corrupt(format!("flag {f}"))))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Registration {
            id: self.id,
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
            status: RecordStatus::from_name(&self.status).ok_or_else(|| corrupt(&self.status))?,
            version: self.version,
            verify_code: VerifyCode::from_code(&self.verify_code)
                .ok_or_else(|| corrupt(&self.verify_code))?,
            failure_flags,
            anomalies: AnomalyKind::from_bits(self.anomalies),
            reject_reason: self
                .reject_reason
                .map(|r| RejectReason::from_name(&r).ok_or_else(|| corrupt(&r)))
                .transpose()?,
            assigned_to: self.assigned_to,
            snoozed_until: self.snoozed_until.map(timestamp).transpose()?,
        })
    }
}

/// A learner's details as every table stores them (text columns), checked and typed.
pub(crate) fn demographics_from_stored(
    given_name: &str,
    family_name: &str,
    date_of_birth: &str,
    gender: &str,
    postcode: &str,
) -> StoreResult<Demographics> {
    Ok(Demographics {
        given_name: PersonName::from_stored(given_name).map_err(corrupt)?,
        family_name: PersonName::from_stored(family_name).map_err(corrupt)?,
        date_of_birth: parse_date_of_birth(date_of_birth).map_err(corrupt)?,
        gender: Gender::parse(gender).map_err(corrupt)?,
        postcode: Postcode::parse(postcode).map_err(corrupt)?,
    })
}

pub(crate) fn flags_to_text(flags: &[FailureFlag]) -> String {
    flags.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

/// SQLite's page query puts its rows in order in Rust (`sqlite::pages`), by the one shared
/// definition.
impl QueueRow for RegistrationColumns {
    fn id(&self) -> i64 {
        self.id
    }

    fn sort_value(&self, key: SortKey) -> SortValue<'_> {
        match key {
            SortKey::Deadline => SortValue::Time(self.deadline),
            SortKey::Registered => SortValue::Time(self.registered_at),
            SortKey::Centre => SortValue::Text(&self.centre),
            SortKey::FamilyName => SortValue::Text(&self.family_name),
        }
    }
}
