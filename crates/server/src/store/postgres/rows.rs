//! Registrations and audit rows as PostgreSQL stores them: decoding rows into our types, and the
//! statements shared by the store's methods.

use crate::store::columns::{RegistrationColumns, REGISTRATION_COLUMNS};
use crate::store::{corrupt, timestamp, AuditRecord, Registration, StoreResult, StoredAudit};
use jiff::Timestamp;
use sqlx::postgres::PgRow;
use sqlx::{FromRow, PgConnection, Postgres, QueryBuilder, Row};

/// The audit columns as `audit_from` reads them; `changes` is JSONB, read back as its text.
pub(super) const AUDIT_COLUMNS: &str =
    "id, registration_id, subject, at, operator, action, reason, changes::text AS changes";

/// A row selected with `REGISTRATION_COLUMNS` (by name).
pub(super) fn registration_from(row: &PgRow) -> StoreResult<Registration> {
    RegistrationColumns::from_row(row)?.into_registration()
}

pub(super) fn audit_from(row: &PgRow) -> StoreResult<StoredAudit> {
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

/// One registration, through the pool or inside a transaction.
pub(super) async fn registration_by_id<'c, E>(
    executor: E,
    id: i64,
) -> StoreResult<Option<Registration>>
where
    E: sqlx::Executor<'c, Database = Postgres>,
{
    let sql = format!("SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(executor).await?;
    row.as_ref().map(registration_from).transpose()
}

/// Audit rows per INSERT: 7 columns × 8,000 stays under PostgreSQL's 65,535 parameters.
const AUDIT_CHUNK: usize = 8_000;

/// Appends audit rows and returns their ids, in order. Nothing to write is not an error.
pub(super) async fn insert_audits<'a>(
    conn: &mut PgConnection,
    records: impl IntoIterator<Item = &'a AuditRecord>,
) -> StoreResult<Vec<i64>> {
    let records: Vec<&AuditRecord> = records.into_iter().collect();
    let now = Timestamp::now().as_second();
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(AUDIT_CHUNK) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "INSERT INTO audit (registration_id, subject, operator, at, action, reason, changes) ",
        );
        insert.push_values(chunk, |mut b, record| {
            b.push_bind(record.registration_id)
                .push_bind(record.subject.clone())
                .push_bind(record.operator.clone())
                .push_bind(now)
                .push_bind(record.action.name())
                .push_bind(record.reason.clone())
                .push_bind(record.changes.as_ref().map(|c| c.to_string()))
                .push_unseparated("::jsonb");
        });
        insert.push(" RETURNING id");
        let rows = insert.build().fetch_all(&mut *conn).await?;
        ids.extend(in_given_order(&rows)?);
    }
    Ok(ids)
}

/// The ids a multi-row `INSERT … VALUES … RETURNING id` assigned, in the order of its VALUES.
/// RETURNING's order is not promised, but one statement draws its identity values in VALUES
/// order, so ascending ids are that order (other writers' ids may fall between, never across).
pub(super) fn in_given_order(rows: &[PgRow]) -> StoreResult<Vec<i64>> {
    let mut ids = rows
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<Vec<i64>, _>>()?;
    ids.sort_unstable();
    Ok(ids)
}
