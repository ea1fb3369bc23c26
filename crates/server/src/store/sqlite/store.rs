//! The `Store` over SQLite: operators, registrations, their changes and the audit trail.

use super::rows::{audit_from, flags_to_text, insert_audits, registration_by_id};
use super::{operator_keys, operators, pages, Database};
use crate::store::*;
use async_trait::async_trait;
use jiff::Timestamp;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use uln_domain::AnomalyKind;

/// Rows per multi-row INSERT: 14 columns × 2,000 stays under SQLite's 32,766 parameters.
const INSERT_CHUNK: usize = 2_000;

#[derive(Clone)]
pub struct SqliteStore {
    db: Database,
}

impl SqliteStore {
    pub fn new(db: Database) -> Self {
        SqliteStore { db }
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn add_operator(
        &self,
        name: &str,
        role: Role,
        token_hash: &str,
    ) -> StoreResult<Operator> {
        let mut tx = self.db.writer().begin().await?;
        let result = sqlx::query(
            "INSERT INTO operators (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(name)
        .bind(role.name())
        .bind(token_hash)
        .bind(Timestamp::now().as_second())
        .execute(&mut *tx)
        .await;
        let id = match result {
            Ok(done) => done.last_insert_rowid(),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::Duplicate(format!("operator {name}")))
            }
            Err(e) => return Err(e.into()),
        };
        tx.commit().await?;
        Ok(Operator {
            id,
            name: name.to_owned(),
            role,
        })
    }

    async fn operator_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Operator>> {
        operators::by_token_hash(&self.db, token_hash).await
    }

    async fn operators(&self) -> StoreResult<Vec<OperatorAccount>> {
        operators::all(&self.db).await
    }

    async fn revoke_operator(&self, name: &str) -> StoreResult<Option<OperatorAccount>> {
        operators::revoke(&self.db, name).await
    }

    async fn set_operator_role(
        &self,
        name: &str,
        role: Role,
    ) -> StoreResult<Option<OperatorAccount>> {
        operators::set_role(&self.db, name, role).await
    }

    async fn operators_generation(&self) -> StoreResult<i64> {
        operators::generation(&self.db).await
    }

    async fn add_operator_key(&self, operator_id: i64, key: &NewOperatorKey) -> StoreResult<()> {
        operator_keys::add(&self.db, operator_id, key).await
    }

    async fn remove_operator_key(&self, operator_id: i64, fingerprint: &str) -> StoreResult<bool> {
        operator_keys::remove(&self.db, operator_id, fingerprint).await
    }

    async fn operator_keys(&self) -> StoreResult<Vec<OperatorKey>> {
        operator_keys::all(&self.db).await
    }

    async fn operator_by_key(&self, fingerprint: &str) -> StoreResult<Option<Operator>> {
        operator_keys::operator_by_key(&self.db, fingerprint).await
    }

    async fn insert_registrations(
        &self,
        rows: &[NewRegistration],
        audited_by: Option<&str>,
    ) -> StoreResult<Vec<i64>> {
        let mut tx = self.db.writer().begin().await?;
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
        registration_by_id(self.db.reads(), id).await
    }

    async fn possible_duplicates(
        &self,
        probes: &[DuplicateProbe],
    ) -> StoreResult<Vec<Registration>> {
        super::similar::possible_duplicates(self.db.reads(), probes).await
    }

    async fn list_exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Registration>> {
        pages::list_exceptions(self.db.reads(), query).await
    }

    async fn queue_counts(&self, now: Timestamp) -> StoreResult<Vec<QueueCount>> {
        pages::queue_counts(self.db.reads(), now).await
    }

    async fn dashboard_facts(
        &self,
        now: Timestamp,
        since: Timestamp,
    ) -> StoreResult<DashboardFacts> {
        super::dashboard::dashboard_facts(self.db.reads(), now, since).await
    }

    async fn update_registration(
        &self,
        id: i64,
        expected_version: i64,
        update: &RecordUpdate,
        audit: &AuditRecord,
    ) -> StoreResult<UpdateOutcome> {
        self.db
            .writer()
            .update(id, expected_version, update.clone(), audit.clone())
            .await
    }

