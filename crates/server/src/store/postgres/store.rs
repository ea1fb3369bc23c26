//! The `Store` over PostgreSQL: operators, registrations, their changes and the audit trail.

use super::rows::{audit_from, insert_audits, registration_by_id, AUDIT_COLUMNS};
use super::writes::{apply, insert_rows};
use super::{connect, operator_keys, operators, pages};
use crate::store::*;
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::postgres::PgConnectOptions;
use sqlx::{PgPool, Row};
use std::str::FromStr;

#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://…`), migrating the schema as needed.
    pub async fn open(url: &str, size: PoolSize) -> StoreResult<PostgresStore> {
        Self::open_with(PgConnectOptions::from_str(url)?, size).await
    }

    /// As `open`, with options already parsed (a test's own database in a shared cluster).
    pub async fn open_with(
        options: PgConnectOptions,
        size: PoolSize,
    ) -> StoreResult<PostgresStore> {
        Ok(PostgresStore {
            pool: connect(options, size).await?,
        })
    }

    /// The pool, for the simulated register and the seeder in the same database.
    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait]
impl Store for PostgresStore {
    async fn add_operator(
        &self,
        name: &str,
        role: Role,
        token_hash: &str,
    ) -> StoreResult<Operator> {
        operators::add(&self.pool, name, role, token_hash).await
    }

    async fn operator_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Operator>> {
        operators::by_token_hash(&self.pool, token_hash).await
    }

    async fn operators(&self) -> StoreResult<Vec<OperatorAccount>> {
        operators::all(&self.pool).await
    }

    async fn revoke_operator(&self, name: &str) -> StoreResult<Option<OperatorAccount>> {
        operators::revoke(&self.pool, name).await
    }

    async fn set_operator_role(
        &self,
        name: &str,
        role: Role,
    ) -> StoreResult<Option<OperatorAccount>> {
        operators::set_role(&self.pool, name, role).await
    }

    async fn operators_generation(&self) -> StoreResult<i64> {
        operators::generation(&self.pool).await
    }

    async fn add_operator_key(&self, operator_id: i64, key: &NewOperatorKey) -> StoreResult<()> {
        operator_keys::add(&self.pool, operator_id, key).await
    }

    async fn remove_operator_key(&self, operator_id: i64, fingerprint: &str) -> StoreResult<bool> {
        operator_keys::remove(&self.pool, operator_id, fingerprint).await
    }

    async fn operator_keys(&self) -> StoreResult<Vec<OperatorKey>> {
        operator_keys::all(&self.pool).await
    }

    async fn operator_by_key(&self, fingerprint: &str) -> StoreResult<Option<Operator>> {
        operator_keys::operator_by_key(&self.pool, fingerprint).await
    }

