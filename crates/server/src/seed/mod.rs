//! Deterministic demo and test data: register learners with PLRs and merged ULNs, and registrations
//! of which a share carry each anomaly kind, with the ground truth kept for scoring diagnosis.

mod anomalies;
mod data;
mod people;
pub mod quality;

pub use anomalies::INJECTED;

use crate::store::{NewRegistration, RecordStatus, Store};
use crate::Backend;
use anomalies::{exact, inject, pick_kind, Context};
use jiff::{SignedDuration, Timestamp};
use people::UlnSource;
use std::collections::HashMap;
use std::time::Instant;
use uln_domain::diagnosis::{anomaly_kinds, diagnose};
use uln_domain::verification::verify_supplied;
use uln_domain::{Lookup, RegisterLearner, RemovalPeriod};

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
    pub seconds: f64,
}

/// Registrations generated and stored per transaction, bounding memory at any scale.
const BATCH: usize = 50_000;
/// Share of learners (percent) who also have a second, linked ULN.
const LINKED_PERCENT: u8 = 4;

/// The register's answer for a supplied ULN, from the in-memory copy the seeder holds.
struct RegisterIndex<'a> {
    learners: &'a [RegisterLearner],
    by_uln: HashMap<&'a str, usize>,
    by_linked: HashMap<&'a str, usize>,
}

impl<'a> RegisterIndex<'a> {
    fn new(learners: &'a [RegisterLearner]) -> Self {
        let mut by_uln = HashMap::with_capacity(learners.len());
        let mut by_linked = HashMap::new();
        for (i, l) in learners.iter().enumerate() {
            by_uln.insert(l.uln.as_str(), i);
            for linked in &l.linked_ulns {
                by_linked.insert(linked.as_str(), i);
            }
        }
        RegisterIndex {
            learners,
            by_uln,
            by_linked,
        }
    }

    fn lookup(&self, uln: &str) -> Lookup<'a> {
        if let Some(&i) = self.by_uln.get(uln) {
            Lookup::Direct(&self.learners[i])
        } else if let Some(&i) = self.by_linked.get(uln) {
            Lookup::Linked(&self.learners[i])
        } else {
            Lookup::NotFound
        }
    }
}

pub async fn seed(
    backend: &Backend,
    config: &SeedConfig,
    removal: RemovalPeriod,
) -> anyhow::Result<SeedSummary> {
    let started = Instant::now();
    if backend.simulated_register().learner_count().await? > 0 {
        anyhow::bail!("this database already holds register data; seed a new database file");
    }
    if config.learners == 0 {
        anyhow::bail!("--learners must be at least 1");
    }
    let mut rng = fastrand::Rng::with_seed(config.seed);
    let mut ulns = UlnSource::new();

    let mut learners: Vec<RegisterLearner> = (0..config.learners)
        .map(|_| people::learner(&mut rng, &mut ulns))
        .collect();
    let mut links = Vec::new();
    for l in learners.iter_mut() {
        if rng.u8(0..100) < LINKED_PERCENT {
            let linked = ulns.fresh(&mut rng);
            links.push((linked.clone(), l.uln.clone()));
            l.linked_ulns.push(linked);
        }
    }
    let events: Vec<_> = learners
        .iter()
        .flat_map(|l| {
            let provider = people::random_centre(&mut rng);
            people::events(&mut rng, l, provider)
        })
        .collect();
    backend
        .simulated_register()
        .load(&learners, &links, &events)
        .await?;

    let index = RegisterIndex::new(&learners);
    let store = backend.sqlite();
    let mut summary = SeedSummary {
        learners: learners.len(),
        linked_ulns: links.len(),
        events: events.len(),
        ..Default::default()
    };
    // Leave ten minutes so nothing is already overdue when seeding finishes.
    let spread = removal.duration().as_secs() - 600;
    let mut remaining = config.registrations;
    while remaining > 0 {
        let size = remaining.min(BATCH);
        remaining -= size;
        let mut rows = Vec::with_capacity(size);
        let mut injected = Vec::new();
        for _ in 0..size {
            let learner = &learners[rng.usize(..learners.len())];
            let (uln, demographics, kind) = if rng.u8(0..100) < config.anomaly_percent {
                let kind = pick_kind(&mut rng);
                let mut cx = Context {
                    rng: &mut rng,
                    ulns: &mut ulns,
                    learners: &learners,
                };
                let found = (0..50).find_map(|_| {
                    let candidate = &learners[cx.rng.usize(..learners.len())];
                    inject(kind, candidate, &mut cx)
                });
                match found {
                    Some((uln, d)) => (uln, d, Some(kind)),
                    None => (learner.uln.to_string(), exact(learner), None),
                }
            } else {
                (learner.uln.to_string(), exact(learner), None)
            };
            let lookup = index.lookup(&uln);
            let verification = verify_supplied(&uln, &demographics, lookup);
            let anomalies = anomaly_kinds(&diagnose(&uln, &demographics, lookup));
            let registered_at = config.now - SignedDuration::from_secs(rng.i64(0..spread.max(1)));
            let status = if verification.is_match() {
                RecordStatus::Matched
            } else {
                RecordStatus::Open
            };
            if status == RecordStatus::Open {
                injected.push((rows.len(), kind));
            }
            rows.push(NewRegistration {
                uln,
                demographics,
                centre: people::random_centre(&mut rng).to_owned(),
                registered_at,
                deadline: removal.deadline(registered_at),
                status,
                verify_code: verification.code,
                failure_flags: verification.failure_flags,
                anomalies,
            });
        }
        let ids = store.insert_registrations(&rows, None).await?;
        let truth: Vec<(i64, String)> = injected
            .iter()
            .filter_map(|(row, kind)| kind.map(|k| (ids[*row], k.name().to_owned())))
            .collect();
        store.record_seeded_truth(&truth).await?;
        summary.registrations += rows.len();
        summary.exceptions += injected.len();
    }
    summary.seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        learners = summary.learners,
        registrations = summary.registrations,
        exceptions = summary.exceptions,
        "seeded"
    );
    Ok(summary)
}
