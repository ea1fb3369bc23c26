//! Pending verifications on PostgreSQL (see `store::pending`).

use super::rows::{in_given_order, insert_audits};
use super::writes::insert_rows;
use crate::store::pending::{held, stored, PendingColumns, PENDING_COLUMNS};
use crate::store::{PendingRegistration, StoreResult, SubmittedRegistration, VerifiedPending};
use jiff::Timestamp;
use sqlx::{PgPool, Postgres, QueryBuilder};

/// Rows per multi-row INSERT: 12 columns × 4,000 stays under PostgreSQL's 65,535 parameters.
const CHUNK: usize = 4_000;

pub(super) async fn insert(
    pool: &PgPool,
    rows: &[SubmittedRegistration],
    submitted_by: &str,
) -> StoreResult<Vec<i64>> {
    let now = Timestamp::now().as_second();
    let mut tx = pool.begin().await?;
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "INSERT INTO pending_verifications (uln, given_name, family_name, date_of_birth, \
             gender, postcode, centre, qualification, registered_at, deadline, submitted_by, submitted_at) ",
        );
        insert.push_values(chunk, |mut b, r| {
            let d = &r.demographics;
            b.push_bind(&r.uln)
                .push_bind(d.given_name.as_str())
                .push_bind(d.family_name.as_str())
                .push_bind(d.date_of_birth.to_string())
                .push_bind(d.gender.code())
                .push_bind(d.postcode.as_str())
                .push_bind(&r.centre)
                .push_bind(r.qualification.as_deref())
                .push_bind(r.registered_at.as_second())
                .push_bind(r.deadline.as_second())
                .push_bind(submitted_by)
                .push_bind(now);
        });
        insert.push(" RETURNING id");
        let inserted = insert.build().fetch_all(&mut *tx).await?;
        ids.extend(in_given_order(&inserted)?);
    }
    let audits: Vec<_> = ids.iter().map(|id| held(*id, submitted_by)).collect();
    insert_audits(&mut tx, &audits).await?;
    tx.commit().await?;
    Ok(ids)
}

pub(super) async fn oldest(pool: &PgPool, limit: u32) -> StoreResult<Vec<PendingRegistration>> {
    let sql = format!("SELECT {PENDING_COLUMNS} FROM pending_verifications ORDER BY id LIMIT $1");
    let rows: Vec<PendingColumns> = sqlx::query_as(&sql)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(PendingColumns::into_pending).collect()
}

pub(super) async fn count(pool: &PgPool) -> StoreResult<u64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pending_verifications")
        .fetch_one(pool)
        .await?;
    Ok(n.max(0) as u64)
}

pub(super) async fn complete(
    pool: &PgPool,
    verified: &[VerifiedPending],
) -> StoreResult<Vec<Option<i64>>> {
    let mut tx = pool.begin().await?;
    // Only rows still pending are stored: whoever deletes a pending row stores it.
    let mut still = Vec::with_capacity(verified.len());
    for v in verified {
        let gone = sqlx::query("DELETE FROM pending_verifications WHERE id = $1")
            .bind(v.pending_id)
            .execute(&mut *tx)
            .await?;
        still.push(gone.rows_affected() == 1);
    }
    let to_store: Vec<&VerifiedPending> = verified
        .iter()
        .zip(&still)
        .filter_map(|(v, s)| s.then_some(v))
        .collect();
    let rows: Vec<_> = to_store.iter().map(|v| v.registration.clone()).collect();
    let ids = insert_rows(&mut tx, &rows).await?;
    let audits: Vec<_> = ids
        .iter()
        .zip(&to_store)
        .map(|(id, v)| stored(*id, v))
        .collect();
    insert_audits(&mut tx, &audits).await?;
    tx.commit().await?;
    let mut ids = ids.into_iter();
    Ok(still
        .into_iter()
        .map(|s| if s { ids.next() } else { None })
        .collect())
}