    async fn insert_registrations(
        &self,
        rows: &[NewRegistration],
        audited_by: Option<&str>,
    ) -> StoreResult<Vec<i64>> {
        let mut tx = self.pool.begin().await?;
        let ids = insert_rows(&mut tx, rows).await?;
        if let Some(operator) = audited_by {
            let records: Vec<AuditRecord> = rows
                .iter()
                .zip(&ids)
                .map(|(row, id)| {
                    AuditRecord::on_registration(*id, operator, AuditAction::Created)
                        .because(format!("registration submitted: {}", row.status.name()))
                })
                .collect();
            insert_audits(&mut tx, &records).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    async fn registration(&self, id: i64) -> StoreResult<Option<Registration>> {
        registration_by_id(&self.pool, id).await
    }

    async fn possible_duplicates(
        &self,
        probes: &[DuplicateProbe],
    ) -> StoreResult<Vec<Registration>> {
        super::similar::possible_duplicates(&self.pool, probes).await
    }

    async fn list_exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Registration>> {
        pages::list_exceptions(&self.pool, query).await
    }

    async fn queue_counts(&self, now: Timestamp) -> StoreResult<Vec<QueueCount>> {
        pages::queue_counts(&self.pool, now).await
    }

    async fn dashboard_facts(
        &self,
        now: Timestamp,
        since: Timestamp,
    ) -> StoreResult<DashboardFacts> {
        super::dashboard::dashboard_facts(&self.pool, now, since).await
    }

    async fn update_registration(
        &self,
        id: i64,
        expected_version: i64,
        update: &RecordUpdate,
        audit: &AuditRecord,
    ) -> StoreResult<UpdateOutcome> {
        let mut tx = self.pool.begin().await?;
        let outcome = apply(&mut tx, id, expected_version, update, audit).await?;
        // A writer that lost has written nothing; ending its transaction either way is the same.
        tx.commit().await?;
        Ok(outcome)
    }

    async fn expire_overdue(&self, now: Timestamp, operator: &str) -> StoreResult<Vec<(i64, i64)>> {
        let mut tx = self.pool.begin().await?;
        // One pass at a time across the fleet: a server that finds another's pass under way
        // skips its own rather than queue behind it for the same rows (the lock ends with the
        // transaction).
        let ours: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
            .bind(super::EXPIRY_LOCK)
            .fetch_one(&mut *tx)
            .await?;
        if !ours {
            return Ok(Vec::new());
        }
        // One statement: the rows are locked as they are chosen (FOR UPDATE), so an amendment in
        // flight waits and then finds them no longer open, and a record can never expire twice
        // even without the lock; the audit rows hold the ULN each one had.
        let rows = sqlx::query(
            "WITH due AS ( \
                SELECT id, uln FROM registrations WHERE status = 'open' AND deadline <= $1 \
                ORDER BY id FOR UPDATE), \
             expired AS ( \
                UPDATE registrations r SET status = 'expired', uln = NULL, snoozed_until = NULL, \
                    version = r.version + 1 \
                FROM due WHERE r.id = due.id AND r.status = 'open' \
                RETURNING r.id, r.version, due.uln AS removed), \
             audited AS ( \
                INSERT INTO audit (registration_id, operator, at, action, reason, changes) \
                SELECT id, $2, $1, 'expired', 'not resolved within the removal period; ULN removed', \
                    jsonb_build_object('uln', jsonb_build_object('before', removed, 'after', NULL), \
                        'status', jsonb_build_object('before', 'open', 'after', 'expired')) \
                FROM expired ORDER BY id) \
             SELECT id, version FROM expired ORDER BY id",
        )
        .bind(now.as_second())
        .bind(operator)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("version")?)))
            .collect()
    }

    async fn append_audit(&self, record: &AuditRecord) -> StoreResult<()> {
        self.append_audit_with_id(record).await.map(drop)
    }

    async fn audit_trail(&self, registration_id: i64) -> StoreResult<Vec<StoredAudit>> {
        let sql =
            format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE registration_id = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(registration_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn record_trail(
        &self,
        registration_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<TrailPage> {
        // Reads ahead stay in the table for data protection but are no operator's view.
        let sql = format!(
            "SELECT {AUDIT_COLUMNS} FROM audit \
             WHERE registration_id = $1 AND action != 'read_ahead' AND id < $2 \
             ORDER BY id DESC LIMIT $3"
        );
        let entries = sqlx::query(&sql)
            .bind(registration_id)
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        let total = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit WHERE registration_id = $1 AND action != 'read_ahead'",
        )
        .bind(registration_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(TrailPage {
            entries: entries.iter().map(audit_from).collect::<StoreResult<_>>()?,
            total,
        })
    }

    async fn latest_assignment(&self, registration_id: i64) -> StoreResult<Option<StoredAudit>> {
        super::assignments::latest(&self.pool, registration_id).await
    }

    async fn record_notes(&self, registration_id: i64, limit: u32) -> StoreResult<TrailPage> {
        super::notes::latest(&self.pool, registration_id, limit).await
    }

    async fn wake_due(&self, now: Timestamp, operator: &str) -> StoreResult<Vec<(i64, i64)>> {
        super::snooze::wake_due(&self.pool, now, operator).await
    }

    async fn latest_change(&self, registration_id: i64) -> StoreResult<Option<StoredAudit>> {
        super::changes::latest_change(&self.pool, registration_id).await
    }

    async fn claim(&self, ask: &ClaimAsk<'_>) -> StoreResult<ClaimOutcome> {
        super::claims::claim(&self.pool, ask).await
    }

    async fn release_claim(&self, id: i64, operator: &str) -> StoreResult<bool> {
        super::claims::release(&self.pool, id, operator).await
    }

    async fn live_claims(&self, lapse_before: Timestamp) -> StoreResult<Vec<StoredClaim>> {
        super::claims::live(&self.pool, None, lapse_before).await
    }

    async fn claim_on(&self, id: i64, lapse_before: Timestamp) -> StoreResult<Option<StoredClaim>> {
        Ok(super::claims::live(&self.pool, Some(id), lapse_before)
            .await?
            .pop())
    }

    async fn sweep_claims(&self, lapse_before: Timestamp) -> StoreResult<u64> {
        super::claims::sweep(&self.pool, lapse_before).await
    }

    async fn append_audit_with_id(&self, record: &AuditRecord) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        let ids = insert_audits(&mut conn, [record]).await?;
        ids.first()
            .copied()
            .ok_or_else(|| corrupt("an audit insert returned no id"))
    }

    async fn recent_calls(&self, operator: &str, limit: u32) -> StoreResult<Vec<StoredAudit>> {
        // Written to match the partial index `audit_calls_by_operator` (migration 0005).
        let sql = format!(
            "SELECT {AUDIT_COLUMNS} FROM audit WHERE action = 'call' AND operator = $1 \
             ORDER BY id DESC LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(operator)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn audit_by_subject(&self, subject: &str) -> StoreResult<Vec<StoredAudit>> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE subject = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(subject)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn insert_pending(
        &self,
        rows: &[SubmittedRegistration],
        submitted_by: &str,
    ) -> StoreResult<Vec<i64>> {
        super::pending::insert(&self.pool, rows, submitted_by).await
    }

    async fn pending_registrations(&self, limit: u32) -> StoreResult<Vec<PendingRegistration>> {
        super::pending::oldest(&self.pool, limit).await
    }

    async fn pending_count(&self) -> StoreResult<u64> {
        super::pending::count(&self.pool).await
    }

    async fn complete_pending(
        &self,
        verified: &[VerifiedPending],
    ) -> StoreResult<Vec<Option<i64>>> {
        super::pending::complete(&self.pool, verified).await
    }

    async fn audit_by_action(&self, action: AuditAction) -> StoreResult<Vec<StoredAudit>> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE action = $1 ORDER BY id");
        let rows = sqlx::query(&sql)
            .bind(action.name())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(audit_from).collect()
    }
}
