//! Notes on a record on SQLite: its `noted` audit rows (see `AuditAction::Noted`).

use super::rows::audit_from;
use super::Database;
use crate::store::{StoreResult, TrailPage};

/// The latest `limit` notes on a record, newest first, and how many it holds.
pub(super) async fn latest(
    db: &Database,
    registration_id: i64,
    limit: u32,
) -> StoreResult<TrailPage> {
    let entries = sqlx::query(
        "SELECT id, registration_id, subject, at, operator, action, reason, changes FROM audit \
         WHERE registration_id = ? AND action = 'noted' ORDER BY id DESC LIMIT ?",
    )
    .bind(registration_id)
    .bind(i64::from(limit))
    .fetch_all(db.reads())
    .await?;
    let total = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit WHERE registration_id = ? AND action = 'noted'",
    )
    .bind(registration_id)
    .fetch_one(db.reads())
    .await?;
    Ok(TrailPage {
        entries: entries.iter().map(audit_from).collect::<StoreResult<_>>()?,
        total,
    })
}
