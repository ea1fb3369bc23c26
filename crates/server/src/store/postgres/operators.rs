//! Operators over PostgreSQL: who they are, revocation, roles, and the generation (kept by
//! triggers, migration 0003) that tells every server its token cache may be out of date.

use crate::store::{corrupt, timestamp, Operator, OperatorAccount, Role, StoreError, StoreResult};
use jiff::Timestamp;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

const ACCOUNT_COLUMNS: &str = "id, name, role, created_at, revoked_at";

fn account_from(row: &PgRow) -> StoreResult<OperatorAccount> {
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

pub(super) async fn add(
    pool: &PgPool,
    name: &str,
    role: Role,
    token_hash: &str,
) -> StoreResult<Operator> {
    let result = sqlx::query(
        "INSERT INTO operators (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(name)
    .bind(role.name())
    .bind(token_hash)
    .bind(Timestamp::now().as_second())
    .fetch_one(pool)
    .await;
    match result {
        Ok(row) => Ok(Operator {
            id: row.try_get("id")?,
            name: name.to_owned(),
            role,
        }),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(StoreError::Duplicate(format!("operator {name}")))
        }
        Err(e) => Err(e.into()),
    }
}

/// The operator whose token hashes to `token_hash`, unless they have been revoked.
pub(super) async fn by_token_hash(
    pool: &PgPool,
    token_hash: &str,
) -> StoreResult<Option<Operator>> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM operators WHERE token_hash = $1 AND revoked_at IS NULL"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash)
        .fetch_optional(pool)
        .await?;
    Ok(row
        .as_ref()
        .map(account_from)
        .transpose()?
        .map(|a| a.operator))
}

/// By name in byte order, as on SQLite.
pub(super) async fn all(pool: &PgPool) -> StoreResult<Vec<OperatorAccount>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM operators ORDER BY name COLLATE \"C\"");
    let rows = sqlx::query(&sql).fetch_all(pool).await?;
    rows.iter().map(account_from).collect()
}

/// Revokes `name` now, or keeps the time of an earlier revocation.
pub(super) async fn revoke(pool: &PgPool, name: &str) -> StoreResult<Option<OperatorAccount>> {
    let sql = format!(
        "UPDATE operators SET revoked_at = COALESCE(revoked_at, $1) WHERE name = $2 \
         RETURNING {ACCOUNT_COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(Timestamp::now().as_second())
        .bind(name)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(account_from).transpose()
}

pub(super) async fn set_role(
    pool: &PgPool,
    name: &str,
    role: Role,
) -> StoreResult<Option<OperatorAccount>> {
    let sql = format!("UPDATE operators SET role = $1 WHERE name = $2 RETURNING {ACCOUNT_COLUMNS}");
    let row = sqlx::query(&sql)
        .bind(role.name())
        .bind(name)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(account_from).transpose()
}

pub(super) async fn generation(pool: &PgPool) -> StoreResult<i64> {
    let generation = sqlx::query_scalar("SELECT generation FROM operators_generation")
        .fetch_one(pool)
        .await?;
    Ok(generation)
}
