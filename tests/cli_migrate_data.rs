//! `uln-console migrate-data` as an administrator moving up types it: a seeded SQLite database
//! moved into PostgreSQL, the summary it prints (counts and checksums, no learner's name), and
//! the exit codes of a move refused. Needs `ULN_TEST_POSTGRES_URL` (`scripts/with-postgres.sh`);
//! skipped without it.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, SqlitePool};
use std::process::{Command, Output};
use std::str::FromStr;

fn uln_console(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uln-console"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LIB_BACKTRACE", "0")
        .env_remove("ULN_CONSOLE_MIGRATE_TO")
        .output()
        .expect("uln-console runs")
}

/// Everything the command printed, both streams.
fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The URL of a new, empty database in the test cluster, or None without the cluster.
async fn empty_postgres() -> Option<String> {
    let Ok(cluster) = std::env::var("ULN_TEST_POSTGRES_URL") else {
        eprintln!("skipped: ULN_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh)");
        return None;
    };
    let name = format!("cli_moved_{}", fastrand::u64(..));
    let mut admin = PgConnectOptions::from_str(&cluster)
        .expect("the cluster URL parses")
        .connect()
        .await
        .expect("the cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a database of the test's own");
    let (path, query) = cluster.split_once('?').unwrap_or((&cluster, ""));
    let base = &path[..path.rfind('/').expect("a database in the URL")];
    Some(format!("{base}/{name}?{query}"))
}

/// Every given and family name in the database, long enough not to be found by chance.
async fn learner_names(database: &str) -> Vec<String> {
    let pool = SqlitePool::connect(database).await.unwrap();
    let names: Vec<(String, String)> = sqlx::query_as(
        "SELECT given_name, family_name FROM registrations \
         UNION SELECT given_name, family_name FROM lrs_learners",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    names
        .into_iter()
        .flat_map(|(given, family)| [given, family])
        .filter(|name| name.len() >= 4)
        .collect()
}

#[tokio::test]
async fn a_seeded_database_moves_up_once_printing_counts_and_checksums_only() {
    let Some(target) = empty_postgres().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = format!("sqlite://{}", dir.path().join("deployment.db").display());
    let seeded = uln_console(&[
        "seed",
        "--database",
        &source,
        "--learners",
        "200",
        "--registrations",
        "300",
    ]);
    assert!(seeded.status.success(), "{}", printed(&seeded));
    let added = uln_console(&[
        "operator",
        "add",
        "ada",
        "--role",
        "operator",
        "--database",
        &source,
    ]);
    assert!(added.status.success(), "{}", printed(&added));

    let moved = uln_console(&["migrate-data", "--from", &source, "--to", &target]);
    let said = printed(&moved);
    assert!(moved.status.success(), "{said}");
    let summary = String::from_utf8_lossy(&moved.stdout);
    for table in ["operators", "registrations", "audit", "lrs_learners"] {
        assert!(
            summary.lines().any(|l| l.starts_with(table)),
            "{table} missing from the summary:\n{summary}"
        );
    }
    let names = learner_names(&source).await;
    assert!(!names.is_empty());
    for name in &names {
        assert!(!said.contains(name.as_str()), "{name} was printed:\n{said}");
    }

    let again = uln_console(&["migrate-data", "--from", &source, "--to", &target]);
    assert_eq!(again.status.code(), Some(1), "{}", printed(&again));
    let refusal = String::from_utf8_lossy(&again.stderr);
    assert!(refusal.contains("table operators has rows"), "{refusal}");
}

#[test]
fn a_password_in_the_target_url_is_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("sqlite://{}", dir.path().join("deployment.db").display());
    let seeded = uln_console(&[
        "seed",
        "--database",
        &source,
        "--learners",
        "20",
        "--registrations",
        "30",
    ]);
    assert!(seeded.status.success(), "{}", printed(&seeded));
    let socket = dir.path().join("no-server-here");
    let target = format!(
        "postgres://mover:hunter2@localhost/uln?host={}",
        socket.display()
    );
    let refused = uln_console(&["migrate-data", "--from", &source, "--to", &target]);
    let said = printed(&refused);
    assert!(!refused.status.success(), "{said}");
    assert!(said.contains("target database"), "{said}");
    assert!(!said.contains("hunter2"), "{said}");
}
