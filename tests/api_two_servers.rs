//! Two `serve` processes over one PostgreSQL database, as a fleet behind a load balancer runs:
//! every console hears every change whichever server made it, a version has one winner across
//! servers, a record expires once, and revocation bites everywhere. Needs
//! `ULN_TEST_POSTGRES_URL` (`scripts/with-postgres.sh` starts a throwaway cluster); without it
//! each test says it was skipped and passes.

mod common;

use common::{change_on_stream, eventually, next_on_stream, refusal};
use futures_util::future::join_all;
use jiff::{SignedDuration, Timestamp};
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::ConnectOptions;
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::oneshot;
use uln_api::{ApiClient, ChangeAction, ClientError, ErrorCode, LearnerFields, StreamEvent};
use uln_server::seed::SeedConfig;
use uln_server::store::postgres::EXPIRY_LOCK;
use uln_server::store::{RecordStatus, Registration, Role};
use uln_server::{expiry, AppState, Backend, ServerConfig};

/// A change to an operator must reach every server within this (they poll about once a second).
const WITHIN: Duration = Duration::from_secs(5);

/// One server of the two: its address and state, and the means to stop it.
struct Server {
    base: String,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    serving: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Server {
    async fn start(url: &str) -> (Server, Backend) {
        let backend = Backend::open(ServerConfig::new(url))
            .await
            .expect("the database opens");
        let state = backend.state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = tokio::spawn(backend.serve(listener, async {
            let _ = stopped.await;
        }));
        // The CLI's view of the same database, for administering operators.
        let admin = Backend::open(ServerConfig::new(url)).await.unwrap();
        let server = Server {
            base,
            state,
            stop: Some(stop),
            serving,
        };
        (server, admin)
    }

    fn client(&self, token: &str) -> ApiClient {
        ApiClient::new(self.base.clone(), token).expect("a client")
    }

    /// Stops as SIGTERM does, and waits until it has.
    async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.serving).await.unwrap().expect("served");
    }
}

/// Two servers over a fresh database, seeded, with one operator per role.
struct TwoServers {
    a: Server,
    b: Server,
    /// The command line's backend: it shares only the database with the servers.
    admin: Backend,
    /// The test's own connection, as a database administrator has.
    pool: PgPool,
    database: String,
    operator: String,
    supervisor: String,
    viewer: String,
    seeded_truth: Vec<(i64, String)>,
}

impl TwoServers {
    async fn start() -> Option<TwoServers> {
        let Ok(cluster) = std::env::var("ULN_TEST_POSTGRES_URL") else {
            eprintln!("skipped: ULN_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh)");
            return None;
        };
        let database = format!("fleet_{}", fastrand::u64(..));
        let admin_options = PgConnectOptions::from_str(&cluster).expect("the URL parses");
        let mut conn = admin_options.connect().await.expect("the cluster answers");
        sqlx::query(&format!("CREATE DATABASE {database}"))
            .execute(&mut conn)
            .await
            .expect("a database of the test's own");
        let url = database_url(&cluster, &database);
        let (a, admin) = Server::start(&url).await;
        let (b, _) = Server::start(&url).await;
        let seed = SeedConfig {
            learners: 80,
            registrations: 160,
            seed: 7,
            anomaly_percent: 60,
            ..SeedConfig::default()
        };
        admin.seed(&seed, Default::default()).await.expect("seeded");
        let operator = admin.add_operator("olu-operator", Role::Operator);
        let operator = operator.await.unwrap().1;
        let supervisor = admin.add_operator("sam-supervisor", Role::Supervisor);
        let supervisor = supervisor.await.unwrap().1;
        let viewer = admin.add_operator("vera-viewer", Role::Viewer);
        let viewer = viewer.await.unwrap().1;
        let seeded_truth = admin.seeder().seeded_truth().await.unwrap();
        let pool = PgPool::connect_with(admin_options.database(&database))
            .await
            .unwrap();
        Some(TwoServers {
            a,
            b,
            admin,
            pool,
            database,
            operator,
            supervisor,
            viewer,
            seeded_truth,
        })
    }

