//! A real backend on 127.0.0.1:0 over a temporary SQLite file, seeded, with one operator per role.
//! With `ULN_TEST_POSTGRES_URL` set (`scripts/with-postgres.sh`), every server gets a fresh
//! database of its own in that PostgreSQL cluster instead: the same suite, the other store.
#![allow(dead_code)] // each test binary uses a different part of the harness

mod bulk;
mod clients;
mod databases;
pub mod import_cli;
pub mod processes;
pub mod pty;
pub mod ssh;
mod team;
mod test_options;
#[allow(unused_imports)] // only the bulk tests use these
pub use bulk::*;
#[allow(unused_imports)] // not every test binary needs every helper
pub use clients::*;
pub use databases::TestDatabase;
#[allow(unused_imports)] // only the assignment and handover tests use these
pub use team::*;
use test_options::lrs_sim_over;
pub use test_options::Options;

use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use std::time::Duration;
use tokio::sync::oneshot;
use uln_domain::RemovalPeriod;
use uln_server::seed::SeedConfig;
use uln_server::store::{Registration, Role};
use uln_server::{AppState, Backend, ServerConfig};

pub struct TestServer {
    pub base: String,
    pub viewer: String,
    pub operator: String,
    pub supervisor: String,
    pub state: AppState,
    /// Which anomaly the seeder injected into which registration.
    pub seeded_truth: Vec<(i64, String)>,
    /// The database opened on its own, as any client may, for finding fixtures in the simulated
    /// register's tables. SQL here must suit both databases (`$1` parameters, TRUE/FALSE). The
    /// backend's store and register are not reached this way.
    pub pool: sqlx::AnyPool,
    /// The database's URL, for a second process (the command line, another server) to open.
    pub database_url: String,
    /// The register the server was opened with, so another server on its database asks the same.
    pub register: uln_server::RegisterChoice,
    pub client: Client,
    _database: TestDatabase,
    /// Stops the in-process `lrs-sim` when the server goes.
    _lrs_sim: Option<oneshot::Sender<()>>,
    stop: Option<oneshot::Sender<()>>,
    /// The serving task: it ends once the server has stopped.
    pub serving: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// A second server over a test server's database; it stops when dropped.
pub struct OtherServer {
    pub base: String,
    _stop: oneshot::Sender<()>,
    pub serving: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(Options::default()).await
    }

    pub async fn start_with(options: Options) -> TestServer {
        let database = TestDatabase::create().await;
        let url = database.url.clone();
        let mut config = ServerConfig::new(url.clone());
        config.expiry_interval = options.expiry_interval;
        config.event_buffer = options.event_buffer;
        config.http = options.http;
        config.pending_interval = options.pending_interval;
        config.snooze_margin = options.snooze_margin;
        config.undo_window = options.undo_window;
        config.claim_idle = options.claim_idle;
        let lrs_sim = match options.through_lrs_sim {
            true => {
                let sim = options.lrs_sim;
                let sent = options.lrs_account_sent.unwrap_or(sim.account.clone());
                Some(lrs_sim_over(&url, sim, sent, &mut config).await)
            }
            false => None,
        };
        let register = config.register.clone();
        let backend = Backend::open(config).await.expect("backend opens");
        if options.learners > 0 {
            let config = SeedConfig {
                learners: options.learners,
                registrations: options.registrations,
                seed: 7,
                anomaly_percent: options.anomaly_percent,
                ..SeedConfig::default()
            };
            backend
                .seed(&config, RemovalPeriod::default())
                .await
                .expect("seeded");
        }
        let (_, viewer) = backend
            .add_operator("vera-viewer", Role::Viewer)
            .await
            .unwrap();
        let (_, operator) = backend
            .add_operator("olu-operator", Role::Operator)
            .await
            .unwrap();
        let (_, supervisor) = backend
            .add_operator("sam-supervisor", Role::Supervisor)
            .await
            .unwrap();
        let state = backend.state.clone();
        let seeded_truth = backend.seeder().seeded_truth().await.unwrap();
        let pool = database.fixtures().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = tokio::spawn(backend.serve(listener, async {
            let _ = stopped.await;
        }));
        let client = Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        TestServer {
            base,
            viewer,
            operator,
            supervisor,
            state,
            seeded_truth,
            pool,
            database_url: url,
            register,
            client,
            _database: database,
            _lrs_sim: lrs_sim,
            stop: Some(stop),
            serving,
        }
    }

