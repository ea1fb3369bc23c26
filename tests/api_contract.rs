//! Cross-cutting behaviour of the API: auth, error envelope, limits, paging, submission, the
//! event stream, the four-week rule and the OpenAPI document.

mod common;

use common::{Options, TestServer};
use futures_util::StreamExt;
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Duration;

#[tokio::test]
async fn health_needs_no_token_but_everything_else_does() {
    let server = TestServer::start().await;
    let response = server
        .client
        .get(format!("{}/health", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (status, body) = common::send(server.client.get(format!("{}/queues", server.base))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");
    let (status, _) = server.get("/queues", "ulc_not-a-real-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, me) = server.get("/me", &server.supervisor).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (me["name"].as_str(), me["role"].as_str()),
        (Some("sam-supervisor"), Some("supervisor"))
    );
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413_in_the_error_envelope() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let huge = json!({ "note": "x".repeat(1_100_000), "given_name": "Ann" });
    let (status, body) = server
        .post(
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
            Some(record.version),
            huge,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn malformed_json_wrong_media_type_and_unknown_routes_get_json_errors() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let path = format!("/exceptions/{}/amend", record.id);
    let request = server
        .request(Method::POST, &path, &server.operator)
        .header("If-Match", "1")
        .header("Content-Type", "application/json")
        .body("{\"given_name\": ");
    let (status, body) = common::send(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_json");
    let request = server
        .request(Method::POST, &path, &server.operator)
        .header("If-Match", "1")
        .body("given_name=Ann");
    let (status, body) = common::send(request).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body["error"]["message"].is_string());
    let (status, body) = server.get("/no/such/route", &server.viewer).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, body) =
        common::send(server.request(Method::DELETE, "/queues", &server.viewer)).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["error"]["code"], "method_not_allowed");
    let (status, body) = server
        .get("/exceptions?limit=100000&sort=shoe_size", &server.viewer)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let named: Vec<&String> = body["error"]["fields"]
        .as_object()
        .map(|f| f.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        named,
        ["limit", "sort"],
        "every bad parameter is named: {body}"
    );
}

#[tokio::test]
async fn queues_count_open_overdue_and_due_soon_per_kind() {
    // The expiry job runs once at start and not again during the test, so what is overdue stays
    // open to be counted.
    let server = TestServer::start_with(Options {
        expiry_interval: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    // Registered 29 days ago with a malformed ULN: an open exception past its deadline.
    let mut late = submission("12345", "Ann", "Lee", "2008-03-01", "2", "LS1 4AP");
    late["registered_at"] =
        json!((Timestamp::now() - SignedDuration::from_hours(29 * 24)).to_string());
    let (status, body) = server
        .post(
            "/registrations",
            &server.operator,
            None,
            json!({"registrations": [late]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"][0]["outcome"], "exception", "{body}");
    let (status, body) = server.get("/queues", &server.viewer).await;
    assert_eq!(status, StatusCode::OK);
    let queues = body["queues"].as_array().unwrap();
    assert_eq!(queues[0]["queue"], "all");
    let all = queues[0]["open"].as_i64().unwrap();
    assert!(all > 100);
    let per_kind_max = queues[1..]
        .iter()
        .map(|q| q["open"].as_i64().unwrap())
        .max()
        .unwrap();
    assert!(per_kind_max <= all && per_kind_max > 0);
    let overdue = |name: &str| {
        queues.iter().find(|q| q["queue"] == name).unwrap()["overdue"]
            .as_i64()
            .unwrap()
    };
    // The seeder leaves nothing overdue, so the late submission is the only one.
    assert_eq!(overdue("all"), 1);
    assert_eq!(overdue("malformed_uln"), 1);
    assert_eq!(overdue("linked_uln"), 0);
    for q in queues {
        assert!(q["due_within_48h"].as_i64() <= q["due_within_7d"].as_i64());
        assert!(q["overdue"].as_i64() <= q["open"].as_i64());
    }
    let (_, page) = server
        .get("/exceptions?queue=linked_uln&limit=500", &server.viewer)
        .await;
    let linked = queues.iter().find(|q| q["queue"] == "linked_uln").unwrap()["open"]
        .as_i64()
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len() as i64, linked);
}

async fn all_pages(server: &TestServer, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/exceptions?{query}&cursor={c}"),
            None => format!("/exceptions?{query}"),
        };
        let (status, page) = server.get(&path, &server.viewer).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return items,
        }
    }
}

#[tokio::test]
async fn pages_follow_the_sort_order_without_gaps_or_repeats() {
    let server = TestServer::start().await;
    for (query, key) in [
        ("sort=deadline&limit=37", "deadline"),
        ("sort=family_name&order=desc&limit=50", "family_name"),
        ("sort=centre&limit=64", "centre"),
    ] {
        let items = all_pages(&server, query).await;
        let ids: HashSet<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
        assert_eq!(ids.len(), items.len(), "no repeats for {query}");
        let (_, queues) = server.get("/queues", &server.viewer).await;
        assert_eq!(
            items.len() as i64,
            queues["queues"][0]["open"].as_i64().unwrap(),
            "no gaps for {query}"
        );
        let keys: Vec<String> = items
            .iter()
            .map(|i| i[key].as_str().unwrap().to_owned())
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if query.contains("desc") {
            sorted.reverse();
        }
        assert_eq!(keys, sorted, "ordered by {key}");
    }
}

#[tokio::test]
async fn paging_stays_correct_while_records_are_resolved() {
    let server = TestServer::start().await;
    let (_, first) = server.get("/exceptions?limit=20", &server.viewer).await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let seen: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    // Another operator rejects records on the page already read; the next page must not shift.
    for id in &seen[..5] {
        let record = server.state.store.registration(*id).await.unwrap().unwrap();
        let (status, _) = server
            .post(
                &format!("/exceptions/{id}/reject"),
                &server.operator,
                Some(record.version),
                json!({"reason": "centre_withdrew"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, unchanged_world) = server.get("/exceptions?limit=40", &server.viewer).await;
    let expected: Vec<i64> = unchanged_world["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .filter(|id| !seen.contains(id))
        .take(20)
        .collect();
    let (_, second) = server
        .get(
            &format!("/exceptions?limit=20&cursor={cursor}"),
            &server.viewer,
        )
        .await;
    let got: Vec<i64> = second["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn text_search_finds_by_centre_and_treats_wildcards_literally() {
    let server = TestServer::start().await;
    let items = all_pages(&server, "q=Academy&limit=500").await;
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| format!(
        "{} {} {} {}",
        i["uln"], i["given_name"], i["family_name"], i["centre"]
    )
    .contains("Academy")));
    let (_, none) = server.get("/exceptions?q=%25%25", &server.viewer).await;
    assert_eq!(none["items"], json!([]));
}

fn submission(
    uln: &str,
    given: &str,
    family: &str,
    dob: &str,
    gender: &str,
    postcode: &str,
) -> Value {
    json!({"uln": uln, "given_name": given, "family_name": family, "date_of_birth": dob, "gender": gender, "postcode": postcode, "centre": "Calder Valley College"})
}

#[tokio::test]
async fn submitted_registrations_are_verified_row_by_row() {
    let server = TestServer::start().await;
    let (uln, given, family, dob, gender, postcode): (String, String, String, String, String, String) =
        sqlx::query_as("SELECT uln, given_name, family_name, date_of_birth, gender, postcode FROM lrs_learners WHERE postcode IS NOT NULL LIMIT 1")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let batch = json!({"registrations": [
        submission(&uln, &given, &family, &dob, &gender, &postcode),
        submission(&uln, &given.to_uppercase(), &family, &dob, &gender, &postcode),
        submission("9999999999", &given, &family, &dob, &gender, &postcode),
        submission(&uln, "", &family, "2007-02-30", "7", "nowhere"),
    ]});
    let (status, body) = server
        .post("/registrations", &server.operator, None, batch)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results[0]["outcome"], "matched");
    assert_eq!(results[1]["outcome"], "exception");
    assert_eq!(results[1]["verification_code"], "WSVRC003");
    assert_eq!(results[2]["outcome"], "exception");
    assert_eq!(results[2]["anomalies"], json!(["malformed_uln"]));
    assert_eq!(results[3]["outcome"], "invalid");
    let errors = results[3]["errors"].as_object().unwrap();
    for field in ["given_name", "date_of_birth", "gender", "postcode"] {
        assert!(errors.contains_key(field), "{field}");
    }
    let id = results[1]["id"].as_i64().unwrap();
    assert_eq!(server.audit_actions(id).await, vec!["created"]);
    let (status, detail) = server
        .get(&format!("/exceptions/{id}"), &server.viewer)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["suggestions"][0]["kind"], "spelling");
    let too_many = json!({"registrations": vec![submission(&uln, &given, &family, &dob, &gender, &postcode); 5001]});
    let (status, _) = server
        .post("/registrations", &server.operator, None, too_many)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn every_change_is_published_on_the_event_stream() {
    let server = TestServer::start().await;
    let response = server
        .request(Method::GET, "/events", &server.viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut stream = response.bytes_stream();
    let record = server.open_record_of_kind("different_person").await;
    let (status, _) = server
        .post(
            &format!("/exceptions/{}/reject", record.id),
            &server.operator,
            Some(record.version),
            json!({"reason": "wrong_learner"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let wanted = format!("\"record_id\":{}", record.id);
    let mut text = String::new();
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(chunk) = stream.next().await {
            text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            if text.contains(&wanted) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(found, Ok(true), "stream so far: {text}");
    assert!(text.contains("event: change"));
    assert!(
        text.contains("\"status\":\"rejected\"") && text.contains("\"operator\":\"olu-operator\"")
    );
}

#[tokio::test]
async fn overdue_exceptions_expire_lose_their_uln_and_cannot_then_be_amended() {
    let server = TestServer::start_with(Options {
        expiry_interval: Duration::from_millis(100),
        ..Options::default()
    })
    .await;
    let (uln, given, family, dob, gender, postcode): (String, String, String, String, String, String) =
        sqlx::query_as("SELECT uln, given_name, family_name, date_of_birth, gender, postcode FROM lrs_learners WHERE postcode IS NOT NULL LIMIT 1")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let mut late = submission(
        &uln,
        &given.to_uppercase(),
        &family,
        &dob,
        &gender,
        &postcode,
    );
    late["registered_at"] =
        json!((Timestamp::now() - SignedDuration::from_hours(29 * 24)).to_string());
    let (_, body) = server
        .post("/registrations", &server.operator, None, late)
        .await;
    let id = body["results"][0]["id"].as_i64().unwrap();

    let expired = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let r = server.state.store.registration(id).await.unwrap().unwrap();
            if r.status.name() == "expired" {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the background job expires it");
    assert_eq!(expired.uln, None, "the ULN is removed");
    assert_eq!(expired.version, 2);
    let trail = server.state.store.audit_trail(id).await.unwrap();
    let row = trail
        .iter()
        .find(|a| a.action == "expired")
        .expect("an expiry audit row");
    assert_eq!(row.changes.as_ref().unwrap()["uln"]["before"], uln.as_str());

    let (status, _) = server
        .post(
            &format!("/exceptions/{id}/amend"),
            &server.operator,
            Some(1),
            json!({"given_name": given}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::PRECONDITION_FAILED,
        "the amendment read before expiry loses"
    );
    let (status, _) = server
        .post(
            &format!("/exceptions/{id}/amend"),
            &server.operator,
            Some(2),
            json!({"given_name": given}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "an expired record is closed");
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let server = TestServer::start_with(Options {
        learners: 0,
        ..Options::default()
    })
    .await;
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
