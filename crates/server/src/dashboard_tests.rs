use super::*;
use jiff::civil::date;

/// A moment in UK time.
fn uk(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
    date(y, m, d)
        .at(h, min, 0, 0)
        .to_zoned(london())
        .unwrap()
        .timestamp()
}

fn hour_of(t: Timestamp) -> i64 {
    t.as_second().div_euclid(3600)
}

fn bands(dashboard: &Dashboard, queue: usize) -> Vec<(DaysLeft, i64)> {
    dashboard.queues[queue]
        .backlog
        .iter()
        .map(|b| (b.days_left, b.open))
        .collect()
}

#[test]
fn deadlines_fall_in_uk_days_across_the_clock_change() {
    // Saturday 25 October 2025, 10:30 BST; the clocks go back at 02:00 on Sunday the 26th.
    let now = uk(2025, 10, 25, 10, 30);
    let deadlines = [
        uk(2025, 10, 25, 9, 0),   // overdue, in an earlier hour
        uk(2025, 10, 25, 23, 30), // today
        uk(2025, 10, 26, 0, 30),  // tomorrow, BST: in UTC still the 25th
        uk(2025, 10, 28, 0, 0),   // three days on, at midnight GMT
        uk(2025, 11, 22, 12, 0),  // 28 days on
        uk(2025, 11, 23, 0, 0),   // 29 days on
    ];
    let facts = DashboardFacts {
        deadline_hours: deadlines.iter().map(|d| (0, hour_of(*d), 1)).collect(),
        ..DashboardFacts::default()
    };
    let dashboard = dashboard(&facts, now, false);
    assert_eq!(dashboard.today, "2025-10-25");
    assert_eq!(
        bands(&dashboard, 0),
        vec![
            (DaysLeft::Overdue, 1),
            (DaysLeft::Today, 1),
            (DaysLeft::Days1To2, 1),
            (DaysLeft::Days3To7, 1),
            (DaysLeft::Days8To14, 0),
            (DaysLeft::Days15To28, 1),
            (DaysLeft::Later, 1),
        ]
    );
    // Saturday: this week ends at midnight on Sunday, so today's and tomorrow's are due.
    assert_eq!(dashboard.queues[0].due_this_week, 2);
}

#[test]
fn overdue_within_the_current_hour_is_counted_from_the_rows() {
    let now = uk(2026, 2, 3, 9, 40);
    let facts = DashboardFacts {
        // Two deadlines in this hour: one passed (the store counted it), one still ahead.
        deadline_hours: vec![(0, hour_of(now), 2), (1, hour_of(now), 1)],
        overdue_this_hour: vec![(1, 1)],
        ..DashboardFacts::default()
    };
    let dashboard = dashboard(&facts, now, false);
    assert_eq!(
        bands(&dashboard, 0)[..2],
        [(DaysLeft::Overdue, 1), (DaysLeft::Today, 1)]
    );
    assert_eq!(
        bands(&dashboard, 1)[..2],
        [(DaysLeft::Overdue, 1), (DaysLeft::Today, 0)]
    );
    assert_eq!(dashboard.queues[0].due_this_week, 1);
}

#[test]
fn top_centres_are_per_queue_most_first_then_by_name() {
    let facts = DashboardFacts {
        centres: vec![
            ("Bradford College".into(), 1, 2),
            ("Askham Bryan".into(), 2, 2),
            ("Bradford College".into(), 2, 1),
            ("Craven College".into(), 1, 3),
        ],
        ..DashboardFacts::default()
    };
    let dashboard = dashboard(&facts, uk(2026, 2, 3, 9, 0), false);
    let names = |q: usize| -> Vec<(String, i64)> {
        dashboard.queues[q]
            .top_centres
            .iter()
            .map(|c| (c.centre.clone(), c.open))
            .collect()
    };
    assert_eq!(
        names(0),
        vec![
            ("Bradford College".into(), 3),
            ("Craven College".into(), 3),
            ("Askham Bryan".into(), 2)
        ]
    );
    assert_eq!(
        names(2),
        vec![("Askham Bryan".into(), 2), ("Bradford College".into(), 1)]
    );
}

#[test]
fn resolutions_fall_on_uk_days_and_per_operator_only_for_a_supervisor() {
    let now = uk(2026, 7, 1, 9, 0);
    let closing = |at: Timestamp, operator: &str, rejected: bool, records| ClosingsInHour {
        hour: hour_of(at),
        operator: operator.into(),
        rejected,
        records,
    };
    let facts = DashboardFacts {
        closings: vec![
            // 00:30 BST on 1 July is 23:30 UTC on 30 June: a 1 July resolution.
            closing(uk(2026, 7, 1, 0, 30), "sam", false, 2),
            closing(uk(2026, 6, 30, 23, 30), "ali", true, 1),
            closing(uk(2026, 6, 4, 8, 0), "ali", false, 4),
        ],
        ..DashboardFacts::default()
    };
    assert_eq!(resolutions_since(now), uk(2026, 6, 4, 0, 0));
    let dashboard = dashboard(&facts, now, true);
    let days = &dashboard.resolutions;
    assert_eq!(days.len(), RESOLUTION_DAYS);
    assert_eq!((days[0].date.as_str(), days[0].resolved), ("2026-06-04", 4));
    assert_eq!((days[26].resolved, days[26].rejected), (0, 1));
    assert_eq!(
        (days[27].date.as_str(), days[27].resolved),
        ("2026-07-01", 2)
    );
    let operators = dashboard.by_operator.unwrap();
    assert_eq!(operators[0].operator, "ali");
    assert_eq!((operators[0].resolved, operators[0].rejected), (4, 1));
    assert_eq!(operators[1].operator, "sam");
    assert!(super::dashboard(&facts, now, false).by_operator.is_none());
}
