//! Viewing and amending an exception against the real server, as the console does it.

mod common;

use common::{raw_refusal, refusal, suggested_amendment, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;
use uln_api::{
    AuditAction, ErrorCode, ExceptionDetail, FailureFlag, FieldMatch, LearnerFields, ListQuery,
    RecordStatus, SuggestionKind, VerifyCode,
};

#[tokio::test]
async fn viewing_a_record_returns_both_sides_an_etag_and_is_audited() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    // Raw: the typed client does not expose the ETag header, which is what this test checks.
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
    let detail: ExceptionDetail = response.json().await.expect("an exception detail");
    assert_eq!(detail.status, RecordStatus::Open);
    assert_eq!(detail.verification.code, VerifyCode::SimilarMatch);
    let register = detail.authoritative.expect("the register's side");
    assert!(!register.given_name.is_empty());
    let comparison = detail.comparison.expect("the fields compared");
    assert_ne!(comparison.family_name, FieldMatch::Unknown);
    assert_eq!(detail.suggestions[0].kind, SuggestionKind::Spelling);
    assert!(detail
        .audit
        .iter()
        .any(|a| a.action == AuditAction::Viewed && a.operator == "vera-viewer"));
}

#[tokio::test]
async fn amending_to_the_suggested_details_resolves_the_record() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("names_swapped").await;
    let operator = server.as_operator();
    let detail = operator.exception(record.id).await.unwrap();
    let after = operator
        .amend(
            record.id,
            record.version,
            &suggested_amendment(&detail),
            Some("centre confirmed the names were entered the wrong way round"),
        )
        .await
        .expect("the amendment is accepted");
    assert_eq!(after.status, RecordStatus::Resolved);
    assert_eq!(after.verification.code, VerifyCode::Match);
    assert_eq!(after.version, record.version + 1);
    let amended = after
        .audit
        .iter()
        .find(|a| a.action == AuditAction::Amended)
        .expect("audit row");
    assert_eq!(amended.operator, "olu-operator");
    let changes = amended.changes.as_ref().expect("the changes are recorded");
    assert_eq!(
        changes["given_name"]["before"],
        record.demographics.given_name.as_str()
    );
    assert_eq!(
        changes["given_name"]["after"],
        record.demographics.family_name.as_str()
    );
    let page = server
        .as_viewer()
        .exceptions(&ListQuery {
            limit: Some(500),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert!(
        !page.items.iter().any(|i| i.id == record.id),
        "resolved records leave the queue"
    );
}

#[tokio::test]
async fn amending_a_linked_uln_to_the_master_resolves_it() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("linked_uln").await;
    let operator = server.as_operator();
    let detail = operator.exception(record.id).await.unwrap();
    assert_eq!(detail.verification.code, VerifyCode::LinkedMatch);
    let amendment = suggested_amendment(&detail);
    assert_eq!(amendment.uln, detail.authoritative.map(|a| a.uln));
    let after = operator
        .amend(record.id, record.version, &amendment, None)
        .await
        .expect("the amendment is accepted");
    assert_eq!(after.status, RecordStatus::Resolved);
}

fn given_name(name: &str) -> LearnerFields {
    LearnerFields {
        given_name: Some(name.into()),
        ..LearnerFields::default()
    }
}

#[tokio::test]
async fn an_amendment_that_still_differs_stays_open_with_the_new_verification() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("postcode_moved").await;
    let after = server
        .as_operator()
        .amend(record.id, record.version, &given_name("Zebedee"), None)
        .await
        .expect("the amendment is accepted");
    assert_eq!(after.status, RecordStatus::Open);
    assert_eq!(after.verification.code, VerifyCode::NoMatch);
    assert!(after
        .verification
        .failure_flags
        .contains(&FailureFlag::GivenVsGiven));
}

#[tokio::test]
async fn amend_without_if_match_is_428_and_changes_nothing() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    // Raw: the typed client always sends If-Match.
    let request = server
        .request(
            Method::POST,
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
        )
        .json(&json!({"given_name": "Ann"}));
    let (status, body) = raw_refusal(request).await;
    assert_eq!(
        (status, body.code),
        (
            StatusCode::PRECONDITION_REQUIRED.as_u16(),
            ErrorCode::VersionRequired
        )
    );
    assert_eq!(server.registration_now(record.id).await, record);
}

