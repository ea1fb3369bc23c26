//! Deterministic demo and test data: register learners with PLRs and merged ULNs, and registrations
//! of which a share carry each anomaly kind, with the ground truth kept for scoring diagnosis.
//! Storage for seeding is its own trait, `Seeder`, apart from the `Store` the server runs on.

mod anomalies;
pub mod calibration;
mod data;
mod duplicates;
pub mod independent;
mod people;
pub(crate) mod postgres;
pub mod quality;
mod registrations;
pub(crate) mod sqlite;

pub use anomalies::INJECTED;

use crate::register::SeedEvent;
use crate::store::{Store, StoreResult};
use async_trait::async_trait;
use jiff::Timestamp;
use people::UlnSource;
use registrations::{Generator, RegisterIndex};
use std::time::Instant;
use uln_domain::{RegisterLearner, RemovalPeriod, Uln};

/// What seeding needs from the database beyond `Store`: the simulated register's contents, and the
/// ground truth of injected anomalies, which the API never reads.
#[async_trait]
pub trait Seeder: Send + Sync + 'static {
    /// Learners in the register; seeding only ever fills an empty one.
    async fn learners_in_register(&self) -> StoreResult<i64>;
    /// Loads learners, links (linked ULN → master) and learning events in one transaction.
    async fn load_register(
        &self,
        learners: &[RegisterLearner],
        links: &[(Uln, Uln)],
        events: &[SeedEvent],
    ) -> StoreResult<()>;
    /// Which anomaly (a `SuggestionKind` name) was injected into which registration.
    async fn record_seeded_truth(&self, truth: &[(i64, String)]) -> StoreResult<()>;
    /// Every recorded (registration id, kind), by registration id.
    async fn seeded_truth(&self) -> StoreResult<Vec<(i64, String)>>;
    /// A page of the open and matched registrations whose ULN several carry, an open exception
    /// among them: `groups` ULNs after `after`, by ULN then id (see `store::sqlite::similar`).
    async fn registrations_sharing_a_uln(
        &self,
        after: &str,
        groups: u32,
    ) -> StoreResult<Vec<crate::store::Registration>>;
    /// Sets registrations' anomaly bits as seeding found them, without audit rows: nobody has
    /// worked the records yet.
    async fn set_anomalies(&self, anomalies: &[(i64, i64)]) -> StoreResult<()>;
    /// Every row is in: a database that plans queries from statistics gathers them now, before
    /// seeding's own reads, rather than whenever it would have got round to it.
    async fn loaded(&self) -> StoreResult<()> {
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct SeedConfig {
    pub learners: usize,
    pub registrations: usize,
    pub seed: u64,
    /// Share of registrations that carry an injected anomaly, in percent.
    pub anomaly_percent: u8,
    /// Registrations are spread over the removal period before this time.
    pub now: Timestamp,
}

impl Default for SeedConfig {
    fn default() -> Self {
        SeedConfig {
            learners: 2_000,
            registrations: 3_000,
            seed: 1,
            anomaly_percent: 35,
            now: Timestamp::now(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SeedSummary {
    pub learners: usize,
    pub linked_ulns: usize,
    pub events: usize,
    pub registrations: usize,
    pub exceptions: usize,
    /// Open exceptions found to carry a ULN another registration has for someone else.
    pub duplicates: usize,
    pub seconds: f64,
}

/// Registrations generated and stored per transaction, bounding memory at any scale.
const BATCH: usize = 50_000;
/// Share of learners (percent) who also have a second, linked ULN.
const LINKED_PERCENT: u8 = 4;

/// Seeds an empty database: the register first, then registrations verified against it.
pub async fn seed(
    store: &dyn Store,
    seeder: &dyn Seeder,
    config: &SeedConfig,
    removal: RemovalPeriod,
) -> anyhow::Result<SeedSummary> {
    let started = Instant::now();
    if seeder.learners_in_register().await? > 0 {
        anyhow::bail!("this database already holds register data; seed a new database file");
    }
    if config.learners == 0 {
        anyhow::bail!("--learners must be at least 1");
    }
    let mut rng = fastrand::Rng::with_seed(config.seed);
    let mut ulns = UlnSource::new();
    let (learners, links, events) = register_contents(&mut rng, &mut ulns, config.learners);
    seeder.load_register(&learners, &links, &events).await?;

    let index = RegisterIndex::new(&learners);
    let mut summary = SeedSummary {
        learners: learners.len(),
        linked_ulns: links.len(),
        events: events.len(),
        ..Default::default()
    };
    let mut generator = Generator {
        rng: &mut rng,
        ulns: &mut ulns,
        index: &index,
        anomaly_percent: config.anomaly_percent,
        now: config.now,
        removal,
    };
    let mut remaining = config.registrations;
    while remaining > 0 {
        let size = remaining.min(BATCH);
        remaining -= size;
        let batch = generator.batch(size);
        let ids = store.insert_registrations(&batch.rows, None).await?;
        let truth: Vec<(i64, String)> = batch
            .exceptions
            .iter()
            .filter_map(|(row, kind)| kind.map(|k| (ids[*row], k.name().to_owned())))
            .collect();
        seeder.record_seeded_truth(&truth).await?;
        summary.registrations += batch.rows.len();
        summary.exceptions += batch.exceptions.len();
    }
    seeder.loaded().await?;
    let judging = Instant::now();
    summary.duplicates = duplicates::mark_duplicates(seeder).await?;
    tracing::info!(
        duplicates = summary.duplicates,
        seconds = judging.elapsed().as_secs_f64(),
        "shared ULNs judged"
    );
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        learners = summary.learners,
        registrations = summary.registrations,
        exceptions = summary.exceptions,
        "seeded"
    );
    Ok(summary)
}

/// The register's learners, a share with a second (linked) ULN, and their PLRs.
fn register_contents(
    rng: &mut fastrand::Rng,
    ulns: &mut UlnSource,
    count: usize,
) -> (Vec<RegisterLearner>, Vec<(Uln, Uln)>, Vec<SeedEvent>) {
    let mut learners: Vec<RegisterLearner> =
        (0..count).map(|_| people::learner(rng, ulns)).collect();
    let mut links = Vec::new();
    for l in learners.iter_mut() {
        if rng.u8(0..100) < LINKED_PERCENT {
            let linked = ulns.fresh(rng);
            links.push((linked.clone(), l.uln.clone()));
            l.linked_ulns.push(linked);
        }
    }
    let events = learners
        .iter()
        .flat_map(|l| {
            let provider = people::random_centre(rng);
            people::events(rng, l, provider)
        })
        .collect();
    (learners, links, events)
}
