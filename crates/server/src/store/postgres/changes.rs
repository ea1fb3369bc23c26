//! A record's latest undoable change on PostgreSQL (see `Store::latest_change`).

use super::rows::{audit_from, AUDIT_COLUMNS};
use crate::store::{StoreResult, StoredAudit};
use sqlx::PgPool;

pub(super) async fn latest_change(
    pool: &PgPool,
    registration_id: i64,
) -> StoreResult<Option<StoredAudit>> {
    let sql = format!(
        "SELECT {AUDIT_COLUMNS} FROM audit \
         WHERE registration_id = $1 AND changes ? 'undo_to' ORDER BY id DESC LIMIT 1",
    );
    let row = sqlx::query(&sql)
        .bind(registration_id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(audit_from).transpose()
}
