//! `LOAD_ONLY=claims`: what the live claims put on each queue page cost it (issue 16).
//!
//! `GET /exceptions` reads the live claims with a store query of its own on every page
//! (`routes::queues::with_claims`). This times, one request at a time so that each figure is a
//! page's own cost and not queueing, the console's two kinds of page: the first (200 rows, deadline
//! order) and a later one of 10,000 rows halfway through the queue. Interleaved with them it times
//! the store's `live_claims` on the server's own runtime, as the route calls it: what each page
//! pays for the lookup.
//!
//! `LOAD_CLAIMS` lists the numbers of live claims to measure with (default `0,50,500`). Before each
//! step every claim is cleared, then that many records are claimed through
//! `PUT /exceptions/{id}/claim` by ten operators: half on the first page (up to its 200 rows),
//! since operators take the top of the queue, and the rest spread over the whole queue.

use super::{fetch, percentile, Target};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use uln_server::store::Role;
use uln_server::AppState;

/// The console's first page and every page after it (`screens::queue`).
const FIRST_PAGE: usize = 200;
const LATER_PAGE: usize = 10_000;
const OPERATORS: usize = 10;
/// First pages (each with a lookup timed beside it) for each deep page: a deep page costs about
/// as much as this many first pages.
const FIRST_PAGES_PER_DEEP: usize = 10;

pub async fn claims_on_pages(t: &Target, server: (AppState, Handle)) -> anyhow::Result<()> {
    let counts: Vec<usize> = std::env::var("LOAD_CLAIMS")
        .unwrap_or_else(|_| "0,50,500".into())
        .split(',')
        .map(|n| n.trim().parse())
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("LOAD_CLAIMS must list numbers: {e}"))?;
    let base = t.bases[0].clone();
    let operators = add_operators(&server).await?;
    let first_page = format!("{base}/exceptions?limit={FIRST_PAGE}");
    let (first_ids, _) = page(t, &first_page).await?;
    let deep_page = deep_page(t, &base).await?;
    let candidates = candidates(
        &first_ids,
        &t.ids,
        counts.iter().copied().max().unwrap_or(0),
    );
    println!(
        "one request at a time, {}s per step; the first page is {FIRST_PAGE} rows, the deep page \
         {LATER_PAGE} rows halfway through the queue",
        t.seconds
    );
    for n in counts {
        clear_claims(&server).await?;
        claim(t, &operators, &candidates, n).await?;
        let (_, live) = time_lookup(&server).await?;
        anyhow::ensure!(live == n, "{live} live claims, not {n}");
        measure(t, &server, n, &first_page, &deep_page).await?;
    }
    clear_claims(&server).await
}

/// The page's ids and the cursor of the page after it.
async fn page(t: &Target, url: &str) -> anyhow::Result<(Vec<i64>, Option<String>)> {
    let body = fetch(t.http.get(url).bearer_auth(&t.token))
        .await
        .ok_or_else(|| anyhow::anyhow!("GET {url} failed"))?;
    let page: serde_json::Value = serde_json::from_slice(&body)?;
    let ids = page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_i64()).collect())
        .unwrap_or_default();
    Ok((ids, page["next_cursor"].as_str().map(str::to_owned)))
}

/// The URL of the later page halfway through the queue, found by paging through it as the console
/// does.
async fn deep_page(t: &Target, base: &str) -> anyhow::Result<String> {
    let later = |cursor: &str| format!("{base}/exceptions?limit={LATER_PAGE}&cursor={cursor}");
    let (_, mut next) = page(t, &format!("{base}/exceptions?limit={FIRST_PAGE}")).await?;
    let mut cursors = Vec::new();
    while let Some(cursor) = next {
        next = page(t, &later(&cursor)).await?.1;
        cursors.push(cursor);
    }
    let middle = cursors
        .get(cursors.len() / 2)
        .ok_or_else(|| anyhow::anyhow!("the queue has no second page"))?;
    println!(
        "the queue is {} later pages of {LATER_PAGE} after the first",
        cursors.len()
    );
    Ok(later(middle))
}

/// Records to claim, in order: first-page rows and rows spread over the queue in turns, then more
/// of the spread ones once the first page is used up.
fn candidates(first_ids: &[i64], open_ids: &[i64], most: usize) -> Vec<i64> {
    let stride = (open_ids.len() / (most + 1)).max(1);
    let mut spread = open_ids.iter().step_by(stride).copied();
    let mut order = Vec::new();
    for &id in first_ids {
        order.push(id);
        order.extend(spread.next());
    }
    order.extend(spread);
    // Spare ones: a record may have closed since the ids were read.
    order.extend(open_ids.iter().copied());
    let mut seen = HashSet::new();
    order.retain(|id| seen.insert(*id));
    order.truncate(most * 2);
    order
}

