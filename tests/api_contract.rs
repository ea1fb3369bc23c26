//! Cross-cutting behaviour of the API: auth, the error envelope, limits and the OpenAPI document.

mod common;

use common::{raw_refusal, refusal, Options, TestServer};
use reqwest::{Method, StatusCode};
use uln_api::{ErrorCode, LearnerFields, ListQuery, Role};

#[tokio::test]
async fn health_needs_no_token_but_everything_else_does() {
    let server = TestServer::start().await;
    // Raw: the typed client always sends a token, and these two are about sending none.
    let response = server
        .client
        .get(format!("{}/health", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (status, body) = raw_refusal(server.client.get(format!("{}/queues", server.base))).await;
    assert_eq!((status, body.code), (401, ErrorCode::Unauthorized));
    let (status, body) = refusal(server.client("ulc_not-a-real-token").queues().await);
    assert_eq!((status, body.code), (401, ErrorCode::Unauthorized));
    let me = server.as_supervisor().me().await.expect("who the token is");
    assert_eq!(
        (me.name.as_str(), me.role),
        ("sam-supervisor", Role::Supervisor)
    );
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413_in_the_error_envelope_and_change_nothing() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let ann = LearnerFields {
        given_name: Some("Ann".into()),
        ..LearnerFields::default()
    };
    let huge_note = "x".repeat(1_100_000);
    let (status, body) = refusal(
        server
            .as_operator()
            .amend(record.id, record.version, &ann, Some(&huge_note))
            .await,
    );
    assert_eq!((status, body.code), (413, ErrorCode::PayloadTooLarge));
    assert_eq!(server.registration_now(record.id).await, record);
}

#[tokio::test]
async fn malformed_json_wrong_media_type_and_unknown_routes_get_json_errors() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let path = format!("/exceptions/{}/amend", record.id);
    // Raw throughout: the typed client only sends well-formed JSON to routes that exist.
    let request = server
        .request(Method::POST, &path, &server.operator)
        .header("If-Match", "1")
        .header("Content-Type", "application/json")
        .body("{\"given_name\": ");
    let (status, body) = raw_refusal(request).await;
    assert_eq!((status, body.code), (400, ErrorCode::MalformedJson));
    let request = server
        .request(Method::POST, &path, &server.operator)
        .header("If-Match", "1")
        .body("given_name=Ann");
    let (status, body) = raw_refusal(request).await;
    assert_eq!((status, body.code), (415, ErrorCode::UnsupportedMediaType));
    assert!(!body.message.is_empty());
    let (status, body) =
        raw_refusal(server.request(Method::GET, "/no/such/route", &server.viewer)).await;
    assert_eq!((status, body.code), (404, ErrorCode::NotFound));
    let (status, body) =
        raw_refusal(server.request(Method::DELETE, "/queues", &server.viewer)).await;
    assert_eq!((status, body.code), (405, ErrorCode::MethodNotAllowed));
}

#[tokio::test]
async fn every_bad_list_parameter_is_named_in_one_422() {
    let server = TestServer::start().await;
    let query = ListQuery {
        limit: Some(100_000),
        sort: Some("shoe_size".into()),
        ..ListQuery::default()
    };
    let (status, body) = refusal(server.as_viewer().exceptions(&query).await);
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    let named: Vec<String> = body
        .fields
        .map(|f| f.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(named, ["limit", "sort"], "every bad parameter is named");
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let server = TestServer::start_with(Options {
        learners: 0,
        ..Options::default()
    })
    .await;
    // Raw: the document describes the API; it is not a wire type the client reads.
    let (status, doc) = server.get("/openapi.json", &server.viewer).await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/health",
        "/api/v1/me",
        "/api/v1/queues",
        "/api/v1/exceptions",
        "/api/v1/exceptions/{id}",
        "/api/v1/exceptions/{id}/amend",
        "/api/v1/exceptions/{id}/reject",
        "/api/v1/exceptions/{id}/verify",
        "/api/v1/exceptions/{id}/reopen",
        "/api/v1/exceptions/{id}/viewed",
        "/api/v1/learners",
        "/api/v1/learners/{uln}/plr",
        "/api/v1/learners/{uln}/challenges",
        "/api/v1/challenges",
        "/api/v1/events",
        "/api/v1/registrations",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["ExceptionDetail"].is_object());
}
