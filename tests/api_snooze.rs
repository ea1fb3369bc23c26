//! Snooze: an open record parked until a time leaves the queues (and is listed in the snoozed
//! view), never stays hidden within the margin before its deadline, is woken early on request,
//! and is version-guarded and audited like every change.

mod common;

use common::{refusal, TestServer};
use jiff::{SignedDuration, Timestamp};
use uln_api::{AuditAction, ErrorCode, ListQuery, SnoozeFilter};
use uln_server::store::Registration;

/// An open record whose deadline is weeks away, so a snooze of days is not cut.
async fn far_from_its_deadline(server: &TestServer) -> Registration {
    let soon = Timestamp::now() + SignedDuration::from_hours(24 * 10);
    server
        .open_records_of_kind("spelling")
        .await
        .into_iter()
        .find(|r| r.deadline > soon)
        .expect("an open record ten days from its deadline")
}

/// Ids of the open records listed with this snooze filter.
async fn listed(server: &TestServer, snoozed: Option<SnoozeFilter>) -> Vec<i64> {
    let query = ListQuery {
        snoozed,
        limit: Some(10_000),
        ..ListQuery::default()
    };
    let page = server.as_operator().exceptions(&query).await.unwrap();
    page.items.iter().map(|r| r.id).collect()
}

/// The counts of the `all` queue.
async fn all_counts(server: &TestServer) -> uln_api::QueueCounts {
    let list = server.as_operator().queues().await.unwrap();
    let all = list
        .queues
        .into_iter()
        .find(|q| q.queue == uln_api::Queue::All);
    all.expect("the all queue")
}

fn in_days(days: i64) -> Timestamp {
    Timestamp::now() + SignedDuration::from_hours(24 * days)
}

#[tokio::test]
async fn a_snoozed_record_leaves_the_queue_and_is_in_the_snoozed_view_until_woken() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let operator = server.as_operator();
    assert!(listed(&server, None).await.contains(&record.id));
    let before = all_counts(&server).await;
    let until = in_days(2).to_string();
    let snoozed = operator
        .snooze(record.id, record.version, &until, "waiting for the centre")
        .await
        .expect("snoozed");
    assert!(!snoozed.cut_to_margin);
    assert_eq!(
        snoozed.version,
        record.version + 1,
        "a change: the version moves"
    );
    assert!(!listed(&server, None).await.contains(&record.id), "hidden");
    let shown = operator.exception(record.id).await.unwrap().snoozed_until;
    assert_eq!(shown, snoozed.until, "the record says until when");
    let view = listed(&server, Some(SnoozeFilter::Snoozed)).await;
    assert_eq!(view, [record.id], "the snoozed view lists it");
    let during = all_counts(&server).await;
    assert_eq!(during.open, before.open, "still an open exception");
    assert_eq!((before.snoozed, during.snoozed), (0, 1));

    let woken = operator.wake(record.id, snoozed.version).await.unwrap();
    assert_eq!(woken.until, None);
    assert!(listed(&server, None).await.contains(&record.id), "back");
    let detail = operator.exception(record.id).await.unwrap();
    assert_eq!(detail.snoozed_until, None, "awake");
    let actions: Vec<_> = detail.audit.iter().map(|a| a.action).collect();
    assert!(actions.contains(&AuditAction::Snoozed) && actions.contains(&AuditAction::Woken));
    let snooze_row = detail
        .audit
        .iter()
        .find(|a| a.action == AuditAction::Snoozed);
    let snooze_row = snooze_row.unwrap();
    assert_eq!(snooze_row.operator, "olu-operator");
    assert_eq!(snooze_row.reason.as_deref(), Some("waiting for the centre"));
}

#[tokio::test]
async fn a_snooze_past_the_margin_before_the_deadline_is_cut_to_it() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let past_deadline = (record.deadline + SignedDuration::from_hours(24)).to_string();
    let snoozed = server
        .as_operator()
        .snooze(
            record.id,
            record.version,
            &past_deadline,
            "centre on holiday",
        )
        .await
        .unwrap();
    assert!(snoozed.cut_to_margin, "the answer says so");
    let margin = uln_server::routes::snooze::DEFAULT_SNOOZE_MARGIN;
    let expected = (record.deadline - margin).to_string();
    assert_eq!(snoozed.until.as_deref(), Some(expected.as_str()));
}

#[tokio::test]
async fn the_margin_is_the_servers_configured_one() {
    let margin = SignedDuration::from_hours(24 * 5);
    let server = TestServer::start_with(common::Options {
        snooze_margin: margin,
        ..common::Options::default()
    })
    .await;
    let record = far_from_its_deadline(&server).await;
    let snoozed = server
        .as_operator()
        .snooze(
            record.id,
            record.version,
            &record.deadline.to_string(),
            "centre",
        )
        .await
        .unwrap();
    assert!(snoozed.cut_to_margin);
    let expected = (record.deadline - margin).to_string();
    assert_eq!(snoozed.until.as_deref(), Some(expected.as_str()));
}

#[tokio::test]
async fn the_console_can_read_the_configured_margin_before_it_snoozes() {
    let server = TestServer::start_with(common::Options {
        snooze_margin: SignedDuration::from_hours(72),
        ..common::Options::default()
    })
    .await;
    let me = server.as_operator().me().await.unwrap();
    assert_eq!(me.snooze_margin_hours, Some(72));
}

#[tokio::test]
async fn a_snooze_at_a_stale_version_is_refused_with_the_record_as_it_is() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let operator = server.as_operator();
    let until = in_days(2).to_string();
    operator
        .snooze(record.id, record.version, &until, "first")
        .await
        .unwrap();
    let (status, body) = refusal(
        operator
            .snooze(record.id, record.version, &until, "second")
            .await,
    );
    assert_eq!((status, body.code), (412, ErrorCode::VersionConflict));
    let (status, _) = refusal(operator.wake(record.id, record.version).await);
    assert_eq!(status, 412);
}

#[tokio::test]
async fn bad_snoozes_are_refused_naming_the_field() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let operator = server.as_operator();
    let tomorrow = in_days(1).to_string();
    let yesterday = in_days(-1).to_string();
    for (until, reason, field) in [
        ("thursday", "centre", "until"),
        (yesterday.as_str(), "centre", "until"),
        (tomorrow.as_str(), "  ", "reason"),
        (tomorrow.as_str(), "a\u{202E}b", "reason"),
    ] {
        let result = operator
            .snooze(record.id, record.version, until, reason)
            .await;
        let (status, body) = refusal(result);
        assert_eq!(
            (status, body.code),
            (422, ErrorCode::Invalid),
            "{until} {reason:?}"
        );
        assert!(body.fields.unwrap().contains_key(field), "{field}");
    }
    let (status, _) = refusal(
        server
            .as_viewer()
            .snooze(record.id, record.version, &tomorrow, "centre")
            .await,
    );
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_uk_time_without_an_offset_is_read_as_london_time() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let london = jiff::tz::TimeZone::get("Europe/London").unwrap();
    let local = in_days(3)
        .to_zoned(london)
        .datetime()
        .round(jiff::Unit::Minute)
        .unwrap();
    let snoozed = server
        .as_operator()
        .snooze(record.id, record.version, &local.to_string(), "centre")
        .await
        .unwrap();
    let stored: Timestamp = snoozed.until.unwrap().parse().unwrap();
    let back = stored.to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap());
    assert_eq!(back.datetime(), local);
}
