//! The queue counts at scale: `GET /queues` with about 100,000 and 1,000,000 open exceptions,
//! against the full scan of the open rows it replaced, and what the counters cost a seed.
//!
//! cargo run --release --example queue_counts -- [OPEN] [ROUNDS]
//!
//! Seeds /tmp/uln-counts-OPEN.db on first use (every registration an exception, so about OPEN of
//! them open), then times the counts through the store and over HTTP, and the old single-pass
//! scan by SQL on the same database. Figures are printed for BENCHMARKS.md; nothing is asserted.

use std::time::{Duration, Instant};
use uln_domain::{AnomalyKind, RemovalPeriod};
use uln_server::seed::SeedConfig;
use uln_server::store::Role;
use uln_server::{Backend, ServerConfig};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0
}

/// Runs `f` `rounds` times and prints p50 and max.
async fn time<F, Fut, T>(what: &str, rounds: usize, f: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(f().await);
        samples.push(t.elapsed());
    }
    samples.sort();
    println!(
        "{what:<44} p50 {:>8.2} ms   max {:>8.2} ms   ({rounds} rounds)",
        percentile(&samples, 0.5),
        percentile(&samples, 1.0)
    );
}

/// The counts as they were computed before issue 10: one pass over every open row.
fn full_scan_sql(now: i64) -> String {
    let (h48, d7) = (now + 48 * 3600, now + 7 * 24 * 3600);
    let mut columns = Vec::new();
    for member in std::iter::once("1".to_owned()).chain(
        AnomalyKind::ALL
            .iter()
            .map(|k| format!("((anomalies & {}) != 0)", k.bit())),
    ) {
        columns.push(format!("COALESCE(SUM({member}), 0)"));
        columns.push(format!("COALESCE(SUM({member} AND deadline <= {now}), 0)"));
        columns.push(format!(
            "COALESCE(SUM({member} AND deadline > {now} AND deadline <= {h48}), 0)"
        ));
        columns.push(format!(
            "COALESCE(SUM({member} AND deadline > {now} AND deadline <= {d7}), 0)"
        ));
    }
    format!(
        "SELECT {} FROM registrations WHERE status = 'open'",
        columns.join(", ")
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let open: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let rounds: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let path = format!("/tmp/uln-counts-{open}.db");
    let url = format!("sqlite://{path}");
    let backend = Backend::open(ServerConfig::new(&url)).await?;
    if backend.seeder().learners_in_register().await? == 0 {
        let config = SeedConfig {
            learners: (open / 5).max(1000),
            registrations: open,
            seed: 11,
            anomaly_percent: 100,
            ..SeedConfig::default()
        };
        let t = Instant::now();
        backend.seed(&config, RemovalPeriod::default()).await?;
        println!(
            "seeded {open} registrations (counters kept by triggers) in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let store = backend.state.store.clone();
    let now = jiff::Timestamp::now();
    let counts = store.queue_counts(now).await?;
    let all = counts.iter().find(|c| c.kind.is_none()).expect("all");
    println!(
        "{} open exceptions ({} overdue, {} due within 48 h) in {path}",
        all.open, all.overdue, all.due_within_48h
    );

    let raw = sqlx::SqlitePool::connect(&url).await?;
    time("store.queue_counts (counters)", rounds, || {
        store.queue_counts(jiff::Timestamp::now())
    })
    .await;
    let scan = full_scan_sql(now.as_second());
    time("full scan of the open rows (before)", rounds.min(3), || {
        sqlx::query(&scan).fetch_one(&raw)
    })
    .await;

    let (_, token) = backend
        .add_operator(&format!("counts-{}", now.as_millisecond()), Role::Viewer)
        .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/api/v1", listener.local_addr()?);
    tokio::spawn(backend.serve(listener, std::future::pending()));
    let client = uln_api::ApiClient::new(base, token)?;
    client.queues().await?;
    time("GET /queues over HTTP", rounds, || client.queues()).await;
    Ok(())
}
