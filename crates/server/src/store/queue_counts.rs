//! The arithmetic of the queue counts that both stores share. Each keeps open exceptions counted
//! per queue and per hour of deadline (its migration 0002); a count for "deadline at or before t"
//! is the whole hours before t's hour, from those counters, plus the rows of t's own hour counted
//! exactly, so the bands stay exact to the second as time moves them.

use super::QueueCount;
use jiff::Timestamp;
use uln_domain::AnomalyKind;

/// Per queue (0 for all open, else an anomaly bit): its open rows, and those in whole hours
/// before each band edge's hour.
pub(crate) type WholeHours = (i64, i64, i64, i64, i64);
/// Per band edge (0, 1, 2) and anomaly set: open rows from the edge's hour up to the edge itself.
pub(crate) type EdgeHour = (i64, i64, i64);

/// The band edges: overdue is "deadline <= now", due within 48 h is "now < deadline <= now + 48 h",
/// due within 7 days likewise.
pub(crate) fn band_edges(now: Timestamp) -> [i64; 3] {
    let now = now.as_second();
    [now, now + 48 * 3600, now + 7 * 24 * 3600]
}

/// Unix hours, as the counters are keyed.
pub(crate) fn hour(t: i64) -> i64 {
    t.div_euclid(3600)
}

/// Every queue's counts, all open first.
pub(crate) fn combine(whole: &[WholeHours], partial: &[EdgeHour]) -> Vec<QueueCount> {
    let queues = std::iter::once(None).chain(AnomalyKind::ALL.into_iter().map(Some));
    queues
        .map(|kind| {
            let bit = kind.map_or(0, AnomalyKind::bit);
            let member = |anomalies: i64| bit == 0 || anomalies & bit != 0;
            let (open, before) = whole
                .iter()
                .find(|w| w.0 == bit)
                .map_or((0, [0; 3]), |w| (w.1, [w.2, w.3, w.4]));
            // Deadlines at or before each edge.
            let mut upto = before;
            for (edge, anomalies, n) in partial {
                if member(*anomalies) {
                    upto[*edge as usize] += n;
                }
            }
            QueueCount {
                kind,
                open,
                overdue: upto[0],
                due_within_48h: upto[1] - upto[0],
                due_within_7d: upto[2] - upto[0],
                snoozed: 0,
            }
        })
        .collect()
}

/// Per anomaly set: open rows snoozed now.
pub(crate) type SnoozedSet = (i64, i64);

/// Adds the snoozed counts, counted at the time asked (not kept by triggers: a snooze ends with
/// the clock, and the snoozed rows are few, found by their partial index).
pub(crate) fn with_snoozed(mut counts: Vec<QueueCount>, snoozed: &[SnoozedSet]) -> Vec<QueueCount> {
    for count in &mut counts {
        count.snoozed = snoozed
            .iter()
            .filter(|(set, _)| count.kind.is_none_or(|k| set & k.bit() != 0))
            .map(|(_, n)| n)
            .sum();
    }
    counts
}
