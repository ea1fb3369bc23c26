//! The reference registration backend: a library that builds the HTTP service from a config and
//! runs it until a shutdown future resolves.

pub mod assess;
pub mod auth;
pub mod counts;
pub mod dashboard;
pub mod database;
pub mod duplicates;
pub mod error;
pub mod expiry;
pub mod extract;
pub mod fleet;
pub mod guard;
pub mod http;
pub mod json_body;
pub mod lrs_sim;
pub mod migrate_data;
pub mod operators;
pub mod pending;
pub mod register;
pub mod routes;
pub mod seed;
pub mod ssh_access;
pub mod store;
pub mod undo;
pub mod views;
pub mod wake;
pub mod wire;

use register::LearnerRegister;
use seed::{SeedConfig, SeedSummary, Seeder};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use store::{Operator, PoolSize, Role, Store};
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch, Notify, Semaphore};
use uln_api::{ChangeEvent, ClaimEvent, NoteEvent, StreamEvent};
use uln_domain::RemovalPeriod;

/// How many change events a slow event-stream subscriber may fall behind before it is told to resync.
const EVENT_BUFFER: usize = 1024;

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// `sqlite://PATH` (created if missing) or `sqlite::memory:`; see `database::open`.
    pub database_url: String,
    pub removal_period: RemovalPeriod,
    /// How close to its deadline a snoozed record comes back at the latest.
    pub snooze_margin: jiff::SignedDuration,
    /// How long after a change its operator may still undo it (`undo::DEFAULT_WINDOW`).
    pub undo_window: jiff::SignedDuration,
    /// How long a claim lasts without being renewed (`serve --claim-idle-minutes`).
    pub claim_idle: jiff::SignedDuration,
    /// How often the four-week rule is applied; expiry happens within this of a deadline.
    pub expiry_interval: Duration,
    /// How often registrations held while the register was closed or down are tried again.
    pub pending_interval: Duration,
    /// The database's connections and page cache: the console's embedded backend uses less.
    pub pool_size: PoolSize,
    /// How far an event-stream subscriber may fall behind before it is told to resync.
    pub event_buffer: usize,
    /// Timeouts for slow and idle clients, and the grace period when stopping.
    pub http: http::HttpLimits,
    /// Which register verifies ULNs: the simulated one in the database (the default, and the
    /// embedded demo's), or the LRS through the adapter.
    pub register: RegisterChoice,
}

/// The register a backend uses.
#[derive(Debug, Clone, Default)]
pub enum RegisterChoice {
    #[default]
    Simulated,
    /// The LRS SOAP services at `settings.base_url`, with the organisation's credentials.
    Lrs {
        settings: Box<register::lrs::LrsSettings>,
        credentials: register::lrs::credentials::LrsCredentials,
    },
}

impl ServerConfig {
    pub fn new(database_url: impl Into<String>) -> Self {
        ServerConfig {
            database_url: database_url.into(),
            removal_period: RemovalPeriod::default(),
            snooze_margin: routes::snooze::DEFAULT_SNOOZE_MARGIN,
            undo_window: undo::DEFAULT_WINDOW,
            claim_idle: routes::claims::DEFAULT_CLAIM_IDLE,
            expiry_interval: Duration::from_secs(30),
            pending_interval: Duration::from_secs(30),
            pool_size: PoolSize::SERVER,
            event_buffer: EVENT_BUFFER,
            http: http::HttpLimits::default(),
            register: RegisterChoice::Simulated,
        }
    }
}

/// Everything a handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub register: Arc<dyn LearnerRegister>,
    /// Changes and queue counts for the event stream's subscribers.
    pub events: broadcast::Sender<StreamEvent>,
    /// Poked by every change: the counts publisher (`counts::run`) then sends fresh counts.
    pub counts_due: Arc<Notify>,
    /// Slots for expensive reads (queue pages, searches): at most half the database's connections,
    /// so a burst of them can never starve record opens and writes of a connection.
    pub heavy_reads: Arc<Semaphore>,
    pub removal_period: RemovalPeriod,
    /// A snooze never runs past this long before the record's deadline (`routes::snooze`).
    pub snooze_margin: jiff::SignedDuration,
    /// How long after a change its operator may still undo it (`routes::undo`).
    pub undo_window: jiff::SignedDuration,
    /// A claim not renewed for this long has lapsed (`routes::claims`).
    pub claim_idle: jiff::SignedDuration,
    pub operators: Arc<auth::OperatorCache>,
    /// Tokens of the console sessions served over SSH, alive only while their session is.
    pub ssh_sessions: Arc<ssh_access::SshSessionTokens>,
    pub limits: http::HttpLimits,
    /// Turns true when the server starts stopping: event streams then send their last event.
    pub stopping: watch::Receiver<bool>,
    /// Where changes go for the other servers on the same database; None where this server is
    /// the database's only one (SQLite).
    pub fleet: Option<fleet::Outbox>,
}

/// How long an authenticated token is trusted without asking the database again, at most: a change
/// to any operator empties the cache sooner (`operators::watch`).
const OPERATOR_CACHE_TTL: Duration = Duration::from_secs(30);

/// How long an expensive read waits for a slot before the client is told the server is busy.
const HEAVY_READ_WAIT: Duration = Duration::from_secs(5);

