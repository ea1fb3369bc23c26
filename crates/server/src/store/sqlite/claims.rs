//! Claims on SQLite (see `store::claims`).

use super::rows::insert_audits;
use super::Database;
use crate::store::claims::{decide, CLAIM_ATTEMPTS};
use crate::store::{
    corrupt, timestamp, ClaimAsk, ClaimOutcome, StoreError, StoreResult, StoredClaim,
};
use jiff::Timestamp;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

const COLUMNS: &str = "registration_id, operator, claimed_at, renewed_at";

fn claim_row(row: &SqliteRow) -> StoreResult<StoredClaim> {
    Ok(StoredClaim {
        registration_id: row.try_get("registration_id")?,
        operator: row.try_get("operator")?,
        claimed_at: timestamp(row.try_get("claimed_at")?)?,
        renewed_at: timestamp(row.try_get("renewed_at")?)?,
    })
}

async fn found(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<StoredClaim>> {
    let sql = format!("SELECT {COLUMNS} FROM claims WHERE registration_id = ?");
    let row = sqlx::query(&sql).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(claim_row).transpose()
}

/// Writes `claim` only if the row is still `was`, so a claim decided on a row that changed
/// meanwhile is decided again.
async fn replace(
    conn: &mut SqliteConnection,
    was: Option<&StoredClaim>,
    claim: &StoredClaim,
) -> StoreResult<bool> {
    let query = match was {
        None => sqlx::query(
            "INSERT INTO claims (registration_id, operator, claimed_at, renewed_at) \
             VALUES (?, ?, ?, ?) ON CONFLICT (registration_id) DO NOTHING",
        )
        .bind(claim.registration_id)
        .bind(&claim.operator)
        .bind(claim.claimed_at.as_second())
        .bind(claim.renewed_at.as_second()),
        Some(was) => sqlx::query(
            "UPDATE claims SET operator = ?, claimed_at = ?, renewed_at = ? \
             WHERE registration_id = ? AND operator = ? AND renewed_at = ?",
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

pub(super) async fn claim(db: &Database, ask: &ClaimAsk<'_>) -> StoreResult<ClaimOutcome> {
    for _ in 0..CLAIM_ATTEMPTS {
        let mut tx = db.writer().begin().await?;
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

pub(super) async fn release(db: &Database, id: i64, operator: &str) -> StoreResult<bool> {
    let mut tx = db.writer().begin().await?;
    let gone = sqlx::query("DELETE FROM claims WHERE registration_id = ? AND operator = ?")
        .bind(id)
        .bind(operator)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(gone > 0)
}

pub(super) async fn live(
    db: &Database,
    id: Option<i64>,
    lapse_before: Timestamp,
) -> StoreResult<Vec<StoredClaim>> {
    // Every queue page reads the live claims, so they come back as one JSON value, as a page's
    // rows do: one hand-off from SQLite's thread instead of one per claim, which at 500 live
    // claims was a millisecond a page (BENCHMARKS.md, "Claims on queue pages").
    let claims: String = sqlx::query_scalar(
        "SELECT json_group_array(json_array(registration_id, operator, claimed_at, renewed_at)) \
         FROM claims WHERE renewed_at > ? AND (? IS NULL OR registration_id = ?)",
    )
    .bind(lapse_before.as_second())
    .bind(id)
    .bind(id)
    .fetch_one(db.reads())
    .await?;
    let claims: Vec<(i64, String, i64, i64)> = serde_json::from_str(&claims).map_err(corrupt)?;
    claims
        .into_iter()
        .map(|(registration_id, operator, claimed_at, renewed_at)| {
            Ok(StoredClaim {
                registration_id,
                operator,
                claimed_at: timestamp(claimed_at)?,
                renewed_at: timestamp(renewed_at)?,
            })
        })
        .collect()
}

pub(super) async fn sweep(db: &Database, lapse_before: Timestamp) -> StoreResult<u64> {
    let mut tx = db.writer().begin().await?;
    let gone = sqlx::query("DELETE FROM claims WHERE renewed_at <= ?")
        .bind(lapse_before.as_second())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(gone)
}
