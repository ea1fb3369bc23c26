//! Assignment: a record given to a colleague with a message is theirs ("mine"), audited,
//! announced on the event stream and version-guarded like every change.

mod common;

use common::{assign_to, change_on_stream, colleague, mine, open_records, refusal, TestServer};
use uln_api::{AuditAction, ChangeAction, ErrorCode, ListQuery, RejectReason, RejectRequest};
use uln_server::store::{Registration, Role};

#[tokio::test]
async fn an_assignment_with_a_message_names_the_holder_on_the_record_the_queue_and_the_trail() {
    let server = TestServer::start().await;
    let cleo = colleague(&server, "cleo-colleague", Role::Operator).await;
    let record = server.open_record_of_kind("spelling").await;
    let olu = server.as_operator();
    let events = cleo
        .events()
        .await
        .expect("cleo's console follows the changes");

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
    let told = change_on_stream(events, record.id, ChangeAction::Assigned).await;
    let row = told.row.expect("the event carries the row");
    assert_eq!(
        row.assigned_to.as_deref(),
        Some("cleo-colleague"),
        "it names the holder"
    );
    assert_eq!(told.operator, "olu-operator");

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