impl AppState {
    /// A slot for an expensive read, held until the answer is built; 503 if none frees in time.
    pub async fn heavy_read(&self) -> Result<tokio::sync::SemaphorePermit<'_>, error::ApiError> {
        match tokio::time::timeout(HEAVY_READ_WAIT, self.heavy_reads.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(error::ApiError::Busy),
        }
    }

    /// Tells event-stream subscribers, on this server and on the others sharing its database;
    /// having none is normal.
    pub fn publish(&self, event: ChangeEvent) {
        if let Some(fleet) = &self.fleet {
            fleet.post(&event);
        }
        self.publish_here(event);
    }

    /// Tells this server's subscribers only: for a change another server made and announced.
    pub(crate) fn publish_here(&self, event: ChangeEvent) {
        let _ = self.events.send(StreamEvent::Change(event));
        self.counts_due.notify_one();
    }

    /// Tells event-stream subscribers here and on the other servers that a record was claimed,
    /// renewed, taken over or released. Counts do not change.
    pub fn publish_claim(&self, event: ClaimEvent) {
        if let Some(fleet) = &self.fleet {
            fleet.post_claim(&event);
        }
        let _ = self.events.send(StreamEvent::Claim(event));
    }

    /// Tells event-stream subscribers here and on the other servers that a note was written.
    /// Counts do not change.
    pub fn publish_note(&self, event: NoteEvent) {
        if let Some(fleet) = &self.fleet {
            fleet.post_note(&event);
        }
        let _ = self.events.send(StreamEvent::Note(event));
    }

    /// Claims renewed at or before this have lapsed.
    pub fn claims_lapse_before(&self, now: jiff::Timestamp) -> jiff::Timestamp {
        now.checked_sub(self.claim_idle).unwrap_or(now)
    }
}

/// An opened backend: database migrated, ready to serve.
pub struct Backend {
    pub state: AppState,
    pub config: ServerConfig,
    seeder: Arc<dyn Seeder>,
    stop_streams: watch::Sender<bool>,
    /// The other servers on this database, heard and told once serving.
    fleet: Option<fleet::Fleet>,
}

impl Backend {
    pub async fn open(config: ServerConfig) -> anyhow::Result<Backend> {
        let mut storage = database::open(&config.database_url, config.pool_size).await?;
        if let RegisterChoice::Lrs {
            settings,
            credentials,
        } = &config.register
        {
            let adapter = register::lrs::LrsRegister::new(
                (**settings).clone(),
                credentials.clone(),
                storage.store.clone(),
            )?;
            tracing::info!(url = %settings.base_url, "the register is the LRS");
            storage.register = Arc::new(adapter);
        }
        let (events, _) = broadcast::channel(config.event_buffer.max(1));
        let (stop_streams, stopping) = watch::channel(false);
        let (outbox, fleet) = match storage.feed {
            Some(feed) => {
                let (outbox, fleet) = fleet::Fleet::new(feed, config.event_buffer);
                (Some(outbox), Some(fleet))
            }
            None => (None, None),
        };
        let state = AppState {
            store: storage.store,
            register: storage.register,
            events,
            counts_due: Arc::new(Notify::new()),
            heavy_reads: Arc::new(Semaphore::new(
                (config.pool_size.max_connections as usize / 2).max(1),
            )),
            removal_period: config.removal_period,
            snooze_margin: config.snooze_margin,
            undo_window: config.undo_window,
            claim_idle: config.claim_idle,
            operators: Arc::new(auth::OperatorCache::new(OPERATOR_CACHE_TTL)),
            ssh_sessions: Arc::default(),
            limits: config.http,
            stopping,
            fleet: outbox,
        };
        Ok(Backend {
            state,
            config,
            seeder: storage.seeder,
            stop_streams,
            fleet,
        })
    }

    /// The database as the seeder and the diagnosis-quality scoring see it.
    pub fn seeder(&self) -> &dyn Seeder {
        self.seeder.as_ref()
    }

    /// Fills an empty database with demo data (see `seed::seed`).
    pub async fn seed(
        &self,
        config: &SeedConfig,
        removal: RemovalPeriod,
    ) -> anyhow::Result<SeedSummary> {
        seed::seed(self.state.store.as_ref(), self.seeder(), config, removal).await
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

    /// Serves on `listener`, with the expiry job (and, over PostgreSQL, the change feed to and
    /// from the other servers), until `shutdown` resolves.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let router = self.router();
        self.serve_router(listener, router, shutdown).await
    }

    /// As `serve`, with `router` built from `Backend::router` and wrapped by the caller (a
    /// benchmark's request counter, say); the expiry job and the counts publisher run as usual.
    /// When `shutdown` resolves, event streams end with a `reconnect` event and requests in
    /// flight get `config.http.shutdown_grace` to finish (see `http::serve`).
    pub async fn serve_router(
        self,
        listener: TcpListener,
        router: axum::Router,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let expiry = tokio::spawn(expiry::run(self.state.clone(), self.config.expiry_interval));
        let counts = tokio::spawn(counts::run(self.state.clone()));
        let pending = tokio::spawn(pending::run(
            self.state.clone(),
            self.config.pending_interval,
        ));
        let operators = tokio::spawn(operators::watch(self.state.clone()));
        let fleet = match self.fleet {
            Some(fleet) => Some(fleet.start(self.state.clone()).await),
            None => None,
        };
        let stop_streams = self.stop_streams;
        http::serve(listener, router, self.config.http, shutdown, move || {
            stop_streams.send_replace(true);
        })
        .await;
        expiry.abort();
        counts.abort();
        pending.abort();
        operators.abort();
        if let Some(fleet) = fleet {
            fleet.stop().await;
        }
        Ok(())
    }
}
