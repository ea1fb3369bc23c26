//! Handover: at the end of a shift everything one holds is summarised (snoozed, due soon,
//! overdue) and passed to a colleague in one action, record by record, each at the version read.

mod common;

use common::{assign_to, colleague, mine, open_records, refusal, TestServer};
use jiff::{SignedDuration, Timestamp};
use uln_api::{AuditAction, HandoverOutcome, HandoverRequest, RecordVersion};
use uln_server::store::{Registration, Role};

#[tokio::test]
async fn the_handover_summary_counts_what_one_holds_snoozed_and_due_soon() {
    let server = TestServer::start().await;
    let now = Timestamp::now();
    let open = server.open_records_of_kind("spelling").await;
    let in_days = |d: i64| now + SignedDuration::from_hours(24 * d);
    let soon = open
        .iter()
        .find(|r| r.deadline > in_days(3) && r.deadline < in_days(6));
    let later: Vec<&Registration> = open
        .iter()
        .filter(|r| r.deadline > in_days(10))
        .take(2)
        .collect();
    let soon = soon.expect("an open record due in 3 to 6 days");
    let olu = server.as_operator();
    let supervisor = server.as_supervisor();
    for r in [soon, later[0], later[1]] {
        assign_to(&supervisor, r, "olu-operator").await;
    }
    let held = server.registration_now(later[1].id).await;
    let until = in_days(2).to_string();
    olu.snooze(held.id, held.version, &until, "waiting for the centre")
        .await
        .unwrap();

    let summary = olu.handover_summary(None).await.expect("a summary");
    assert_eq!(summary.operator, "olu-operator");
    assert_eq!(summary.held, 3);
    assert_eq!(summary.snoozed, 1, "snoozed ones are still held");
    assert_eq!(summary.due_soon, 1);
    assert_eq!(summary.overdue, 0);
    assert_eq!(summary.claimed, Some(0), "not on any record yet");
    olu.claim(soon.id, false)
        .await
        .expect("olu opens it to work on");
    let elsewhere = open.iter().find(|r| r.id != soon.id).unwrap();
    supervisor.claim(elsewhere.id, false).await.unwrap();
    let on_it = olu.handover_summary(None).await.unwrap();
    assert_eq!(on_it.claimed, Some(1), "olu's claim, not the supervisor's");
    let ids: Vec<i64> = summary.records.iter().map(|r| r.id).collect();
    assert_eq!(ids[0], soon.id, "by deadline");
    let snoozed: Vec<i64> = summary
        .records
        .iter()
        .filter(|r| r.snoozed)
        .map(|r| r.id)
        .collect();
    assert_eq!(snoozed, [held.id]);

    let theirs = supervisor
        .handover_summary(Some("olu-operator"))
        .await
        .unwrap();
    assert_eq!(theirs.held, 3, "a supervisor reads anyone's");
    let (status, _) = refusal(olu.handover_summary(Some("sam-supervisor")).await);
    assert_eq!(status, 403, "an operator reads only their own");
}

#[tokio::test]
async fn a_handover_passes_everything_in_one_action_and_reports_a_record_changed_meanwhile() {
    let server = TestServer::start().await;
    let cleo = colleague(&server, "cleo-colleague", Role::Operator).await;
    let records = open_records(&server, 10, 3).await;
    let olu = server.as_operator();
    for r in &records {
        assign_to(&cleo, r, "olu-operator").await;
    }
    let summary = olu.handover_summary(None).await.unwrap();
    assert_eq!(summary.held, 3);
    // Changed after the summary was read: it is left as it is, the others still pass.
    let changed = server.registration_now(records[1].id).await;
    let until = (Timestamp::now() + SignedDuration::from_hours(48)).to_string();
    olu.snooze(changed.id, changed.version, &until, "centre to call back")
        .await
        .unwrap();

    let request = HandoverRequest {
        to: "cleo-colleague".into(),
        message: Some("end of my shift: all yours".into()),
        from: None,
        records: Some(
            summary
                .records
                .iter()
                .map(|r| RecordVersion {
                    id: r.id,
                    version: r.version,
                })
                .collect(),
        ),
    };
    let report = olu.hand_over(&request).await.expect("handed over");
    assert_eq!(
        (report.from.as_str(), report.to.as_str()),
        ("olu-operator", "cleo-colleague")
    );
    assert_eq!(report.records.len(), 3);
    assert_eq!(report.done(), 2);
    let conflict = report
        .records
        .iter()
        .find(|r| r.outcome == HandoverOutcome::Conflict);
    assert_eq!(conflict.expect("one conflict").id, changed.id);

    let mut passed: Vec<i64> = mine(&cleo, 100).await;
    passed.sort_unstable();
    let mut expected: Vec<i64> = records
        .iter()
        .map(|r| r.id)
        .filter(|id| *id != changed.id)
        .collect();
    expected.sort_unstable();
    assert_eq!(passed, expected, "the colleague holds them now");
    assert_eq!(
        olu.handover_summary(None).await.unwrap().held,
        1,
        "the changed one stays"
    );
    for id in expected {
        let detail = cleo.exception(id).await.unwrap();
        let row = detail
            .audit
            .iter()
            .rev()
            .find(|a| a.action == AuditAction::Assigned)
            .unwrap();
        assert_eq!(row.operator, "olu-operator", "one audit row per record");
        assert_eq!(row.reason.as_deref(), Some("end of my shift: all yours"));
        assert_eq!(row.changes.as_ref().unwrap()["handover"], true);
    }
}

#[tokio::test]
async fn only_a_supervisor_hands_over_someone_elses_records() {
    let server = TestServer::start().await;
    let cleo = colleague(&server, "cleo-colleague", Role::Operator).await;
    let records = open_records(&server, 0, 2).await;
    let olu = server.as_operator();
    for r in &records {
        assign_to(&olu, r, "cleo-colleague").await;
    }
    let theirs = HandoverRequest {
        to: "olu-operator".into(),
        message: None,
        from: Some("cleo-colleague".into()),
        records: None,
    };
    let (status, _) = refusal(olu.hand_over(&theirs).await);
    assert_eq!(status, 403, "an operator hands over only their own");
    assert_eq!(mine(&cleo, 100).await.len(), 2, "untouched");

    let to_self = HandoverRequest {
        to: "cleo-colleague".into(),
        ..theirs.clone()
    };
    let (status, body) = refusal(server.as_supervisor().hand_over(&to_self).await);
    assert_eq!(status, 422);
    assert!(body.fields.unwrap().get("to").is_some());

    let report = server
        .as_supervisor()
        .hand_over(&theirs)
        .await
        .expect("handed over");
    assert_eq!(
        report.done(),
        2,
        "every record cleo held, at its current version"
    );
    assert!(mine(&cleo, 100).await.is_empty());
    assert_eq!(mine(&olu, 100).await.len(), 2);
    let row = server
        .as_supervisor()
        .exception(records[0].id)
        .await
        .unwrap();
    assert_eq!(
        row.assignment.unwrap().by,
        "sam-supervisor",
        "the row names who handed over"
    );
}
