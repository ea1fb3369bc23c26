//! The SQLite store: WAL, `synchronous=FULL` so an acknowledged write survives a power cut,
//! migrations embedded in the binary and applied at start.

use super::group_commit::GroupCommit;
use super::*;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::{Gender, PersonName, Postcode};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Rows per multi-row INSERT: 13 columns × 2,000 stays under SQLite's 32,766 parameters.
const INSERT_CHUNK: usize = 2_000;

/// How much memory SQLite may use: connections in the pool, and page cache per connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSize {
    pub max_connections: u32,
    pub cache_mib: u32,
}

impl PoolSize {
    /// A shared backend: 64 MiB of page cache per connection (SQLite's default is 2 MiB), so big
    /// transactions such as a batch submission or seeding stop spilling pages mid-transaction,
    /// and hot indexes stay in memory for reads. Up to 8 × 64 MiB once every connection is warm.
    /// No memory map (mmap_size): it made list pages 50% faster but record views 40% slower,
    /// because every audit row that grows the file makes SQLite remap it (BENCHMARKS.md).
    pub const SERVER: PoolSize = PoolSize {
        max_connections: 8,
        cache_mib: 64,
    };
    /// The console's own backend, serving one operator: it shares the machine and its memory
    /// with the console, so 4 connections × 8 MiB.
    pub const EMBEDDED: PoolSize = PoolSize {
        max_connections: 4,
        cache_mib: 8,
    };
}

/// Opens (creating if needed) the database at `url` (`sqlite://path` or `sqlite::memory:`) and
/// brings its schema up to date.
pub async fn open_pool(url: &str, size: PoolSize) -> StoreResult<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // A negative cache_size is in KiB.
        .pragma(
            "cache_size",
            format!("-{}", u64::from(size.cache_mib) * 1024),
        );
    let pool = SqlitePoolOptions::new()
        .max_connections(size.max_connections)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// SQLite takes one writer at a time. Writers queue here, in order, instead of meeting at
    /// SQLite's lock, whose busy handler sleeps for up to 100 ms between retries: under
    /// concurrent writes that sleep, not the work, set the tail latency.
    writer: Arc<tokio::sync::Mutex<()>>,
    /// Record changes and audit rows, committed in groups.
    commits: GroupCommit,
}

pub(super) const REGISTRATION_COLUMNS: &str = "id, uln, given_name, family_name, date_of_birth, gender, postcode, \
     centre, registered_at, deadline, status, version, verify_code, failure_flags, anomalies, reject_reason";

