//! A helpdesk team on one server: many real consoles open on a queue of about 100,000 open
//! exceptions while other operators change records, then one console over a slow network.
//!
//! cargo run --release --example team_load -- [--open 100000] [--consoles 50] [--seconds 60]
//!     [--rate 5] [--walks 20] [--delay-ms 50]
//!
//! Seeds /tmp/uln-team-REGISTRATIONS.db on first use (reused after; about 2.9 registrations per
//! open exception) and serves it on a loopback port from a runtime of its own, counting requests
//! by bearer token. Each console is the real `uln_tui` app run by the console's own loop
//! (`runtime::run_observed`) on a 120x40 `TestBackend`, with a viewer's token of its own.
//!
//! 1. Team load, first with no consoles, then with N consoles, each once its whole queue is in:
//!    for SECONDS, other operators make RATE changes a second (the top suggested amendment, else
//!    a reject), while a reader opens 20 records a second and reads 5 first list pages (100 rows)
//!    a second, each timed from its due time. Printed: the server's CPU per change, the
//!    consoles' CPU and the requests they sent per change, p50/p99 of opens and list pages, how
//!    long each console's queue took to load at the start, and resident memory.
//! 2. One console alone, locally and then through a TCP proxy that delays every chunk by DELAY
//!    each way (100 ms round trip): time to load the whole queue, then `n` on the record screen
//!    WALKS times, from the key to the next record's detail on screen, and the requests each sent.
//!
//! CPU is read per thread from /proc: the server's runtime and SQLite's threads, the consoles'
//! runtime ("console"), and the harness ("client", "proxy", main). All share this machine's
//! cores. Figures are printed for BENCHMARKS.md; nothing is asserted.

mod console;
mod proxy;
mod server;
mod traffic;
mod walk;

use console::HeadlessConsole;
use server::{Cpu, Served};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use traffic::{Rates, Traffic};
use uln_api::ApiClient;

/// How long every console together may take to load its queue.
const LOAD_PATIENCE: Duration = Duration::from_secs(1200);

/// How long after a period the consoles' late requests are still counted.
const AFTERMATH: Duration = Duration::from_secs(15);

/// What to run, from `--name value` pairs.
#[derive(Debug, Clone)]
struct Args {
    open: usize,
    consoles: usize,
    seconds: u64,
    rate: f64,
    walks: usize,
    delay_ms: u64,
}

impl Args {
    fn parse() -> anyhow::Result<Args> {
        let mut args = Args {
            open: 100_000,
            consoles: 50,
            seconds: 60,
            rate: 5.0,
            walks: 20,
            delay_ms: 50,
        };
        let given: Vec<String> = std::env::args().skip(1).collect();
        for pair in given.chunks(2) {
            let [name, value] = pair else {
                anyhow::bail!("`{}` has no value", pair[0]);
            };
            match name.as_str() {
                "--open" => args.open = value.parse()?,
                "--consoles" => args.consoles = value.parse()?,
                "--seconds" => args.seconds = value.parse()?,
                "--rate" => args.rate = value.parse()?,
                "--walks" => args.walks = value.parse()?,
                "--delay-ms" => args.delay_ms = value.parse()?,
                other => anyhow::bail!("unknown option {other}"),
            }
        }
        Ok(args)
    }
}

fn runtime(name: &str, threads: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .thread_name(name)
        .enable_all()
        .build()
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse()?;
    // Each side has a runtime of its own, as it would have a process, so its CPU can be told apart.
    let server_rt = runtime("server", 2)?;
    let consoles_rt = runtime("console", 2)?;
    let client_rt = runtime("client", 2)?;
    let proxy_rt = runtime("proxy", 1)?;
    // Consoles for the team, and two more: the lone console, locally and over the slow network.
    let served = server_rt.block_on(server::start(args.open, args.consoles + 2))?;
    println!(
        "{} open ids at {}; {} consoles, {} s per period, {} changes/s",
        served.open_ids.len(),
        served.base,
        args.consoles,
        args.seconds,
        args.rate
    );
    let consoles = consoles_rt.handle().clone();
    let proxy = proxy_rt.handle().clone();
    client_rt.block_on(async move {
        team_load(&served, &consoles, &args).await?;
        alone(&served, &consoles, &proxy, &args).await
    })?;
    Ok(())
}

