//! Synthetic open exceptions for the console's measurements (`benches/console.rs`,
//! `examples/queue_memory.rs`): names, centres and ULNs drawn from small fixed lists by a seeded
//! generator, so every run sees the same queue.

// Each program that includes this module uses a different part of it.
#![allow(dead_code)]

use jiff::{SignedDuration, Timestamp};
use uln_api::{AnomalyKind, ExceptionSummary, QueueOrder, RecordStatus};

const GIVEN: &[&str] = &[
    "Amelia", "Oscar", "Grace", "Noah", "Isla", "Harry", "Freya", "Leo", "Ava", "Arthur", "Ivy",
    "Mohammed",
];
const FAMILY: &[&str] = &[
    "Smith", "Jones", "Patel", "Hughes", "O'Brien", "Khan", "Taylor", "Brown", "Wilson", "Evans",
    "Begum", "Walker",
];
const CENTRE: &[&str] = &[
    "Calder Valley College",
    "Jubilee Park Academy",
    "Westbrook High School",
    "Abbey Mead Academy",
    "Pennine Gate College",
];

fn start() -> Timestamp {
    "2026-11-24T12:00:00Z".parse().expect("a time")
}

/// `n` open exceptions in the order the server pages them: soonest deadline first.
pub fn rows(n: usize) -> Vec<ExceptionSummary> {
    let mut rows = unsorted_rows(n);
    QueueOrder::default().sort(&mut rows);
    rows
}

pub fn unsorted_rows(n: usize) -> Vec<ExceptionSummary> {
    let mut rng = fastrand::Rng::with_seed(5);
    (0..n)
        .map(|i| {
            let deadline = start() + SignedDuration::from_secs(rng.i64(-3600..28 * 86_400));
            row(i as i64 + 1, deadline, &mut rng)
        })
        .collect()
}

/// Rows `from..from + len` of a queue of `n` rows in deadline order, made on demand so that a
/// measurement never holds more than the page it is loading. The deadlines are spread evenly
/// over the same four weeks as `rows`.
pub fn page(n: usize, from: usize, len: usize) -> Vec<ExceptionSummary> {
    let span = 28 * 86_400 + 3600;
    (from..(from + len).min(n))
        .map(|i| {
            let mut rng = fastrand::Rng::with_seed(i as u64);
            let offset = i as i64 * span / n as i64 - 3600;
            row(
                i as i64 + 1,
                start() + SignedDuration::from_secs(offset),
                &mut rng,
            )
        })
        .collect()
}

fn row(id: i64, deadline: Timestamp, rng: &mut fastrand::Rng) -> ExceptionSummary {
    ExceptionSummary {
        id,
        uln: Some(format!("{}", 1_000_000_000 + rng.u64(0..8_999_999_999))),
        given_name: GIVEN[rng.usize(..GIVEN.len())].into(),
        family_name: FAMILY[rng.usize(..FAMILY.len())].into(),
        date_of_birth: "2007-02-03".into(),
        centre: CENTRE[rng.usize(..CENTRE.len())].into(),
        registered_at: "2026-11-01T09:00:00Z".into(),
        deadline: deadline.to_string(),
        anomalies: vec![AnomalyKind::Spelling],
        status: RecordStatus::Open,
        version: 1,
        assigned_to: None,
        claim: None,
    }
}
