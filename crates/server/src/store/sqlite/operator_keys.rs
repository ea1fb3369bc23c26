//! Operators' SSH keys over SQLite.

use super::{timestamp, Database};
use crate::store::operator_keys::KEY_COLUMNS;
use crate::store::{NewOperatorKey, Operator, OperatorKey, Role, StoreError, StoreResult};
use jiff::Timestamp;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

fn key_from(row: &SqliteRow) -> StoreResult<OperatorKey> {
    Ok(OperatorKey {
        operator: row.try_get("operator")?,
        fingerprint: row.try_get("fingerprint")?,
        public_key: row.try_get("public_key")?,
        comment: row.try_get("comment")?,
        added_at: timestamp(row.try_get("added_at")?)?,
    })
}

pub(super) async fn add(db: &Database, operator_id: i64, key: &NewOperatorKey) -> StoreResult<()> {
    let mut tx = db.writer().begin().await?;
    let result = sqlx::query(
        "INSERT INTO operator_keys (operator_id, fingerprint, public_key, comment, added_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(operator_id)
    .bind(&key.fingerprint)
    .bind(&key.public_key)
    .bind(&key.comment)
    .bind(Timestamp::now().as_second())
    .execute(&mut *tx)
    .await;
    match result {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(StoreError::Duplicate(format!("key {}", key.fingerprint)))
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}

pub(super) async fn remove(
    db: &Database,
    operator_id: i64,
    fingerprint: &str,
) -> StoreResult<bool> {
    let mut tx = db.writer().begin().await?;
    let removed =
        sqlx::query("DELETE FROM operator_keys WHERE operator_id = ? AND fingerprint = ?")
            .bind(operator_id)
            .bind(fingerprint)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    tx.commit().await?;
    Ok(removed > 0)
}

pub(super) async fn all(db: &Database) -> StoreResult<Vec<OperatorKey>> {
    let sql = format!("SELECT {KEY_COLUMNS} ORDER BY o.name, k.added_at, k.id");
    let rows = sqlx::query(&sql).fetch_all(db.reads()).await?;
    rows.iter().map(key_from).collect()
}

/// The operator holding the key, unless they have been revoked.
pub(super) async fn operator_by_key(
    db: &Database,
    fingerprint: &str,
) -> StoreResult<Option<Operator>> {
    let row = sqlx::query(
        "SELECT o.id, o.name, o.role FROM operator_keys k JOIN operators o ON o.id = k.operator_id \
         WHERE k.fingerprint = ? AND o.revoked_at IS NULL",
    )
    .bind(fingerprint)
    .fetch_optional(db.reads())
    .await?;
    row.map(|row| {
        let role: String = row.try_get("role")?;
        Ok(Operator {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            role: Role::from_name(&role).ok_or_else(|| super::corrupt(&role))?,
        })
    })
    .transpose()
}
