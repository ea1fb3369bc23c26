//! Operators over SQLite: who they are, revocation, roles, and the generation that tells every
//! server its token cache may be out of date.

use super::{corrupt, timestamp, Database};
use crate::store::{Operator, OperatorAccount, Role, StoreResult};
use jiff::Timestamp;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

const ACCOUNT_COLUMNS: &str = "id, name, role, created_at, revoked_at";

fn account_from(row: &SqliteRow) -> StoreResult<OperatorAccount> {
    let role: String = row.try_get("role")?;
    let revoked_at: Option<i64> = row.try_get("revoked_at")?;
    Ok(OperatorAccount {
        operator: Operator {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            role: Role::from_name(&role).ok_or_else(|| corrupt(&role))?,
        },
        created_at: timestamp(row.try_get("created_at")?)?,
        revoked_at: revoked_at.map(timestamp).transpose()?,
    })
}

/// The operator whose token hashes to `token_hash`, unless they have been revoked.
pub(super) async fn by_token_hash(
    db: &Database,
    token_hash: &str,
) -> StoreResult<Option<Operator>> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM operators WHERE token_hash = ? AND revoked_at IS NULL"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash)
        .fetch_optional(db.reads())
        .await?;
    Ok(row
        .as_ref()
        .map(account_from)
        .transpose()?
        .map(|a| a.operator))
}

pub(super) async fn all(db: &Database) -> StoreResult<Vec<OperatorAccount>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM operators ORDER BY name");
    let rows = sqlx::query(&sql).fetch_all(db.reads()).await?;
    rows.iter().map(account_from).collect()
}

/// Revokes `name` now, or keeps the time of an earlier revocation.
pub(super) async fn revoke(db: &Database, name: &str) -> StoreResult<Option<OperatorAccount>> {
    let sql = format!(
        "UPDATE operators SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ? \
         RETURNING {ACCOUNT_COLUMNS}"
    );
    let query = sqlx::query(&sql)
        .bind(Timestamp::now().as_second())
        .bind(name);
    write_one(db, query).await
}

pub(super) async fn set_role(
    db: &Database,
    name: &str,
    role: Role,
) -> StoreResult<Option<OperatorAccount>> {
    let sql = format!("UPDATE operators SET role = ? WHERE name = ? RETURNING {ACCOUNT_COLUMNS}");
    write_one(db, sqlx::query(&sql).bind(role.name()).bind(name)).await
}

async fn write_one<'q>(
    db: &Database,
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
) -> StoreResult<Option<OperatorAccount>> {
    let mut tx = db.writer().begin().await?;
    let row = query.fetch_optional(&mut *tx).await?;
    tx.commit().await?;
    row.as_ref().map(account_from).transpose()
}

pub(super) async fn generation(db: &Database) -> StoreResult<i64> {
    let generation = sqlx::query_scalar("SELECT generation FROM operators_generation")
        .fetch_one(db.reads())
        .await?;
    Ok(generation)
}
