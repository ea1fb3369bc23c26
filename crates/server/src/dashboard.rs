//! The dashboard in UK days: the store's facts (`store::DashboardFacts`) turned into bands of
//! days left, this week's deadlines, top centres and resolutions per day and per operator.
//!
//! Days are Europe/London calendar days. Their midnights are whole UTC hours (the UK's offsets
//! are whole hours), so the hourly deadline counters answer every band exactly; only "overdue"
//! ends mid-hour, at now, and the store counts that hour's rows exactly.

use crate::store::{ClosingsInHour, DashboardFacts};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use std::collections::BTreeMap;
use uln_api::{
    BacklogBand, CentreBacklog, Dashboard, DayResolutions, DaysLeft, OperatorResolutions, Queue,
    QueueDashboard, RESOLUTION_DAYS, TOP_CENTRES,
};
use uln_domain::demographics::uk_date;
use uln_domain::AnomalyKind;

/// The bands after "overdue": each is deadlines before the start of the UK day this many days
/// after today, and not in an earlier band. `Later` takes the rest.
const BAND_ENDS: [(DaysLeft, i64); 5] = [
    (DaysLeft::Today, 1),
    (DaysLeft::Days1To2, 3),
    (DaysLeft::Days3To7, 8),
    (DaysLeft::Days8To14, 15),
    (DaysLeft::Days15To28, 29),
];

fn london() -> TimeZone {
    // The zone database is bundled; UTC is at most an hour out if it were not.
    TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC)
}

/// The first second of a UK day, in unix hours (a whole hour: see the module's comment).
fn day_start_hour(date: Date) -> i64 {
    date.to_zoned(london())
        .or_else(|_| date.to_zoned(TimeZone::UTC))
        .map_or(0, |z| z.timestamp().as_second())
        .div_euclid(3600)
}

fn days_after(today: Date, days: i64) -> Date {
    today.checked_add(days.days()).unwrap_or(today)
}

/// The first UK day after `today` in the next week (weeks start on Monday).
fn next_monday(today: Date) -> Date {
    days_after(
        today,
        7 - i64::from(today.weekday().to_monday_zero_offset()),
    )
}

/// The date the earliest resolutions counted fall on, and its first second: the dashboard's
/// `since`.
pub fn resolutions_since(now: Timestamp) -> Timestamp {
    let first = days_after(uk_date(now), 1 - RESOLUTION_DAYS as i64);
    Timestamp::from_second(day_start_hour(first) * 3600).unwrap_or(now)
}

/// One queue's open rows counted by deadline hour.
struct QueueDeadlines {
    /// Open rows with their deadline at or before now.
    overdue: i64,
    open: i64,
    hours: Vec<(i64, i64)>,
}

impl QueueDeadlines {
    fn of(facts: &DashboardFacts, bit: i64, now_hour: i64) -> QueueDeadlines {
        let hours: Vec<(i64, i64)> = facts
            .deadline_hours
            .iter()
            .filter(|(queue, _, _)| *queue == bit)
            .map(|(_, hour, n)| (*hour, *n))
            .collect();
        let this_hour: i64 = facts
            .overdue_this_hour
            .iter()
            .filter(|(anomalies, _)| member(bit, *anomalies))
            .map(|(_, n)| n)
            .sum();
        let mut deadlines = QueueDeadlines {
            overdue: 0,
            open: hours.iter().map(|(_, n)| n).sum(),
            hours,
        };
        deadlines.overdue = deadlines.before(now_hour) + this_hour;
        deadlines
    }

    /// Open rows whose deadline is before this hour.
    fn before(&self, hour: i64) -> i64 {
        self.hours
            .iter()
            .filter(|(h, _)| *h < hour)
            .map(|(_, n)| n)
            .sum()
    }
}

/// Whether a row with these anomalies is in the queue (0 is every open row).
fn member(bit: i64, anomalies: i64) -> bool {
    bit == 0 || anomalies & bit != 0
}

