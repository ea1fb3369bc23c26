//! How a test server is started (`Options`), and the in-process `lrs-sim` a server's register may
//! go through.

use std::time::Duration;
use tokio::sync::oneshot;
use uln_server::ServerConfig;

pub struct Options {
    pub learners: usize,
    pub registrations: usize,
    pub anomaly_percent: u8,
    pub expiry_interval: Duration,
    /// How far an event-stream subscriber may fall behind before it is told to resync.
    pub event_buffer: usize,
    pub http: uln_server::http::HttpLimits,
    /// The register is the LRS adapter talking to an in-process `lrs-sim` over loopback, which
    /// serves the same database's simulated register; otherwise the simulated register itself.
    pub through_lrs_sim: bool,
    /// How `lrs-sim` behaves when the register goes through it (faults, closed hours, a clock).
    pub lrs_sim: uln_server::lrs_sim::SimConfig,
    /// How often held registrations are tried again.
    pub pending_interval: Duration,
    /// The account the adapter sends when it is not the simulator's (a password the LRS has
    /// since changed, say).
    pub lrs_account_sent: Option<uln_server::lrs_sim::SimAccount>,
    /// How close to its deadline a snoozed record comes back at the latest.
    pub snooze_margin: jiff::SignedDuration,
    /// How long after a change its operator may undo it.
    pub undo_window: jiff::SignedDuration,
    /// How long a claim lasts without being renewed.
    pub claim_idle: jiff::SignedDuration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            learners: 400,
            registrations: 800,
            anomaly_percent: 50,
            expiry_interval: Duration::from_secs(30),
            event_buffer: 1024,
            http: uln_server::http::HttpLimits::default(),
            through_lrs_sim: register_is_lrs_sim(),
            lrs_sim: uln_server::lrs_sim::SimConfig::default(),
            pending_interval: Duration::from_secs(30),
            lrs_account_sent: None,
            snooze_margin: uln_server::routes::snooze::DEFAULT_SNOOZE_MARGIN,
            undo_window: uln_server::undo::DEFAULT_WINDOW,
            claim_idle: uln_server::routes::claims::DEFAULT_CLAIM_IDLE,
        }
    }
}

/// `ULN_TEST_REGISTER=lrs-sim` runs every test server's register through the LRS adapter and
/// `lrs-sim` (CI runs the API suite both ways, with the same expectations).
pub fn register_is_lrs_sim() -> bool {
    match std::env::var("ULN_TEST_REGISTER").as_deref() {
        Ok("lrs-sim") => true,
        Ok("simulated") | Err(_) => false,
        Ok(other) => panic!("ULN_TEST_REGISTER is lrs-sim or simulated, not {other:?}"),
    }
}

/// Starts `lrs-sim` on a loopback port over the database at `url` (its simulated register) and
/// points `config`'s register at it through the LRS adapter, with the simulator's account.
pub(super) async fn lrs_sim_over(
    url: &str,
    sim: uln_server::lrs_sim::SimConfig,
    sent: uln_server::lrs_sim::SimAccount,
    config: &mut ServerConfig,
) -> oneshot::Sender<()> {
    use uln_server::lrs_sim;
    use uln_server::register::lrs::{credentials::LrsCredentials, LrsSettings};
    let storage = uln_server::database::open(url, uln_server::store::PoolSize::EMBEDDED)
        .await
        .expect("lrs-sim opens the database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let base = format!("http://{}/", listener.local_addr().expect("its address"));
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(lrs_sim::serve(listener, storage.register, sim, async {
        let _ = stopped.await;
    }));
    config.register = uln_server::RegisterChoice::Lrs {
        settings: Box::new(LrsSettings::new(base)),
        credentials: LrsCredentials {
            organisation: uln_lrs::OrgCredentials {
                organisation: uln_lrs::OrganisationId::Ukprn(sent.organisation),
                user_name: sent.user_name,
                org_password: sent.password,
            },
            client_identity: None,
        },
    };
    stop
}
