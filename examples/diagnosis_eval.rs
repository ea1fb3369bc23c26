//! The independent evaluation of diagnosis (issue 12, point 7), printed for BENCHMARKS.md:
//! top-1 per category, unsafe suggestions, and the confidence calibration table.
//!
//! ```sh
//! cargo run --example diagnosis_eval                 # seed 12, 80 cases per category
//! EVAL_SEED=7 EVAL_PER_CATEGORY=200 cargo run --example diagnosis_eval
//! ```

use std::time::Instant;
use uln_server::seed::independent::{generate, score, Category};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let seed: u64 = env_or("EVAL_SEED", 12);
    let per_category: usize = env_or("EVAL_PER_CATEGORY", 80);
    let started = Instant::now();
    let cases = generate(seed, per_category);
    let generated = started.elapsed();
    let started = Instant::now();
    let evaluation = score(&cases);
    let scored = started.elapsed();
    println!(
        "Independent evaluation: seed {seed}, {per_category} cases in each of {} categories; generated in {:.2}s, scored in {:.2}s\n",
        Category::ALL.len(),
        generated.as_secs_f64(),
        scored.as_secs_f64()
    );
    println!("{}", evaluation.report());
}
