//! One life of a database, told through the traits the server and the seeder use (`Store`,
//! `LearnerRegister`, `Seeder`), and run against every implementation: what atuin's `db_story`
//! does for its databases. An implementation passes when the server could not tell it apart.
//!
//! It lives with the server crate, not with the end-to-end journeys at the top, because it needs
//! no HTTP, no binary and no console: only the traits and `database::open`, which the next
//! database implements. To add one, give it a function that opens a fresh empty database and one
//! line in `story_for!` at the bottom.

mod call_chapters;
mod count_chapters;
mod fixtures;
mod lrs_loopback;
mod pending_chapters;
mod pg_cluster;
mod register_chapters;
mod store_chapters;

use async_trait::async_trait;
use jiff::Timestamp;
use std::sync::Arc;
use tempfile::TempDir;
use uln_server::database::{self, Storage};
use uln_server::store::{PoolSize, Store};

/// What only the implementation itself can try: changing the audit trail behind the traits' back.
#[async_trait]
trait AuditTamper: Send + Sync {
    /// Tries to change an audit row; Err if the database refused.
    async fn rewrite_audit(&self) -> Result<(), String>;
    /// Tries to delete an audit row; Err if the database refused.
    async fn delete_audit(&self) -> Result<(), String>;
}

/// An implementation under test, opened fresh and empty.
struct Opened {
    store: Arc<dyn Store>,
    /// The register and the seeder beside the store.
    storage: Storage,
    tamper: Box<dyn AuditTamper>,
    /// Whatever must live as long as the database (a temporary directory, a container).
    _keep: Box<dyn std::any::Any + Send>,
}

async fn story(opened: Opened) {
    let s = opened.store.as_ref();
    let now = Timestamp::now();
    register_chapters::the_register_is_loaded(&opened.storage).await;
    store_chapters::operators_sign_up(s).await;
    store_chapters::an_operator_is_re_roled_then_revoked(s).await;
    let ids = store_chapters::centres_submit_registrations(s, now).await;
    store_chapters::every_order_pages_without_gaps_or_repeats(s, &ids).await;
    store_chapters::possible_duplicates_share_a_uln_or_a_person(s, &ids).await;
    store_chapters::a_stale_version_loses_to_exactly_one_winner(s, ids[0]).await;
    store_chapters::many_writers_at_one_version_leave_one_winner(s, ids[1]).await;
    store_chapters::the_audit_trail_only_grows(s, opened.tamper.as_ref(), ids[0]).await;
    store_chapters::the_trail_pages_newest_first_without_reads_ahead(s, ids[0]).await;
    store_chapters::the_four_week_rule_expires_and_a_supervisor_reopens(s, now, &ids).await;
    register_chapters::a_data_challenge_is_raised(&opened.storage).await;
    call_chapters::calls_are_audit_rows_listed_per_operator_newest_first(s).await;
    count_chapters::queue_counts_stay_exact_through_every_change(s, now).await;
    count_chapters::concurrent_batches_keep_the_counts_exact(s, now).await;
    pending_chapters::held_registrations_are_stored_once_by_whichever_server_gets_there_first(
        opened.store.clone(),
        now,
    )
    .await;
}

/// SQLite in a temporary file; tampering goes through a connection of its own.
async fn sqlite() -> Opened {
    struct SqliteTamper(sqlx::SqlitePool);

    impl SqliteTamper {
        async fn run(&self, sql: &str) -> Result<(), String> {
            let done = sqlx::query(sql).execute(&self.0).await;
            done.map(drop).map_err(|e| e.to_string())
        }
    }

    #[async_trait]
    impl AuditTamper for SqliteTamper {
        async fn rewrite_audit(&self) -> Result<(), String> {
            self.run("UPDATE audit SET operator = 'someone else'").await
        }

        async fn delete_audit(&self) -> Result<(), String> {
            self.run("DELETE FROM audit").await
        }
    }

    let dir = TempDir::new().expect("a temp dir");
    let url = format!("sqlite://{}", dir.path().join("story.db").display());
    let storage = database::open(&url, PoolSize::EMBEDDED)
        .await
        .expect("SQLite opens");
    let raw = sqlx::SqlitePool::connect(&url)
        .await
        .expect("a second connection");
    Opened {
        store: storage.store.clone(),
        storage,
        tamper: Box::new(SqliteTamper(raw)),
        _keep: Box::new(dir),
    }
}

/// Each implementation's opener returns None when its database is not available here (PostgreSQL
/// without `ULN_TEST_POSTGRES_URL`); the test then says so and passes.
macro_rules! story_for {
    ($($implementation:ident => $open:expr),* $(,)?) => {
        $(
            mod $implementation {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn lives_the_whole_story() {
                    match $open.await {
                        Some(opened) => super::story(opened).await,
                        None => eprintln!("skipped: {} is not available", stringify!($implementation)),
                    }
                }
            }
        )*
    };
}

// One line per implementation.
story_for!(
    sqlite => async { Some(super::sqlite().await) },
    sqlite_through_lrs_adapter => async { Some(super::lrs_loopback::sqlite_through_lrs_sim().await) },
    postgres => super::pg_cluster::open(),
    postgres_through_lrs_adapter => super::lrs_loopback::postgres_through_lrs_sim(),
);
