//! A snooze running out: the wake pass (run with a `now`, no waiting) clears it, audits it and
//! announces it on the event stream, so consoles put the record back with a notice.

mod common;

use common::TestServer;
use jiff::{SignedDuration, Timestamp};
use uln_api::{AuditAction, ChangeAction, ListQuery, StreamEvent};
use uln_server::wake::{wake_now, WAKE_OPERATOR};

#[tokio::test]
async fn a_snooze_that_runs_out_is_woken_once_with_an_event_and_an_audit_row() {
    let server = TestServer::start().await;
    let soon = Timestamp::now() + SignedDuration::from_hours(24 * 10);
    let record = server
        .open_records_of_kind("spelling")
        .await
        .into_iter()
        .find(|r| r.deadline > soon)
        .expect("an open record ten days from its deadline");
    let until = Timestamp::now() + SignedDuration::from_hours(24);
    let operator = server.as_operator();
    let snoozed = operator
        .snooze(record.id, record.version, &until.to_string(), "centre")
        .await
        .unwrap();
    let mut events = server.state.events.subscribe();

    let early = wake_now(&server.state, until - SignedDuration::from_mins(1));
    assert_eq!(early.await.unwrap(), Vec::<i64>::new(), "not yet");
    let later = until + SignedDuration::from_mins(1);
    assert_eq!(wake_now(&server.state, later).await.unwrap(), [record.id]);
    assert_eq!(
        wake_now(&server.state, later).await.unwrap(),
        Vec::<i64>::new(),
        "once"
    );

    let change = loop {
        match events.try_recv().expect("the waking was announced") {
            StreamEvent::Change(c) if c.record_id == record.id => break c,
            _ => continue,
        }
    };
    assert_eq!(change.action, ChangeAction::Woken);
    assert_eq!(change.operator, WAKE_OPERATOR);
    assert_eq!(change.version, snoozed.version + 1);
    assert!(change.row.is_some(), "the row to put back in the queue");

    let page = operator
        .exceptions(&ListQuery {
            limit: Some(10_000),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert!(page.items.iter().any(|r| r.id == record.id), "in the queue");
    let detail = operator.exception(record.id).await.unwrap();
    let woken = detail.audit.iter().find(|a| a.action == AuditAction::Woken);
    assert_eq!(woken.map(|a| a.operator.as_str()), Some(WAKE_OPERATOR));
}

/// A closed record is not snoozed: rejecting a snoozed record ends its snooze, so a supervisor's
/// reopen brings it straight back to the queue rather than into a snooze nobody asked for again.
#[tokio::test]
async fn rejecting_a_snoozed_record_ends_its_snooze() {
    let server = TestServer::start().await;
    let soon = Timestamp::now() + SignedDuration::from_hours(24 * 10);
    let record = server
        .open_records_of_kind("spelling")
        .await
        .into_iter()
        .find(|r| r.deadline > soon)
        .expect("an open record ten days from its deadline");
    let until = Timestamp::now() + SignedDuration::from_hours(24);
    let snoozed = server
        .as_operator()
        .snooze(record.id, record.version, &until.to_string(), "centre")
        .await
        .unwrap();
    let reject = uln_api::RejectRequest {
        reason: uln_api::RejectReason::WrongLearner,
        note: None,
    };
    let rejected = server
        .as_operator()
        .reject(record.id, snoozed.version, &reject)
        .await
        .unwrap();
    assert_eq!(server.registration_now(record.id).await.snoozed_until, None);
    let reopened = server
        .as_supervisor()
        .reopen(record.id, rejected.version, None)
        .await
        .unwrap();
    assert_eq!(reopened.snoozed_until, None, "awake once reopened");
    let page = server
        .as_operator()
        .exceptions(&ListQuery {
            limit: Some(10_000),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert!(page.items.iter().any(|r| r.id == record.id), "in the queue");
}
