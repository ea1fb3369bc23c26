//! Diagnosis scored on cases written apart from the seeder (issue 12, point 7): every case's register
//! learner is loaded into a real (SQLite) simulated register, each supplied ULN is looked up as the
//! backend looks it up, and diagnosis runs on the register's answer. The gate is top-1 accuracy and
//! unsafe suggestions.
//!
//! The gate is the issue's: at least 97% top-1 and zero unsafe suggestions.

use std::sync::OnceLock;
use std::time::{Duration, Instant};
use uln_server::seed::calibration::HONEST;
use uln_server::seed::independent::{
    generate, score, score_through_register, Category, Evaluation,
};
use uln_server::{Backend, ServerConfig};

const SEED: u64 = 12;
const PER_CATEGORY: usize = 80;
/// Issue 12's gate on the share of cases whose top suggestion is right.
const MIN_TOP1: f64 = 0.97;

/// The evaluation through the register, run once per test binary, and how long it took.
fn evaluation() -> &'static (Evaluation, Duration) {
    static RUN: OnceLock<(Evaluation, Duration)> = OnceLock::new();
    RUN.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(run_through_register())
    })
}

async fn run_through_register() -> (Evaluation, Duration) {
    let started = Instant::now();
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let path = dir.path().join("diagnosis-independent.db");
    let backend = Backend::open(ServerConfig::new(format!("sqlite://{}", path.display())))
        .await
        .expect("backend opens");
    let cases = generate(SEED, PER_CATEGORY);
    let run = score_through_register(&backend, &cases)
        .await
        .expect("the register loads and answers");
    assert_eq!(
        run.disagreements, 0,
        "the register answered some supplied ULNs otherwise than the cases intended"
    );
    // The register path must score exactly as the cases' own lookups do, or one of them is wrong.
    assert_eq!(run.evaluation.report(), score(&cases).report());
    (run.evaluation, started.elapsed())
}

#[test]
fn the_evaluation_covers_every_category_with_at_least_2000_cases() {
    let (e, took) = evaluation();
    assert!(e.cases() >= 2_000, "{}", e.report());
    for category in Category::ALL {
        let cases = e.by_category.get(&category).map_or(0, |s| s.cases);
        assert_eq!(cases, PER_CATEGORY, "{}", category.name());
    }
    // Timings are reported, never asserted (BENCHMARKS.md has the figure).
    println!("the evaluation took {took:?}");
}

#[test]
fn top_suggestion_is_right_at_least_as_often_as_measured() {
    let (e, _) = evaluation();
    assert!(
        e.top1() >= MIN_TOP1,
        "top-1 {:.3} fell below {MIN_TOP1}\n{}",
        e.top1(),
        e.report()
    );
}

#[test]
fn no_suggestion_could_attach_achievements_to_someone_else() {
    let (e, _) = evaluation();
    assert_eq!(
        e.unsafe_cases(),
        0,
        "unsafe suggestions: an amendment copying the register onto someone else\n{}",
        e.report()
    );
}

/// Issue 12, point 7: each band of stated confidence is right about as often as it says; the
/// thresholds and why are on `HONEST`.
#[test]
fn the_stated_confidence_is_right_about_as_often_as_it_says() {
    let (e, _) = evaluation();
    let dishonest = e.calibration.dishonest_bands(HONEST);
    assert!(
        dishonest.is_empty(),
        "confidence bands right less often than stated, or far more often: {dishonest:?}\n{}\n{}",
        e.calibration.table(),
        e.calibration.by_top_table()
    );
}

#[test]
fn the_same_seed_gives_the_same_cases() {
    let describe = |seed| {
        generate(seed, 3)
            .iter()
            .map(|c| format!("{:?} {} {:?}", c.category, c.supplied_uln, c.supplied))
            .collect::<Vec<_>>()
    };
    assert_eq!(describe(5), describe(5));
    assert_ne!(describe(5), describe(6));
}
