//! Assignment and handover: a record given to a colleague with a message is theirs ("mine"),
//! audited and version-guarded like every change; at the end of a shift everything one holds is
//! summarised and passed to a colleague in one action, record by record.

mod common;

use common::{refusal, TestServer};
use jiff::{SignedDuration, Timestamp};
use uln_api::{
    ApiClient, AuditAction, ErrorCode, HandoverOutcome, HandoverRequest, ListQuery, RecordVersion,
    RejectReason, RejectRequest,
};
use uln_server::store::{Registration, Role};

/// A colleague with a token of their own.
async fn colleague(server: &TestServer, name: &str, role: Role) -> ApiClient {
    let token = uln_server::auth::new_token().expect("a token");
    let hash = uln_server::auth::hash_token(&token);
    server
        .state
        .store
        .add_operator(name, role, &hash)
        .await
        .expect("the operator is added");
    server.client(&token)
}

/// Open records whose deadline is further than `days` away (so a snooze is not cut), by id.
async fn open_records(server: &TestServer, days: i64, n: usize) -> Vec<Registration> {
    let later = Timestamp::now() + SignedDuration::from_hours(24 * days);
    let mut found = server.open_records_of_kind("spelling").await;
    found.retain(|r| r.deadline > later);
    assert!(
        found.len() >= n,
        "{n} open records {days} days from their deadline"
    );
    found.truncate(n);
    found
}

/// The ids `client` lists as its own ("mine"), following every page of `limit`.
async fn mine(client: &ApiClient, limit: u32) -> Vec<i64> {
    let mut query = ListQuery {
        assigned_to: Some("me".into()),
        limit: Some(limit),
        ..ListQuery::default()
    };
    let mut ids = Vec::new();
    loop {
        let page = client.exceptions(&query).await.expect("a page of mine");
        ids.extend(page.items.iter().map(|r| r.id));
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return ids,
        }
    }
}

async fn assign_to(client: &ApiClient, r: &Registration, to: &str) -> i64 {
    let detail = client.assign(r.id, r.version, Some(to), None).await;
    detail.expect("assigned").version
}

#[tokio::test]
async fn an_assignment_with_a_message_names_the_holder_on_the_record_the_queue_and_the_trail() {
    let server = TestServer::start().await;
    colleague(&server, "cleo-colleague", Role::Operator).await;
    let record = server.open_record_of_kind("spelling").await;
    let olu = server.as_operator();

    let message = "  the centre rang you yesterday about her  ";
    let detail = olu
        .assign(
            record.id,
            record.version,
            Some("cleo-colleague"),
            Some(message),
        )
        .await
        .expect("assigned");
    assert_eq!(
        detail.version,
        record.version + 1,
        "a change: the version moves"
    );
    assert_eq!(detail.assigned_to.as_deref(), Some("cleo-colleague"));
    let shown = detail.assignment.expect("the latest assignment is shown");
    assert_eq!(shown.by, "olu-operator");
    assert_eq!(
        shown.message.as_deref(),
        Some("the centre rang you yesterday about her"),
        "cleaned as notes are"
    );
    let row = detail.audit.last().expect("a trail");
    assert_eq!(row.action, AuditAction::Assigned);
    assert_eq!(row.operator, "olu-operator");
    assert_eq!(row.reason, shown.message);
    let changes = row.changes.clone().expect("before and after");
    assert_eq!(changes["assigned_to"]["before"], serde_json::Value::Null);
    assert_eq!(changes["assigned_to"]["after"], "cleo-colleague");

    let query = ListQuery {
        limit: Some(10_000),
        ..ListQuery::default()
    };
    let page = olu.exceptions(&query).await.unwrap();
    let listed = page
        .items
        .iter()
        .find(|r| r.id == record.id)
        .expect("listed");
    assert_eq!(
        listed.assigned_to.as_deref(),
        Some("cleo-colleague"),
        "rows carry the holder"
    );

    let back = olu
        .assign(record.id, detail.version, None, None)
        .await
        .unwrap();
    assert_eq!(back.assigned_to, None, "taken back");
    assert_eq!(back.assignment, None);
    assert_eq!(
        server.audit_count(record.id, AuditAction::Assigned).await,
        2
    );
}

