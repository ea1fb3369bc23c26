//! The dashboard against the real server: the backlog in UK days left and the top centres agree
//! with the queue pages row for row, and resolutions are the records an amendment or rejection
//! closed and that stay closed; who closed them is shown to supervisors only.

mod common;

use common::{registered_29_days_ago, suggested_amendment, Options, TestServer};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use std::collections::BTreeMap;
use std::time::Duration;
use uln_api::{
    AnomalyKind, ApiClient, Dashboard, DaysLeft, ExceptionSummary, ListQuery, Queue,
    QueueDashboard, RegistrationBatch, RejectReason, RejectRequest,
};

fn uk_date(t: Timestamp) -> Date {
    t.in_tz("Europe/London").expect("the UK zone").date()
}

/// Every open row of a queue, page by page.
async fn every_open_row(client: &ApiClient, queue: Queue) -> Vec<ExceptionSummary> {
    let mut query = ListQuery {
        queue: Some(queue.wire_name().into()),
        limit: Some(10_000),
        ..ListQuery::default()
    };
    let mut rows = Vec::new();
    loop {
        let page = client.exceptions(&query).await.expect("a page");
        rows.extend(page.items);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return rows,
        }
    }
}

/// The band a deadline falls in, worked out here from the row itself.
fn band(deadline: &str, now: Timestamp) -> DaysLeft {
    let deadline: Timestamp = deadline.parse().expect("an RFC 3339 deadline");
    if deadline <= now {
        return DaysLeft::Overdue;
    }
    match (uk_date(deadline) - uk_date(now)).get_days() {
        0 => DaysLeft::Today,
        1..=2 => DaysLeft::Days1To2,
        3..=7 => DaysLeft::Days3To7,
        8..=14 => DaysLeft::Days8To14,
        15..=28 => DaysLeft::Days15To28,
        _ => DaysLeft::Later,
    }
}

fn queue_of(dashboard: &Dashboard, queue: Queue) -> &QueueDashboard {
    dashboard
        .queues
        .iter()
        .find(|q| q.queue == queue)
        .unwrap_or_else(|| panic!("the {queue} queue"))
}

async fn assert_matches_the_rows(client: &ApiClient, dashboard: &Dashboard, queue: Queue) {
    let now = Timestamp::now();
    let rows = every_open_row(client, queue).await;
    let shown = queue_of(dashboard, queue);
    let mut bands: BTreeMap<String, i64> = DaysLeft::ALL
        .iter()
        .map(|b| (b.wire_name().to_owned(), 0))
        .collect();
    let mut centres: BTreeMap<&str, i64> = BTreeMap::new();
    let sunday = uk_date(now)
        .checked_add((6 - uk_date(now).weekday().to_monday_zero_offset() as i64).days())
        .unwrap();
    let mut due_this_week = 0;
    for row in &rows {
        let days_left = band(&row.deadline, now);
        *bands.get_mut(days_left.wire_name()).unwrap() += 1;
        *centres.entry(&row.centre).or_default() += 1;
        let deadline: Timestamp = row.deadline.parse().unwrap();
        if days_left != DaysLeft::Overdue && uk_date(deadline) <= sunday {
            due_this_week += 1;
        }
    }
    assert_eq!(shown.open, rows.len() as i64, "{queue}");
    let shown_bands: BTreeMap<String, i64> = shown
        .backlog
        .iter()
        .map(|b| (b.days_left.wire_name().to_owned(), b.open))
        .collect();
    assert_eq!(shown_bands, bands, "{queue}");
    assert_eq!(
        shown
            .backlog
            .iter()
            .map(|b| b.days_left)
            .collect::<Vec<_>>(),
        DaysLeft::ALL,
        "{queue}: every band, in order"
    );
    assert_eq!(shown.due_this_week, due_this_week, "{queue}");
    let mut top: Vec<(&str, i64)> = centres.into_iter().collect();
    top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    top.truncate(10);
    let shown_top: Vec<(&str, i64)> = shown
        .top_centres
        .iter()
        .map(|c| (c.centre.as_str(), c.open))
        .collect();
    assert_eq!(shown_top, top, "{queue}");
}