impl SqliteStore {
    pub fn new(pool: SqlitePool) -> Self {
        let writer = Arc::<tokio::sync::Mutex<()>>::default();
        SqliteStore {
            commits: GroupCommit::start(pool.clone(), writer.clone()),
            pool,
            writer,
        }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

pub(crate) fn timestamp(seconds: i64) -> StoreResult<Timestamp> {
    Timestamp::from_second(seconds).map_err(corrupt)
}

/// A registration's columns as stored, before they are checked and typed: read from a row, or
/// from the JSON that a page query builds inside SQLite.
#[derive(Debug, serde::Deserialize)]
struct RegistrationColumns {
    id: i64,
    uln: Option<String>,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    gender: String,
    postcode: String,
    centre: String,
    registered_at: i64,
    deadline: i64,
    status: String,
    version: i64,
    verify_code: String,
    failure_flags: String,
    anomalies: i64,
    reject_reason: Option<String>,
}

impl RegistrationColumns {
    fn from_row(row: &SqliteRow) -> StoreResult<Self> {
        Ok(RegistrationColumns {
            id: row.try_get(0)?,
            uln: row.try_get(1)?,
            given_name: row.try_get(2)?,
            family_name: row.try_get(3)?,
            date_of_birth: row.try_get(4)?,
            gender: row.try_get(5)?,
            postcode: row.try_get(6)?,
            centre: row.try_get(7)?,
            registered_at: row.try_get(8)?,
            deadline: row.try_get(9)?,
            status: row.try_get(10)?,
            version: row.try_get(11)?,
            verify_code: row.try_get(12)?,
            failure_flags: row.try_get(13)?,
            anomalies: row.try_get(14)?,
            reject_reason: row.try_get(15)?,
        })
    }

    fn into_registration(self) -> StoreResult<Registration> {
        let failure_flags = self
            .failure_flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(|f| FailureFlag::from_code(f).ok_or_else(|| corrupt(format!("flag {f}"))))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Registration {
            id: self.id,
            uln: self.uln,
            demographics: Demographics {
                given_name: PersonName::parse(&self.given_name).map_err(corrupt)?,
                family_name: PersonName::parse(&self.family_name).map_err(corrupt)?,
                date_of_birth: parse_date_of_birth(&self.date_of_birth).map_err(corrupt)?,
                gender: Gender::parse(&self.gender).map_err(corrupt)?,
                postcode: Postcode::parse(&self.postcode).map_err(corrupt)?,
            },
            centre: self.centre,
            registered_at: timestamp(self.registered_at)?,
            deadline: timestamp(self.deadline)?,
            status: RecordStatus::from_name(&self.status).ok_or_else(|| corrupt(&self.status))?,
            version: self.version,
            verify_code: VerifyCode::from_code(&self.verify_code)
                .ok_or_else(|| corrupt(&self.verify_code))?,
            failure_flags,
            anomalies: AnomalyKind::from_bits(self.anomalies),
            reject_reason: self
                .reject_reason
                .map(|r| RejectReason::from_name(&r).ok_or_else(|| corrupt(&r)))
                .transpose()?,
        })
    }
}

pub(super) fn flags_to_text(flags: &[FailureFlag]) -> String {
    flags.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

/// A row selected with `REGISTRATION_COLUMNS`, in that order.
pub(super) fn registration_from(row: &SqliteRow) -> StoreResult<Registration> {
    RegistrationColumns::from_row(row)?.into_registration()
}

/// `REGISTRATION_COLUMNS` as the arguments of `json_object`.
fn registration_json_object() -> String {
    let pairs: Vec<String> = REGISTRATION_COLUMNS
        .split(',')
        .map(str::trim)
        .map(|c| format!("'{c}', {c}"))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

fn audit_from(row: &SqliteRow) -> StoreResult<StoredAudit> {
    let changes: Option<String> = row.try_get("changes")?;
    Ok(StoredAudit {
        registration_id: row.try_get("registration_id")?,
        subject: row.try_get("subject")?,
        at: timestamp(row.try_get("at")?)?,
        operator: row.try_get("operator")?,
        action: row.try_get("action")?,
        reason: row.try_get("reason")?,
        changes: changes
            .map(|c| serde_json::from_str(&c).map_err(corrupt))
            .transpose()?,
    })
}

/// One registration, through a pool or inside a transaction.
pub(super) async fn registration_by_id<'c, E>(
    executor: E,
    id: i64,
) -> StoreResult<Option<Registration>>
where
    E: sqlx::Executor<'c, Database = Sqlite>,
{
    let sql = format!("SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE id = ?");
    let row = sqlx::query(&sql).bind(id).fetch_optional(executor).await?;
    row.as_ref().map(registration_from).transpose()
}

/// Audit rows, as few statements as SQLite's parameter limit allows (7 per row). Nothing to
/// write is not an error.
pub(super) async fn insert_audits<'a>(
    conn: &mut SqliteConnection,
    records: impl IntoIterator<Item = &'a AuditRecord>,
) -> StoreResult<()> {
    let records: Vec<&AuditRecord> = records.into_iter().collect();
    let now = Timestamp::now().as_second();
    for chunk in records.chunks(AUDIT_CHUNK) {
        let mut insert = QueryBuilder::<Sqlite>::new(
            "INSERT INTO audit (registration_id, subject, operator, at, action, reason, changes) ",
        );
        insert.push_values(chunk, |mut b, record| {
            b.push_bind(record.registration_id)
                .push_bind(record.subject.clone())
                .push_bind(record.operator.clone())
                .push_bind(now)
                .push_bind(record.action.name())
                .push_bind(record.reason.clone())
                .push_bind(record.changes.as_ref().map(|c| c.to_string()));
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Audit rows per INSERT: 7 columns × 4,000 stays under SQLite's 32,766 parameters.
const AUDIT_CHUNK: usize = 4_000;

fn sort_column(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Deadline => "deadline",
        SortKey::Registered => "registered_at",
        SortKey::Centre => "centre",
        SortKey::FamilyName => "family_name",
    }
}

/// `%` and `_` in a search are literal characters, not wildcards.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[async_trait]
impl Store for SqliteStore {
    async fn add_operator(
        &self,
        name: &str,
        role: Role,
        token_hash: &str,
    ) -> StoreResult<Operator> {
        let _writing = self.writer.lock().await;
        let result = sqlx::query(
            "INSERT INTO operators (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(name)
        .bind(role.name())
        .bind(token_hash)
        .bind(Timestamp::now().as_second())
        .execute(&self.pool)
        .await;
        match result {
            Ok(done) => Ok(Operator {
                id: done.last_insert_rowid(),
                name: name.to_owned(),
                role,
            }),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::Duplicate(format!("operator {name}")))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn operator_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<Operator>> {
        let row = sqlx::query("SELECT id, name, role FROM operators WHERE token_hash = ?")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            let role: String = row.try_get("role")?;
            Ok(Operator {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                role: Role::from_name(&role).ok_or_else(|| corrupt(&role))?,
            })
        })
        .transpose()
    }

    async fn insert_registrations(
        &self,
        rows: &[NewRegistration],
        audited_by: Option<&str>,
    ) -> StoreResult<Vec<i64>> {
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        let mut ids = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(INSERT_CHUNK) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO registrations (uln, given_name, family_name, date_of_birth, gender, postcode, \
                 centre, registered_at, deadline, status, verify_code, failure_flags, anomalies) ",
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
                    .push_bind(AnomalyKind::to_bits(&r.anomalies));
            });
            let done = insert.build().execute(&mut *tx).await?;
            // One statement inside our write transaction assigns consecutive rowids, so the last
            // one identifies them all.
            let last = done.last_insert_rowid();
            let first = last - chunk.len() as i64 + 1;
            ids.extend(first..=last);
        }
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

    async fn list_exceptions(&self, query: &ExceptionQuery) -> StoreResult<Vec<Registration>> {
        let column = sort_column(query.sort);
        let mut sql = QueryBuilder::<Sqlite>::new(format!(
            "WITH page AS (SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE status = 'open'"
        ));
        if let Some(kind) = query.queue {
            sql.push(" AND (anomalies & ")
                .push_bind(kind.bit())
                .push(") != 0");
        }
        if let Some(text) = query.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = like_pattern(text.trim());
            sql.push(" AND (");
            for (i, col) in ["uln", "given_name", "family_name", "centre"]
                .iter()
                .enumerate()
            {
                if i > 0 {
                    sql.push(" OR ");
                }
                sql.push(format!("{col} LIKE "))
                    .push_bind(pattern.clone())
                    .push(" ESCAPE '\\'");
            }
            sql.push(")");
        }
        let (op, order) = if query.descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        if let Some(cursor) = &query.after {
            sql.push(format!(" AND ({column}, id) {op} ("));
            match &cursor.key {
                CursorKey::Time(t) => sql.push_bind(*t),
                CursorKey::Text(t) => sql.push_bind(t.clone()),
            };
            sql.push(", ").push_bind(cursor.id).push(")");
        }
        sql.push(format!(" ORDER BY {column} {order}, id {order} LIMIT "))
            .push_bind(i64::from(query.limit));
        sql.push(format!(
            ") SELECT json_group_array({}) FROM page",
            registration_json_object()
        ));
        // The page is built inside SQLite as one JSON value: it crosses from SQLite's thread in one
        // hand-off instead of one per row, which under concurrent load is 4x the pages per second.
        let page: String = sql.build().fetch_one(&self.pool).await?.try_get(0)?;
        let mut rows: Vec<RegistrationColumns> = serde_json::from_str(&page).map_err(corrupt)?;
        // An aggregate's input order is not promised, so the page is put in order here (cheaper
        // than an ORDER BY inside the aggregate, which makes SQLite sort into a temporary b-tree).
        rows.sort_by(|a, b| {
            let by_key = match query.sort {
                SortKey::Deadline => a.deadline.cmp(&b.deadline),
                SortKey::Registered => a.registered_at.cmp(&b.registered_at),
                SortKey::Centre => a.centre.cmp(&b.centre),
                SortKey::FamilyName => a.family_name.cmp(&b.family_name),
            };
            let order = by_key.then(a.id.cmp(&b.id));
            if query.descending {
                order.reverse()
            } else {
                order
            }
        });
        rows.into_iter()
            .map(RegistrationColumns::into_registration)
            .collect()
    }

    async fn queue_counts(&self, now: Timestamp) -> StoreResult<Vec<QueueCount>> {
        let now = now.as_second();
        let (h48, d7) = (now + 48 * 3600, now + 7 * 24 * 3600);
        let queues: Vec<Option<AnomalyKind>> = std::iter::once(None)
            .chain(AnomalyKind::ALL.into_iter().map(Some))
            .collect();
        // One pass over the open rows; the kind bits are our constants, never user input.
        let mut columns = Vec::new();
        for queue in &queues {
            let member = queue.map_or("1".to_owned(), |k| {
                format!("((anomalies & {}) != 0)", k.bit())
            });
            columns.push(format!("COALESCE(SUM({member}), 0)"));
            columns.push(format!("COALESCE(SUM({member} AND deadline <= {now}), 0)"));
            columns.push(format!(
                "COALESCE(SUM({member} AND deadline > {now} AND deadline <= {h48}), 0)"
            ));
            columns.push(format!(
                "COALESCE(SUM({member} AND deadline > {now} AND deadline <= {d7}), 0)"
            ));
        }
        let sql = format!(
            "SELECT {} FROM registrations WHERE status = 'open'",
            columns.join(", ")
        );
        let row = sqlx::query(&sql).fetch_one(&self.pool).await?;
        queues
            .into_iter()
            .enumerate()
            .map(|(i, kind)| {
                Ok(QueueCount {
                    kind,
                    open: row.try_get(i * 4)?,
                    overdue: row.try_get(i * 4 + 1)?,
                    due_within_48h: row.try_get(i * 4 + 2)?,
                    due_within_7d: row.try_get(i * 4 + 3)?,
                })
            })
            .collect()
    }

    async fn update_registration(
        &self,
        id: i64,
        expected_version: i64,
        update: &RecordUpdate,
        audit: &AuditRecord,
    ) -> StoreResult<UpdateOutcome> {
        self.commits
            .update(id, expected_version, update.clone(), audit.clone())
            .await
    }

    async fn expire_overdue(&self, now: Timestamp, operator: &str) -> StoreResult<Vec<(i64, i64)>> {
        let _writing = self.writer.lock().await;
        let now = now.as_second();
        let mut tx = self.pool.begin().await?;
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
            "UPDATE registrations SET status = 'expired', uln = NULL, version = version + 1 \
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
        self.commits.append_audit(record.clone()).await
    }

    async fn audit_trail(&self, registration_id: i64) -> StoreResult<Vec<StoredAudit>> {
        let rows = sqlx::query(
            "SELECT registration_id, subject, at, operator, action, reason, changes FROM audit \
             WHERE registration_id = ? ORDER BY id",
        )
        .bind(registration_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn audit_by_subject(&self, subject: &str) -> StoreResult<Vec<StoredAudit>> {
        let rows = sqlx::query(
            "SELECT registration_id, subject, at, operator, action, reason, changes FROM audit \
             WHERE subject = ? ORDER BY id",
        )
        .bind(subject)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_from).collect()
    }

    async fn record_seeded_truth(&self, truth: &[(i64, String)]) -> StoreResult<()> {
        let _writing = self.writer.lock().await;
        let mut tx = self.pool.begin().await?;
        for chunk in truth.chunks(10_000) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO seeded_anomalies (registration_id, kind) ",
            );
            insert.push_values(chunk, |mut b, (id, kind)| {
                b.push_bind(*id).push_bind(kind.clone());
            });
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn seeded_truth(&self) -> StoreResult<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT registration_id, kind FROM seeded_anomalies ORDER BY registration_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("registration_id")?, r.try_get("kind")?)))
            .collect()
    }
}
