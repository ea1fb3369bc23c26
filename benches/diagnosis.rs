//! Diagnosis quality and throughput against the seeder's ground truth.
//!
//! Seeds a temporary SQLite database, then
//! (a) scores every registration that carries an injected anomaly: top-1 accuracy per kind, and
//!     "unsafe" = different-person cases offered any amendment;
//! (b) times pure diagnosis over in-memory registrations and register records, and the end-to-end
//!     `assess` (register lookup in SQLite, then diagnosis).
//!
//! `cargo bench --bench diagnosis`; `ULN_BENCH_SCALE=0.1 cargo bench --bench diagnosis` for a
//! quick run at a tenth of the size.

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use uln_console::domain::diagnosis::diagnose;
use uln_console::domain::RemovalPeriod;
use uln_console::server::assess::assess;
use uln_console::server::seed::quality::{load_cases, QualityReport};
use uln_console::server::seed::{seed, SeedConfig};
use uln_console::server::{Backend, ServerConfig};

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

async fn run() {
    let scale = scale();
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
    let summary = seed(&backend, &config, RemovalPeriod::default())
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

    // Load the anomalous registrations and their register records into memory.
    let register = backend.state.register.as_ref();
    let started = Instant::now();
    let cases = load_cases(&backend).await.expect("the seeded cases load");
    let loading = started.elapsed();
    println!(
        "load: {} registrations with an injected anomaly and their register records in {:.2}s",
        cases.len(),
        loading.as_secs_f64()
    );

    // (b1) Pure diagnosis: repeat passes over the in-memory cases for at least two seconds.
    let started = Instant::now();
    let mut diagnosed = 0usize;
    while started.elapsed() < Duration::from_secs(2) {
        for case in &cases {
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

    // (b2) End-to-end assess, including the SQLite register lookup; its suggestions are scored.
    let started = Instant::now();
    let mut assessed = Vec::with_capacity(cases.len());
    for case in &cases {
        let assessment = assess(register, &case.uln, &case.demographics)
            .await
            .expect("the register answers");
        assessed.push(assessment.suggestions);
    }
    let end_to_end = started.elapsed();
    println!(
        "assess (end to end, SQLite lookup + diagnosis): {} records in {:.2}s = {:.0} records/s",
        assessed.len(),
        end_to_end.as_secs_f64(),
        per_second(assessed.len(), end_to_end)
    );

    // (a) Quality.
    let mut report = QualityReport::default();
    for (case, suggestions) in cases.iter().zip(&assessed) {
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
    if report.correct() < report.cases() || report.unsafe_cases() > 0 {
        print!("{}", report.confusion());
    }
}
