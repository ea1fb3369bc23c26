//! The one way to write: exclusive write transactions taken in turn, and group commit.
//!
//! SQLite takes one writer at a time. Writers queue here, in order, instead of meeting at
//! SQLite's lock, whose busy handler sleeps for up to 100 ms between retries: under concurrent
//! writes that sleep, not the work, set the tail latency.
//!
//! Group commit. Every record view writes an audit row, and every amendment a record change and
//! its audit row, and none may answer before its write is durable. One transaction and one fsync
//! each made them queue behind each other on SQLite's single writer. Here, writes that arrive
//! while a commit is under way wait and go together in the next one: each caller still gets its
//! answer only after its own write is committed, but under load one commit serves many.

use super::rows::{
    flags_to_text, insert_audits, registration_by_id, registration_from, REGISTRATION_COLUMNS,
};
use crate::store::{AuditRecord, RecordUpdate, StoreError, StoreResult, UpdateOutcome};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex, OwnedMutexGuard};
use uln_domain::AnomalyKind;

/// Writes per commit at most.
const BATCH: usize = 256;

enum Write {
    Audit(AuditRecord, oneshot::Sender<Result<(), String>>),
    Update {
        id: i64,
        expected_version: i64,
        update: Box<RecordUpdate>,
        audit: Box<AuditRecord>,
        reply: oneshot::Sender<Result<UpdateOutcome, String>>,
    },
}

/// Cheap to clone; the committing task ends when the last clone is dropped.
#[derive(Clone)]
pub struct Writer {
    pool: SqlitePool,
    /// Held by whoever is writing: a write transaction, or the committer for a group.
    turn: Arc<Mutex<()>>,
    queue: mpsc::UnboundedSender<Write>,
    /// Groups committed so far, so a test can tell that writes shared one.
    #[cfg_attr(not(test), allow(dead_code))]
    commits: Arc<AtomicU64>,
}

fn stopped() -> StoreError {
    StoreError::NotCommitted("the database writer has stopped".into())
}

/// A write transaction that holds the writer's turn until it commits or is dropped (rolled back).
pub struct WriteTransaction {
    tx: Transaction<'static, Sqlite>,
    _turn: OwnedMutexGuard<()>,
}