    /// Another server on this server's database, as a second `serve` process would be: it
    /// shares nothing with the first but the database (and the register it asks).
    pub async fn another_server(&self) -> OtherServer {
        let mut config = ServerConfig::new(self.database_url.clone());
        config.register = self.register.clone();
        let backend = Backend::open(config)
            .await
            .expect("the database opens a second time");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = tokio::spawn(backend.serve(listener, async {
            let _ = stopped.await;
        }));
        OtherServer {
            base,
            _stop: stop,
            serving,
        }
    }

    /// Starts a graceful shutdown, as SIGTERM does for `serve`.
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// The server's address, for tests that speak raw HTTP.
    pub fn address(&self) -> String {
        let host = self.base.trim_start_matches("http://");
        host.split('/').next().unwrap_or(host).to_owned()
    }

    pub fn request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        send(self.request(Method::GET, path, token)).await
    }

    pub async fn post(
        &self,
        path: &str,
        token: &str,
        version: Option<i64>,
        body: Value,
    ) -> (StatusCode, Value) {
        let mut request = self.request(Method::POST, path, token).json(&body);
        if let Some(v) = version {
            request = request.header("If-Match", format!("\"{v}\""));
        }
        send(request).await
    }

    /// An open exception whose injected anomaly was `kind`.
    pub async fn open_record_of_kind(&self, kind: &str) -> Registration {
        self.open_records_of_kind(kind)
            .await
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no open {kind} record seeded"))
    }

    pub async fn open_records_of_kind(&self, kind: &str) -> Vec<Registration> {
        let mut found = Vec::new();
        for (id, k) in &self.seeded_truth {
            if k == kind {
                let r = self.state.store.registration(*id).await.unwrap().unwrap();
                if r.status == uln_server::store::RecordStatus::Open {
                    found.push(r);
                }
            }
        }
        found
    }

    /// An open exception of `kind` whose ULN no other open exception shares, so filtering by the
    /// ULN finds exactly it.
    pub async fn open_record_with_own_uln(&self, kind: &str) -> Registration {
        for candidate in self.open_records_of_kind(kind).await {
            let sharing: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM registrations WHERE status = 'open' AND uln = $1",
            )
            .bind(&candidate.uln)
            .fetch_one(&self.pool)
            .await
            .unwrap();
            if sharing == 1 {
                return candidate;
            }
        }
        panic!("no open {kind} record with a ULN of its own")
    }

    /// (uln, family name, date of birth) of a register learner matching `condition` (SQL).
    pub async fn learner_where(&self, condition: &str) -> (String, String, String) {
        let sql = format!("SELECT uln, family_name, date_of_birth FROM lrs_learners WHERE {condition} ORDER BY uln LIMIT 1");
        sqlx::query_as(&sql)
            .fetch_one(&self.pool)
            .await
            .expect("a learner to test with")
    }

    /// The given name the register holds for a learner with this family name and date of
    /// birth, as a caller would give it ("Nobody" when there is none). The LRS shows a PLR only
    /// with the given name, so PLR lookups give it on every register.
    pub async fn given_name_of(&self, family: &str, dob: &str) -> String {
        let found: Option<(String,)> = sqlx::query_as(
            "SELECT given_name FROM lrs_learners WHERE family_name = $1 AND date_of_birth = $2 ORDER BY uln LIMIT 1",
        )
        .bind(family)
        .bind(dob)
        .fetch_optional(&self.pool)
        .await
        .expect("the register's tables answer");
        found.map_or_else(|| "Nobody".to_owned(), |(given,)| given)
    }

    pub async fn audit_actions(&self, id: i64) -> Vec<String> {
        self.state
            .store
            .audit_trail(id)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect()
    }
}

pub async fn send(request: RequestBuilder) -> (StatusCode, Value) {
    let response: Response = request.send().await.expect("request sent");
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, body)
}

/// The first suggestion's amendment, as the flat body the amend route takes.
pub fn top_amendment(detail: &Value) -> Value {
    detail["suggestions"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["action"]["type"] == "amend"))
        .map(|s| s["action"]["amendment"].clone())
        .expect("an amend suggestion")
}

/// Waits until `check` answers `Some`, asking again every 50 ms, for at most `patience`; fails the
/// test naming `what` otherwise.
pub async fn eventually<T, F, Fut>(what: &str, patience: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let waited = tokio::time::timeout(patience, async {
        loop {
            if let Some(found) = check().await {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    waited.unwrap_or_else(|_| panic!("{what} did not happen within {patience:?}"))
}