    async fn expire_overdue(&self, now: Timestamp, operator: &str) -> StoreResult<Vec<(i64, i64)>> {
        let now = now.as_second();
        let mut tx = self.db.writer().begin().await?;
        sqlx::query(
            "INSERT INTO audit (registration_id, operator, at, action, reason, changes) \
             SELECT id, ?, ?, 'expired', 'not resolved within the removal period; ULN removed', \
                json_object('uln', json_object('before', uln, 'after', NULL), \
                            'status', json_object('before', 'open', 'after', 'expired')) \
             FROM registrations WHERE status = 'open' AND deadline <= ?",
        )
        .bind(operator)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let rows = sqlx::query(
            "UPDATE registrations SET status = 'expired', uln = NULL, snoozed_until = NULL, \
             version = version + 1 \
             WHERE status = 'open' AND deadline <= ? RETURNING id, version",
        )
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("version")?)))
            .collect()
    }

    async fn append_audit(&self, record: &AuditRecord) -> StoreResult<()> {
        self.db.writer().append_audit(record.clone()).await
    }

    async fn audit_trail(&self, registration_id: i64) -> StoreResult<Vec<StoredAudit>> {
        let rows = sqlx::query(&audit_where("registration_id"))
            .bind(registration_id)
            .fetch_all(self.db.reads())
            .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn record_trail(
        &self,
        registration_id: i64,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<TrailPage> {
        // Reads ahead stay in the table for data protection but are no operator's view, so they
        // are left out here, in the query, and from the count.
        let entries = sqlx::query(
            "SELECT id, registration_id, subject, at, operator, action, reason, changes FROM audit \
             WHERE registration_id = ? AND action != 'read_ahead' AND id < ? \
             ORDER BY id DESC LIMIT ?",
        )
        .bind(registration_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(self.db.reads())
        .await?;
        let total = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit WHERE registration_id = ? AND action != 'read_ahead'",
        )
        .bind(registration_id)
        .fetch_one(self.db.reads())
        .await?;
        Ok(TrailPage {
            entries: entries.iter().map(audit_from).collect::<StoreResult<_>>()?,
            total,
        })
    }

    async fn latest_assignment(&self, registration_id: i64) -> StoreResult<Option<StoredAudit>> {
        super::assignments::latest(&self.db, registration_id).await
    }

    async fn record_notes(&self, registration_id: i64, limit: u32) -> StoreResult<TrailPage> {
        super::notes::latest(&self.db, registration_id, limit).await
    }

    async fn wake_due(&self, now: Timestamp, operator: &str) -> StoreResult<Vec<(i64, i64)>> {
        super::snooze::wake_due(&self.db, now, operator).await
    }

    async fn latest_change(&self, registration_id: i64) -> StoreResult<Option<StoredAudit>> {
        super::changes::latest_change(&self.db, registration_id).await
    }

    async fn claim(&self, ask: &ClaimAsk<'_>) -> StoreResult<ClaimOutcome> {
        super::claims::claim(&self.db, ask).await
    }

    async fn release_claim(&self, id: i64, operator: &str) -> StoreResult<bool> {
        super::claims::release(&self.db, id, operator).await
    }

    async fn live_claims(&self, lapse_before: Timestamp) -> StoreResult<Vec<StoredClaim>> {
        super::claims::live(&self.db, None, lapse_before).await
    }

    async fn claim_on(&self, id: i64, lapse_before: Timestamp) -> StoreResult<Option<StoredClaim>> {
        Ok(super::claims::live(&self.db, Some(id), lapse_before)
            .await?
            .pop())
    }

    async fn sweep_claims(&self, lapse_before: Timestamp) -> StoreResult<u64> {
        super::claims::sweep(&self.db, lapse_before).await
    }

    async fn append_audit_with_id(&self, record: &AuditRecord) -> StoreResult<i64> {
        let mut tx = self.db.writer().begin().await?;
        let changes = record.changes.as_ref().map(|c| c.to_string());
        let done = sqlx::query(
            "INSERT INTO audit (registration_id, subject, operator, at, action, reason, changes) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(record.registration_id)
        .bind(record.subject.as_deref())
        .bind(&record.operator)
        .bind(Timestamp::now().as_second())
        .bind(record.action.name())
        .bind(record.reason.as_deref())
        .bind(changes)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.last_insert_rowid())
    }

    async fn recent_calls(&self, operator: &str, limit: u32) -> StoreResult<Vec<StoredAudit>> {
        // Written to match the partial index `audit_calls_by_operator` (migration 0005).
        let rows = sqlx::query(
            "SELECT id, registration_id, subject, at, operator, action, reason, changes FROM audit \
             WHERE action = 'call' AND operator = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(operator)
        .bind(i64::from(limit))
        .fetch_all(self.db.reads())
        .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn audit_by_subject(&self, subject: &str) -> StoreResult<Vec<StoredAudit>> {
        let rows = sqlx::query(&audit_where("subject"))
            .bind(subject)
            .fetch_all(self.db.reads())
            .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn insert_pending(
        &self,
        rows: &[SubmittedRegistration],
        submitted_by: &str,
    ) -> StoreResult<Vec<i64>> {
        super::pending::insert(&self.db, rows, submitted_by).await
    }

    async fn pending_registrations(&self, limit: u32) -> StoreResult<Vec<PendingRegistration>> {
        super::pending::oldest(&self.db, limit).await
    }

    async fn pending_count(&self) -> StoreResult<u64> {
        super::pending::count(&self.db).await
    }

    async fn complete_pending(
        &self,
        verified: &[VerifiedPending],
    ) -> StoreResult<Vec<Option<i64>>> {
        super::pending::complete(&self.db, verified).await
    }

    async fn audit_by_action(&self, action: AuditAction) -> StoreResult<Vec<StoredAudit>> {
        let rows = sqlx::query(&audit_where("action"))
            .bind(action.name())
            .fetch_all(self.db.reads())
            .await?;
        rows.iter().map(audit_from).collect()
    }
}

/// Audit rows whose `column` equals the one bound value, oldest first, as `audit_from` reads them.
fn audit_where(column: &str) -> String {
    format!(
        "SELECT id, registration_id, subject, at, operator, action, reason, changes FROM audit \
         WHERE {column} = ? ORDER BY id"
    )
}

/// Inserts `rows` in multi-row statements inside the caller's transaction; their ids in order.
pub(super) async fn insert_rows(
    conn: &mut SqliteConnection,
    rows: &[NewRegistration],
) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO registrations (uln, given_name, family_name, date_of_birth, gender, postcode, \
             centre, registered_at, deadline, status, verify_code, failure_flags, anomalies, qualification) ",
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
                .push_bind(r.registered_at.as_second())
                .push_bind(r.deadline.as_second())
                .push_bind(r.status.name())
                .push_bind(r.verify_code.code())
                .push_bind(flags_to_text(&r.failure_flags))
                .push_bind(AnomalyKind::to_bits(&r.anomalies))
                .push_bind(r.qualification.as_deref());
        });
        let done = insert.build().execute(&mut *conn).await?;
        // One statement inside our write transaction assigns consecutive rowids, so the last
        // one identifies them all.
        let last = done.last_insert_rowid();
        let first = last - chunk.len() as i64 + 1;
        ids.extend(first..=last);
    }
    Ok(ids)
}