#[tokio::test]
async fn amend_with_a_stale_version_is_412_with_the_current_record() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("postcode_moved").await;
    let operator = server.as_operator();
    operator
        .amend(record.id, record.version, &given_name("Zebedee"), None)
        .await
        .expect("the first amendment is accepted");
    let stale = LearnerFields {
        family_name: Some("Other".into()),
        ..LearnerFields::default()
    };
    let (status, body) = refusal(
        operator
            .amend(record.id, record.version, &stale, None)
            .await,
    );
    assert_eq!((status, body.code), (412, ErrorCode::VersionConflict));
    let current = body.current.expect("the record as it is now");
    assert_eq!(current.version, record.version + 1);
    assert_eq!(current.supplied.given_name, "Zebedee");
    let now = server.registration_now(record.id).await;
    assert_eq!(
        now.demographics.family_name, record.demographics.family_name,
        "the stale edit was not applied"
    );
}

#[tokio::test]
async fn invalid_amendments_are_422_naming_each_field_and_change_nothing() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    // Raw: an unknown field (`favourite_colour`) is not something the typed client can send.
    let request = server
        .request(
            Method::POST,
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
        )
        .header("If-Match", format!("\"{}\"", record.version))
        .json(&json!({
            "uln": "1234567890", "date_of_birth": "2007-02-30", "postcode": "NOT A CODE",
            "given_name": "   ", "favourite_colour": "blue"
        }));
    let (status, body) = raw_refusal(request).await;
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    let fields = body.fields.expect("the bad fields are named");
    for name in [
        "uln",
        "date_of_birth",
        "postcode",
        "given_name",
        "favourite_colour",
    ] {
        assert!(
            fields.contains_key(name),
            "{name} should be named: {fields:?}"
        );
    }
    assert!(fields["uln"].as_str().unwrap().contains("check digit"));
    assert_eq!(server.registration_now(record.id).await, record);
}

#[tokio::test]
async fn concurrent_amendments_of_one_version_have_exactly_one_winner() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("postcode_moved").await;
    let attempts = (0..16u8).map(|i| {
        let operator = server.as_operator();
        let (id, version) = (record.id, record.version);
        tokio::spawn(async move {
            let racer = LearnerFields {
                // Names hold no digits: each racer gets a letter of its own.
                family_name: Some(format!("Racer{}", char::from(b'a' + i))),
                ..LearnerFields::default()
            };
            operator.amend(id, version, &racer, None).await
        })
    });
    let mut winners = Vec::new();
    let mut conflicts = 0;
    for (i, attempt) in attempts.enumerate() {
        match attempt.await.unwrap() {
            Ok(_) => winners.push(i as u8),
            refused => {
                let (status, body) = refusal(refused);
                assert_eq!((status, body.code), (412, ErrorCode::VersionConflict));
                conflicts += 1;
            }
        }
    }
    assert_eq!(winners.len(), 1, "exactly one amendment wins");
    assert_eq!(conflicts, 15);
    let now = server.registration_now(record.id).await;
    assert_eq!(now.version, record.version + 1);
    assert_eq!(
        now.demographics.family_name.as_str(),
        format!("Racer{}", char::from(b'a' + winners[0])),
        "the winner's edit is the one stored"
    );
    let amended = server.audit_count(record.id, AuditAction::Amended).await;
    assert_eq!(amended, 1, "one audit row for the one change");
}

#[tokio::test]
async fn unknown_and_matched_records_are_404() {
    let server = TestServer::start().await;
    let viewer = server.as_viewer();
    let (status, body) = refusal(viewer.exception(999999).await);
    assert_eq!((status, body.code), (404, ErrorCode::NotFound));
    // Raw: the typed client takes the id as a number.
    let request = server.request(Method::GET, "/exceptions/not-a-number", &server.viewer);
    let (status, body) = raw_refusal(request).await;
    assert_eq!((status, body.code), (400, ErrorCode::InvalidPath));
    // A registration that verified first time is stored, but it is no exception to work on.
    let matched: i64 =
        sqlx::query_scalar("SELECT id FROM registrations WHERE status = 'matched' LIMIT 1")
            .fetch_one(&server.pool)
            .await
            .expect("the seeder stores matched registrations");
    let (status, body) = refusal(viewer.exception(matched).await);
    assert_eq!((status, body.code), (404, ErrorCode::NotFound));
}

#[tokio::test]
async fn concurrent_views_are_each_audited() {
    let server = TestServer::start().await;
    let records = server.open_records_of_kind("spelling").await;
    let records = &records[..records.len().min(8)];
    let views = (0..64).map(|i| {
        let (viewer, id) = (server.as_viewer(), records[i % records.len()].id);
        tokio::spawn(async move { viewer.exception(id).await })
    });
    for view in views {
        view.await.unwrap().expect("every view is answered");
    }
    let mut audited = 0;
    for r in records {
        audited += server.audit_count(r.id, AuditAction::Viewed).await;
    }
    assert_eq!(audited, 64, "every view answered has its durable audit row");
}
