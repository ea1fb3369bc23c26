//! The backend under test: seeded once, served on a loopback port with every request counted by
//! the bearer token that sent it, and the CPU each side of the process used, from /proc.

use axum::extract::Request;
use axum::middleware::Next;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::broadcast;
use uln_api::StreamEvent;
use uln_domain::RemovalPeriod;
use uln_server::seed::SeedConfig;
use uln_server::store::Role;
use uln_server::{expiry, Backend, ServerConfig};

/// Registrations per open exception (not yet overdue) the seeder gives at 35% anomalies:
/// 290,000 registrations hold about 100,700 (see BENCHMARKS.md, cold start).
const REGISTRATIONS_PER_OPEN: f64 = 2.9;

/// Requests seen by the server, by bearer token and by endpoint (`GET /exceptions/{id}`).
#[derive(Clone, Default)]
pub struct RequestCounter(Arc<Mutex<HashMap<String, HashMap<String, u64>>>>);

impl RequestCounter {
    fn count(&self, request: &Request) {
        let token = request
            .headers()
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("")
            .to_owned();
        let path: Vec<&str> = request
            .uri()
            .path()
            .split('/')
            .map(|s| if s.parse::<i64>().is_ok() { "{id}" } else { s })
            .collect();
        let endpoint = format!("{} {}", request.method(), path.join("/"));
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *counts
            .entry(token)
            .or_default()
            .entry(endpoint)
            .or_default() += 1;
    }

    /// Requests so far by endpoint, summed over `tokens`.
    pub fn by_endpoint(&self, tokens: &[String]) -> HashMap<String, u64> {
        let counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut sum: HashMap<String, u64> = HashMap::new();
        for per_token in tokens.iter().filter_map(|t| counts.get(t)) {
            for (endpoint, n) in per_token {
                *sum.entry(endpoint.clone()).or_default() += n;
            }
        }
        sum
    }

    /// Requests so far, summed over `tokens`.
    pub fn total(&self, tokens: &[String]) -> u64 {
        self.by_endpoint(tokens).values().sum()
    }
}

/// The running backend and what the harness needs to drive it.
pub struct Served {
    pub base: String,
    pub addr: SocketAddr,
    pub requests: RequestCounter,
    pub events: broadcast::Sender<StreamEvent>,
    pub open_ids: Vec<i64>,
    /// An operator's, for the amendments of "other operators".
    pub operator: String,
    /// A viewer's, for the reader.
    pub reader: String,
    /// One viewer's each, for the consoles.
    pub consoles: Vec<String>,
}

/// Opens (seeding on first use) a database of about `open` open exceptions, applies the
/// four-week rule once so no expiry burst lands in a measured period, and serves it with a
/// request counter. Run inside the server's runtime: the server's tasks are spawned there.
pub async fn start(open: usize, consoles: usize) -> anyhow::Result<Served> {
    let registrations = (open as f64 * REGISTRATIONS_PER_OPEN).round() as usize;
    let path = format!("/tmp/uln-team-{registrations}.db");
    let backend = Backend::open(ServerConfig::new(format!("sqlite://{path}"))).await?;
    if backend.seeder().learners_in_register().await? == 0 {
        let config = SeedConfig {
            learners: (registrations / 5).max(1000),
            registrations,
            seed: 7,
            anomaly_percent: 35,
            ..SeedConfig::default()
        };
        let t = Instant::now();
        let summary = backend.seed(&config, RemovalPeriod::default()).await?;
        println!(
            "seeded {} registrations into {path} in {:.1} s",
            summary.registrations,
            t.elapsed().as_secs_f64()
        );
    }
    let expired = expiry::expire_now(&backend.state, jiff::Timestamp::now()).await?;
    let counts = backend
        .state
        .store
        .queue_counts(jiff::Timestamp::now())
        .await?;
    let all = counts.iter().find(|c| c.kind.is_none());
    println!(
        "{} open exceptions, {} of them overdue, in {path} ({expired} expired on opening)",
        all.map_or(0, |c| c.open),
        all.map_or(0, |c| c.overdue),
    );

    let run = std::process::id();
    let token = |name: String, role| {
        let backend = &backend;
        async move { anyhow::Ok(backend.add_operator(&name, role).await?.1) }
    };
    let operator = token(format!("team-operator-{run}"), Role::Operator).await?;
    let reader = token(format!("team-reader-{run}"), Role::Viewer).await?;
    let mut console_tokens = Vec::with_capacity(consoles);
    for i in 0..consoles {
        console_tokens.push(token(format!("team-console-{run}-{i}"), Role::Viewer).await?);
    }
    // Ids to ask for, read from the file directly as any SQLite client may.
    let file = sqlx::SqlitePool::connect(&format!("sqlite://{path}")).await?;
    let open_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM registrations WHERE status = 'open' ORDER BY id")
            .fetch_all(&file)
            .await?;
    file.close().await;

    let requests = RequestCounter::default();
    let counter = requests.clone();
    let router = backend.router().layer(axum::middleware::from_fn(
        move |request: Request, next: Next| {
            counter.count(&request);
            next.run(request)
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let events = backend.state.events.clone();
    tokio::spawn(backend.serve_router(listener, router, std::future::pending()));
    Ok(Served {
        base: format!("http://{addr}/api/v1"),
        addr,
        requests,
        events,
        open_ids,
        operator,
        reader,
        consoles: console_tokens,
    })
}

/// Counts the change events the server publishes (operators' writes and expiry alike).
pub fn count_changes(events: &broadcast::Sender<StreamEvent>) -> Arc<AtomicU64> {
    let changes = Arc::new(AtomicU64::new(0));
    let (seen, mut events) = (changes.clone(), events.subscribe());
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(StreamEvent::Change(_)) => {
                    seen.fetch_add(1, Ordering::Relaxed);
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    });
    changes
}

/// CPU seconds used so far, by the side of the process a thread belongs to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cpu {
    /// The server's runtime, SQLite's worker threads and anything else unnamed.
    pub server: f64,
    /// The headless consoles' runtime (threads named "console").
    pub consoles: f64,
    /// The other operators, the reader, the proxy and the main thread.
    pub harness: f64,
}

impl std::ops::Sub for Cpu {
    type Output = Cpu;
    fn sub(self, before: Cpu) -> Cpu {
        Cpu {
            server: self.server - before.server,
            consoles: self.consoles - before.consoles,
            harness: self.harness - before.harness,
        }
    }
}

/// Reads each thread's utime + stime from /proc/self/task/*/stat (USER_HZ is 100).
pub fn cpu() -> Cpu {
    let mut cpu = Cpu::default();
    let main = std::process::id().to_string();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return cpu;
    };
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // "tid (comm) state ..."; comm may hold spaces, so split at the last ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let seconds = fields.get(11..13).map_or(0.0, |f| {
            f.iter().filter_map(|v| v.parse::<f64>().ok()).sum::<f64>() / 100.0
        });
        let name = head.split_once('(').map_or("", |(_, n)| n);
        if name.starts_with("console") {
            cpu.consoles += seconds;
        } else if name.starts_with("client")
            || name.starts_with("proxy")
            || task.file_name().to_string_lossy() == main
        {
            cpu.harness += seconds;
        } else {
            cpu.server += seconds;
        }
    }
    cpu
}

/// This process's resident memory now and at its peak, in MB.
pub fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
