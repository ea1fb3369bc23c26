//! Assignments on SQLite: the record's `assigned_to`, set through the version-guarded update like
//! every change, and its latest `assigned` audit row, which holds the message.

use super::rows::audit_from;
use super::Database;
use crate::store::{StoreResult, StoredAudit};

/// The record's latest `assigned` row: who assigned it, when, and the message (its reason).
pub(super) async fn latest(
    db: &Database,
    registration_id: i64,
) -> StoreResult<Option<StoredAudit>> {
    let row = sqlx::query(
        "SELECT id, registration_id, subject, at, operator, action, reason, changes FROM audit \
         WHERE registration_id = ? AND action = 'assigned' ORDER BY id DESC LIMIT 1",
    )
    .bind(registration_id)
    .fetch_optional(db.reads())
    .await?;
    row.as_ref().map(audit_from).transpose()
}
