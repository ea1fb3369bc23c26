//! Operators' SSH keys over PostgreSQL, as over SQLite.

use crate::store::operator_keys::KEY_COLUMNS;
use crate::store::timestamp;
use crate::store::{NewOperatorKey, Operator, OperatorKey, Role, StoreError, StoreResult};
use jiff::Timestamp;
use sqlx::postgres::PgRow;
use sqlx::PgPool;
use sqlx::Row;

fn key_from(row: &PgRow) -> StoreResult<OperatorKey> {
    Ok(OperatorKey {
        operator: row.try_get("operator")?,
        fingerprint: row.try_get("fingerprint")?,
        public_key: row.try_get("public_key")?,
        comment: row.try_get("comment")?,
        added_at: timestamp(row.try_get("added_at")?)?,
    })
}

pub(super) async fn add(pool: &PgPool, operator_id: i64, key: &NewOperatorKey) -> StoreResult<()> {
    let result = sqlx::query(
        "INSERT INTO operator_keys (operator_id, fingerprint, public_key, comment, added_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(operator_id)
    .bind(&key.fingerprint)
    .bind(&key.public_key)
    .bind(&key.comment)
    .bind(Timestamp::now().as_second())
    .execute(pool)
    .await;
    match result {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(StoreError::Duplicate(format!("key {}", key.fingerprint)))
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

pub(super) async fn remove(
    pool: &PgPool,
    operator_id: i64,
    fingerprint: &str,
) -> StoreResult<bool> {
    let removed =
        sqlx::query("DELETE FROM operator_keys WHERE operator_id = $1 AND fingerprint = $2")
            .bind(operator_id)
            .bind(fingerprint)
            .execute(pool)
            .await?
            .rows_affected();
    Ok(removed > 0)
}

pub(super) async fn all(pool: &PgPool) -> StoreResult<Vec<OperatorKey>> {
    let sql = format!("SELECT {KEY_COLUMNS} ORDER BY o.name COLLATE \"C\", k.added_at, k.id");
    let rows = sqlx::query(&sql).fetch_all(pool).await?;
    rows.iter().map(key_from).collect()
}

/// The operator holding the key, unless they have been revoked.
pub(super) async fn operator_by_key(
    pool: &PgPool,
    fingerprint: &str,
) -> StoreResult<Option<Operator>> {
    let row = sqlx::query(
        "SELECT o.id, o.name, o.role FROM operator_keys k JOIN operators o ON o.id = k.operator_id \
         WHERE k.fingerprint = $1 AND o.revoked_at IS NULL",
    )
    .bind(fingerprint)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        let role: String = row.try_get("role")?;
        Ok(Operator {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            role: Role::from_name(&role).ok_or_else(|| crate::store::corrupt(&role))?,
        })
    })
    .transpose()
}