#[tokio::test]
async fn the_backlog_by_days_left_and_the_top_centres_agree_with_the_queue_rows() {
    // No expiry during the test, so an overdue registration stays open to be counted.
    let server = TestServer::start_with(Options {
        expiry_interval: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    let mut late = registered_29_days_ago(server.learner_as_submitted().await);
    late.uln = "12345".into();
    late.centre = "Zetland Sixth Form".into();
    server
        .as_operator()
        .submit_registrations(&RegistrationBatch {
            registrations: vec![late],
        })
        .await
        .expect("the batch is accepted");

    let viewer = server.as_viewer();
    let dashboard = viewer.dashboard().await.expect("the dashboard");
    assert_eq!(dashboard.today, uk_date(Timestamp::now()).to_string());
    let all = queue_of(&dashboard, Queue::All);
    assert_eq!(all.backlog[0].days_left, DaysLeft::Overdue);
    assert_eq!(all.backlog[0].open, 1, "the late registration is overdue");
    assert!(all.open > 100, "the seeded data has open exceptions");
    assert_matches_the_rows(&viewer, &dashboard, Queue::All).await;
    assert_matches_the_rows(&viewer, &dashboard, Queue::Kind(AnomalyKind::MalformedUln)).await;
    assert_matches_the_rows(&viewer, &dashboard, Queue::Kind(AnomalyKind::Spelling)).await;
    // Every queue the counts list is on the dashboard, with the same open count.
    let counts = viewer.queues().await.unwrap().queues;
    assert_eq!(dashboard.queues.len(), counts.len());
    for (shown, counted) in dashboard.queues.iter().zip(&counts) {
        assert_eq!((shown.queue, shown.open), (counted.queue, counted.open));
        assert_eq!(shown.backlog[0].open, counted.overdue, "{}", shown.queue);
    }
}

/// Today's (resolved, rejected) and, when shown, `name`'s.
fn today_and(dashboard: &Dashboard, name: &str) -> ((i64, i64), Option<(i64, i64)>) {
    let today = dashboard.resolutions.last().expect("28 days");
    let operator = dashboard.by_operator.as_ref().map(|all| {
        all.iter()
            .find(|o| o.operator == name)
            .map_or((0, 0), |o| (o.resolved, o.rejected))
    });
    ((today.resolved, today.rejected), operator)
}

#[tokio::test]
async fn resolutions_count_the_closings_that_stand_and_only_a_supervisor_sees_who() {
    let server = TestServer::start().await;
    let supervisor = server.as_supervisor();
    let operator = server.as_operator();
    let name = operator.me().await.unwrap().name;
    let before = supervisor.dashboard().await.unwrap();
    assert_eq!(before.resolutions.len(), 28);
    assert_eq!(
        before.resolutions.last().unwrap().date,
        uk_date(Timestamp::now()).to_string()
    );
    let (today, mine) = today_and(&before, &name);
    assert_eq!(mine, Some((0, 0)), "nothing closed by {name} yet");

    // One amendment that makes a record match, one rejection.
    let spelling = server.open_record_of_kind("spelling").await;
    let detail = operator.exception(spelling.id).await.unwrap();
    let fixed = operator
        .amend(
            spelling.id,
            detail.version,
            &suggested_amendment(&detail),
            None,
        )
        .await
        .expect("the amendment is accepted");
    assert_eq!(fixed.status, uln_api::RecordStatus::Resolved);
    let malformed = server.open_record_of_kind("malformed_uln").await;
    let rejected = operator
        .reject(
            malformed.id,
            malformed.version,
            &RejectRequest {
                reason: RejectReason::NoUlnObtainable,
                note: None,
            },
        )
        .await
        .expect("the rejection is accepted");
    let after = supervisor.dashboard().await.unwrap();
    assert_eq!(
        today_and(&after, &name),
        ((today.0 + 1, today.1 + 1), Some((1, 1)))
    );

    // A rejection reopened no longer stands.
    let reopened = supervisor
        .reopen(malformed.id, rejected.version, Some("wrong reason"))
        .await
        .expect("the reopen is accepted");
    assert_eq!(
        today_and(&supervisor.dashboard().await.unwrap(), &name),
        ((today.0 + 1, today.1), Some((1, 0)))
    );
    // Rejected again: one record closed, counted once, at its last closing.
    operator
        .reject(
            malformed.id,
            reopened.version,
            &RejectRequest {
                reason: RejectReason::CentreWithdrew,
                note: None,
            },
        )
        .await
        .expect("the second rejection is accepted");
    let reopened = supervisor.dashboard().await.unwrap();
    assert_eq!(
        today_and(&reopened, &name),
        ((today.0 + 1, today.1 + 1), Some((1, 1)))
    );

    // Viewers and operators get the rest, without the per-operator part.
    for client in [server.as_viewer(), operator] {
        let theirs = client.dashboard().await.expect("the dashboard");
        assert_eq!(theirs.by_operator, None);
        assert_eq!(theirs.resolutions, reopened.resolutions);
    }
    let (status, body) = server.get("/dashboard", &server.viewer).await;
    assert_eq!(status, 200);
    assert!(body.get("by_operator").is_none(), "{body}");
}
