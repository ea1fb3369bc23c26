//! Moving up: a worked SQLite deployment moved into PostgreSQL, and the PostgreSQL store then
//! answering as the SQLite one did. The PostgreSQL tests need `ULN_TEST_POSTGRES_URL`
//! (`scripts/with-postgres.sh`) and say they are skipped without it.

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, PgPool, SqlitePool};
use std::str::FromStr;
use tempfile::TempDir;
use uln_domain::{RejectReason, RemovalPeriod, Uln};
use uln_server::migrate_data::{migrate_data, MigrateError};
use uln_server::register::{ChallengeKind, NewChallenge};
use uln_server::seed::SeedConfig;
use uln_server::store::postgres::PostgresStore;
use uln_server::store::{
    AuditAction, AuditRecord, ExceptionQuery, PoolSize, RecordStatus, RecordUpdate, Role, Store,
};
use uln_server::{Backend, ServerConfig};

/// Every table that holds a deployment's data, each of which the fixture fills.
const DATA_TABLES: &[&str] = &[
    "operators",
    "registrations",
    "audit",
    "seeded_anomalies",
    "lrs_learners",
    "lrs_linked_ulns",
    "lrs_events",
    "lrs_challenges",
    "lrs_challenge_events",
    "claims",
    "open_counts",
];

/// A SQLite deployment after some work: seeded, operators added and one revoked, records
/// rejected and expired (audit rows with and without changes, reasons and registrations), a
/// learner looked up and a data challenge raised.
struct Deployment {
    url: String,
    now: Timestamp,
    rejected: i64,
    expired: i64,
    untouched: i64,
    _dir: TempDir,
}

async fn worked_deployment() -> Deployment {
    let dir = TempDir::new().expect("a temp dir");
    let url = format!("sqlite://{}", dir.path().join("deployment.db").display());
    let backend = Backend::open(ServerConfig::new(url.clone()))
        .await
        .expect("SQLite opens");
    let now = Timestamp::now();
    let seed = SeedConfig {
        learners: 300,
        registrations: 600,
        anomaly_percent: 50,
        now,
        ..SeedConfig::default()
    };
    backend
        .seed(&seed, RemovalPeriod::default())
        .await
        .expect("seeding");
    backend.add_operator("ada", Role::Operator).await.unwrap();
    backend.add_operator("bea", Role::Viewer).await.unwrap();
    let store = backend.state.store.as_ref();
    store.revoke_operator("bea").await.unwrap();

    let open = store
        .list_exceptions(&ExceptionQuery {
            limit: 600,
            ..ExceptionQuery::default()
        })
        .await
        .unwrap();
    let (first, last) = (&open[0], &open[open.len() - 1]);
    let rejected = first.id;
    let update = RecordUpdate {
        status: RecordStatus::Rejected,
        reject_reason: Some(RejectReason::CentreWithdrew),
        ..RecordUpdate::unchanged(first)
    };
    let audit = AuditRecord {
        reason: Some("centre confirmed".into()),
        changes: Some(json!({"status": {"before": "open", "after": "rejected"}})),
        ..AuditRecord::on_registration(first.id, "ada", AuditAction::Rejected)
    };
    store
        .update_registration(first.id, first.version, &update, &audit)
        .await
        .unwrap();
    // The earliest deadlines pass: their ULNs are removed (NULL) and each gets an audit row.
    let expired = store
        .expire_overdue(open[1].deadline + SignedDuration::from_secs(1), "system")
        .await
        .unwrap();
    assert!(!expired.is_empty());

    let (learner, event): (String, i64) =
        sqlx::query_as("SELECT uln, id FROM lrs_events ORDER BY id LIMIT 1")
            .fetch_one(&SqlitePool::connect(&url).await.unwrap())
            .await
            .unwrap();
    let subject = format!("uln:{learner}");
    store
        .append_audit(&AuditRecord::on_subject(
            &subject,
            "ada",
            AuditAction::PlrLookup,
        ))
        .await
        .unwrap();
    let challenge = NewChallenge {
        uln: Uln::parse(&learner).unwrap(),
        kind: ChallengeKind::NotLearners,
        event_ids: vec![event],
        corrected: None,
        note: "never sat this".into(),
        contact: None,
        raised_by: "ada".into(),
    };
    backend
        .state
        .register
        .create_challenge(&challenge)
        .await
        .unwrap();
    // Someone is on a record as the move starts: the claim moves with it.
    let claim = uln_server::store::ClaimAsk {
        registration_id: open[open.len() - 2].id,
        operator: "ada",
        now,
        lapse_before: now - SignedDuration::from_mins(5),
        take_over: false,
    };
    store.claim(&claim).await.unwrap();
    Deployment {
        url,
        now,
        rejected,
        expired: expired[0].0,
        untouched: last.id,
        _dir: dir,
    }
}

