//! Snoozes on PostgreSQL (see `Store::snooze`).

use super::rows::{insert_audits, registration_by_id};
use crate::store::snoozes::woken_by;
use crate::store::{AuditRecord, StoreResult, UpdateOutcome};
use jiff::Timestamp;
use sqlx::PgPool;

pub(super) async fn snooze(
    pool: &PgPool,
    id: i64,
    expected_version: i64,
    until: Option<Timestamp>,
    audit: &AuditRecord,
) -> StoreResult<UpdateOutcome> {
    let mut tx = pool.begin().await?;
    // Only an open record at the version read is snoozed; anything else is answered with the
    // record as it is, for the caller to say why.
    let changed = sqlx::query(
        "UPDATE registrations SET snoozed_until = $1, version = version + 1 \
         WHERE id = $2 AND version = $3 AND status = 'open'",
    )
    .bind(until.map(|t| t.as_second()))
    .bind(id)
    .bind(expected_version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 1 {
        insert_audits(&mut tx, [audit]).await?;
    }
    let now = registration_by_id(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(match now {
        None => UpdateOutcome::NotFound,
        Some(r) if changed == 1 => UpdateOutcome::Updated(r),
        Some(r) => UpdateOutcome::Stale(r),
    })
}

pub(super) async fn snoozed_until(
    pool: &PgPool,
    id: i64,
    now: Timestamp,
) -> StoreResult<Option<Timestamp>> {
    let until: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT snoozed_until FROM registrations WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    until
        .flatten()
        .filter(|t| *t > now.as_second())
        .map(crate::store::timestamp)
        .transpose()
}

pub(super) async fn wake_due(
    pool: &PgPool,
    now: Timestamp,
    operator: &str,
) -> StoreResult<Vec<(i64, i64)>> {
    let mut tx = pool.begin().await?;
    // Each row is woken once across the fleet: a second server's UPDATE waits on the row lock
    // and then finds it no longer snoozed.
    let woken: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE registrations SET snoozed_until = NULL, version = version + 1 \
         WHERE status = 'open' AND snoozed_until <= $1 RETURNING id, version",
    )
    .bind(now.as_second())
    .fetch_all(&mut *tx)
    .await?;
    let audits: Vec<AuditRecord> = woken
        .iter()
        .map(|(id, _)| woken_by(*id, operator))
        .collect();
    insert_audits(&mut tx, &audits).await?;
    tx.commit().await?;
    Ok(woken)
}
