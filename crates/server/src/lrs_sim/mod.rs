//! `lrs-sim`: the simulated register served through the LRS's own SOAP operations, so the LRS
//! adapter (and any integrator's client) can be run against it, failure paths included.
//!
//! It answers from whatever the database's register tables hold (`uln-console seed` fills them),
//! through the `LearnerRegister` trait, with the codes and faults the schemas define: WSVRC
//! codes and failure flags from the domain's verification, WSRC codes for finds and the PLR,
//! and `MIAPAPIException` faults (HTTP 500, as SOAP 1.1 servers send them) for refusals.
//!
//! Decisions where the public record is silent (README, "Running lrs-sim"):
//! - The organisation and user name identify the caller: either unknown is WSEC0003; a wrong
//!   password for a known caller is WSEC0005.
//! - Checks run in the order a caller would meet them: closed hours (WSEC0004), injected fault
//!   (WSEC0999), the request's shape (WSEC0001 / WSEC0002), credentials, then the operation.
//! - A SOAPAction header, when sent, must be the operation's; a request posted to the other
//!   service's endpoint is an unknown request there (WSEC0002).

mod challenge;
mod endpoint;
mod find;
mod hours;
mod jobs;
mod plr;
mod retrieve;
mod schema;
mod verify;

pub use hours::{system_clock, Clock, ClosedHours};

use crate::http::HttpLimits;
use crate::register::LearnerRegister;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The demo account's organisation (a UKPRN), user name and password, used unless the command
/// line gives others.
pub const DEMO_ORGANISATION: &str = "10099999";
pub const DEMO_USER: &str = "lrs-sim";
pub const DEMO_PASSWORD: &str = "lrs-sim-password";

/// The one organisation account the simulator accepts.
#[derive(Clone)]
pub struct SimAccount {
    /// Matched against the request's UKPRN or OrganisationRef, whichever it sends.
    pub organisation: String,
    pub user_name: String,
    pub password: String,
}

impl Default for SimAccount {
    /// The demo account; `--ukprn`, `--user` and `--password` replace it.
    fn default() -> Self {
        SimAccount {
            organisation: DEMO_ORGANISATION.into(),
            user_name: DEMO_USER.into(),
            password: DEMO_PASSWORD.into(),
        }
    }
}

/// Failures added on purpose, so a client's handling of them can be exercised.
#[derive(Debug, Clone, Copy, Default)]
pub struct FaultInjection {
    /// Added before every answer.
    pub latency: Duration,
    /// Up to this much more, chosen at random per request.
    pub jitter: Duration,
    /// Share of requests, in percent, answered with a WSEC0999 fault.
    pub fault_percent: u8,
    /// Share of requests, in percent, whose answer is cut off half-way and the connection closed.
    pub drop_percent: u8,
}

#[derive(Clone)]
pub struct SimConfig {
    pub account: SimAccount,
    pub faults: FaultInjection,
    /// When every request is refused as out of hours (WSEC0004); None: always open.
    pub closed: Option<ClosedHours>,
    pub clock: Clock,
    pub http: HttpLimits,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            account: SimAccount::default(),
            faults: FaultInjection::default(),
            closed: None,
            clock: system_clock(),
            http: HttpLimits::default(),
        }
    }
}

/// What every request handler shares.
#[derive(Clone)]
pub(crate) struct Simulator {
    pub register: Arc<dyn LearnerRegister>,
    pub config: Arc<SimConfig>,
    pub jobs: Arc<jobs::VerifyJobs>,
}

/// The two service endpoints, `/LearnerService.svc` and `/LearnerServiceR9.svc`, POST only.
pub fn router(register: Arc<dyn LearnerRegister>, config: SimConfig) -> axum::Router {
    endpoint::router(Simulator {
        register,
        config: Arc::new(config),
        jobs: Arc::new(jobs::VerifyJobs::default()),
    })
}

/// Serves the simulator on `listener` until `shutdown` resolves (timeouts and graceful stop as
/// `serve` has them).
pub async fn serve(
    listener: TcpListener,
    register: Arc<dyn LearnerRegister>,
    config: SimConfig,
    shutdown: impl Future<Output = ()>,
) {
    let limits = config.http;
    crate::http::serve(listener, router(register, config), limits, shutdown, || {}).await;
}

/// Why a request is answered with a `MIAPAPIException` fault rather than a response.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    pub code: uln_lrs::ResponseCode,
    /// What was wrong, for `FurtherDetails`; sent to the caller, never logged.
    pub details: Option<String>,
}

impl Refusal {
    pub fn new(code: uln_lrs::ResponseCode, details: impl Into<String>) -> Self {
        Refusal {
            code,
            details: Some(details.into()),
        }
    }

    /// A request that breaks the schema (WSEC0001).
    pub fn invalid(details: impl Into<String>) -> Self {
        Self::new(uln_lrs::ResponseCode::InvalidRequest, details)
    }
}

/// The register's tables failed: logged here without personal data (a corrupt-data message may
/// hold a ULN), answered as the LRS answers its own failures, WSEC0999.
pub(crate) fn register_failed(error: crate::register::RegisterError) -> Refusal {
    use crate::register::RegisterError;
    match &error {
        RegisterError::Storage(e) => tracing::error!(error = %e, "the register's tables failed"),
        RegisterError::Corrupt(_) => tracing::error!("the register's data is corrupt"),
        RegisterError::Refused { field, .. } => {
            tracing::error!(field = %field, "the register refused a checked request")
        }
        RegisterError::Unavailable(why) => tracing::error!(%why, "the register is unavailable"),
        RegisterError::Misconfigured(why) => tracing::error!(%why, "the register refused"),
    }
    Refusal {
        code: uln_lrs::ResponseCode::UnknownException,
        details: None,
    }
}