fn backlog(deadlines: &QueueDeadlines, today: Date) -> Vec<BacklogBand> {
    let mut bands = vec![BacklogBand {
        days_left: DaysLeft::Overdue,
        open: deadlines.overdue,
    }];
    let mut counted = deadlines.overdue;
    for (days_left, end) in BAND_ENDS {
        let upto = deadlines.before(day_start_hour(days_after(today, end)));
        bands.push(BacklogBand {
            days_left,
            open: upto - counted,
        });
        counted = upto;
    }
    bands.push(BacklogBand {
        days_left: DaysLeft::Later,
        open: deadlines.open - counted,
    });
    bands
}

fn top_centres(facts: &DashboardFacts, bit: i64) -> Vec<CentreBacklog> {
    let mut per_centre: BTreeMap<&str, i64> = BTreeMap::new();
    for (centre, anomalies, n) in &facts.centres {
        if member(bit, *anomalies) {
            *per_centre.entry(centre.as_str()).or_default() += n;
        }
    }
    let mut centres: Vec<(&str, i64)> = per_centre.into_iter().collect();
    // Stable, and the map gave byte order: ties stay by name.
    centres.sort_by_key(|(_, open)| std::cmp::Reverse(*open));
    centres
        .into_iter()
        .take(TOP_CENTRES)
        .map(|(centre, open)| CentreBacklog {
            centre: centre.to_owned(),
            open,
        })
        .collect()
}

fn per_day(closings: &[ClosingsInHour], today: Date) -> Vec<DayResolutions> {
    let mut days: Vec<DayResolutions> = (1 - RESOLUTION_DAYS as i64..=0)
        .map(|offset| DayResolutions {
            date: days_after(today, offset).to_string(),
            resolved: 0,
            rejected: 0,
        })
        .collect();
    for closing in closings {
        let Ok(at) = Timestamp::from_second(closing.hour * 3600) else {
            continue;
        };
        let date = uk_date(at).to_string();
        if let Some(day) = days.iter_mut().find(|d| d.date == date) {
            add(&mut day.resolved, &mut day.rejected, closing);
        }
    }
    days
}

fn per_operator(closings: &[ClosingsInHour]) -> Vec<OperatorResolutions> {
    let mut per: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for closing in closings {
        let (resolved, rejected) = per.entry(closing.operator.as_str()).or_default();
        add(resolved, rejected, closing);
    }
    let mut operators: Vec<OperatorResolutions> = per
        .into_iter()
        .map(|(operator, (resolved, rejected))| OperatorResolutions {
            operator: operator.to_owned(),
            resolved,
            rejected,
        })
        .collect();
    operators.sort_by_key(|o| std::cmp::Reverse(o.closed()));
    operators
}

fn add(resolved: &mut i64, rejected: &mut i64, closing: &ClosingsInHour) {
    if closing.rejected {
        *rejected += closing.records;
    } else {
        *resolved += closing.records;
    }
}

/// The dashboard at `now`; the per-operator part only when `supervisor`. `facts` must have been
/// read at `now` with `resolutions_since(now)`.
pub fn dashboard(facts: &DashboardFacts, now: Timestamp, supervisor: bool) -> Dashboard {
    let today = uk_date(now);
    let now_hour = now.as_second().div_euclid(3600);
    let week_end = day_start_hour(next_monday(today));
    let queues = std::iter::once(None)
        .chain(AnomalyKind::ALL.into_iter().map(Some))
        .map(|kind| {
            let bit = kind.map_or(0, AnomalyKind::bit);
            let deadlines = QueueDeadlines::of(facts, bit, now_hour);
            QueueDashboard {
                queue: kind.map_or(Queue::All, |k| Queue::Kind(k.into())),
                open: deadlines.open,
                due_this_week: deadlines.before(week_end) - deadlines.overdue,
                backlog: backlog(&deadlines, today),
                top_centres: top_centres(facts, bit),
            }
        })
        .collect();
    Dashboard {
        today: today.to_string(),
        queues,
        resolutions: per_day(&facts.closings, today),
        by_operator: supervisor.then(|| per_operator(&facts.closings)),
    }
}

#[cfg(test)]
#[path = "dashboard_tests.rs"]
mod tests;
