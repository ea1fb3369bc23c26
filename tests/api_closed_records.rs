//! Finding closed records (issue 13, defect 5): the queues list open exceptions; `status=closed`
//! or `status=all` finds resolved, rejected and expired ones, so a supervisor can reopen them.

mod common;

use common::TestServer;
use uln_api::{ListQuery, RecordFilter, RecordStatus, RejectReason, RejectRequest};

fn searching(records: Option<RecordFilter>, text: &str) -> ListQuery {
    ListQuery {
        records,
        text: Some(text.into()),
        limit: Some(1000),
        ..ListQuery::default()
    }
}

#[tokio::test]
async fn a_rejected_record_leaves_the_queues_and_is_found_among_closed_and_all_records() {
    let server = TestServer::start().await;
    let operator = server.as_operator();
    let record = server.open_record_with_own_uln("spelling").await;
    let uln = record.uln.clone().expect("a ULN");
    operator
        .reject(
            record.id,
            record.version,
            &RejectRequest {
                reason: RejectReason::WrongLearner,
                note: None,
            },
        )
        .await
        .unwrap();
    let ids = |page: uln_api::ExceptionPage| -> Vec<(i64, RecordStatus)> {
        page.items.iter().map(|r| (r.id, r.status)).collect()
    };
    let open = ids(operator.exceptions(&searching(None, &uln)).await.unwrap());
    assert!(!open.iter().any(|(id, _)| *id == record.id), "{open:?}");
    let closed = ids(operator
        .exceptions(&searching(Some(RecordFilter::Closed), &uln))
        .await
        .unwrap());
    assert!(
        closed.contains(&(record.id, RecordStatus::Rejected)),
        "{closed:?}"
    );
    assert!(closed.iter().all(|(_, s)| *s != RecordStatus::Open));
    let all = ids(server
        .as_viewer()
        .exceptions(&searching(Some(RecordFilter::All), &uln))
        .await
        .unwrap());
    assert!(
        all.contains(&(record.id, RecordStatus::Rejected)),
        "{all:?}"
    );
    assert!(
        all.iter().all(|(_, s)| *s != RecordStatus::Matched),
        "matched registrations are never listed"
    );
}

#[tokio::test]
async fn an_unknown_status_is_named_in_a_422() {
    let server = TestServer::start().await;
    let (status, body) = common::raw_refusal(server.request(
        reqwest::Method::GET,
        "/exceptions?status=matched",
        &server.operator,
    ))
    .await;
    assert_eq!(status, 422);
    assert!(body.fields.unwrap().contains_key("status"));
}
