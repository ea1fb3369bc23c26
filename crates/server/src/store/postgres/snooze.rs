//! Snoozes running out on PostgreSQL (see `Store::wake_due`); setting and ending one early is an ordinary
//! `update_registration`.

use super::rows::insert_audits;
use crate::store::snoozes::woken_by;
use crate::store::{AuditRecord, StoreResult};
use jiff::Timestamp;
use sqlx::PgPool;

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
