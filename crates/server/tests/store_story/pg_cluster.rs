//! PostgreSQL for the story: a fresh database of its own in the cluster that
//! `ULN_TEST_POSTGRES_URL` names (`scripts/with-postgres.sh` starts a throwaway one), so runs
//! never see each other's rows. Without the variable the story is skipped.

use crate::{AuditTamper, Opened};
use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::ConnectOptions;
use std::str::FromStr;
use uln_server::database;
use uln_server::store::PoolSize;

/// The variable that names a PostgreSQL the tests may create databases in.
pub const URL_VARIABLE: &str = "ULN_TEST_POSTGRES_URL";

struct PostgresTamper(PgPool);

impl PostgresTamper {
    async fn run(&self, sql: &str) -> Result<(), String> {
        let done = sqlx::query(sql).execute(&self.0).await;
        done.map(drop).map_err(|e| e.to_string())
    }
}

#[async_trait]
impl AuditTamper for PostgresTamper {
    async fn rewrite_audit(&self) -> Result<(), String> {
        self.run("UPDATE audit SET operator = 'someone else'").await
    }

    async fn delete_audit(&self) -> Result<(), String> {
        // TRUNCATE fires no row triggers: the append-only rule must refuse it too. Refused
        // only if both are.
        let delete = self.run("DELETE FROM audit").await;
        let truncate = self.run("TRUNCATE audit").await;
        delete.and(truncate)
    }
}

/// A new, empty database in the cluster, or None without `ULN_TEST_POSTGRES_URL`.
pub async fn open() -> Option<Opened> {
    let url = std::env::var(URL_VARIABLE).ok()?;
    let admin = PgConnectOptions::from_str(&url).expect("ULN_TEST_POSTGRES_URL parses");
    let name = format!("story_{}", fastrand::u64(..));
    let mut conn = admin.connect().await.expect("the cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("a database of the story's own");
    let storage = database::open(&database_url(&url, &name), PoolSize::EMBEDDED)
        .await
        .expect("PostgreSQL opens and migrates");
    let raw = PgPool::connect_with(admin.database(&name))
        .await
        .expect("a second connection");
    Some(Opened {
        store: storage.store.clone(),
        storage,
        tamper: Box::new(PostgresTamper(raw)),
        _keep: Box::new(()),
    })
}

/// `url` with its database name replaced by `name` (the query, such as `?host=`, kept).
fn database_url(url: &str, name: &str) -> String {
    let (address, query) = url.split_once('?').unwrap_or((url, ""));
    let (server, _) = address.rsplit_once('/').expect("a URL with a database");
    match query {
        "" => format!("{server}/{name}"),
        query => format!("{server}/{name}?{query}"),
    }
}

/// Two transactions that each hold a row the other wants: PostgreSQL ends one with a deadlock
/// (40P01). Nothing was written, so the store calls it busy (503, try again), not a failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadlock_is_busy_not_a_server_failure() {
    use uln_server::store::StoreError;
    let Ok(url) = std::env::var(URL_VARIABLE) else {
        eprintln!("skipped: postgres is not available");
        return;
    };
    let pool = PgPool::connect(&url).await.expect("the cluster answers");
    sqlx::query("CREATE TABLE IF NOT EXISTS deadlock_rows (id INT PRIMARY KEY, n INT)")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO deadlock_rows VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING")
        .execute(&pool)
        .await
        .unwrap();
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let lock_both = |first: i32, second: i32| {
        let (pool, barrier) = (pool.clone(), barrier.clone());
        tokio::spawn(async move {
            let mut tx = pool.begin().await.unwrap();
            let update = "UPDATE deadlock_rows SET n = n + 1 WHERE id = $1";
            sqlx::query(update).bind(first).execute(&mut *tx).await?;
            barrier.wait().await;
            sqlx::query(update).bind(second).execute(&mut *tx).await?;
            tx.commit().await
        })
    };
    let (a, b) = (lock_both(1, 2), lock_both(2, 1));
    let outcomes = [a.await.unwrap(), b.await.unwrap()];
    let lost: Vec<StoreError> = outcomes
        .into_iter()
        .filter_map(Result::err)
        .map(StoreError::from)
        .collect();
    assert_eq!(lost.len(), 1, "one of the two is chosen to lose");
    assert!(matches!(lost[0], StoreError::Busy), "{:?}", lost[0]);
}
