//! Load generator for the API: list pages and record details under 32 and 128 concurrent clients,
//! then amendments per second (durable commits with their audit rows) under 32.
//!
//! cargo run --release --example load -- [REGISTRATIONS] [SECONDS]
//!
//! Seeds /tmp/uln-load-REGISTRATIONS.db on first use (reused after), serves it on a loopback port
//! from its own runtime, and drives it over HTTP from another. Figures are printed for
//! BENCHMARKS.md; nothing is asserted. Both sides share this machine's cores.
//!
//! LOAD_DATABASE=postgres://… serves that database instead (seeded if empty), and LOAD_SERVERS=N
//! starts N servers over it, each on a runtime of its own as separate processes would be; the
//! clients take turns among them.
//!
//! LOAD_ONLY=claims measures something else: what the live claims put on a queue page cost it
//! (issue 16), one page at a time; see `claims.rs`.

mod claims;

use std::sync::Arc;
use std::time::{Duration, Instant};
use uln_domain::RemovalPeriod;
use uln_server::seed::SeedConfig;
use uln_server::store::Role;
use uln_server::{AppState, Backend, ServerConfig};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// One line per run: throughput, latency percentiles, and the CPU each side used per request.
fn report(what: &str, clients: usize, run: Run, cpu_before: (f64, f64)) {
    let (mut samples, errors, elapsed) = run;
    samples.sort();
    let (server, client) = cpu_seconds();
    let n = samples.len().max(1) as f64;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<26} {clients:>4} clients: {:>7} requests, {:>7.0}/s, p50 {:>6.2} ms, p99 {:>7.2} ms, errors {errors}; \
         CPU per request: server {:.3} ms, load generator {:.3} ms",
        samples.len(),
        samples.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
        (server - cpu_before.0) * 1000.0 / n,
        (client - cpu_before.1) * 1000.0 / n,
    );
}

type Run = (Vec<Duration>, usize, Duration);

