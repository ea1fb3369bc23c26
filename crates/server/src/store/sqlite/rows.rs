//! Registrations and audit rows as SQLite stores them: the column lists, decoding rows into our
//! types, and the statements shared by the store and the writer.

use super::{corrupt, timestamp};
use crate::store::{AuditRecord, RecordStatus, Registration, StoreResult, StoredAudit};
use jiff::Timestamp;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use uln_api::{QueueRow, SortKey, SortValue};
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::{
    AnomalyKind, Demographics, FailureFlag, Gender, PersonName, Postcode, RejectReason, VerifyCode,
};

pub(super) const REGISTRATION_COLUMNS: &str = "id, uln, given_name, family_name, date_of_birth, gender, postcode, \
     centre, registered_at, deadline, status, version, verify_code, failure_flags, anomalies, reject_reason, qualification";

/// A registration's columns as stored, before they are checked and typed: read from a row, or
/// from the JSON that a page query builds inside SQLite.
#[derive(Debug, serde::Deserialize)]
pub(super) struct RegistrationColumns {
    id: i64,
    uln: Option<String>,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    gender: String,
    postcode: String,
    centre: String,
    registered_at: i64,
    deadline: i64,
    status: String,
    version: i64,
    verify_code: String,
    failure_flags: String,
    anomalies: i64,
    reject_reason: Option<String>,
    qualification: Option<String>,
}

impl RegistrationColumns {
    fn from_row(row: &SqliteRow) -> StoreResult<Self> {
        Ok(RegistrationColumns {
            id: row.try_get(0)?,
            uln: row.try_get(1)?,
            given_name: row.try_get(2)?,
            family_name: row.try_get(3)?,
            date_of_birth: row.try_get(4)?,
            gender: row.try_get(5)?,
            postcode: row.try_get(6)?,
            centre: row.try_get(7)?,
            registered_at: row.try_get(8)?,
            deadline: row.try_get(9)?,
            status: row.try_get(10)?,
            version: row.try_get(11)?,
            verify_code: row.try_get(12)?,
            failure_flags: row.try_get(13)?,
            anomalies: row.try_get(14)?,
            reject_reason: row.try_get(15)?,
            qualification: row.try_get(16)?,
        })
    }

    pub(super) fn into_registration(self) -> StoreResult<Registration> {
        let failure_flags = self
            .failure_flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(|f| FailureFlag::from_code(f).ok_or_else(|| corrupt(format!("flag {f}"))))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Registration {
            id: self.id,
            uln: self.uln,
            demographics: Demographics {
                given_name: PersonName::from_stored(&self.given_name).map_err(corrupt)?,
                family_name: PersonName::from_stored(&self.family_name).map_err(corrupt)?,
                date_of_birth: parse_date_of_birth(&self.date_of_birth).map_err(corrupt)?,
                gender: Gender::parse(&self.gender).map_err(corrupt)?,
                postcode: Postcode::parse(&self.postcode).map_err(corrupt)?,
            },
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
        })
    }
}

pub(super) fn flags_to_text(flags: &[FailureFlag]) -> String {
    flags.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

/// A row selected with `REGISTRATION_COLUMNS`, in that order.
pub(super) fn registration_from(row: &SqliteRow) -> StoreResult<Registration> {
    RegistrationColumns::from_row(row)?.into_registration()
}

/// `REGISTRATION_COLUMNS` as the arguments of `json_object`.
pub(super) fn registration_json_object() -> String {
    let pairs: Vec<String> = REGISTRATION_COLUMNS
        .split(',')
        .map(str::trim)
        .map(|c| format!("'{c}', {c}"))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

pub(super) fn audit_from(row: &SqliteRow) -> StoreResult<StoredAudit> {
    let changes: Option<String> = row.try_get("changes")?;
    Ok(StoredAudit {
        id: row.try_get("id")?,
        registration_id: row.try_get("registration_id")?,
        subject: row.try_get("subject")?,
        at: timestamp(row.try_get("at")?)?,
        operator: row.try_get("operator")?,
        action: row.try_get("action")?,
        reason: row.try_get("reason")?,
        changes: changes
            .map(|c| serde_json::from_str(&c).map_err(corrupt))
            .transpose()?,
    })
}

/// One registration, through a pool or inside a transaction.
pub(super) async fn registration_by_id<'c, E>(
    executor: E,
    id: i64,
) -> StoreResult<Option<Registration>>
where
    E: sqlx::Executor<'c, Database = Sqlite>,
{
    let sql = format!("SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE id = ?");
    let row = sqlx::query(&sql).bind(id).fetch_optional(executor).await?;
    row.as_ref().map(registration_from).transpose()
}

/// Audit rows, as few statements as SQLite's parameter limit allows (7 per row). Nothing to
/// write is not an error.
pub(super) async fn insert_audits<'a>(
    conn: &mut SqliteConnection,
    records: impl IntoIterator<Item = &'a AuditRecord>,
) -> StoreResult<()> {
    let records: Vec<&AuditRecord> = records.into_iter().collect();
    let now = Timestamp::now().as_second();
    for chunk in records.chunks(AUDIT_CHUNK) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO audit (registration_id, subject, operator, at, action, reason, changes) ",
        );
        insert.push_values(chunk, |mut b, record| {
            b.push_bind(record.registration_id)
                .push_bind(record.subject.clone())
                .push_bind(record.operator.clone())
                .push_bind(now)
                .push_bind(record.action.name())
                .push_bind(record.reason.clone())
                .push_bind(record.changes.as_ref().map(|c| c.to_string()));
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Audit rows per INSERT: 7 columns × 4,000 stays under SQLite's 32,766 parameters.
const AUDIT_CHUNK: usize = 4_000;

/// The page query's rows are put in order in Rust (see `pages`), by the one shared definition.
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
