//! The exceptions resource against the real server: view, amend, reject, verify, reopen.

mod common;

use common::{top_amendment, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn viewing_a_record_returns_both_sides_an_etag_and_is_audited() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let response = server
        .request(
            Method::GET,
            &format!("/exceptions/{}", record.id),
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
    let detail: serde_json::Value = response.json().await.unwrap();
    assert_eq!(detail["status"], "open");
    assert_eq!(detail["verification"]["code"], "WSVRC003");
    assert!(detail["authoritative"]["given_name"].is_string());
    assert!(detail["comparison"]["family_name"].is_string());
    assert_eq!(detail["suggestions"][0]["kind"], "spelling");
    assert!(detail["audit"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["action"] == "viewed" && a["operator"] == "vera-viewer"));
}

#[tokio::test]
async fn amending_to_the_suggested_details_resolves_the_record() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("names_swapped").await;
    let (_, detail) = server
        .get(&format!("/exceptions/{}", record.id), &server.operator)
        .await;
    let mut body = top_amendment(&detail);
    body["note"] = json!("centre confirmed the names were entered the wrong way round");
    let (status, after) = server
        .post(
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
            Some(record.version),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["status"], "resolved");
    assert_eq!(after["verification"]["code"], "WSVRC001");
    assert_eq!(after["version"], record.version + 1);
    let amended = after["audit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "amended")
        .expect("audit row")
        .clone();
    assert_eq!(amended["operator"], "olu-operator");
    assert_eq!(
        amended["changes"]["given_name"]["before"],
        record.demographics.given_name.as_str()
    );
    assert_eq!(
        amended["changes"]["given_name"]["after"],
        record.demographics.family_name.as_str()
    );
    let (_, page) = server.get("/exceptions?limit=500", &server.viewer).await;
    assert!(
        !page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == record.id),
        "resolved records leave the queue"
    );
}

#[tokio::test]
async fn amending_a_linked_uln_to_the_master_resolves_it() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("linked_uln").await;
    let (_, detail) = server
        .get(&format!("/exceptions/{}", record.id), &server.operator)
        .await;
    assert_eq!(detail["verification"]["code"], "WSVRC002");
    let body = top_amendment(&detail);
    assert_eq!(body["uln"], detail["authoritative"]["uln"]);
    let (status, after) = server
        .post(
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
            Some(record.version),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(after["status"], "resolved");
}

