//! Reading a record ahead without it counting as a view, and auditing the view when the record is
//! shown: every view an operator sees is audited with the operator, and only those.

mod common;

use common::{raw_refusal, refusal, TestServer};
use reqwest::{Method, StatusCode};
use uln_api::{ApiClient, ErrorCode};

#[tokio::test]
async fn a_prefetch_answers_the_same_record_and_etag_and_is_recorded_but_not_as_a_view() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let viewer = server.as_viewer();
    let read_ahead = viewer.prefetch_exception(record.id).await.unwrap();
    assert!(
        server.viewers(record.id).await.is_empty(),
        "a record read ahead was not seen"
    );
    let actions = server.audit_actions(record.id).await;
    assert!(
        actions.iter().any(|a| a == "read_ahead"),
        "the read is still recorded: {actions:?}"
    );
    let seen = viewer.exception(record.id).await.unwrap();
    assert_eq!(read_ahead.version, seen.version);
    assert_eq!(read_ahead.supplied, seen.supplied);
    assert_eq!(read_ahead.suggestions, seen.suggestions);
    // Raw: the typed client does not expose the ETag header, which is what this checks.
    let response = server
        .request(
            Method::GET,
            &format!("/exceptions/{}?prefetch=true", record.id),
            &server.viewer,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["etag"],
        format!("\"{}\"", record.version)
    );
    assert_eq!(
        server.viewers(record.id).await,
        ["vera-viewer"],
        "only the plain GET was a view"
    );
}

#[tokio::test]
async fn marking_a_record_viewed_audits_exactly_one_view_by_the_caller() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    operator.prefetch_exception(record.id).await.unwrap();
    operator
        .mark_viewed(record.id)
        .await
        .expect("the view is recorded");
    assert_eq!(server.viewers(record.id).await, ["olu-operator"]);
    let version = server.registration_now(record.id).await.version;
    assert_eq!(version, record.version, "a view is no change to the record");
}

#[tokio::test]
async fn any_signed_in_role_may_prefetch_and_mark_viewed_and_nobody_else() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    for client in [
        server.as_viewer(),
        server.as_operator(),
        server.as_supervisor(),
    ] {
        client.prefetch_exception(record.id).await.unwrap();
        client.mark_viewed(record.id).await.unwrap();
    }
    assert_eq!(
        server.viewers(record.id).await,
        ["vera-viewer", "olu-operator", "sam-supervisor"]
    );
    let stranger = ApiClient::new(server.base.clone(), "not-a-token").unwrap();
    let (status, _) = refusal(stranger.prefetch_exception(record.id).await);
    assert_eq!(status, 401);
    let (status, _) = refusal(stranger.mark_viewed(record.id).await);
    assert_eq!(status, 401);
    assert_eq!(server.viewers(record.id).await.len(), 3);
}

#[tokio::test]
async fn prefetching_or_marking_unknown_and_matched_records_is_404() {
    let server = TestServer::start().await;
    let viewer = server.as_viewer();
    let matched: i64 =
        sqlx::query_scalar("SELECT id FROM registrations WHERE status = 'matched' LIMIT 1")
            .fetch_one(&server.pool)
            .await
            .expect("the seeder stores matched registrations");
    for id in [999_999, matched] {
        let (status, body) = refusal(viewer.prefetch_exception(id).await);
        assert_eq!((status, body.code), (404, ErrorCode::NotFound));
        let (status, body) = refusal(viewer.mark_viewed(id).await);
        assert_eq!((status, body.code), (404, ErrorCode::NotFound));
    }
    assert!(server.viewers(matched).await.is_empty());
    // Raw: the typed client only ever sends `true`.
    let record = server.open_record_of_kind("spelling").await;
    let request = server.request(
        Method::GET,
        &format!("/exceptions/{}?prefetch=maybe", record.id),
        &server.viewer,
    );
    let (status, _) = raw_refusal(request).await;
    assert!((400..500).contains(&status), "{status}");
    assert!(
        server.viewers(record.id).await.is_empty(),
        "a refused read is no view"
    );
}
