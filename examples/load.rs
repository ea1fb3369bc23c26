//! Load generator for the API: list pages and record details under 32 and 128 concurrent clients,
//! then amendments per second (durable commits with their audit rows) under 32.
//!
//! cargo run --release --example load -- [REGISTRATIONS] [SECONDS]
//!
//! Seeds /tmp/uln-load-REGISTRATIONS.db on first use (reused after), serves it on a loopback port
//! from its own runtime, and drives it over HTTP from another. Figures are printed for
//! BENCHMARKS.md; nothing is asserted. Both sides share this machine's cores.

use std::sync::Arc;
use std::time::{Duration, Instant};
use uln_console::domain::RemovalPeriod;
use uln_console::server::seed::{seed, SeedConfig};
use uln_console::server::store::Role;
use uln_console::server::{Backend, ServerConfig};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(
    what: &str,
    clients: usize,
    mut samples: Vec<Duration>,
    elapsed: Duration,
    errors: usize,
) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<26} {clients:>4} clients: {:>7} requests, {:>7.0}/s, p50 {:>6.2} ms, p99 {:>7.2} ms, errors {errors}",
        samples.len(),
        samples.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
    );
}

/// Runs `clients` loops of `request` for `seconds`; returns latencies and the error count.
async fn hammer<F, Fut>(
    clients: usize,
    seconds: u64,
    request: F,
) -> (Vec<Duration>, usize, Duration)
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let request = request.clone();
            tokio::spawn(async move {
                let (mut samples, mut errors, mut n) = (Vec::new(), 0usize, 0u64);
                while Instant::now() < until {
                    let t = Instant::now();
                    if request(client, n).await {
                        samples.push(t.elapsed());
                    } else {
                        errors += 1;
                    }
                    n += 1;
                }
                (samples, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (s, e) = t.await.expect("client task");
        all.extend(s);
        errors += e;
    }
    (all, errors, started.elapsed())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let registrations: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let path = format!("/tmp/uln-load-{registrations}.db");

    // The server gets a runtime of its own, as it would in its own process.
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (base, token, open_ids) = server_rt.block_on(async {
        let backend = Backend::open(ServerConfig::new(format!("sqlite://{path}"))).await?;
        if backend.simulated_register().learner_count().await? == 0 {
            let config = SeedConfig {
                learners: (registrations / 5).max(1000),
                registrations,
                seed: 11,
                anomaly_percent: 35,
                ..SeedConfig::default()
            };
            let t = Instant::now();
            let summary = seed(&backend, &config, RemovalPeriod::default()).await?;
            println!(
                "seeded {} registrations ({} open exceptions) in {:.1}s",
                summary.registrations,
                summary.exceptions,
                t.elapsed().as_secs_f64()
            );
        }
        let (_, token) = backend
            .add_operator(&format!("load-{}", std::process::id()), Role::Operator)
            .await?;
        let open_ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM registrations WHERE status = 'open' ORDER BY id")
                .fetch_all(backend.sqlite().pool())
                .await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}/api/v1", listener.local_addr()?);
        tokio::spawn(backend.serve(listener, std::future::pending()));
        anyhow::Ok((base, token, open_ids))
    })?;
    println!(
        "{} open exceptions at {base}; {seconds}s per run",
        open_ids.len()
    );

    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    client_rt.block_on(async move {
        let http = reqwest::Client::builder().pool_max_idle_per_host(256).build()?;
        let ids = Arc::new(open_ids);
        for clients in [32, 128] {
            let (h, b, tk) = (http.clone(), base.clone(), token.clone());
            let (samples, errors, elapsed) = hammer(clients, seconds, move |client, n| {
                let (h, b, tk) = (h.clone(), b.clone(), tk.clone());
                async move {
                    let url = format!("{b}/exceptions?limit=100&sort={}", ["deadline", "registered", "centre", "family_name"][(client + n as usize) % 4]);
                    matches!(h.get(url).bearer_auth(tk).send().await, Ok(r) if r.status().is_success())
                }
            })
            .await;
            report("list page (100 rows)", clients, samples, elapsed, errors);

            let (h, b, tk, ids2) = (http.clone(), base.clone(), token.clone(), ids.clone());
            let (samples, errors, elapsed) = hammer(clients, seconds, move |client, n| {
                let (h, b, tk) = (h.clone(), b.clone(), tk.clone());
                let id = ids2[(client * 7919 + n as usize * 104_729) % ids2.len()];
                async move { matches!(h.get(format!("{b}/exceptions/{id}")).bearer_auth(tk).send().await, Ok(r) if r.status().is_success()) }
            })
            .await;
            report("record detail (audited)", clients, samples, elapsed, errors);
        }

        // Writes: each client amends its own records, reading the version first as a console does.
        let clients = 32;
        let (h, b, tk, ids2) = (http.clone(), base.clone(), token.clone(), ids.clone());
        let (samples, errors, elapsed) = hammer(clients, seconds, move |client, n| {
            let (h, b, tk) = (h.clone(), b.clone(), tk.clone());
            let id = ids2[(client + n as usize * clients) % ids2.len()];
            async move {
                let Ok(r) = h.get(format!("{b}/exceptions/{id}")).bearer_auth(&tk).send().await else { return false };
                let Ok(detail) = r.json::<serde_json::Value>().await else { return false };
                let Some(version) = detail["version"].as_i64() else { return false };
                let body = serde_json::json!({ "postcode": "ZZ99 9ZZ", "note": "load test" });
                let sent = h.post(format!("{b}/exceptions/{id}/amend")).bearer_auth(&tk).header("If-Match", version.to_string()).json(&body).send().await;
                // A record another client or an earlier pass already closed answers 409: not a failure of the server.
                matches!(sent, Ok(r) if r.status().is_success() || r.status().as_u16() == 409)
            }
        })
        .await;
        report("read + amend (durable)", clients, samples, elapsed, errors);
        anyhow::Ok(())
    })?;
    drop(server_rt);
    Ok(())
}
