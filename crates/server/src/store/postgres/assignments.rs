//! Assignments on PostgreSQL: as on SQLite (`store::sqlite::assignments`).

use super::rows::{audit_from, AUDIT_COLUMNS};
use crate::store::{StoreResult, StoredAudit};
use sqlx::PgPool;

/// The record's latest `assigned` row: who assigned it, when, and the message (its reason).
pub(super) async fn latest(
    pool: &PgPool,
    registration_id: i64,
) -> StoreResult<Option<StoredAudit>> {
    let sql = format!(
        "SELECT {AUDIT_COLUMNS} FROM audit WHERE registration_id = $1 AND action = 'assigned' \
         ORDER BY id DESC LIMIT 1"
    );
    let row = sqlx::query(&sql)
        .bind(registration_id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(audit_from).transpose()
}