/// Part 1: the period with no consoles, then with `args.consoles`.
async fn team_load(
    served: &Served,
    consoles_rt: &tokio::runtime::Handle,
    args: &Args,
) -> anyhow::Result<()> {
    let traffic = Traffic {
        operator: ApiClient::new(&served.base, &served.operator)?,
        reader: ApiClient::new(&served.base, &served.reader)?,
        open_ids: Arc::new(served.open_ids.clone()),
    };
    let changes = server::count_changes(&served.events);
    let tokens = &served.consoles[..args.consoles];
    let period = |n: usize| {
        let (traffic, changes) = (&traffic, changes.clone());
        async move {
            let rates = Rates {
                changes: args.rate,
                opens: 20.0,
                pages: 5.0,
            };
            let (cpu, events, sent) = (
                server::cpu(),
                changes.load(Ordering::Relaxed),
                served.requests.by_endpoint(tokens),
            );
            let run = traffic::run(traffic, rates, Duration::from_secs(args.seconds)).await;
            let used = server::cpu() - cpu;
            let events = changes.load(Ordering::Relaxed) - events;
            let now = served.requests.by_endpoint(tokens);
            let mut sent: Vec<(String, u64)> = now
                .into_iter()
                .map(|(e, c)| (e.clone(), c - sent.get(&e).copied().unwrap_or(0)))
                .filter(|(_, c)| *c > 0)
                .collect();
            sent.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
            report_period(n, &run, events, used, &sent);
            if n > 0 {
                report_streams(served, tokens);
                // Requests for the period's changes that a busy console sends only after it.
                let at_end = served.requests.total(tokens);
                tokio::time::sleep(AFTERMATH).await;
                println!(
                    "    in the {} s after the period the consoles sent {} more",
                    AFTERMATH.as_secs(),
                    served.requests.total(tokens) - at_end
                );
            }
        }
    };
    period(0).await;

    let started = Instant::now();
    let mut team = Vec::with_capacity(tokens.len());
    for token in tokens {
        team.push(HeadlessConsole::start(consoles_rt, &served.base, token)?);
    }
    let cpu = server::cpu();
    let loads = futures_util::future::join_all(team.iter_mut().map(|c| c.loaded(LOAD_PATIENCE)));
    let mut loads = loads
        .await
        .into_iter()
        .collect::<anyhow::Result<Vec<_>>>()?;
    loads.sort();
    let used = server::cpu() - cpu;
    let (rss, _) = server::memory_mb();
    // A page refused (a busy server answers 503) ends a console's load early, with fewer rows.
    let rows: Vec<usize> = team.iter().map(|c| c.seen().rows).collect();
    println!(
        "{} consoles loaded their queues ({}–{} rows each) in {:.1} s: per console p50 {:.1} s, \
         max {:.1} s; CPU for it: server {:.1} s, consoles {:.1} s; resident memory {rss:.0} MB",
        team.len(),
        rows.iter().min().unwrap_or(&0),
        rows.iter().max().unwrap_or(&0),
        started.elapsed().as_secs_f64(),
        traffic::percentile(&loads, 0.5).as_secs_f64(),
        loads.last().copied().unwrap_or_default().as_secs_f64(),
        used.server,
        used.consoles,
    );
    period(tokens.len()).await;
    for console in team {
        console.stop().await;
    }
    let (_, peak) = server::memory_mb();
    println!("resident memory at its peak: {peak:.0} MB");
    Ok(())
}

/// One line for a measured period.
fn report_period(
    consoles: usize,
    run: &traffic::Period,
    events: u64,
    cpu: Cpu,
    sent: &[(String, u64)],
) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let changes = events.max(1) as f64;
    println!(
        "{consoles:>3} consoles: {} changes written ({} lost to another writer, {} failed{}), \
         {events} change events; CPU per change: server {:.1} ms, consoles {:.1} ms, harness {:.1} ms",
        run.written,
        run.lost,
        run.failed,
        run.first_failure
            .as_ref()
            .map_or(String::new(), |f| format!(", first: {f}")),
        cpu.server * 1000.0 / changes,
        cpu.consoles * 1000.0 / changes,
        cpu.harness * 1000.0 / changes,
    );
    for (what, samples) in [("record open", &run.opens), ("list page (100)", &run.pages)] {
        println!(
            "    {what:<16} {:>6} requests, p50 {:>7.2} ms, p99 {:>8.2} ms, max {:>8.2} ms, errors {}",
            samples.latencies.len(),
            ms(samples.percentile(0.5)),
            ms(samples.percentile(0.99)),
            ms(samples.percentile(1.0)),
            samples.errors,
        );
    }
    if consoles > 0 {
        let total: u64 = sent.iter().map(|(_, n)| n).sum();
        let each: Vec<String> = sent
            .iter()
            .map(|(e, n)| format!("{e} {:.2}", *n as f64 / changes))
            .collect();
        println!(
            "    the consoles sent {total} requests, {:.2} per change: {}",
            total as f64 / changes,
            each.join(", ")
        );
    }
}

/// How many consoles asked for the event stream, and how often: a console whose stream broke
/// hears of no change until it reconnects.
fn report_streams(served: &Served, tokens: &[String]) {
    let streams: Vec<u64> = tokens
        .iter()
        .map(|t| {
            let sent = served.requests.by_endpoint(std::slice::from_ref(t));
            sent.get("GET /api/v1/events").copied().unwrap_or(0)
        })
        .collect();
    println!(
        "    event streams asked for since the start: {} in all; consoles that asked 0 times: {}, once: {}, more: {}",
        streams.iter().sum::<u64>(),
        streams.iter().filter(|n| **n == 0).count(),
        streams.iter().filter(|n| **n == 1).count(),
        streams.iter().filter(|n| **n > 1).count(),
    );
}

/// Part 2: one console alone, on loopback and then through the delaying proxy.
async fn alone(
    served: &Served,
    consoles_rt: &tokio::runtime::Handle,
    proxy_rt: &tokio::runtime::Handle,
    args: &Args,
) -> anyhow::Result<()> {
    let (local, wan) = (
        &served.consoles[args.consoles],
        &served.consoles[args.consoles + 1],
    );
    let figures = walk::walk(
        consoles_rt,
        &served.base,
        local,
        &served.requests,
        args.walks,
    )
    .await?;
    walk::report("one console, local", &figures);

    let delay = Duration::from_millis(args.delay_ms);
    let (addr, carried) = proxy_rt.spawn(proxy::start(served.addr, delay)).await??;
    let base = format!("http://{addr}/api/v1");
    let figures = walk::walk(consoles_rt, &base, wan, &served.requests, args.walks).await?;
    walk::report(
        &format!("one console, {} ms round trip", 2 * args.delay_ms),
        &figures,
    );
    println!(
        "    through the proxy: {} connections, {:.1} MB up, {:.1} MB down",
        carried.connections.load(Ordering::Relaxed),
        carried.up.load(Ordering::Relaxed) as f64 / 1e6,
        carried.down.load(Ordering::Relaxed) as f64 / 1e6,
    );
    Ok(())
}