/// Ten operators' tokens, made as the `operator add` command makes them.
async fn add_operators((state, server): &(AppState, Handle)) -> anyhow::Result<Vec<String>> {
    let state = state.clone();
    server
        .spawn(async move {
            let mut tokens = Vec::new();
            for k in 0..OPERATORS {
                let name = format!("claims-{}-{k}", std::process::id());
                let token = uln_server::auth::new_token()
                    .map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
                let hash = uln_server::auth::hash_token(&token);
                state
                    .store
                    .add_operator(&name, Role::Operator, &hash)
                    .await?;
                tokens.push(token);
            }
            anyhow::Ok(tokens)
        })
        .await?
}

/// Claims `n` of the candidates through the API, the operators taking turns.
async fn claim(
    t: &Target,
    operators: &[String],
    candidates: &[i64],
    n: usize,
) -> anyhow::Result<()> {
    let mut held = 0;
    for (k, id) in candidates.iter().enumerate() {
        if held == n {
            return Ok(());
        }
        let url = format!("{}/exceptions/{id}/claim", t.bases[0]);
        let sent = t
            .http
            .put(url)
            .bearer_auth(&operators[k % operators.len()])
            .json(&serde_json::json!({}))
            .send()
            .await?;
        // A record closed since its id was read answers 409; the next candidate stands in.
        held += usize::from(sent.status().is_success());
        sent.bytes().await?;
    }
    anyhow::ensure!(held == n, "only {held} of {n} records could be claimed");
    Ok(())
}

/// Deletes every claim, lapsed or not, with the store's own sweep.
async fn clear_claims((state, server): &(AppState, Handle)) -> anyhow::Result<()> {
    let state = state.clone();
    server
        .spawn(async move {
            let every = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
            state.store.sweep_claims(every).await?;
            anyhow::Ok(())
        })
        .await?
}

/// The store's `live_claims`, timed on the server's runtime as `with_claims` calls it; returns its
/// time and how many claims it found.
async fn time_lookup((state, server): &(AppState, Handle)) -> anyhow::Result<(Duration, usize)> {
    let state = state.clone();
    server
        .spawn(async move {
            let started = Instant::now();
            let lapse_before = state.claims_lapse_before(jiff::Timestamp::now());
            let claims = state.store.live_claims(lapse_before).await?;
            anyhow::Ok((started.elapsed(), claims.len()))
        })
        .await?
}

/// A page over HTTP, its body read; returns its time and how many rows carry a claim.
async fn time_page(t: &Target, url: &str) -> anyhow::Result<(Duration, usize)> {
    let started = Instant::now();
    let body = fetch(t.http.get(url).bearer_auth(&t.token))
        .await
        .ok_or_else(|| anyhow::anyhow!("GET {url} failed"))?;
    let elapsed = started.elapsed();
    let page: serde_json::Value = serde_json::from_slice(&body)?;
    let claimed = page["items"].as_array().map_or(0, |items| {
        items.iter().filter(|i| !i["claim"].is_null()).count()
    });
    Ok((elapsed, claimed))
}

/// One step: first pages, lookups and deep pages interleaved for the run's seconds.
async fn measure(
    t: &Target,
    server: &(AppState, Handle),
    n: usize,
    first_page: &str,
    deep_page: &str,
) -> anyhow::Result<()> {
    let (mut first, mut deep, mut lookups) = (Vec::new(), Vec::new(), Vec::new());
    let (mut shown_first, mut shown_deep) = (0, 0);
    let load_before = load_average();
    let until = Instant::now() + Duration::from_secs(t.seconds);
    while Instant::now() < until || deep.is_empty() {
        for _ in 0..FIRST_PAGES_PER_DEEP {
            let (elapsed, shown) = time_page(t, first_page).await?;
            first.push(elapsed);
            shown_first = shown;
            lookups.push(time_lookup(server).await?.0);
        }
        let (elapsed, shown) = time_page(t, deep_page).await?;
        deep.push(elapsed);
        shown_deep = shown;
    }
    let summary = |samples: &mut Vec<Duration>| {
        samples.sort();
        let ms = |p| percentile(samples, p).as_secs_f64() * 1000.0;
        format!(
            "p50 {:>7.3} ms, p99 {:>7.3} ms (n {:>4})",
            ms(0.5),
            ms(0.99),
            samples.len()
        )
    };
    println!(
        "{n:>5} live claims | first page {} | deep page {} | live_claims {} | rows with a claim: \
         first page {shown_first}, deep page {shown_deep} | load average {load_before} -> {}",
        summary(&mut first),
        summary(&mut deep),
        summary(&mut lookups),
        load_average()
    );
    Ok(())
}

/// The one-minute load average, from /proc.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}
