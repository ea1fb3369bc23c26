//! Verifications per second through the LRS adapter against `lrs-sim` on loopback, one learner
//! at a time (VerifyLearner, then FindLearnerByULN: two SOAP calls each) at several
//! concurrencies, and in batches (SubmitVerifyBatch, GetVerifyBatchOutput polled, then the finds).
//!
//! cargo run --release --example lrs_throughput -- [LEARNERS] [LOOKUPS] [LATENCY_MS]
//!
//! Seeds a temporary SQLite register of LEARNERS learners (default 20,000), serves it with
//! lrs-sim in this process, and times LOOKUPS lookups (default 2,000) of learners picked from it,
//! half of them with a misspelt family name (an exception to diagnose). LATENCY_MS (default 0)
//! is added by lrs-sim before every answer, as a distant service's round trip would. Figures are printed for
//! BENCHMARKS.md; nothing is asserted. The XML cost per call is `crates/lrs/benches/wire.rs`.

use futures_util::{stream, StreamExt};
use std::sync::Arc;
use std::time::Instant;
use uln_domain::{Gender, PersonName, RemovalPeriod, Uln};
use uln_server::lrs_sim::{self, SimConfig, DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USER};
use uln_server::register::lrs::{credentials::LrsCredentials, LrsRegister, LrsSettings};
use uln_server::register::{LearnerRegister, Supplied};
use uln_server::seed::SeedConfig;
use uln_server::{Backend, ServerConfig};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let learners: usize = args.next().map_or(Ok(20_000), |a| a.parse())?;
    let lookups: usize = args.next().map_or(Ok(2_000), |a| a.parse())?;
    let latency: u64 = args.next().map_or(Ok(0), |a| a.parse())?;
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("lrs.db").display());
    let backend = Backend::open(ServerConfig::new(url.clone())).await?;
    let seed = SeedConfig {
        learners,
        registrations: 10,
        seed: 7,
        ..SeedConfig::default()
    };
    backend.seed(&seed, RemovalPeriod::default()).await?;
    let asked = learners_to_ask(&url, lookups).await?;

    let storage = uln_server::database::open(&url, uln_server::store::PoolSize::SERVER).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/", listener.local_addr()?);
    let store = storage.store.clone();
    tokio::spawn(lrs_sim::serve(
        listener,
        storage.register,
        SimConfig {
            faults: lrs_sim::FaultInjection {
                latency: std::time::Duration::from_millis(latency),
                ..Default::default()
            },
            ..SimConfig::default()
        },
        std::future::pending(),
    ));
    let register = Arc::new(LrsRegister::new(
        LrsSettings::new(base),
        LrsCredentials {
            organisation: uln_lrs::OrgCredentials {
                organisation: uln_lrs::OrganisationId::Ukprn(DEMO_ORGANISATION.into()),
                user_name: DEMO_USER.into(),
                org_password: DEMO_PASSWORD.into(),
            },
            client_identity: None,
        },
        store,
    )?);
    println!(
        "{learners} learners in the register; {lookups} lookups per run, half misspelt; \
         {latency} ms added to every answer"
    );
    for concurrency in [1, 8, 32] {
        let started = Instant::now();
        let found = stream::iter(asked.iter().cloned())
            .map(|(uln, supplied)| {
                let register = register.clone();
                async move { register.lookup(&uln, &supplied).await }
            })
            .buffer_unordered(concurrency)
            .filter(|answer| std::future::ready(answer.is_ok()))
            .count()
            .await;
        report(&format!("single, {concurrency} in flight"), found, started);
    }
    for batch in [500, lookups.min(5_000)] {
        let started = Instant::now();
        let mut found = 0;
        for chunk in asked.chunks(batch) {
            found += register.lookup_many(chunk).await?.len();
        }
        report(&format!("batches of {batch}"), found, started);
    }
    let (attempts, retries) = register.attempts_and_retries();
    println!("{attempts} SOAP calls in all, {retries} retries");
    Ok(())
}

fn report(what: &str, found: usize, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{what:>22}: {found} verified in {seconds:.2} s = {:.0} verifications/s",
        found as f64 / seconds
    );
}

/// `n` learners from the register, every other one with its family name misspelt.
async fn learners_to_ask(url: &str, n: usize) -> anyhow::Result<Vec<(Uln, Supplied)>> {
    let pool = sqlx::SqlitePool::connect(url).await?;
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT uln, given_name, family_name, date_of_birth, gender FROM lrs_learners ORDER BY uln LIMIT ?",
    )
    .bind(n as i64)
    .fetch_all(&pool)
    .await?;
    rows.into_iter()
        .enumerate()
        .map(|(i, (uln, given, family, dob, gender))| {
            let family = if i % 2 == 1 {
                format!("{family}x")
            } else {
                family
            };
            let supplied = Supplied {
                given_name: PersonName::parse(&given)?,
                family_name: PersonName::parse(&family)?,
                date_of_birth: Some(dob.parse()?),
                gender: Some(Gender::parse(&gender)?),
            };
            Ok((Uln::parse(&uln)?, supplied))
        })
        .collect()
}
