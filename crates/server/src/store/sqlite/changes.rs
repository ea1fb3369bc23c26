//! A record's latest undoable change on SQLite (see `Store::latest_change`).

use super::rows::audit_from;
use super::Database;
use crate::store::{StoreResult, StoredAudit};

pub(super) async fn latest_change(
    db: &Database,
    registration_id: i64,
) -> StoreResult<Option<StoredAudit>> {
    let sql = String::from(
        "SELECT id, registration_id, subject, at, operator, action, reason, changes FROM audit \
         WHERE registration_id = ? AND json_extract(changes, '$.undo_to') IS NOT NULL ORDER BY id DESC LIMIT 1",
    );
    let row = sqlx::query(&sql)
        .bind(registration_id)
        .fetch_optional(db.reads())
        .await?;
    row.as_ref().map(audit_from).transpose()
}