/// Runs `clients` loops of `request` for `seconds`. Each request answers the latency of the part
/// being measured, or `None` on an error; returns the latencies, the error count and the time taken.
///
/// With `RATE` unset the loop is closed: each client sends its next request as soon as the last
/// is answered, which measures the most the server can do (and latency is mostly queueing). With
/// `LOAD_RATE=N` it is open: the clients share N requests a second, each sending on a fixed
/// schedule, and a request that starts late because the last one was slow counts its lateness.
async fn hammer<F, Fut>(
    clients: usize,
    seconds: u64,
    request: F,
) -> (Vec<Duration>, usize, Duration)
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Option<Duration>> + Send,
{
    let rate: Option<f64> = std::env::var("LOAD_RATE").ok().and_then(|r| r.parse().ok());
    let interval = rate.map(|r| Duration::from_secs_f64(clients as f64 / r));
    let request = Arc::new(request);
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let request = request.clone();
            tokio::spawn(async move {
                let (mut samples, mut errors, mut n) = (Vec::new(), 0usize, 0u64);
                // Clients start spread over one interval, not all at once.
                let phase = interval.map(|i| i.mul_f64(client as f64 / clients as f64));
                while Instant::now() < until {
                    let mut late = Duration::ZERO;
                    if let (Some(interval), Some(phase)) = (interval, phase) {
                        let due = started + phase + interval * n as u32;
                        tokio::time::sleep_until(due.into()).await;
                        late = Instant::now().saturating_duration_since(due);
                    }
                    match request(client, n).await {
                        Some(latency) => samples.push(late + latency),
                        None => errors += 1,
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

/// CPU seconds used so far by the load generator's threads (named "client") and by everything
/// else in the process (the server's runtime and SQLite's worker threads), from /proc.
fn cpu_seconds() -> (f64, f64) {
    let (mut server, mut client) = (0.0, 0.0);
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return (0.0, 0.0);
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ..."; comm may hold spaces, so split at the last ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the comm; USER_HZ is 100.
        let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
            f.iter().filter_map(|v| v.parse::<f64>().ok()).sum()
        });
        if head.contains("(client") {
            client += ticks / 100.0;
        } else {
            server += ticks / 100.0;
        }
    }
    (server, client)
}

/// Sends one request and reads its whole body, so the connection goes back to the pool.
async fn fetch(request: reqwest::RequestBuilder) -> Option<Vec<u8>> {
    let response = request.send().await.ok()?;
    let ok = response.status().is_success();
    let body = response.bytes().await.ok()?;
    ok.then(|| body.to_vec())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let registrations: usize = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let url = std::env::var("LOAD_DATABASE")
        .unwrap_or_else(|_| format!("sqlite:///tmp/uln-load-{registrations}.db"));
    let servers: usize = std::env::var("LOAD_SERVERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);

    // Each server gets a runtime of its own, as it would in its own process.
    let server_runtime = || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("server")
            .enable_all()
            .build()
    };
    let mut server_rts = Vec::new();
    let first = server_runtime()?;
    let (token, open_ids) = first.block_on(prepare(&url, registrations))?;
    server_rts.push(first);
    while server_rts.len() < servers {
        server_rts.push(server_runtime()?);
    }
    let mut bases = Vec::new();
    let mut states = Vec::new();
    for rt in &server_rts {
        let (base, state) = rt.block_on(start_server(&url))?;
        bases.push(base);
        states.push(state);
    }
    // The first server's state and runtime, for timing its store directly (`LOAD_ONLY=claims`).
    let first_server = (states.swap_remove(0), server_rts[0].handle().clone());
    println!(
        "{} open exceptions, {} server(s) at {}; {seconds}s per run",
        open_ids.len(),
        bases.len(),
        bases.join(" ")
    );

    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("client")
        .enable_all()
        .build()?;
    client_rt.block_on(async move {
        let target = Target {
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(256)
                .build()?,
            bases: Arc::new(bases),
            token,
            ids: Arc::new(open_ids),
            seconds,
        };
        // LOAD_ONLY=list|detail|amend runs one kind only, for profiling; claims only on its own.
        let only = std::env::var("LOAD_ONLY").unwrap_or_default();
        if only == "claims" {
            return claims::claims_on_pages(&target, first_server).await;
        }
        let runs = |kind: &str| only.is_empty() || only == kind;
        if runs("list") {
            list_pages(&target).await;
        }
        if runs("detail") {
            record_details(&target).await;
        }
        if runs("amend") {
            amendments(&target).await;
        }
        anyhow::Ok(())
    })?;
    drop(server_rts);
    Ok(())
}

/// The server under test and how long each run lasts.
struct Target {
    http: reqwest::Client,
    /// The servers' API roots; client n talks to server n modulo their number.
    bases: Arc<Vec<String>>,
    token: String,
    ids: Arc<Vec<i64>>,
    seconds: u64,
}

/// Opens the database at `url`, seeding it if empty, and returns an operator's token and the
/// open records' ids.
async fn prepare(url: &str, registrations: usize) -> anyhow::Result<(String, Vec<i64>)> {
    let backend = Backend::open(ServerConfig::new(url)).await?;
    if backend.seeder().learners_in_register().await? == 0 {
        let config = SeedConfig {
            learners: (registrations / 5).max(1000),
            registrations,
            seed: 11,
            anomaly_percent: 35,
            ..SeedConfig::default()
        };
        let t = Instant::now();
        let summary = backend.seed(&config, RemovalPeriod::default()).await?;
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
    // The load reads the database directly, as any client of it may, for ids to request.
    sqlx::any::install_default_drivers();
    let database = sqlx::AnyPool::connect(url).await?;
    let open_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM registrations WHERE status = 'open' ORDER BY id")
            .fetch_all(&database)
            .await?;
    anyhow::Ok((token, open_ids))
}

/// A server over the database at `url` on a loopback port; returns its API root and its state.
async fn start_server(url: &str) -> anyhow::Result<(String, AppState)> {
    let backend = Backend::open(ServerConfig::new(url)).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/api/v1", listener.local_addr()?);
    let state = backend.state.clone();
    tokio::spawn(backend.serve(listener, std::future::pending()));
    anyhow::Ok((base, state))
}

/// Pages of 100 rows in each sort order, at 32 and 128 clients.
async fn list_pages(t: &Target) {
    for clients in [32, 128] {
        let (h, bases, tk) = (t.http.clone(), t.bases.clone(), t.token.clone());
        let cpu = cpu_seconds();
        let run = hammer(clients, t.seconds, move |client, n| {
            let b = &bases[client % bases.len()];
            let sort =
                ["deadline", "registered", "centre", "family_name"][(client + n as usize) % 4];
            let request = h
                .get(format!("{b}/exceptions?limit=100&sort={sort}"))
                .bearer_auth(&tk);
            async move {
                let t = Instant::now();
                fetch(request).await.map(|_| t.elapsed())
            }
        })
        .await;
        report("list page (100 rows)", clients, run, cpu);
    }
}

/// One audited record read each, at 32 and 128 clients.
async fn record_details(t: &Target) {
    for clients in [32, 128] {
        let (h, bases, tk, ids2) = (
            t.http.clone(),
            t.bases.clone(),
            t.token.clone(),
            t.ids.clone(),
        );
        let cpu = cpu_seconds();
        let run = hammer(clients, t.seconds, move |client, n| {
            let b = &bases[client % bases.len()];
            let id = ids2[(client * 7919 + n as usize * 104_729) % ids2.len()];
            let request = h.get(format!("{b}/exceptions/{id}")).bearer_auth(&tk);
            async move {
                let t = Instant::now();
                fetch(request).await.map(|_| t.elapsed())
            }
        })
        .await;
        report("record detail (audited)", clients, run, cpu);
    }
}

/// Writes: each client amends its own records, reading the version first as a console does.
/// Only the amendment is timed; the read before it is part of the load.
async fn amendments(t: &Target) {
    let clients = 32;
    let (h, bases, tk, ids2) = (
        t.http.clone(),
        t.bases.clone(),
        t.token.clone(),
        t.ids.clone(),
    );
    let cpu = cpu_seconds();
    let run = hammer(clients, t.seconds, move |client, n| {
        let (h, b, tk) = (h.clone(), bases[client % bases.len()].clone(), tk.clone());
        let id = ids2[(client + n as usize * clients) % ids2.len()];
        async move {
            let detail = fetch(h.get(format!("{b}/exceptions/{id}")).bearer_auth(&tk)).await?;
            let detail: serde_json::Value = serde_json::from_slice(&detail).ok()?;
            let version = detail["version"].as_i64()?;
            let body = serde_json::json!({ "postcode": "ZZ99 9ZZ", "note": "load test" });
            let t = Instant::now();
            let sent = h
                .post(format!("{b}/exceptions/{id}/amend"))
                .bearer_auth(&tk)
                .header("If-Match", version.to_string())
                .json(&body)
                .send()
                .await
                .ok()?;
            let status = sent.status();
            sent.bytes().await.ok()?;
            // A record an earlier pass already closed answers 409: not a failure of the server.
            (status.is_success() || status.as_u16() == 409).then(|| t.elapsed())
        }
    })
    .await;
    report("amend (after a read)", clients, run, cpu);
}