    async fn open_records_of_kind(&self, kind: &str) -> Vec<Registration> {
        let mut found = Vec::new();
        for (id, _) in self.seeded_truth.iter().filter(|(_, k)| k == kind) {
            let record = self.a.state.store.registration(*id).await.unwrap().unwrap();
            if record.status == RecordStatus::Open {
                found.push(record);
            }
        }
        found
    }

    /// How many servers are listening for changes now: connections to this test's database
    /// whose last statement was a LISTEN.
    async fn listeners(&self) -> i64 {
        let sql =
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'";
        let count = sqlx::query_scalar(sql).bind(&self.database);
        count.fetch_one(&self.pool).await.unwrap()
    }

    /// Ends every listening connection to this test's database, as a database restart or a
    /// network fault would; returns how many.
    async fn end_listeners(&self) -> i64 {
        // Materialised first: in one WHERE clause the cheaper-looking terminate could be tried
        // on other databases' connections before the filter.
        let sql = "WITH listening AS MATERIALIZED ( \
                SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%') \
             SELECT COUNT(*) FROM listening WHERE pg_terminate_backend(pid)";
        let ended = sqlx::query_scalar(sql).bind(&self.database);
        ended.fetch_one(&self.pool).await.unwrap()
    }
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

/// A family name no other racer has: names hold no digits.
fn racer(i: u8) -> LearnerFields {
    LearnerFields {
        family_name: Some(format!("Racer{}", char::from(b'a' + i))),
        ..LearnerFields::default()
    }
}

#[tokio::test]
async fn a_change_through_one_server_appears_on_the_others_stream() {
    let Some(fleet) = TwoServers::start().await else {
        return;
    };
    let record = &fleet.open_records_of_kind("postcode_moved").await[0];
    let events = fleet.b.client(&fleet.viewer).events().await.unwrap();
    let olu = fleet.a.client(&fleet.operator);
    olu.amend(record.id, record.version, &racer(0), None)
        .await
        .expect("the amendment is accepted");

    let change = change_on_stream(events, record.id, ChangeAction::Amended).await;
    assert_eq!(change.version, record.version + 1);
    assert_eq!(change.operator, "olu-operator");
}

#[tokio::test]
async fn concurrent_amendments_through_both_servers_have_exactly_one_winner() {
    let Some(fleet) = TwoServers::start().await else {
        return;
    };
    let record = &fleet.open_records_of_kind("postcode_moved").await[0];
    let attempts = (0..8u8).map(|i| {
        let server = if i % 2 == 0 { &fleet.a } else { &fleet.b };
        let operator = server.client(&fleet.operator);
        let (id, version) = (record.id, record.version);
        tokio::spawn(async move { operator.amend(id, version, &racer(i), None).await })
    });
    let mut winners = Vec::new();
    for (i, attempt) in attempts.enumerate() {
        match attempt.await.unwrap() {
            Ok(_) => winners.push(i as u8),
            refused => {
                let (status, body) = refusal(refused);
                assert_eq!((status, body.code), (412, ErrorCode::VersionConflict));
            }
        }
    }
    assert_eq!(winners.len(), 1, "exactly one amendment wins: {winners:?}");
    let now = fleet.b.state.store.registration(record.id).await.unwrap();
    let now = now.unwrap();
    assert_eq!(now.version, record.version + 1);
    assert_eq!(
        Some(now.demographics.family_name.as_str().to_owned()),
        racer(winners[0]).family_name
    );
}

#[tokio::test]
async fn expiry_passes_on_both_servers_expire_each_record_once() {
    let Some(fleet) = TwoServers::start().await else {
        return;
    };
    // A year on, every open exception is past its deadline.
    let later = Timestamp::now() + SignedDuration::from_hours(365 * 24);
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE status = 'open'")
        .fetch_one(&fleet.pool)
        .await
        .unwrap();
    assert!(open > 10, "seeded open exceptions: {open}");
    let passes = (0..6).map(|i| {
        let server = if i % 2 == 0 { &fleet.a } else { &fleet.b };
        expiry::expire_now(&server.state, later)
    });
    let expired: usize = join_all(passes).await.into_iter().map(|n| n.unwrap()).sum();

    assert_eq!(expired as i64, open, "every overdue record expired, once");
    let audit_rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT registration_id, COUNT(*) FROM audit WHERE action = 'expired' \
         GROUP BY registration_id HAVING COUNT(*) <> 1",
    )
    .fetch_all(&fleet.pool)
    .await
    .unwrap();
    assert_eq!(audit_rows, [], "records without exactly one expiry row");
}