/// A new, empty database in the test cluster, or None without `ULN_TEST_POSTGRES_URL`.
async fn empty_postgres() -> Option<(String, PgConnectOptions)> {
    let Ok(cluster) = std::env::var("ULN_TEST_POSTGRES_URL") else {
        eprintln!("skipped: ULN_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh)");
        return None;
    };
    let admin = PgConnectOptions::from_str(&cluster).expect("the cluster URL parses");
    let name = format!("moved_{}", fastrand::u64(..));
    let mut connection = admin.connect().await.expect("the cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .expect("a database of the test's own");
    let (path, query) = cluster.split_once('?').unwrap_or((&cluster, ""));
    let base = &path[..path.rfind('/').expect("a database in the URL")];
    Some((format!("{base}/{name}?{query}"), admin.database(&name)))
}

async fn sqlite_count(pool: &SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn postgres_count(pool: &PgPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn max_id(pool: &SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT max(id) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_worked_deployment_moves_with_its_audit_trail_and_postgres_answers_alike() {
    let Some((target, target_options)) = empty_postgres().await else {
        return;
    };
    let source = worked_deployment().await;
    let report = migrate_data(&source.url, &target).await.expect("the move");

    let sqlite = SqlitePool::connect(&source.url).await.unwrap();
    let postgres = PgPool::connect_with(target_options.clone()).await.unwrap();
    for table in DATA_TABLES {
        let rows = sqlite_count(&sqlite, table).await;
        assert!(rows > 0, "the fixture leaves {table} empty");
        assert_eq!(postgres_count(&postgres, table).await, rows, "{table}");
        let reported = report.tables.iter().find(|c| c.table == *table).unwrap();
        assert_eq!(reported.target.rows, rows as u64, "{table}");
        assert_eq!(reported.source, reported.target, "{table}");
    }

    let sqlite_store = Backend::open(ServerConfig::new(source.url.clone()))
        .await
        .unwrap()
        .state
        .store;
    let pg_store = PostgresStore::open_with(target_options, PoolSize::EMBEDDED)
        .await
        .unwrap();
    for id in [source.rejected, source.expired, source.untouched] {
        let before = sqlite_store.registration(id).await.unwrap();
        assert!(before.is_some());
        assert_eq!(pg_store.registration(id).await.unwrap(), before, "{id}");
        let trail = sqlite_store.audit_trail(id).await.unwrap();
        // Seeding writes no audit rows: only the worked records have a trail.
        assert_eq!(trail.is_empty(), id == source.untouched, "{id}");
        assert_eq!(pg_store.audit_trail(id).await.unwrap(), trail, "{id}");
    }
    assert_eq!(
        pg_store.operators().await.unwrap(),
        sqlite_store.operators().await.unwrap()
    );
    assert_eq!(
        pg_store.queue_counts(source.now).await.unwrap(),
        sqlite_store.queue_counts(source.now).await.unwrap()
    );
    let lapse_before = source.now - SignedDuration::from_mins(5);
    let claims = sqlite_store.live_claims(lapse_before).await.unwrap();
    assert_eq!(claims.len(), 1, "the fixture's claim");
    assert_eq!(pg_store.live_claims(lapse_before).await.unwrap(), claims);
    let first_page = ExceptionQuery {
        limit: 50,
        ..ExceptionQuery::default()
    };
    assert_eq!(
        pg_store.list_exceptions(&first_page).await.unwrap(),
        sqlite_store.list_exceptions(&first_page).await.unwrap()
    );
}

#[tokio::test]
async fn new_rows_on_the_target_get_ids_after_the_copied_ones() {
    let Some((target, target_options)) = empty_postgres().await else {
        return;
    };
    let source = worked_deployment().await;
    migrate_data(&source.url, &target).await.expect("the move");
    let sqlite = SqlitePool::connect(&source.url).await.unwrap();
    let store = PostgresStore::open_with(target_options.clone(), PoolSize::EMBEDDED)
        .await
        .unwrap();

    let operator = store
        .add_operator("cyd", Role::Viewer, "hash")
        .await
        .unwrap();
    assert!(operator.id > max_id(&sqlite, "operators").await);
    let moved = store.registration(source.untouched).await.unwrap().unwrap();
    let mut again = uln_server::store::NewRegistration {
        uln: moved.uln.clone().unwrap_or_default(),
        demographics: moved.demographics.clone(),
        centre: moved.centre.clone(),
        qualification: None,
        registered_at: moved.registered_at,
        deadline: moved.deadline,
        status: RecordStatus::Open,
        verify_code: moved.verify_code,
        failure_flags: Vec::new(),
        anomalies: Vec::new(),
    };
    again.centre.push_str(" (again)");
    let ids = store
        .insert_registrations(&[again], Some("cyd"))
        .await
        .unwrap();
    assert!(ids[0] > max_id(&sqlite, "registrations").await);
    let call = AuditRecord::on_subject("call", "cyd", AuditAction::Call);
    let audit_id = store.append_audit_with_id(&call).await.unwrap();
    // The registration's `created` row came first.
    assert!(audit_id > max_id(&sqlite, "audit").await + 1);

    let raw = PgPool::connect_with(target_options).await.unwrap();
    for table in ["lrs_events", "lrs_challenges"] {
        let next: i64 = sqlx::query_scalar(&format!(
            "SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
        ))
        .fetch_one(&raw)
        .await
        .unwrap();
        assert!(next > max_id(&sqlite, table).await, "{table}");
    }
}

#[tokio::test]
async fn a_target_that_holds_data_is_refused_naming_the_table() {
    let Some((target, _)) = empty_postgres().await else {
        return;
    };
    let source = worked_deployment().await;
    migrate_data(&source.url, &target).await.expect("the move");
    match migrate_data(&source.url, &target).await {
        Err(MigrateError::TargetNotEmpty { table: "operators" }) => {}
        other => panic!("a second move must be refused: {other:?}"),
    }

    // Only an audit row, written by a server that already ran on the target.
    let Some((target, target_options)) = empty_postgres().await else {
        return;
    };
    let store = PostgresStore::open_with(target_options, PoolSize::EMBEDDED)
        .await
        .unwrap();
    let search = AuditRecord::on_subject("search", "ada", AuditAction::LearnerSearch);
    store.append_audit(&search).await.unwrap();
    let refused = migrate_data(&source.url, &target).await.unwrap_err();
    assert!(matches!(
        refused,
        MigrateError::TargetNotEmpty { table: "audit" }
    ));
    assert!(refused.to_string().contains("table audit has rows"));
}

#[tokio::test]
async fn a_source_behind_this_version_is_refused_and_left_as_it_was() {
    let dir = TempDir::new().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    drop(Backend::open(ServerConfig::new(url.clone())).await.unwrap());
    let raw = SqlitePool::connect(&url).await.unwrap();
    // As if the latest migration had not run yet.
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&raw)
    .await
    .unwrap();
    let behind: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&raw)
        .await
        .unwrap();

    let refused = migrate_data(&url, "postgres://mover:hunter2@localhost/nowhere").await;
    assert!(
        matches!(refused, Err(MigrateError::SourceNotCurrent(_))),
        "{refused:?}"
    );
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&raw)
        .await
        .unwrap();
    assert_eq!(applied, behind, "the move must not migrate its source");
}

#[tokio::test]
async fn urls_of_other_databases_are_refused_naming_only_their_scheme() {
    let refused = migrate_data("sqlite://x.db", "mysql://mover:hunter2@db/uln")
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("mysql:"), "{refused}");
    assert!(!refused.contains("hunter2"), "{refused}");
    let refused = migrate_data("postgres://mover:hunter2@db/uln", "postgres://db/uln")
        .await
        .unwrap_err()
        .to_string();
    assert!(!refused.contains("hunter2"), "{refused}");
}
