//! Bulk actions other than applying suggestions: a group rejected (each audited with the
//! reason), snoozed (a record too near its deadline refused) and assigned (at each version, and
//! only to a colleague).

mod common;

use common::{at_their_versions, changed_meanwhile, refusal, TestServer};
use jiff::{SignedDuration, Timestamp};
use uln_api::{
    AuditAction, BulkAction, BulkField, BulkOutcome, BulkRecord, RecordStatus, RejectReason,
};
use uln_server::store::Registration;

#[tokio::test]
async fn a_group_is_rejected_in_bulk_each_audited_with_the_reason() {
    let server = TestServer::start().await;
    let records = server.open_records_of_kind("spelling").await;
    let stranger = server.open_record_of_kind("different_person").await;
    let group = at_their_versions(&[&records[0], &stranger]);
    let action = BulkAction::Reject {
        reason: RejectReason::CentreWithdrew,
        note: Some("centre closed".into()),
    };
    let operator = server.as_operator();
    let preview = operator.bulk(&action, &group, true).await.unwrap();
    assert_eq!(preview.totals.would_apply, 2);
    let change = &preview.records[0].changes[0];
    assert_eq!(
        (
            change.field,
            change.before.as_deref(),
            change.after.as_deref()
        ),
        (BulkField::Status, Some("open"), Some("rejected"))
    );
    assert_eq!(
        server.registration_now(records[0].id).await.version,
        records[0].version
    );

    let report = operator.bulk(&action, &group, false).await.unwrap();
    assert_eq!(report.totals.done, 2);
    for record in [&records[0], &stranger] {
        let detail = operator.exception(record.id).await.unwrap();
        assert_eq!(detail.status, RecordStatus::Rejected);
        let row = detail
            .audit
            .iter()
            .find(|a| a.action == AuditAction::Rejected)
            .unwrap();
        assert_eq!(
            row.reason.as_deref(),
            Some("bulk: centre_withdrew: centre closed")
        );
    }
    let again = operator.bulk(&action, &group, false).await.unwrap();
    assert_eq!(again.totals.conflict, 2, "the versions sent are stale now");
}

#[tokio::test]
async fn a_group_is_snoozed_in_bulk_and_a_record_too_near_its_deadline_is_refused() {
    let server = TestServer::start().await;
    let soon = Timestamp::now() + SignedDuration::from_hours(24 * 10);
    let near = Timestamp::now() + SignedDuration::from_hours(40);
    let records = server.open_records_of_kind("spelling").await;
    let far: Vec<&Registration> = records
        .iter()
        .filter(|r| r.deadline > soon)
        .take(2)
        .collect();
    let close = records
        .iter()
        .find(|r| r.deadline < near)
        .expect("a record within the margin of its deadline");
    let mut group = at_their_versions(&far);
    group.push(BulkRecord {
        id: close.id,
        version: close.version,
    });
    let action = BulkAction::Snooze {
        until: (Timestamp::now() + SignedDuration::from_hours(48)).to_string(),
        reason: "waiting for the centre".into(),
    };
    let report = server
        .as_operator()
        .bulk(&action, &group, false)
        .await
        .unwrap();
    assert_eq!(report.records[0].outcome, BulkOutcome::Done);
    assert_eq!(report.records[1].outcome, BulkOutcome::Done);
    assert_eq!(report.records[0].changes[0].field, BulkField::SnoozedUntil);
    for record in &far {
        let detail = server.as_operator().exception(record.id).await.unwrap();
        assert!(detail.snoozed_until.is_some());
        let row = detail
            .audit
            .iter()
            .find(|a| a.action == AuditAction::Snoozed);
        assert_eq!(
            row.unwrap().reason.as_deref(),
            Some("bulk: waiting for the centre")
        );
    }
    let refused = &report.records[2];
    assert_eq!(refused.outcome, BulkOutcome::Refused);
    assert!(refused.reason.as_deref().unwrap().contains("deadline"));
    assert_eq!(
        server.registration_now(close.id).await.version,
        close.version
    );
}

#[tokio::test]
async fn a_group_is_assigned_in_bulk_at_each_version_and_only_to_a_colleague() {
    let server = TestServer::start().await;
    let records = server.open_records_of_kind("spelling").await;
    let (first, second) = (&records[0], &records[1]);
    let stale = BulkRecord {
        id: second.id,
        version: changed_meanwhile(&server, second).await - 1,
    };
    let group = vec![
        BulkRecord {
            id: first.id,
            version: first.version,
        },
        stale,
    ];
    let action = BulkAction::Assign {
        to: Some("sam-supervisor".into()),
        message: Some("Calder's batch: call them".into()),
    };
    let operator = server.as_operator();
    let preview = operator.bulk(&action, &group, true).await.unwrap();
    let change = &preview.records[0].changes[0];
    assert_eq!(
        (
            change.field,
            change.before.as_deref(),
            change.after.as_deref()
        ),
        (BulkField::AssignedTo, None, Some("sam-supervisor"))
    );
    assert_eq!(server.registration_now(first.id).await.assigned_to, None);

    let report = operator.bulk(&action, &group, false).await.unwrap();
    let outcomes: Vec<_> = report.records.iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, [BulkOutcome::Done, BulkOutcome::Conflict]);
    let held = operator.exception(first.id).await.unwrap();
    assert_eq!(held.assigned_to.as_deref(), Some("sam-supervisor"));
    let row = held
        .audit
        .iter()
        .rfind(|a| a.action == AuditAction::Assigned)
        .expect("audited as an assignment");
    assert_eq!(
        row.reason.as_deref(),
        Some("bulk: Calder's batch: call them")
    );
    assert_eq!(server.registration_now(second.id).await.assigned_to, None);

    let nobody = BulkAction::Assign {
        to: Some("no-such-colleague".into()),
        message: None,
    };
    let (status, body) = refusal(operator.bulk(&nobody, &group, true).await);
    assert_eq!(status, 422);
    assert!(body.fields.unwrap().contains_key("action.to"));
}
