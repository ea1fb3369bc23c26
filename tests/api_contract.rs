//! Cross-cutting behaviour of the API: auth, the error envelope, limits and the OpenAPI document.

mod common;

use common::{raw_refusal, refusal, Options, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;
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
        "/api/v1/exceptions/{id}/reveal",
        "/api/v1/learners/{uln}/reveal",
        "/api/v1/learners",
        "/api/v1/learners/{uln}/plr",
        "/api/v1/learners/{uln}/challenges",
        "/api/v1/challenges",
        "/api/v1/events",
        "/api/v1/registrations",
        "/api/v1/bulk",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["ExceptionDetail"].is_object());
}

/// Each operation of the document, as (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            found.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    found
}

async fn served_document() -> Value {
    let server = TestServer::start_with(Options {
        learners: 0,
        ..Options::default()
    })
    .await;
    // Raw, and without a token: the document is public, like health.
    let response = server
        .client
        .get(format!("{}/openapi.json", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_parameter_is_where_the_route_reads_it_and_operation_ids_are_unique() {
    let doc = served_document().await;
    let mut ids = HashSet::new();
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(!id.is_empty(), "{method} {path} has no operationId");
        assert!(ids.insert(id.clone()), "operationId {id} is used twice");
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for parameter in &parameters {
            let name = parameter["name"].as_str().unwrap();
            match parameter["in"].as_str().unwrap() {
                "path" => assert!(
                    path.contains(&format!("{{{name}}}")),
                    "{method} {path}: path parameter {name} is not in the path"
                ),
                "query" | "header" => {}
                other => panic!("{method} {path}: {name} is in {other}"),
            }
        }
        // Every `{name}` of the template is declared as a path parameter.
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            let name = segment.trim_matches(|c| c == '{' || c == '}');
            assert!(
                parameters
                    .iter()
                    .any(|p| p["name"] == name && p["in"] == "path"),
                "{method} {path}: {name} is not declared"
            );
        }
    }
}

#[tokio::test]
async fn every_refusal_a_route_can_give_is_documented_with_the_error_envelope() {
    let doc = served_document().await;
    let envelope = json!({ "$ref": "#/components/schemas/ErrorEnvelope" });
    let public = ["/api/v1/health", "/api/v1/openapi.json"];
    for (method, path, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().unwrap();
        let has = |status: &str| responses.contains_key(status);
        // No security of its own means the document's: a bearer token.
        let secured = operation["security"].as_array().is_none_or(|s| {
            s.iter()
                .any(|r| r.as_object().is_some_and(|r| !r.is_empty()))
        });
        assert_eq!(secured, !public.contains(&path.as_str()), "{method} {path}");
        if secured {
            assert!(has("401") && has("503"), "{method} {path}: 401 and 503");
            let retry = &responses["503"]["headers"]["Retry-After"];
            assert!(
                retry.is_object(),
                "{method} {path}: 503 without Retry-After"
            );
        }
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let typed_input = !parameters.is_empty() || operation["requestBody"].is_object();
        assert_eq!(
            has("400"),
            typed_input,
            "{method} {path}: 400 for unreadable input"
        );
        if path.contains("{id}") {
            assert!(has("404"), "{method} {path}: 404");
        }
        if parameters.iter().any(|p| p["name"] == "If-Match") {
            assert!(has("412") && has("428"), "{method} {path}: 412 and 428");
        }
        if operation["requestBody"].is_object() {
            assert!(has("413"), "{method} {path}: 413");
        }
        // Every change needs more than a viewer; saying a record was seen, recording a phone
        // call one took or an export one makes (an audit row only, like a view), does not.
        let audit_only = path.ends_with("/viewed")
            || path.ends_with("/reveal")
            || path == "/api/v1/calls"
            || path == "/api/v1/exports";
        if method == "post" && !audit_only {
            assert!(
                has("403"),
                "{method} {path}: changes need a role a viewer lacks"
            );
        }
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    response["content"]["application/json"]["schema"], envelope,
                    "{method} {path} {status} is not an ErrorEnvelope"
                );
            }
        }
    }
}

#[tokio::test]
async fn closed_sets_list_their_wire_values_and_never_unknown() {
    let doc = served_document().await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert_eq!(
        schemas["RecordStatus"]["enum"],
        json!(["matched", "open", "resolved", "rejected", "expired"])
    );
    let text = serde_json::to_string(&doc).unwrap();
    assert!(
        !text.contains("\"unknown\""),
        "the document lists an unknown value"
    );
    let events = &doc["paths"]["/api/v1/events"]["get"]["responses"]["200"]["content"];
    assert!(events["text/event-stream"].is_object(), "{events}");
    assert!(events["application/json"].is_null());
}

#[tokio::test]
async fn fields_sent_as_null_are_nullable() {
    let doc = served_document().await;
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [
        ("AuditEntry", "changes"),
        ("ChallengeView", "corrected"),
        ("RegistrationResult", "errors"),
        ("ExceptionPage", "next_cursor"),
    ] {
        let types = &schemas[schema]["properties"][field]["type"];
        assert!(
            types.as_array().is_some_and(|t| t.contains(&json!("null"))),
            "{schema}.{field} is {types}"
        );
    }
}

#[tokio::test]
async fn unknown_is_refused_wherever_a_closed_set_is_taken() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let path = format!("/exceptions/{}/reject", record.id);
    let body = json!({ "reason": "unknown", "note": "testing" });
    let (status, body) = server
        .post(&path, &server.operator, Some(record.version), body)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["reason"].is_string(), "{body}");
    let uln = record.uln.clone().unwrap_or_default();
    let body = json!({ "kind": "unknown", "event_ids": [1], "note": "testing" });
    let (status, body) = server
        .post(
            &format!("/learners/{uln}/challenges"),
            &server.operator,
            None,
            body,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["kind"].is_string(), "{body}");
    assert_eq!(server.registration_now(record.id).await, record);
}
