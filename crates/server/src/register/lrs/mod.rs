//! The real register: `LearnerRegister` over the LRS SOAP services (issue 15), on the wire format
//! of `uln_lrs` (crates/lrs), tried against `lrs-sim`.
//!
//! # The decision: how a ULN is looked up
//! The trait's `lookup` returns the register's whole record for a ULN (names, date of birth,
//! gender, postcode, preferred and previous names, linked ULNs, ability to share) and the domain
//! verifies and diagnoses locally, so that one matcher explains every anomaly the same way
//! whichever register answered. The LRS cannot be asked by ULN alone: its find by ULN needs the
//! learner's family and given names and discloses nothing when they do not match. So `lookup`
//! and `lookup_many` take the details supplied with the ULN (`Supplied`); the simulated register
//! ignores them, and this adapter asks in two steps:
//!
//! 1. **VerifyLearner** with the supplied details (the batch verify, SubmitVerifyBatch then
//!    GetVerifyBatchOutput polled for a bounded time, in `lookup_many`). Whatever the match, its
//!    answer carries the LRS's own ULN, names, date of birth and gender (the master's for a
//!    linked ULN); WSVRC006 is "not found" and ends the lookup.
//! 2. **FindLearnerByULN** (FindType `FUL`) with the supplied ULN and the LRS's own names, which
//!    must find the learner: it returns the full `Learner` (postcode, preferred and previous
//!    names, linked ULNs, ability to share), WSRC0022 / `MasterSubstituted` for a linked ULN.
//!
//! Two calls per learner, where a matching lookup could be one; the price of one diagnosis.
//!
//! # Other decisions
//! - **Search by demographics**: the LRS requires gender and postcode; a search without them
//!   sends `0` (not known) and `ZZ99 9ZZ` (unknown), and a WSRC0003 answer is then narrowed as
//!   the simulated register narrows it: exact when exactly one candidate has the very names.
//! - **PLR**: GetLearnerLearningEvents needs the given name, so a PLR asked without one is
//!   refused (422) here, where the simulated register checks family name and date of birth only.
//!   The record shown beside the events comes from a find by ULN with the caller's names.
//! - **Data challenges**: the LRS lists challenges per ULN, not all of an organisation's; this
//!   adapter lists those the store's audit trail records as raised (`register::raised`: the
//!   route writes the row once the LRS confirms), by any server on the database and surviving a
//!   restart, each with its status read back from the LRS with a ListDataChallenge per ULN.
//!   A challenge raised on the LRS by other means is not ours to list. CreateDataChallenge
//!   must carry the learner's names, date of birth and gender: the adapter asks the LRS for its
//!   own (RetrieveULNs, by ULN alone; the master's for a linked ULN) just before, rather than
//!   asking the operator to retype them. Gender travels as the learner service's digit code
//!   (`0`, `1`, `2`, `9`), assumed where the PLR service's schema allows names too. The LRS
//!   takes at most two events per challenge.
//! - **TLS**: the organisation's client certificate (PEM, from the credentials file) is presented
//!   on every connection; `LrsSettings::server_ca` adds a private CA to the public roots, for a
//!   test environment (tests/lrs_sim/tls.rs runs lrs-sim behind a front requiring the certificate).
//! - **Availability**: timeouts, retries and the breaker are `transport`'s; the register being
//!   closed or down is `RegisterError::Unavailable`, answered 503 with what and since when.

pub mod breaker;
mod challenges;
pub mod credentials;
mod health;
mod lookups;
mod mapping;
mod plr;
pub mod transport;

use super::*;
use crate::store::Store;
use breaker::Breaker;
use credentials::LrsCredentials;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use transport::{RetryPolicy, Transport};
use uln_lrs::{OrgCredentials, PlrCaller, UserType};

/// How the adapter reaches the LRS and how patient it is.
#[derive(Debug, Clone)]
pub struct LrsSettings {
    /// The services' base URL; `LearnerService.svc` and `LearnerServiceR9.svc` are under it.
    pub base_url: String,
    /// Each HTTP exchange, connection included.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Calls failing in a row (after their retries) that open the breaker.
    pub failures_to_open: u32,
    pub first_cool_off: Duration,
    pub longest_cool_off: Duration,
    /// How long a batch verify may take before the lookup gives up on it.
    pub batch_wait: Duration,
    /// The vendor id the LRS issued, sent with every PLR service call.
    pub vendor_id: u32,
    /// Answers typically slower than this show the LRS as slow in the status bar.
    pub slow_after: Duration,
    /// The service's published closed hours, so "closed" can say until when.
    pub closed_hours: Option<crate::lrs_sim::ClosedHours>,
    /// A CA certificate (PEM) trusted besides the public roots, for an LRS whose certificate a
    /// private CA issued (a test environment's, a test's). None: the public roots only.
    pub server_ca: Option<Vec<u8>>,
}