impl WriteTransaction {
    pub async fn commit(self) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for WriteTransaction {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for WriteTransaction {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

impl Writer {
    /// Starts the committing task.
    pub fn start(pool: SqlitePool) -> Writer {
        let (queue, mut pending) = mpsc::unbounded_channel::<Write>();
        let turn = Arc::<Mutex<()>>::default();
        let commits = Arc::<AtomicU64>::default();
        let (committer_pool, committer_turn, counted) =
            (pool.clone(), turn.clone(), commits.clone());
        tokio::spawn(async move {
            let mut batch = Vec::new();
            while pending.recv_many(&mut batch, BATCH).await > 0 {
                let _writing = committer_turn.lock().await;
                commit(&committer_pool, std::mem::take(&mut batch)).await;
                counted.fetch_add(1, Ordering::Relaxed);
            }
        });
        Writer {
            pool,
            turn,
            queue,
            commits,
        }
    }

    /// A write transaction of its own, once every writer queued before it has finished.
    pub async fn begin(&self) -> StoreResult<WriteTransaction> {
        let turn = self.turn.clone().lock_owned().await;
        let tx = self.pool.begin().await?;
        Ok(WriteTransaction { tx, _turn: turn })
    }

    /// How many groups have been committed since the writer started.
    #[cfg(test)]
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    pub async fn append_audit(&self, record: AuditRecord) -> StoreResult<()> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Write::Audit(record, reply))
            .map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(StoreError::NotCommitted)
    }

    /// Applies `update` if the record is still at `expected_version`, with its audit row.
    pub async fn update(
        &self,
        id: i64,
        expected_version: i64,
        update: RecordUpdate,
        audit: AuditRecord,
    ) -> StoreResult<UpdateOutcome> {
        let (reply, answer) = oneshot::channel();
        let write = Write::Update {
            id,
            expected_version,
            update: Box::new(update),
            audit: Box::new(audit),
            reply,
        };
        self.queue.send(write).map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(StoreError::NotCommitted)
    }
}

/// Commits one group and answers each writer once the commit is durable (or failed).
async fn commit(pool: &SqlitePool, batch: Vec<Write>) {
    let mut audits = Vec::new();
    let mut updates = Vec::new();
    for write in batch {
        match write {
            Write::Audit(record, reply) => audits.push((record, reply)),
            Write::Update {
                id,
                expected_version,
                update,
                audit,
                reply,
            } => updates.push(((id, expected_version, update, audit), reply)),
        }
    }
    let result = async {
        let mut tx = pool.begin().await?;
        let audit_results = append_audits(&mut tx, &audits).await?;
        let mut outcomes = Vec::with_capacity(updates.len());
        for ((id, version, update, audit), _) in &updates {
            savepoint(&mut tx).await?;
            let outcome = apply(&mut tx, *id, *version, update, audit).await;
            outcomes.push(settle(&mut tx, outcome).await?);
        }
        tx.commit().await?;
        Ok::<_, StoreError>((audit_results, outcomes))
    }
    .await;
    match result {
        Ok((audit_results, outcomes)) => {
            for ((_, reply), outcome) in updates.into_iter().zip(outcomes) {
                let _ = reply.send(outcome);
            }
            for ((_, reply), result) in audits.into_iter().zip(audit_results) {
                let _ = reply.send(result);
            }
        }
        Err(e) => {
            let e = e.to_string();
            for (_, reply) in updates {
                let _ = reply.send(Err(e.clone()));
            }
            for (_, reply) in audits {
                let _ = reply.send(Err(e.clone()));
            }
        }
    }
}

/// Each write of a group runs under a savepoint, so that one that fails is undone alone and the
/// others still commit.
async fn savepoint(conn: &mut SqliteConnection) -> StoreResult<()> {
    sqlx::query("SAVEPOINT write").execute(&mut *conn).await?;
    Ok(())
}

/// Ends the savepoint of a write: undone if it failed. The outer error is the savepoint itself
/// failing, which ends the group.
async fn settle<T>(
    conn: &mut SqliteConnection,
    outcome: StoreResult<T>,
) -> StoreResult<Result<T, String>> {
    if outcome.is_err() {
        sqlx::query("ROLLBACK TO write").execute(&mut *conn).await?;
    }
    sqlx::query("RELEASE write").execute(&mut *conn).await?;
    Ok(outcome.map_err(|e| e.to_string()))
}

/// The group's audit rows: in one statement, or if that fails, one by one, so that a bad row
/// fails only its own writer. In our runs a savepoint around the common case cost up to a third
/// of the record views per second.
async fn append_audits(
    conn: &mut SqliteConnection,
    audits: &[(AuditRecord, oneshot::Sender<Result<(), String>>)],
) -> StoreResult<Vec<Result<(), String>>> {
    if audits.is_empty() {
        return Ok(Vec::new());
    }
    // No savepoint on this path: every view writes here, and each statement to SQLite's thread
    // costs; a single statement that fails is undone by SQLite on its own.
    let together = insert_audits(conn, audits.iter().map(|(record, _)| record)).await;
    if together.is_ok() {
        return Ok(vec![Ok(()); audits.len()]);
    }
    let mut results = Vec::with_capacity(audits.len());
    for (record, _) in audits {
        savepoint(conn).await?;
        let alone = insert_audits(conn, [record]).await;
        results.push(settle(conn, alone).await?);
    }
    Ok(results)
}

/// One version-guarded change and its audit row, inside the group's transaction.
async fn apply(
    conn: &mut SqliteConnection,
    id: i64,
    expected_version: i64,
    update: &RecordUpdate,
    audit: &AuditRecord,
) -> StoreResult<UpdateOutcome> {
    let d = &update.demographics;
    // RETURNING gives the new row without another round trip to SQLite's thread.
    let sql = format!(
        "UPDATE registrations SET uln = ?, given_name = ?, family_name = ?, date_of_birth = ?, \
         gender = ?, postcode = ?, status = ?, verify_code = ?, failure_flags = ?, anomalies = ?, \
         reject_reason = ?, assigned_to = ?, snoozed_until = ?, version = version + 1 \
         WHERE id = ? AND version = ? \
         RETURNING {REGISTRATION_COLUMNS}"
    );
    let row = sqlx::query(&sql)
        .bind(&update.uln)
        .bind(d.given_name.as_str())
        .bind(d.family_name.as_str())
        .bind(d.date_of_birth.to_string())
        .bind(d.gender.code())
        .bind(d.postcode.as_str())
        .bind(update.status.name())
        .bind(update.verify_code.code())
        .bind(flags_to_text(&update.failure_flags))
        .bind(AnomalyKind::to_bits(&update.anomalies))
        .bind(update.reject_reason.map(|r| r.name()))
        .bind(&update.assigned_to)
        .bind(update.stored_snooze())
        .bind(id)
        .bind(expected_version)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        return Ok(match registration_by_id(&mut *conn, id).await? {
            Some(current) => UpdateOutcome::Stale(current),
            None => UpdateOutcome::NotFound,
        });
    };
    let updated = registration_from(&row)?;
    insert_audits(conn, [audit]).await?;
    Ok(UpdateOutcome::Updated(updated))
}
