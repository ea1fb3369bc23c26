//! The independent evaluation of diagnosis (issue 12, point 7), printed for BENCHMARKS.md:
//! top-1 per category, unsafe suggestions, and the confidence calibration table. Cases are scored
//! through a real (temporary SQLite) simulated register, as registrations are assessed.
//!
//! ```sh
//! cargo run --example diagnosis_eval                 # seed 12, 80 cases per category
//! EVAL_SEED=7 EVAL_PER_CATEGORY=200 cargo run --example diagnosis_eval
//! ```

use std::time::Instant;
use uln_server::seed::independent::{generate, score_through_register, Category};
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
    Ok(())
}
