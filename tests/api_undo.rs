//! Undo: an operator takes back their own latest amendment, rejection, snooze or wake within the
//! undo window. It writes the state before back as a new version, audited as `undone`; anything
//! else (someone else's change, a change since, the window passed, a second undo) is refused.

mod common;

use common::{refusal, suggested_amendment, TestServer};
use jiff::{SignedDuration, Timestamp};
use uln_api::{
    AuditAction, ChangeAction, ErrorCode, ExceptionDetail, ListQuery, RecordStatus, RejectReason,
    RejectRequest, StreamEvent,
};
use uln_server::store::Registration;

/// The record amended to its suggested details by the operator, and the detail before.
async fn amended(server: &TestServer) -> (ExceptionDetail, ExceptionDetail) {
    let record = server.open_record_of_kind("names_swapped").await;
    let operator = server.as_operator();
    let before = operator.exception(record.id).await.unwrap();
    let after = operator
        .amend(
            record.id,
            before.version,
            &suggested_amendment(&before),
            Some("centre confirmed"),
        )
        .await
        .expect("amended");
    assert_eq!(after.status, RecordStatus::Resolved);
    (before, after)
}

/// An open record whose deadline is weeks away, so a snooze of a day is not cut.
async fn far_from_its_deadline(server: &TestServer) -> Registration {
    let soon = Timestamp::now() + SignedDuration::from_hours(24 * 10);
    server
        .open_records_of_kind("spelling")
        .await
        .into_iter()
        .find(|r| r.deadline > soon)
        .expect("an open record ten days from its deadline")
}

fn wrong_learner() -> RejectRequest {
    RejectRequest {
        reason: RejectReason::WrongLearner,
        note: None,
    }
}

#[tokio::test]
async fn undoing_an_amendment_restores_the_details_and_status_and_is_audited() {
    let server = TestServer::start().await;
    let (before, after) = amended(&server).await;
    let undone = server
        .as_operator()
        .undo(before.id, after.version)
        .await
        .expect("undone");
    assert_eq!(
        undone.version,
        after.version + 1,
        "a new version, not a deletion"
    );
    assert_eq!(undone.status, RecordStatus::Open);
    assert_eq!(undone.supplied, before.supplied, "the details as they were");
    assert_eq!(undone.verification, before.verification);
    assert_eq!(undone.anomalies, before.anomalies);
    assert_eq!(undone.deadline, before.deadline);

    let actions: Vec<_> = undone.audit.iter().map(|a| a.action).collect();
    assert!(actions.ends_with(&[AuditAction::Amended, AuditAction::Undone]));
    let amendment = &undone.audit[undone.audit.len() - 2];
    let undo = undone.audit.last().unwrap();
    assert_eq!(undo.operator, "olu-operator");
    let reason = format!("undid amended (audit entry {})", amendment.id);
    assert_eq!(undo.reason.as_deref(), Some(reason.as_str()));
    let changes = undo.changes.as_ref().expect("before and after");
    assert_eq!(changes["status"]["before"], "resolved");
    assert_eq!(changes["status"]["after"], "open");
    for entry in &undone.audit {
        let shown = entry.changes.as_ref().map(|c| c.get("undo_to").is_some());
        assert_ne!(shown, Some(true), "the saved state is never shown");
    }
    assert_eq!(server.audit_count(before.id, AuditAction::Undone).await, 1);
}

#[tokio::test]
async fn undoing_a_rejection_reopens_the_record_with_its_old_deadline() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let operator = server.as_operator();
    let rejected = operator
        .reject(record.id, record.version, &wrong_learner())
        .await
        .unwrap();
    let undone = operator.undo(record.id, rejected.version).await.unwrap();
    assert_eq!(undone.status, RecordStatus::Open);
    assert_eq!(undone.reject_reason, None);
    assert_eq!(undone.deadline, rejected.deadline);
    let page = operator
        .exceptions(&ListQuery {
            limit: Some(10_000),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert!(page.items.iter().any(|r| r.id == record.id), "in the queue");
}

#[tokio::test]
async fn undoing_a_snooze_puts_the_record_back_and_undoing_a_wake_snoozes_it_again() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let operator = server.as_operator();
    let until = (Timestamp::now() + SignedDuration::from_hours(24)).to_string();
    let snoozed = operator
        .snooze(record.id, record.version, &until, "centre")
        .await
        .unwrap();
    let undone = operator.undo(record.id, snoozed.version).await.unwrap();
    assert_eq!(undone.snoozed_until, None, "awake again");

    let snoozed = operator
        .snooze(record.id, undone.version, &until, "centre")
        .await
        .unwrap();
    let woken = operator.wake(record.id, snoozed.version).await.unwrap();
    let mut events = server.state.events.subscribe();
    let undone = operator.undo(record.id, woken.version).await.unwrap();
    assert_eq!(undone.snoozed_until, snoozed.until, "snoozed as before");
    // Consoles hide a snoozed record: the undo is announced as the snooze it restores.
    let change = loop {
        match events.try_recv().expect("the undo was announced") {
            StreamEvent::Change(c) if c.record_id == record.id => break c,
            _ => continue,
        }
    };
    assert_eq!(
        (change.action, change.version),
        (ChangeAction::Snoozed, undone.version)
    );
}

