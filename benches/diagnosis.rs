//! Diagnosis quality and throughput against the seeder's ground truth.
//!
//! Seeds a temporary SQLite database, then
//! (a) scores every registration that carries an injected anomaly: top-1 accuracy per kind, and
//!     "unsafe" = different-person cases offered any amendment;
//! (b) times pure diagnosis over in-memory registrations and register records, and the end-to-end
//!     `assess` (register lookup in SQLite, then diagnosis): one record at a time, as an amendment
//!     does, and in batches of 5,000 with one bulk lookup each (`assess_many`), as a batch
//!     submission does.
//!
//! `cargo bench --bench diagnosis`; `ULN_BENCH_SCALE=0.1 cargo bench --bench diagnosis` for a
//! quick run at a tenth of the size.

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use uln_domain::diagnosis::diagnose;
use uln_domain::RemovalPeriod;
use uln_domain::Suggestion;
use uln_server::assess::{assess, assess_many};
use uln_server::register::LearnerRegister;
use uln_server::seed::quality::{load_cases, QualityReport, TruthCase};
use uln_server::seed::SeedConfig;
use uln_server::{Backend, ServerConfig};

fn scale() -> f64 {
    match std::env::var("ULN_BENCH_SCALE") {
        Ok(text) => match text.trim().parse::<f64>() {
            Ok(s) if s > 0.0 && s.is_finite() => s,
            _ => panic!("ULN_BENCH_SCALE must be a positive number, got {text:?}"),
        },
        Err(_) => 1.0,
    }
}

fn scaled(n: usize, scale: f64) -> usize {
    ((n as f64 * scale).round() as usize).max(1)
}

fn per_second(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(run());
}

/// A batch submission's verification: one bulk register lookup, then diagnosis of each row.
async fn assess_batch(
    register: &dyn uln_server::register::LearnerRegister,
    batch: &[TruthCase],
) -> Vec<Vec<Suggestion>> {
    let supplied: Vec<_> = batch
        .iter()
        .map(|c| (c.uln.as_str(), &c.demographics))
        .collect();
    let assessments = assess_many(register, &supplied)
        .await
        .expect("the register answers");
    assessments.into_iter().map(|a| a.suggestions).collect()
}

async fn run() {
    let (_dir, backend) = seeded_backend(scale()).await;
    let register = backend.state.register.as_ref();
    let started = Instant::now();
    let cases = load_cases(&backend).await.expect("the seeded cases load");
    let loading = started.elapsed();
    println!(
        "load: {} registrations with an injected anomaly and their register records in {:.2}s",
        cases.len(),
        loading.as_secs_f64()
    );
    diagnose_in_memory(&cases);
    let assessed = assess_end_to_end(register, &cases).await;
    report_quality(&cases, &assessed);
}

/// A backend over a temporary database seeded at `scale`; the directory lives as long as it is kept.
async fn seeded_backend(scale: f64) -> (tempfile::TempDir, Backend) {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let path = dir.path().join("diagnosis-bench.db");
    let backend = Backend::open(ServerConfig::new(format!("sqlite://{}", path.display())))
        .await
        .expect("backend opens");
    let config = SeedConfig {
        learners: scaled(50_000, scale),
        registrations: scaled(250_000, scale),
        seed: 20_261_124,
        anomaly_percent: 40,
        now: Timestamp::now(),
    };
    println!(
        "scale {scale}: {} learners, {} registrations, {}% with an injected anomaly",
        config.learners, config.registrations, config.anomaly_percent
    );

    let started = Instant::now();
    let summary = backend
        .seed(&config, RemovalPeriod::default())
        .await
        .expect("seeding succeeds");
    let seeding = started.elapsed();
    println!(
        "seed: {} registrations ({} exceptions, {} learners, {} events) in {:.2}s = {:.0} registrations/s",
        summary.registrations,
        summary.exceptions,
        summary.learners,
        summary.events,
        seeding.as_secs_f64(),
        per_second(summary.registrations, seeding)
    );
    (dir, backend)
}

/// (b1) Pure diagnosis: repeat passes over the in-memory cases for at least two seconds.
fn diagnose_in_memory(cases: &[TruthCase]) {
    let started = Instant::now();
    let mut diagnosed = 0usize;
    while started.elapsed() < Duration::from_secs(2) {
        for case in cases {
            black_box(diagnose(
                black_box(&case.uln),
                black_box(&case.demographics),
                case.lookup.as_lookup(),
            ));
        }
        diagnosed += cases.len();
    }
    let pure = started.elapsed();
    println!(
        "diagnose (pure, in memory): {diagnosed} records in {:.2}s = {:.0} records/s",
        pure.as_secs_f64(),
        per_second(diagnosed, pure)
    );
}

/// (b2) End-to-end assess, including the SQLite register lookup. Returns the suggestions made in
/// batches, which are the ones scored.
async fn assess_end_to_end(
    register: &dyn LearnerRegister,
    cases: &[TruthCase],
) -> Vec<Vec<Suggestion>> {
    // One record at a time, as an amendment or a re-verification does.
    let started = Instant::now();
    let sample = &cases[..cases.len().min(20_000)];
    for case in sample {
        let assessment = assess(register, &case.uln, &case.demographics)
            .await
            .expect("the register answers");
        std::hint::black_box(assessment);
    }
    let one_by_one = started.elapsed();
    println!(
        "assess one at a time (SQLite lookup + diagnosis): {} records in {:.2}s = {:.0} records/s",
        sample.len(),
        one_by_one.as_secs_f64(),
        per_second(sample.len(), one_by_one)
    );
    // In batches of 5,000 with one bulk register lookup each, as a batch submission does. These
    // suggestions are the ones scored below.
    let started = Instant::now();
    let mut assessed: Vec<Vec<Suggestion>> = Vec::with_capacity(cases.len());
    for batch in cases.chunks(5_000) {
        assessed.extend(assess_batch(register, batch).await);
    }
    let end_to_end = started.elapsed();
    println!(
        "assess in batches of 5,000 (bulk SQLite lookup + diagnosis): {} records in {:.2}s = {:.0} records/s",
        assessed.len(),
        end_to_end.as_secs_f64(),
        per_second(assessed.len(), end_to_end)
    );
    assessed
}

/// (a) Quality: top-1 agreement with the injected truth, and no unsafe suggestion.
fn report_quality(cases: &[TruthCase], assessed: &[Vec<Suggestion>]) {
    let mut report = QualityReport::default();
    for (case, suggestions) in cases.iter().zip(assessed) {
        report.record(case, suggestions);
    }
    println!();
    print!("{}", report.markdown_table());
    println!();
    println!(
        "top-1 accuracy {:.3}% ({}/{}); unsafe different-person cases: {}",
        100.0 * report.accuracy(),
        report.correct(),
        report.cases(),
        report.unsafe_cases()
    );
    println!();
    print!("{}", report.calibration.table());
    if report.correct() < report.cases() || report.unsafe_cases() > 0 {
        print!("{}", report.confusion());
    }
}
