//! Notes on a record on PostgreSQL: its `noted` audit rows (see `AuditAction::Noted`).

use super::rows::{audit_from, AUDIT_COLUMNS};
use crate::store::{StoreResult, TrailPage};
use sqlx::PgPool;

/// The latest `limit` notes on a record, newest first, and how many it holds.
pub(super) async fn latest(
    pool: &PgPool,
    registration_id: i64,
    limit: u32,
) -> StoreResult<TrailPage> {
    let sql = format!(
        "SELECT {AUDIT_COLUMNS} FROM audit WHERE registration_id = $1 AND action = 'noted' \
         ORDER BY id DESC LIMIT $2"
    );
    let entries = sqlx::query(&sql)
        .bind(registration_id)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    let total = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit WHERE registration_id = $1 AND action = 'noted'",
    )
    .bind(registration_id)
    .fetch_one(pool)
    .await?;
    Ok(TrailPage {
        entries: entries.iter().map(audit_from).collect::<StoreResult<_>>()?,
        total,
    })
}
