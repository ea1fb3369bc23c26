//! The reference registration backend: a library that builds the HTTP service from a config and
//! runs it until a shutdown future resolves.

pub mod assess;
pub mod auth;
pub mod error;
pub mod expiry;
pub mod extract;
pub mod openapi;
pub mod register;
pub mod routes;
pub mod seed;
pub mod store;
pub mod views;
pub mod wire;

use register::{LearnerRegister, SimulatedRegister};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use store::{Operator, Role, SqliteStore, Store};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use uln_api::ChangeEvent;
use uln_domain::RemovalPeriod;

/// How many change events a slow event-stream subscriber may fall behind before it is told to resync.
const EVENT_BUFFER: usize = 1024;

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// `sqlite://PATH` (created if missing) or `sqlite::memory:`.
    pub database_url: String,
    pub removal_period: RemovalPeriod,
    /// How often the four-week rule is applied; expiry happens within this of a deadline.
    pub expiry_interval: Duration,
    /// SQLite's connections and page cache: the console's embedded backend uses less.
    pub pool_size: store::sqlite::PoolSize,
    /// How far an event-stream subscriber may fall behind before it is told to resync.
    pub event_buffer: usize,
}

impl ServerConfig {
    pub fn new(database_url: impl Into<String>) -> Self {
        ServerConfig {
            database_url: database_url.into(),
            removal_period: RemovalPeriod::default(),
            expiry_interval: Duration::from_secs(30),
            pool_size: store::sqlite::PoolSize::SERVER,
            event_buffer: EVENT_BUFFER,
        }
    }
}

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub register: Arc<dyn LearnerRegister>,
    pub events: broadcast::Sender<ChangeEvent>,
    pub removal_period: RemovalPeriod,
    pub operators: Arc<auth::OperatorCache>,
}

/// How long an authenticated token is trusted without asking the database again.
const OPERATOR_CACHE_TTL: Duration = Duration::from_secs(30);

impl AppState {
    /// Tells event-stream subscribers; having none is normal.
    pub fn publish(&self, event: ChangeEvent) {
        let _ = self.events.send(event);
    }
}

/// An opened backend: database migrated, ready to serve.
pub struct Backend {
    pub state: AppState,
    pub config: ServerConfig,
    sqlite: SqliteStore,
    register: SimulatedRegister,
}

impl Backend {
    pub async fn open(config: ServerConfig) -> anyhow::Result<Backend> {
        if !config.database_url.starts_with("sqlite:") {
            anyhow::bail!("unsupported database URL: only sqlite:// is implemented so far");
        }
        let pool = store::sqlite::open_pool(&config.database_url, config.pool_size).await?;
        let sqlite = SqliteStore::new(pool.clone());
        let register = SimulatedRegister::new(pool);
        let (events, _) = broadcast::channel(config.event_buffer.max(1));
        let state = AppState {
            store: Arc::new(sqlite.clone()),
            register: Arc::new(register.clone()),
            events,
            removal_period: config.removal_period,
            operators: Arc::new(auth::OperatorCache::new(OPERATOR_CACHE_TTL)),
        };
        Ok(Backend {
            state,
            config,
            sqlite,
            register,
        })
    }

    pub fn sqlite(&self) -> &SqliteStore {
        &self.sqlite
    }

    pub fn simulated_register(&self) -> &SimulatedRegister {
        &self.register
    }

    /// Creates an operator and returns their token, which is stored only as a hash.
    pub async fn add_operator(&self, name: &str, role: Role) -> anyhow::Result<(Operator, String)> {
        let token =
            auth::new_token().map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
        let operator = self
            .state
            .store
            .add_operator(name, role, &auth::hash_token(&token))
            .await?;
        Ok((operator, token))
    }

    pub fn router(&self) -> axum::Router {
        routes::router(self.state.clone())
    }

    /// Serves on `listener`, with the expiry job, until `shutdown` resolves.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let expiry = tokio::spawn(expiry::run(self.state.clone(), self.config.expiry_interval));
        let result = axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await;
        expiry.abort();
        result.map_err(Into::into)
    }
}
