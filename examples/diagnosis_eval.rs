//! The independent evaluation of diagnosis (issue 12, point 7), printed for BENCHMARKS.md:
//! top-1 per category, unsafe suggestions, and the confidence calibration table. Cases are scored
//! through a real (temporary SQLite) simulated register, as registrations are assessed. Then the
//! seeder's cases (the same seeding as `tests/diagnosis_quality.rs`) with their calibration, so the
//! two case sets' tables can be set side by side.
//!
//! ```sh
//! cargo run --example diagnosis_eval                 # seed 12, 80 cases per category
//! EVAL_SEED=7 EVAL_PER_CATEGORY=200 cargo run --example diagnosis_eval
//! ```

use jiff::Timestamp;
use std::time::Instant;
use uln_domain::diagnosis::diagnose;
use uln_domain::RemovalPeriod;
use uln_server::seed::independent::{generate, score_through_register, Category};
use uln_server::seed::quality::{load_cases, QualityReport};
use uln_server::seed::SeedConfig;
use uln_server::{Backend, ServerConfig};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seed: u64 = env_or("EVAL_SEED", 12);
    let per_category: usize = env_or("EVAL_PER_CATEGORY", 80);
    let started = Instant::now();
    let cases = generate(seed, per_category);
    let generated = started.elapsed();

    let started = Instant::now();
    let dir = tempfile::TempDir::new()?;
    let url = format!("sqlite://{}", dir.path().join("eval.db").display());
    let backend = Backend::open(ServerConfig::new(url)).await?;
    let run = score_through_register(&backend, &cases).await?;
    let scored = started.elapsed();

    println!(
        "Independent evaluation: seed {seed}, {per_category} cases in each of {} categories; \
         generated in {:.2}s, register loaded and every case assessed in {:.2}s; \
         register answers unlike the cases': {}\n",
        Category::ALL.len(),
        generated.as_secs_f64(),
        scored.as_secs_f64(),
        run.disagreements
    );
    println!("{}", run.evaluation.report());
    println!("{}", run.evaluation.calibration.by_top_table());
    seeder_cases().await
}

/// The seeder's injected anomalies, scored and calibrated as `tests/diagnosis_quality.rs` does.
async fn seeder_cases() -> anyhow::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let url = format!("sqlite://{}", dir.path().join("seeded.db").display());
    let backend = Backend::open(ServerConfig::new(url)).await?;
    let config = SeedConfig {
        learners: 5_000,
        registrations: 26_000,
        seed: 20_261_124,
        anomaly_percent: 45,
        now: Timestamp::now(),
    };
    backend.seed(&config, RemovalPeriod::default()).await?;
    let mut report = QualityReport::default();
    for case in load_cases(&backend).await? {
        let suggestions = diagnose(&case.uln, &case.demographics, case.lookup.as_lookup());
        report.record(&case, &suggestions);
    }
    println!(
        "Seeder's cases: {} registrations with an injected anomaly, top-1 {:.2}%, unsafe {}\n",
        report.cases(),
        100.0 * report.accuracy(),
        report.unsafe_cases()
    );
    println!("{}", report.calibration.table());
    println!("{}", report.calibration.by_top_table());
    Ok(())
}
