//! Snoozes running out on SQLite (see `Store::wake_due`); setting and ending one early is an ordinary
//! `update_registration`.

use super::rows::insert_audits;
use super::Database;
use crate::store::snoozes::woken_by;
use crate::store::{AuditRecord, StoreResult};
use jiff::Timestamp;

pub(super) async fn wake_due(
    db: &Database,
    now: Timestamp,
    operator: &str,
) -> StoreResult<Vec<(i64, i64)>> {
    let mut tx = db.writer().begin().await?;
    let woken: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE registrations SET snoozed_until = NULL, version = version + 1 \
         WHERE status = 'open' AND snoozed_until <= ? RETURNING id, version",
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