#[tokio::test]
async fn another_operators_change_cannot_be_undone() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let rejected = server
        .as_supervisor()
        .reject(record.id, record.version, &wrong_learner())
        .await
        .unwrap();
    let (status, body) = refusal(server.as_operator().undo(record.id, rejected.version).await);
    assert_eq!((status, body.code), (409, ErrorCode::NothingToUndo));
    assert!(
        body.message.contains("another operator"),
        "{}",
        body.message
    );
}

#[tokio::test]
async fn a_change_followed_by_another_cannot_be_undone() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let operator = server.as_operator();
    let until = Timestamp::now() + SignedDuration::from_hours(24);
    let snoozed = operator
        .snooze(record.id, record.version, &until.to_string(), "centre")
        .await
        .unwrap();
    // The snooze runs out: the wake job's change comes after the operator's.
    let later = until + SignedDuration::from_mins(1);
    uln_server::wake::wake_now(&server.state, later)
        .await
        .unwrap();
    let (status, body) = refusal(operator.undo(record.id, snoozed.version + 1).await);
    assert_eq!((status, body.code), (409, ErrorCode::NothingToUndo));
    assert!(body.message.contains("changed since"), "{}", body.message);
    let (status, _) = refusal(operator.undo(record.id, snoozed.version).await);
    assert_eq!(
        status, 412,
        "at a version read before: stale, as every change"
    );
}

#[tokio::test]
async fn a_change_is_undone_once() {
    let server = TestServer::start().await;
    let (before, after) = amended(&server).await;
    let operator = server.as_operator();
    let undone = operator.undo(before.id, after.version).await.unwrap();
    let (status, body) = refusal(operator.undo(before.id, undone.version).await);
    assert_eq!((status, body.code), (409, ErrorCode::NothingToUndo));
    assert_eq!(server.audit_count(before.id, AuditAction::Undone).await, 1);
}

#[tokio::test]
async fn after_the_window_undo_is_refused_and_names_the_supervisors_reopen() {
    // A window of none: every change is already past it, with no waiting.
    let server = TestServer::start_with(common::Options {
        undo_window: SignedDuration::ZERO,
        ..common::Options::default()
    })
    .await;
    let (before, after) = amended(&server).await;
    let (status, body) = refusal(server.as_operator().undo(before.id, after.version).await);
    assert_eq!((status, body.code), (409, ErrorCode::UndoWindowPassed));
    assert!(
        body.message.contains("supervisor can reopen"),
        "{}",
        body.message
    );
    let now = server.as_operator().exception(before.id).await.unwrap();
    assert_eq!(
        (now.status, now.version),
        (RecordStatus::Resolved, after.version)
    );
}

#[tokio::test]
async fn undoing_an_assignment_gives_the_record_back_to_whoever_held_it() {
    let server = TestServer::start().await;
    let record = far_from_its_deadline(&server).await;
    let operator = server.as_operator();
    let assigned = operator
        .assign(
            record.id,
            record.version,
            Some("sam-supervisor"),
            Some("call the centre"),
        )
        .await
        .expect("assigned");
    assert_eq!(assigned.assigned_to.as_deref(), Some("sam-supervisor"));
    let undone = operator
        .undo(record.id, assigned.version)
        .await
        .expect("undone");
    assert_eq!(undone.assigned_to, None, "held by nobody, as before");
    assert_eq!(undone.version, assigned.version + 1);
    let undo = undone.audit.last().unwrap();
    assert_eq!(undo.action, AuditAction::Undone);
    let changes = undo.changes.as_ref().expect("before and after");
    assert_eq!(changes["assigned_to"]["before"], "sam-supervisor");
    assert_eq!(changes["assigned_to"]["after"], serde_json::Value::Null);
}