impl LrsSettings {
    pub fn new(base_url: impl Into<String>) -> Self {
        LrsSettings {
            base_url: base_url.into(),
            timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            failures_to_open: 5,
            first_cool_off: Duration::from_secs(10),
            longest_cool_off: Duration::from_secs(300),
            batch_wait: Duration::from_secs(120),
            vendor_id: 0,
            slow_after: Duration::from_secs(3),
            closed_hours: None,
            server_ca: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LrsSetupError {
    #[error("the LRS URL is not valid: {0}")]
    Url(String),
    #[error("the client certificate is not a PEM certificate with its private key")]
    ClientIdentity,
    #[error("the LRS's CA certificate is not a PEM certificate")]
    ServerCa,
    #[error("the HTTP client could not be built: {0}")]
    Client(String),
}

pub struct LrsRegister {
    transport: Transport,
    credentials: OrgCredentials,
    settings: LrsSettings,
    /// Where the raised challenges are recorded (see the module's decisions).
    store: Arc<dyn Store>,
}

impl LrsRegister {
    /// The adapter, listing data challenges from `store`'s audit trail.
    pub fn new(
        settings: LrsSettings,
        credentials: LrsCredentials,
        store: Arc<dyn Store>,
    ) -> Result<Self, LrsSetupError> {
        let url = reqwest::Url::parse(&settings.base_url)
            .map_err(|e| LrsSetupError::Url(e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(LrsSetupError::Url("use an http or https URL".into()));
        }
        // Credentials travel in the body, from their own file; one in a URL would be logged.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(LrsSetupError::Url(
                "put no user or password in the URL: they belong in the credentials file".into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .pool_max_idle_per_host(8);
        if let Some(pem) = &credentials.client_identity {
            let identity =
                reqwest::Identity::from_pem(pem).map_err(|_| LrsSetupError::ClientIdentity)?;
            builder = builder.identity(identity);
        }
        if let Some(pem) = &settings.server_ca {
            let ca = reqwest::Certificate::from_pem(pem).map_err(|_| LrsSetupError::ServerCa)?;
            builder = builder.add_root_certificate(ca);
        }
        let http = builder
            .build()
            .map_err(|e| LrsSetupError::Client(e.to_string()))?;
        let breaker = Breaker::new(
            settings.failures_to_open,
            settings.first_cool_off,
            settings.longest_cool_off,
        );
        let health = health::Health::new(settings.slow_after);
        let transport = Transport::new(http, url.to_string(), settings.retry, breaker, health);
        Ok(LrsRegister {
            transport,
            credentials: credentials.organisation,
            settings,
            store,
        })
    }

    /// Requests sent and how many of them were retries, since start.
    pub fn attempts_and_retries(&self) -> (u64, u64) {
        let counts = &self.transport.counts;
        (
            counts.attempts.load(Ordering::Relaxed),
            counts.retries.load(Ordering::Relaxed),
        )
    }

    /// Since when the LRS has been taken as down, while the breaker is open.
    pub fn down_since(&self) -> Option<Timestamp> {
        self.transport.breaker.down_since()
    }

    fn plr_caller(&self) -> PlrCaller {
        PlrCaller {
            credentials: self.credentials.clone(),
            user_type: UserType::Learner,
            vendor_id: self.settings.vendor_id,
            language: "ENG".into(),
        }
    }
}

#[async_trait]
impl LearnerRegister for LrsRegister {
    async fn lookup(&self, uln: &Uln, supplied: &Supplied) -> RegisterResult<RegisterLookup> {
        let verified = self.verify_one(uln, supplied).await?;
        self.complete(uln, &verified).await
    }

    async fn lookup_many(&self, asked: &[(Uln, Supplied)]) -> RegisterResult<Vec<RegisterLookup>> {
        self.lookup_batch(asked).await
    }

    async fn find_by_demographics(
        &self,
        query: &DemographicQuery,
    ) -> RegisterResult<SearchOutcome> {
        self.search(query).await
    }

    async fn fetch_plr(&self, uln: &Uln, identity: &IdentityCheck) -> RegisterResult<PlrOutcome> {
        self.plr(uln, identity).await
    }

    async fn create_challenge(&self, challenge: &NewChallenge) -> RegisterResult<Challenge> {
        self.raise(challenge).await
    }

    async fn challenges(&self, status: Option<ChallengeStatus>) -> RegisterResult<Vec<Challenge>> {
        self.list_raised(status).await
    }

    fn kind(&self) -> uln_api::RegisterKind {
        uln_api::RegisterKind::Lrs
    }

    fn availability(&self) -> Availability {
        let transport = &self.transport;
        transport.health.availability(
            transport.breaker.down_since(),
            self.settings.closed_hours,
            Timestamp::now(),
        )
    }
}