#[tokio::test]
async fn a_server_skips_its_expiry_pass_while_another_holds_the_fleets_turn() {
    let Some(fleet) = TwoServers::start().await else {
        return;
    };
    let later = Timestamp::now() + SignedDuration::from_hours(365 * 24);
    // The test's connection stands in for a server whose pass is under way.
    let mut other = fleet.pool.acquire().await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(EXPIRY_LOCK)
        .execute(&mut *other)
        .await
        .unwrap();
    let skipped = expiry::expire_now(&fleet.a.state, later).await.unwrap();
    assert_eq!(skipped, 0, "no pass while another server's is under way");

    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(EXPIRY_LOCK)
        .execute(&mut *other)
        .await
        .unwrap();
    let expired = expiry::expire_now(&fleet.b.state, later).await.unwrap();
    assert!(expired > 0, "the next pass expires what is due");
}

#[tokio::test]
async fn revocation_and_role_changes_through_one_backend_bite_on_the_other_server() {
    let Some(fleet) = TwoServers::start().await else {
        return;
    };
    let olu = fleet.b.client(&fleet.operator);
    let sam = fleet.b.client(&fleet.supervisor);
    olu.me()
        .await
        .expect("the token works, and is now cached on B");
    sam.me().await.expect("likewise");

    fleet
        .admin
        .revoke_operator("olu-operator", "admin")
        .await
        .unwrap();
    fleet
        .admin
        .set_operator_role("sam-supervisor", Role::Viewer, "admin")
        .await
        .unwrap();

    eventually("the revoked token being refused on B", WITHIN, || async {
        matches!(olu.me().await, Err(ClientError::Api { status: 401, .. })).then_some(())
    })
    .await;
    let record = &fleet.open_records_of_kind("postcode_moved").await[0];
    eventually(
        "the new viewer being refused an amend on B",
        WITHIN,
        || async {
            let amend = sam.amend(record.id, record.version, &racer(0), None).await;
            matches!(amend, Err(ClientError::Api { status: 403, .. })).then_some(())
        },
    )
    .await;
}

#[tokio::test]
async fn a_lost_feed_connection_means_resync_and_then_changes_flow_again() {
    let Some(mut fleet) = TwoServers::start().await else {
        return;
    };
    let records = fleet.open_records_of_kind("postcode_moved").await;
    let events = fleet.b.client(&fleet.viewer).events().await.unwrap();
    let mut events = std::pin::pin!(events);
    eventually("both servers listening", WITHIN, || async {
        (fleet.listeners().await == 2).then_some(())
    })
    .await;

    assert_eq!(fleet.end_listeners().await, 2, "both ended");
    next_on_stream(&mut events, "resync after the lost connection", |e| {
        (e == StreamEvent::Resync).then_some(())
    })
    .await;
    let olu = fleet.a.client(&fleet.operator);
    olu.amend(records[0].id, records[0].version, &racer(0), None)
        .await
        .expect("amended");
    let change = next_on_stream(&mut events, "the change after resync", |e| match e {
        StreamEvent::Change(c) if c.record_id == records[0].id => Some(c),
        _ => None,
    })
    .await;
    assert_eq!(change.action, ChangeAction::Amended);

    // Stopping B ends its stream with `reconnect` and gives back its listening connection.
    fleet.b.stop().await;
    next_on_stream(&mut events, "reconnect as B stops", |e| {
        (e == StreamEvent::Reconnect).then_some(())
    })
    .await;
    eventually("B's listener gone", WITHIN, || async {
        (fleet.listeners().await == 1).then_some(())
    })
    .await;
    fleet.a.stop().await;
}
