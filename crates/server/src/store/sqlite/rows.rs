//! Registrations and audit rows as SQLite stores them: the column lists, decoding rows into our
//! types, and the statements shared by the store and the writer.

use super::{corrupt, timestamp};
pub(super) use crate::store::columns::{flags_to_text, RegistrationColumns, REGISTRATION_COLUMNS};
use crate::store::{AuditRecord, Registration, StoreResult, StoredAudit};
use jiff::Timestamp;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

/// A row selected with `REGISTRATION_COLUMNS`, in that order.
pub(super) fn registration_from(row: &SqliteRow) -> StoreResult<Registration> {
    columns_from(row)?.into_registration()
}

fn columns_from(row: &SqliteRow) -> StoreResult<RegistrationColumns> {
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
        assigned_to: row.try_get(17)?,
        snoozed_until: row.try_get(18)?,
    })
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
