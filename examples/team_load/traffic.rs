//! The work around the consoles during a measured period: other operators changing records at a
//! steady rate, and a reader opening records and reading first list pages, each timed. Every
//! request starts at its due time on a task of its own (an open loop), and its latency counts
//! from that time, so a stall cannot hide by holding back the requests behind it.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::{Instant, MissedTickBehavior};
use uln_api::{ApiClient, ClientError, ListQuery, RecordStatus, RejectRequest, SuggestedAction};

/// How many a second of each kind of work.
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    pub changes: f64,
    pub opens: f64,
    pub pages: f64,
}

/// Who does the work, and on which records.
pub struct Traffic {
    pub operator: ApiClient,
    pub reader: ApiClient,
    pub open_ids: Arc<Vec<i64>>,
}

/// Latencies of one kind of request, and how many failed.
#[derive(Debug, Default)]
pub struct Samples {
    pub latencies: Vec<Duration>,
    pub errors: usize,
}

impl Samples {
    fn from(results: Vec<Option<Duration>>) -> Samples {
        let mut latencies: Vec<Duration> = results.iter().flatten().copied().collect();
        latencies.sort();
        Samples {
            errors: results.len() - latencies.len(),
            latencies,
        }
    }

    pub fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }
}

/// `p` in 0..=1 of sorted `samples`, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// What one of the other operators' changes came to.
#[derive(Debug, Clone)]
enum Outcome {
    Written,
    /// Another writer got there first (412), or every record tried was already closed.
    Lost,
    Failed(String),
}

/// What happened during a period.
#[derive(Debug, Default)]
pub struct Period {
    pub written: usize,
    pub lost: usize,
    pub failed: usize,
    pub first_failure: Option<String>,
    pub opens: Samples,
    pub pages: Samples,
}

/// Runs the three kinds of work at `rates` for `length`, and waits for the last answers.
pub async fn run(traffic: &Traffic, rates: Rates, length: Duration) -> Period {
    let until = Instant::now() + length;
    let (operator, ids) = (traffic.operator.clone(), traffic.open_ids.clone());
    let changes = steady(rates.changes, until, move |_, _| {
        change(operator.clone(), ids.clone())
    });
    let (reader, ids) = (traffic.reader.clone(), traffic.open_ids.clone());
    let opens = steady(rates.opens, until, move |_, due| {
        let (reader, id) = (reader.clone(), ids[fastrand::usize(..ids.len())]);
        async move { reader.exception(id).await.ok().map(|_| due.elapsed()) }
    });
    let reader = traffic.reader.clone();
    let pages = steady(rates.pages, until, move |n, due| {
        let sort = ["deadline", "registered", "centre", "family_name"][n % 4];
        let query = ListQuery {
            sort: Some(sort.to_owned()),
            limit: Some(100),
            ..ListQuery::default()
        };
        let reader = reader.clone();
        async move { reader.exceptions(&query).await.ok().map(|_| due.elapsed()) }
    });
    let (changes, opens, pages) = tokio::join!(changes, opens, pages);
    let mut period = Period {
        opens: Samples::from(opens),
        pages: Samples::from(pages),
        ..Period::default()
    };
    for outcome in changes {
        match outcome {
            Outcome::Written => period.written += 1,
            Outcome::Lost => period.lost += 1,
            Outcome::Failed(why) => {
                period.failed += 1;
                period.first_failure.get_or_insert(why);
            }
        }
    }
    period
}

/// Starts `request(n, due)` `rate` times a second until `until`, each on a task of its own, and
/// answers what each answered.
async fn steady<F, Fut, T>(rate: f64, until: Instant, request: F) -> Vec<T>
where
    F: Fn(usize, Instant) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let mut running = JoinSet::new();
    if rate <= 0.0 {
        return Vec::new();
    }
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Burst);
    for n in 0.. {
        let due = ticks.tick().await;
        if due >= until {
            break;
        }
        running.spawn(request(n, due));
    }
    let mut answers = Vec::with_capacity(running.len());
    while let Some(answer) = running.join_next().await {
        answers.extend(answer.ok());
    }
    answers
}

/// One change by another operator: a random open record, read for its version and suggestions,
/// then its top suggested amendment applied with If-Match, or rejected when nothing suggests an
/// amendment (for the suggested reason, else "other"). A record found closed is passed over.
async fn change(operator: ApiClient, ids: Arc<Vec<i64>>) -> Outcome {
    for _ in 0..5 {
        let id = ids[fastrand::usize(..ids.len())];
        let detail = match operator.exception(id).await {
            Ok(detail) => detail,
            Err(e) => return Outcome::Failed(format!("read #{id}: {e}")),
        };
        if detail.status != RecordStatus::Open {
            continue;
        }
        let amendment = detail.suggestions.iter().find_map(|s| match &s.action {
            SuggestedAction::Amend { amendment } => Some(amendment),
            _ => None,
        });
        let result = match amendment {
            Some(fields) => {
                operator
                    .amend(id, detail.version, fields, Some("team load"))
                    .await
            }
            None => {
                let reason = detail.suggestions.iter().find_map(|s| match &s.action {
                    SuggestedAction::Reject { reason } => Some(*reason),
                    _ => None,
                });
                let request = RejectRequest {
                    reason: reason.unwrap_or(uln_api::RejectReason::Other),
                    note: Some("team load".into()),
                };
                operator.reject(id, detail.version, &request).await
            }
        };
        return match result {
            Ok(_) => Outcome::Written,
            Err(ClientError::Api { status: 412, .. }) => Outcome::Lost,
            Err(e) => Outcome::Failed(format!("write #{id}: {e}")),
        };
    }
    Outcome::Lost
}
