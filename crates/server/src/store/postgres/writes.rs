//! The writes every change of registrations shares on PostgreSQL: one version-guarded update with
//! its audit row, and new registrations inserted many rows at a time.

use super::rows::{in_given_order, insert_audits, registration_by_id, registration_from};
use crate::store::columns::{flags_to_text, REGISTRATION_COLUMNS};
use crate::store::*;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uln_domain::AnomalyKind;

/// Rows per multi-row INSERT: 14 columns × 4,000 stays under PostgreSQL's 65,535 parameters.
const INSERT_CHUNK: usize = 4_000;

/// One version-guarded change and its audit row, inside the caller's transaction. Under READ
/// COMMITTED a second writer at the same version blocks on the row until the first commits, then
/// re-checks `version = $expected`, finds it moved on and updates nothing: exactly one winner.
pub(super) async fn apply(
    conn: &mut PgConnection,
    id: i64,
    expected_version: i64,
    update: &RecordUpdate,
    audit: &AuditRecord,
) -> StoreResult<UpdateOutcome> {
    let d = &update.demographics;
    let sql = format!(
        "UPDATE registrations SET uln = $1, given_name = $2, family_name = $3, date_of_birth = $4, \
         gender = $5, postcode = $6, status = $7, verify_code = $8, failure_flags = $9, \
         anomalies = $10, reject_reason = $11, assigned_to = $12, snoozed_until = $13, \
         version = version + 1 \
         WHERE id = $14 AND version = $15 RETURNING {REGISTRATION_COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(&update.uln)
        .bind(d.given_name.as_str())
        .bind(d.family_name.as_str())
        .bind(d.date_of_birth.to_string())
        .bind(d.gender.code())
        .bind(d.postcode.as_str())
        .bind(update.status.name())
        .bind(update.verify_code.code())
        .bind(flags_to_text(&update.failure_flags))
        .bind(AnomalyKind::to_bits(&update.anomalies))
        .bind(update.reject_reason.map(|r| r.name()))
        .bind(&update.assigned_to)
        .bind(update.stored_snooze())
        .bind(id)
        .bind(expected_version)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        // A fresh snapshot (READ COMMITTED): the loser is shown the winner's committed record.
        return Ok(match registration_by_id(&mut *conn, id).await? {
            Some(current) => UpdateOutcome::Stale(current),
            None => UpdateOutcome::NotFound,
        });
    };
    let updated = registration_from(&row)?;
    insert_audits(conn, [audit]).await?;
    Ok(UpdateOutcome::Updated(updated))
}

/// Inserts `rows` in multi-row statements inside the caller's transaction; their ids in order.
pub(super) async fn insert_rows(
    conn: &mut PgConnection,
    rows: &[NewRegistration],
) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "INSERT INTO registrations (uln, given_name, family_name, date_of_birth, gender, postcode, \
             centre, registered_at, deadline, status, verify_code, failure_flags, anomalies, qualification) ",
        );
        insert.push_values(chunk, |mut b, r| {
            let d = &r.demographics;
            b.push_bind(&r.uln)
                .push_bind(d.given_name.as_str())
                .push_bind(d.family_name.as_str())
                .push_bind(d.date_of_birth.to_string())
                .push_bind(d.gender.code())
                .push_bind(d.postcode.as_str())
                .push_bind(&r.centre)
                .push_bind(r.registered_at.as_second())
                .push_bind(r.deadline.as_second())
                .push_bind(r.status.name())
                .push_bind(r.verify_code.code())
                .push_bind(flags_to_text(&r.failure_flags))
                .push_bind(AnomalyKind::to_bits(&r.anomalies))
                .push_bind(r.qualification.as_deref());
        });
        insert.push(" RETURNING id");
        let inserted = insert.build().fetch_all(&mut *conn).await?;
        ids.extend(in_given_order(&inserted)?);
    }
    Ok(ids)
}