#[tokio::test]
async fn assigning_to_anyone_but_an_active_operator_is_refused_naming_to() {
    let server = TestServer::start().await;
    colleague(&server, "rex-revoked", Role::Operator).await;
    server
        .state
        .store
        .revoke_operator("rex-revoked")
        .await
        .unwrap();
    let record = server.open_record_of_kind("spelling").await;
    let olu = server.as_operator();

    let operators = olu.colleagues().await.expect("whom records can go to");
    let names: Vec<&str> = operators
        .operators
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["olu-operator", "sam-supervisor"],
        "no viewer, no revoked"
    );

    for to in ["nobody-here", "rex-revoked", "vera-viewer", ""] {
        let (status, body) = refusal(olu.assign(record.id, record.version, Some(to), None).await);
        assert_eq!(status, 422, "{to:?}");
        assert_eq!(body.code, ErrorCode::Invalid);
        assert!(
            body.fields.expect("per field").get("to").is_some(),
            "{to:?}"
        );
    }
    assert_eq!(
        server.registration_now(record.id).await.version,
        record.version,
        "untouched"
    );
    let (status, _) = refusal(
        server
            .as_viewer()
            .assign(record.id, record.version, Some("olu-operator"), None)
            .await,
    );
    assert_eq!(status, 403, "a viewer assigns nothing");
}

#[tokio::test]
async fn an_assignment_at_a_stale_version_or_of_a_closed_record_is_refused() {
    let server = TestServer::start().await;
    let [first, second] = <[Registration; 2]>::try_from(open_records(&server, 0, 2).await).unwrap();
    let olu = server.as_operator();
    assign_to(&olu, &first, "sam-supervisor").await;

    let (status, body) = refusal(
        olu.assign(first.id, first.version, Some("olu-operator"), None)
            .await,
    );
    assert_eq!(status, 412, "read before the first assignment");
    let current = body.current.expect("the record as it is now");
    assert_eq!(current.assigned_to.as_deref(), Some("sam-supervisor"));

    let reject = RejectRequest {
        reason: RejectReason::CentreWithdrew,
        note: None,
    };
    let closed = olu
        .reject(second.id, second.version, &reject)
        .await
        .unwrap();
    let (status, body) = refusal(
        olu.assign(second.id, closed.version, Some("olu-operator"), None)
            .await,
    );
    assert_eq!((status, body.code), (409, ErrorCode::NotOpen));
}

#[tokio::test]
async fn mine_lists_the_callers_open_records_only_in_the_usual_pages() {
    let server = TestServer::start().await;
    let cleo = colleague(&server, "cleo-colleague", Role::Operator).await;
    let records = open_records(&server, 0, 5).await;
    let olu = server.as_operator();
    for r in &records[..3] {
        assign_to(&cleo, r, "olu-operator").await;
    }
    assign_to(&olu, &records[3], "cleo-colleague").await;

    let mut expected: Vec<i64> = records[..3].iter().map(|r| r.id).collect();
    let mut listed = mine(&olu, 2).await;
    listed.sort_unstable();
    expected.sort_unstable();
    assert_eq!(listed, expected, "two pages of two and one");
    assert_eq!(mine(&cleo, 100).await, [records[3].id]);

    let closing = server.registration_now(records[0].id).await;
    let reject = RejectRequest {
        reason: RejectReason::CentreWithdrew,
        note: None,
    };
    olu.reject(closing.id, closing.version, &reject)
        .await
        .unwrap();
    assert!(
        !mine(&olu, 100).await.contains(&closing.id),
        "closed: no longer in mine"
    );
}

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
    assert_eq!(summary.claimed, None, "no claims on this backend yet");
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
