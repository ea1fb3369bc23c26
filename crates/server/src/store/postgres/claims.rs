//! Claims on PostgreSQL (see `store::claims`).

use super::rows::insert_audits;
use crate::store::claims::{decide, CLAIM_ATTEMPTS};
use crate::store::{timestamp, ClaimAsk, ClaimOutcome, StoreError, StoreResult, StoredClaim};
use jiff::Timestamp;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

const COLUMNS: &str = "registration_id, operator, claimed_at, renewed_at";

fn claim_row(row: &PgRow) -> StoreResult<StoredClaim> {
    Ok(StoredClaim {
        registration_id: row.try_get("registration_id")?,
        operator: row.try_get("operator")?,
        claimed_at: timestamp(row.try_get("claimed_at")?)?,
        renewed_at: timestamp(row.try_get("renewed_at")?)?,
    })
}

async fn found(conn: &mut PgConnection, id: i64) -> StoreResult<Option<StoredClaim>> {
    let sql = format!("SELECT {COLUMNS} FROM claims WHERE registration_id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(claim_row).transpose()
}

/// Writes `claim` only if the row is still `was`, so a claim decided on a row that changed
/// meanwhile is decided again.
async fn replace(
    conn: &mut PgConnection,
    was: Option<&StoredClaim>,
    claim: &StoredClaim,
) -> StoreResult<bool> {
    let query = match was {
        None => sqlx::query(
            "INSERT INTO claims (registration_id, operator, claimed_at, renewed_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (registration_id) DO NOTHING",
        )
        .bind(claim.registration_id)
        .bind(&claim.operator)
        .bind(claim.claimed_at.as_second())
        .bind(claim.renewed_at.as_second()),
        Some(was) => sqlx::query(
            "UPDATE claims SET operator = $1, claimed_at = $2, renewed_at = $3 \
             WHERE registration_id = $4 AND operator = $5 AND renewed_at = $6",
        )
        .bind(&claim.operator)
        .bind(claim.claimed_at.as_second())
        .bind(claim.renewed_at.as_second())
        .bind(claim.registration_id)
        .bind(&was.operator)
        .bind(was.renewed_at.as_second()),
    };
    Ok(query.execute(conn).await?.rows_affected() == 1)
}

pub(super) async fn claim(pool: &PgPool, ask: &ClaimAsk<'_>) -> StoreResult<ClaimOutcome> {
    for _ in 0..CLAIM_ATTEMPTS {
        let mut tx = pool.begin().await?;
        let was = found(&mut tx, ask.registration_id).await?;
        let write = match decide(was.as_ref(), ask) {
            Ok(write) => write,
            Err(holder) => return Ok(ClaimOutcome::HeldBy(holder)),
        };
        if replace(&mut tx, was.as_ref(), &write.claim).await? {
            insert_audits(&mut tx, write.audit.iter()).await?;
            tx.commit().await?;
            return Ok(write.outcome);
        }
    }
    Err(StoreError::Busy)
}

pub(super) async fn release(pool: &PgPool, id: i64, operator: &str) -> StoreResult<bool> {
    let mut tx = pool.begin().await?;
    let gone = sqlx::query("DELETE FROM claims WHERE registration_id = $1 AND operator = $2")
        .bind(id)
        .bind(operator)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(gone > 0)
}

pub(super) async fn live(
    pool: &PgPool,
    id: Option<i64>,
    lapse_before: Timestamp,
) -> StoreResult<Vec<StoredClaim>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM claims WHERE renewed_at > $1 AND ($2::BIGINT IS NULL OR registration_id = $2)"
    );
    let rows = sqlx::query(&sql)
        .bind(lapse_before.as_second())
        .bind(id)
        .fetch_all(pool)
        .await?;
    rows.iter().map(claim_row).collect()
}

pub(super) async fn sweep(pool: &PgPool, lapse_before: Timestamp) -> StoreResult<u64> {
    let mut tx = pool.begin().await?;
    let gone = sqlx::query("DELETE FROM claims WHERE renewed_at <= $1")
        .bind(lapse_before.as_second())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(gone)
}
