//! The SSH front of the console: an SSH server in the backend's process that gives each
//! authenticated connection its own console session over the channel. Keys are operators; a
//! session's console reaches the backend over HTTP like any other, with a bearer token the backend
//! mints for that session (`Gate`), so this crate needs neither the server crate nor a database.

mod connection;
pub mod input;
pub mod keys;
mod limits;
mod session;
pub mod terminal;

/// For implementing `Gate`.
pub use async_trait::async_trait;
pub use keys::{fingerprint, load_or_create_host_key, OperatorPublicKey};
pub use limits::{SessionLimits, Sessions};

use russh::keys::PrivateKey;
use russh::server::Server as _;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use uln_tui::feed::SharedFeed;

/// What the SSH server asks of the backend it runs in. Implemented over the backend by the
/// binary; the session it grants carries the bearer token its console sends.
#[async_trait::async_trait]
pub trait Gate: Send + Sync + 'static {
    type Session: Send + Sync + 'static;

    /// The name of the operator a key (by fingerprint) admits: None for an unknown key or a
    /// revoked operator.
    async fn operator_for_key(&self, fingerprint: &str) -> Option<String>;
    /// Starts a session for the key, connected from `source`: audited; None if the key no longer
    /// admits anyone.
    async fn start(&self, fingerprint: &str, source: &str) -> Option<Self::Session>;
    fn operator<'a>(&self, session: &'a Self::Session) -> &'a str;
    /// The operator's role as the console shows it (`operator`, `supervisor`…).
    fn role(&self, session: &Self::Session) -> String;
    fn token<'a>(&self, session: &'a Self::Session) -> &'a str;
    /// Whether the session's key still admits its operator (not revoked, key not removed).
    async fn still_admitted(&self, session: &Self::Session) -> bool;
    /// Ends the session: its token stops working; audited with `why`.
    async fn end(&self, session: Self::Session, why: EndReason);
    /// The token with which this server follows the backend's event stream once for all its
    /// sessions (a viewer's rights are enough); None makes each session follow it itself.
    async fn stream_token(&self) -> Option<String>;
    /// The operator's own keys, colour and masking for their sessions; the defaults unless the
    /// gate keeps settings per operator.
    fn console_settings(&self, _operator: &str) -> ConsoleSettings {
        ConsoleSettings::default()
    }
}

/// How an operator's console behaves over SSH, as their `uln-console.toml` says for a local one.
#[derive(Debug, Clone, Default)]
pub struct ConsoleSettings {
    pub keymap: uln_tui::keymap::Keymap,
    /// False turns colour off whatever the client's terminal says.
    pub no_colour: bool,
    pub mask_after_idle: Option<jiff::SignedDuration>,
    /// Why the operator's settings could not be used (the defaults are): told to them at start.
    pub problem: Option<String>,
}

/// Why a session ended, as audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    Quit,
    Disconnected,
    IdleTimeout,
    Revoked,
    ServerStopping,
}

impl EndReason {
    pub fn name(self) -> &'static str {
        match self {
            EndReason::Quit => "quit",
            EndReason::Disconnected => "disconnected",
            EndReason::IdleTimeout => "idle_timeout",
            EndReason::Revoked => "revoked",
            EndReason::ServerStopping => "server_stopping",
        }
    }
}

/// How long stopping waits for sessions to end before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// How long stopping then waits for clients to close their connections themselves.
const CLIENTS_GRACE: Duration = Duration::from_secs(2);

pub struct SshSettings {
    pub host_key: PrivateKey,
    /// The backend's own API root on loopback, which every session's console talks to.
    pub api_base: String,
    /// A session with no input for this long ends.
    pub idle_timeout: Duration,
}

/// Shared by every connection of one SSH server.
pub(crate) struct Shared<G: Gate> {
    pub gate: G,
    pub settings: SshSettings,
    pub sessions: Arc<Sessions>,
    /// Turns true when the server stops: sessions end with a message.
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Connections open now, authenticated or not.
    pub connections: tokio::sync::watch::Sender<usize>,
    /// The backend's event stream, followed once and passed on to every session.
    pub feed: Option<SharedFeed>,
}

/// Serves console sessions on `listener` until `shutdown` resolves; sessions then end. The
/// caller keeps `sessions` (with its limits) to see how many run.
pub async fn serve<G: Gate>(
    listener: tokio::net::TcpListener,
    gate: G,
    settings: SshSettings,
    sessions: Arc<Sessions>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let config = Arc::new(russh::server::Config {
        methods: russh::MethodSet::from(&[russh::MethodKind::PublicKey][..]),
        keys: vec![settings.host_key.clone()],
        // OpenSSH probes with `none` first; refusing it at once keeps connecting quick, while a
        // refused key still waits, so keys cannot be tried quickly.
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        // The console's own idle timeout ends a session; this only collects dead connections.
        inactivity_timeout: Some(settings.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Default::default()
    });
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let connections = tokio::sync::watch::Sender::new(0usize);
    let feed = shared_feed(&gate, &settings.api_base).await;
    let shared = Arc::new(Shared {
        gate,
        settings,
        sessions: sessions.clone(),
        stopping,
        connections: connections.clone(),
        feed,
    });
    let mut server = connection::Listener { shared };
    let running = server.run_on_socket(config, &listener);
    let handle = running.handle();
    tokio::select! {
        result = running => result,
        () = shutdown => {
            // Sessions say goodbye and end first; connections are then closed, those sessions
            // that did not end in time included.
            let _ = stop.send(true);
            let _ = tokio::time::timeout(SHUTDOWN_GRACE, sessions.all_ended()).await;
            // A client whose session ended closes its connection itself once it has read the
            // exit status; a disconnect sent first would make it report an error instead.
            let mut open = connections.subscribe();
            let all_closed = open.wait_for(|n| *n == 0);
            let _ = tokio::time::timeout(CLIENTS_GRACE, all_closed).await;
            handle.shutdown("the server is stopping".into());
            Ok(())
        }
    }
}

/// One event stream for all sessions, followed over HTTP like any console's, with the gate's
/// stream token. Without one, each session follows the stream itself, as a local console does.
async fn shared_feed<G: Gate>(gate: &G, api_base: &str) -> Option<SharedFeed> {
    let Some(token) = gate.stream_token().await else {
        tracing::warn!("no stream token: each ssh session follows the event stream itself");
        return None;
    };
    match uln_api::ApiClient::new(api_base.to_owned(), token) {
        Ok(client) => Some(SharedFeed::follow(client)),
        Err(e) => {
            tracing::warn!(error = %e, "no client for the shared event stream");
            None
        }
    }
}