#[tokio::test]
async fn an_amendment_that_still_differs_stays_open_with_the_new_verification() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("postcode_moved").await;
    let (status, after) = server
        .post(
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
            Some(record.version),
            json!({"given_name": "Zebedee"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(after["status"], "open");
    assert_eq!(after["verification"]["code"], "WSVRC005");
    assert!(after["verification"]["failure_flags"]
        .as_array()
        .unwrap()
        .contains(&json!("VRF1")));
}

#[tokio::test]
async fn amend_without_if_match_is_428_and_changes_nothing() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let (status, body) = server
        .post(
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
            None,
            json!({"given_name": "Ann"}),
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(body["error"]["code"], "version_required");
    assert_eq!(
        server
            .state
            .store
            .registration(record.id)
            .await
            .unwrap()
            .unwrap(),
        record
    );
}

#[tokio::test]
async fn amend_with_a_stale_version_is_412_with_the_current_record() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("postcode_moved").await;
    let path = format!("/exceptions/{}/amend", record.id);
    let (status, _) = server
        .post(
            &path,
            &server.operator,
            Some(record.version),
            json!({"given_name": "Zebedee"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = server
        .post(
            &path,
            &server.operator,
            Some(record.version),
            json!({"family_name": "Other"}),
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(body["error"]["code"], "WSRC0013");
    assert_eq!(body["error"]["current"]["version"], record.version + 1);
    assert_eq!(
        body["error"]["current"]["supplied"]["given_name"],
        "Zebedee"
    );
    let now = server
        .state
        .store
        .registration(record.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        now.demographics.family_name, record.demographics.family_name,
        "the stale edit was not applied"
    );
}

#[tokio::test]
async fn invalid_amendments_are_422_naming_each_field_and_change_nothing() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let body = json!({
        "uln": "1234567890", "date_of_birth": "2007-02-30", "postcode": "NOT A CODE",
        "given_name": "   ", "favourite_colour": "blue"
    });
    let (status, reply) = server
        .post(
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
            Some(record.version),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = reply["error"]["fields"].as_object().unwrap();
    for name in [
        "uln",
        "date_of_birth",
        "postcode",
        "given_name",
        "favourite_colour",
    ] {
        assert!(fields.contains_key(name), "{name} should be named: {reply}");
    }
    assert!(fields["uln"].as_str().unwrap().contains("check digit"));
    assert_eq!(
        server
            .state
            .store
            .registration(record.id)
            .await
            .unwrap()
            .unwrap(),
        record
    );
}

#[tokio::test]
async fn concurrent_amendments_of_one_version_have_exactly_one_winner() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("postcode_moved").await;
    let path = format!("/exceptions/{}/amend", record.id);
    let attempts = (0..16).map(|i| {
        let request = server
            .request(Method::POST, &path, &server.operator)
            .header("If-Match", record.version.to_string())
            .json(&json!({ "family_name": format!("Racer{i}") }));
        tokio::spawn(common::send(request))
    });
    let mut winners = Vec::new();
    let mut conflicts = 0;
    for (i, attempt) in attempts.enumerate() {
        match attempt.await.unwrap() {
            (StatusCode::OK, _) => winners.push(i),
            (StatusCode::PRECONDITION_FAILED, _) => conflicts += 1,
            (status, body) => panic!("unexpected {status}: {body}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one amendment wins");
    assert_eq!(conflicts, 15);
    let now = server
        .state
        .store
        .registration(record.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.version, record.version + 1);
    assert_eq!(
        now.demographics.family_name.as_str(),
        format!("Racer{}", winners[0]),
        "the winner's edit is the one stored"
    );
    let amended = server
        .audit_actions(record.id)
        .await
        .iter()
        .filter(|a| *a == "amended")
        .count();
    assert_eq!(amended, 1, "one audit row for the one change");
}

#[tokio::test]
async fn rejecting_needs_a_known_reason_and_a_note_for_other() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let path = format!("/exceptions/{}/reject", record.id);
    let (status, body) = server
        .post(
            &path,
            &server.operator,
            Some(record.version),
            json!({"reason": "bored"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["reason"].is_string());
    let (status, body) = server
        .post(
            &path,
            &server.operator,
            Some(record.version),
            json!({"reason": "other"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["note"].is_string());
    let (status, body) = server
        .post(
            &path,
            &server.operator,
            Some(record.version),
            json!({"reason": "wrong_learner", "note": "ULN belongs to a sibling"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "rejected");
    assert_eq!(body["reject_reason"], "wrong_learner");
    assert!(server
        .audit_actions(record.id)
        .await
        .contains(&"rejected".to_owned()));
    let (status, body) = server
        .post(
            &path,
            &server.operator,
            Some(record.version + 1),
            json!({"reason": "wrong_learner"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a closed record cannot be rejected again: {body}"
    );
}

#[tokio::test]
async fn only_a_supervisor_may_reopen() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let (_, rejected) = server
        .post(
            &format!("/exceptions/{}/reject", record.id),
            &server.operator,
            Some(record.version),
            json!({"reason": "wrong_learner"}),
        )
        .await;
    let version = rejected["version"].as_i64().unwrap();
    let path = format!("/exceptions/{}/reopen", record.id);
    let (status, _) = server
        .post(&path, &server.operator, Some(version), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = server
        .post(
            &path,
            &server.supervisor,
            Some(version),
            json!({"note": "rejected in error"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "open");
    assert_eq!(body["reject_reason"], serde_json::Value::Null);
    assert!(server
        .audit_actions(record.id)
        .await
        .contains(&"reopened".to_owned()));
}

#[tokio::test]
async fn verify_reruns_against_the_register_and_keeps_the_version_when_nothing_changed() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("gender_differs").await;
    let (status, body) = server
        .post(
            &format!("/exceptions/{}/verify", record.id),
            &server.operator,
            None,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["version"], record.version,
        "an unchanged verification does not invalidate others' edits"
    );
    // The register still has another gender for this learner: no match, on gender alone.
    assert_eq!(body["verification"]["code"], "WSVRC005", "{body}");
    assert_eq!(body["verification"]["failure_flags"], json!(["VRF8"]));
    assert_eq!(body["comparison"]["gender"], "differs");
    assert_eq!(body["comparison"]["family_name"], "match");
    assert!(server
        .audit_actions(record.id)
        .await
        .contains(&"verified".to_owned()));
}

#[tokio::test]
async fn a_viewer_cannot_amend_reject_or_verify() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    for action in ["amend", "reject", "verify"] {
        let (status, body) = server
            .post(
                &format!("/exceptions/{}/{action}", record.id),
                &server.viewer,
                Some(record.version),
                json!({"given_name": "A", "reason": "other"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{action}");
        assert_eq!(body["error"]["code"], "forbidden");
    }
}

#[tokio::test]
async fn unknown_and_matched_records_are_404() {
    let server = TestServer::start().await;
    let (status, body) = server.get("/exceptions/999999", &server.viewer).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, _) = server.get("/exceptions/not-a-number", &server.viewer).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A registration that verified first time is stored, but it is no exception to work on.
    let matched: i64 =
        sqlx::query_scalar("SELECT id FROM registrations WHERE status = 'matched' LIMIT 1")
            .fetch_one(&server.pool)
            .await
            .expect("the seeder stores matched registrations");
    let (status, body) = server
        .get(&format!("/exceptions/{matched}"), &server.viewer)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn concurrent_views_are_each_audited() {
    let server = TestServer::start().await;
    let records = server.open_records_of_kind("spelling").await;
    let records = &records[..records.len().min(8)];
    let views = (0..64).map(|i| {
        let id = records[i % records.len()].id;
        let request = server.request(Method::GET, &format!("/exceptions/{id}"), &server.viewer);
        tokio::spawn(common::send(request))
    });
    for view in views {
        assert_eq!(view.await.unwrap().0, StatusCode::OK);
    }
    let mut audited = 0;
    for r in records {
        audited += server
            .audit_actions(r.id)
            .await
            .iter()
            .filter(|a| *a == "viewed")
            .count();
    }
    assert_eq!(audited, 64, "every view answered has its durable audit row");
}
