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

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use uln_console::domain::diagnosis::diagnose;
use uln_console::domain::{
    Demographics, RegisterLearner, RemovalPeriod, SuggestedAction, SuggestionKind, Uln,
};
use uln_console::server::assess::assess;
use uln_console::server::register::RegisterLookup;
use uln_console::server::seed::{seed, SeedConfig};
use uln_console::server::store::Store;
use uln_console::server::{Backend, ServerConfig};

/// One registration with an injected anomaly, held in memory.
struct Case {
    kind: String,
    uln: String,
    demographics: Demographics,
    lookup: RegisterLookup,
}

#[derive(Default)]
struct KindScore {
    cases: usize,
    correct: usize,
    unsafe_cases: usize,
    /// Top suggestion's kind (or "none") -> count.
    top: BTreeMap<&'static str, usize>,
}

/// Supplied vs register details (all synthetic), so a miss can be judged by eye.
fn describe(supplied: &Demographics, learner: Option<&RegisterLearner>) -> String {
    let s = supplied;
    let supplied = format!(
        "supplied: {} / {} / {} / {:?} / {}",
        s.given_name, s.family_name, s.date_of_birth, s.gender, s.postcode
    );
    match learner {
        None => format!("{supplied}; register: none"),
        Some(l) => format!(
            "{supplied}; register: {} (preferred {:?}, middle {:?}) / {} (previous {:?}) / {} / {:?} / {:?}",
            l.given_name,
            l.preferred_given_name,
            l.middle_names,
            l.family_name,
            l.previous_family_name,
            l.date_of_birth,
            l.gender,
            l.postcode.as_ref().map(ToString::to_string)
        ),
    }
}

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
    let store = backend.sqlite();
    let register = backend.state.register.as_ref();
    let started = Instant::now();
    let truth = store.seeded_truth().await.expect("ground truth reads");
    let mut cases = Vec::with_capacity(truth.len());
    for (id, kind) in truth {
        let registration = store
            .registration(id)
            .await
            .expect("registration reads")
            .expect("every seeded truth names a stored registration");
        let uln = registration.uln.unwrap_or_default();
        let lookup = match Uln::parse(&uln) {
            Ok(parsed) => register
                .lookup(&parsed)
                .await
                .expect("the register answers"),
            Err(_) => RegisterLookup::NotFound,
        };
        cases.push(Case {
            kind,
            uln,
            demographics: registration.demographics,
            lookup,
        });
    }
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
    let mut by_kind: BTreeMap<&str, KindScore> = BTreeMap::new();
    let mut misses = Vec::new();
    for (case, suggestions) in cases.iter().zip(&assessed) {
        let top = suggestions.first().map_or("none", |s| s.kind.name());
        let score = by_kind.entry(case.kind.as_str()).or_default();
        score.cases += 1;
        *score.top.entry(top).or_default() += 1;
        if top == case.kind {
            score.correct += 1;
        } else if misses.len() < 20 {
            let kinds: Vec<&str> = suggestions.iter().map(|s| s.kind.name()).collect();
            misses.push(format!(
                "injected {}, suggested {kinds:?}\n    {}",
                case.kind,
                describe(&case.demographics, case.lookup.learner())
            ));
        }
        if case.kind == SuggestionKind::DifferentPerson.name()
            && suggestions
                .iter()
                .any(|s| matches!(s.action, SuggestedAction::Amend { .. }))
        {
            score.unsafe_cases += 1;
        }
    }
    let total: usize = by_kind.values().map(|k| k.cases).sum();
    let correct: usize = by_kind.values().map(|k| k.correct).sum();
    let unsafe_cases: usize = by_kind.values().map(|k| k.unsafe_cases).sum();
    println!();
    println!(
        "| {:<22} | {:>7} | {:>13} | {:>6} |",
        "kind", "cases", "top-1 correct", "unsafe"
    );
    println!("|{:-<24}|{:->9}|{:->15}|{:->8}|", "", ":", ":", ":");
    for (kind, score) in &by_kind {
        println!(
            "| {:<22} | {:>7} | {:>12.2}% | {:>6} |",
            kind,
            score.cases,
            100.0 * score.correct as f64 / score.cases.max(1) as f64,
            score.unsafe_cases
        );
    }
    println!(
        "| {:<22} | {:>7} | {:>12.2}% | {:>6} |",
        "**all**",
        total,
        100.0 * correct as f64 / total.max(1) as f64,
        unsafe_cases
    );
    println!();
    println!(
        "top-1 accuracy {:.3}% ({correct}/{total}); unsafe different-person cases: {unsafe_cases}",
        100.0 * correct as f64 / total.max(1) as f64
    );
    for (kind, score) in &by_kind {
        if score.correct < score.cases || score.unsafe_cases > 0 {
            let tops: Vec<String> = score.top.iter().map(|(t, n)| format!("{t}={n}")).collect();
            println!("confusion {kind}: {}", tops.join(", "));
        }
    }
    for miss in &misses {
        println!("miss: {miss}");
    }
}
