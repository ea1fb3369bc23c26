//! Submitting registrations, the event stream and the four-week rule against the real server.

mod common;

use common::{change_on_stream, refusal, registered_29_days_ago, Options, TestServer};
use reqwest::{Method, StatusCode};
use std::time::Duration;
use uln_api::{
    AnomalyKind, AuditAction, ChangeAction, ErrorCode, LearnerFields, RecordStatus,
    RegistrationBatch, RegistrationOutcome, RegistrationSubmission, RejectReason, RejectRequest,
    SuggestionKind, VerifyCode,
};

fn batch(registrations: Vec<RegistrationSubmission>) -> RegistrationBatch {
    RegistrationBatch { registrations }
}

#[tokio::test]
async fn submitted_registrations_are_verified_row_by_row() {
    let server = TestServer::start().await;
    let exact = server.learner_as_submitted().await;
    let shouting = RegistrationSubmission {
        given_name: exact.given_name.to_uppercase(),
        ..exact.clone()
    };
    let unknown_uln = RegistrationSubmission {
        uln: "9999999999".into(),
        ..exact.clone()
    };
    let invalid = RegistrationSubmission {
        given_name: String::new(),
        date_of_birth: "2007-02-30".into(),
        gender: "7".into(),
        postcode: "nowhere".into(),
        ..exact.clone()
    };
    let operator = server.as_operator();
    let results = operator
        .submit_registrations(&batch(vec![exact.clone(), shouting, unknown_uln, invalid]))
        .await
        .expect("the batch is accepted")
        .results;
    assert_eq!(results[0].outcome, RegistrationOutcome::Matched);
    assert_eq!(results[1].outcome, RegistrationOutcome::Exception);
    assert_eq!(results[1].verification_code, Some(VerifyCode::SimilarMatch));
    assert_eq!(results[2].outcome, RegistrationOutcome::Exception);
    assert_eq!(results[2].anomalies, [AnomalyKind::MalformedUln]);
    assert_eq!(results[3].outcome, RegistrationOutcome::Invalid);
    let errors = results[3]
        .errors
        .as_ref()
        .expect("the bad fields are named");
    for field in ["given_name", "date_of_birth", "gender", "postcode"] {
        assert!(errors.contains_key(field), "{field}");
    }
    let id = results[1].id.expect("the exception is stored");
    assert_eq!(
        server.audit_actions(id).await,
        [AuditAction::Created.wire_name()]
    );
    let detail = server.as_viewer().exception(id).await.unwrap();
    assert_eq!(detail.suggestions[0].kind, SuggestionKind::Spelling);
    let too_many = batch(vec![exact.clone(); 5001]);
    let (status, body) = refusal(operator.submit_registrations(&too_many).await);
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    // Raw: a single registration without the batch around it is accepted too, and the typed
    // client only sends batches.
    let request = server
        .request(Method::POST, "/registrations", &server.operator)
        .json(&exact);
    let (status, body) = common::send(request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["results"][0]["outcome"], "matched");
}

#[tokio::test]
async fn every_change_is_published_on_the_event_stream() {
    let server = TestServer::start().await;
    let events = server.as_viewer().events().await.expect("the stream opens");
    let record = server.open_record_of_kind("different_person").await;
    let wrong_learner = RejectRequest {
        reason: RejectReason::WrongLearner,
        note: None,
    };
    server
        .as_operator()
        .reject(record.id, record.version, &wrong_learner)
        .await
        .expect("the rejection is accepted");
    let change = change_on_stream(events, record.id, ChangeAction::Rejected).await;
    assert_eq!(change.status, RecordStatus::Rejected);
    assert_eq!(change.operator, "olu-operator");
    assert_eq!(change.version, record.version + 1);
}

#[tokio::test]
async fn overdue_exceptions_expire_lose_their_uln_and_cannot_then_be_amended() {
    let server = TestServer::start_with(Options {
        expiry_interval: Duration::from_millis(100),
        ..Options::default()
    })
    .await;
    let learner = server.learner_as_submitted().await;
    let late = registered_29_days_ago(RegistrationSubmission {
        given_name: learner.given_name.to_uppercase(),
        ..learner.clone()
    });
    let events = server.as_viewer().events().await.expect("the stream opens");
    let operator = server.as_operator();
    let submitted = operator
        .submit_registrations(&batch(vec![late]))
        .await
        .expect("the batch is accepted");
    let id = submitted.results[0].id.expect("the exception is stored");

    let change = change_on_stream(events, id, ChangeAction::Expired).await;
    assert_eq!(change.status, RecordStatus::Expired);
    let expired = server.registration_now(id).await;
    assert_eq!(expired.uln, None, "the ULN is removed");
    assert_eq!(expired.version, 2);
    let trail = server.state.store.audit_trail(id).await.unwrap();
    let row = trail
        .iter()
        .find(|a| a.action == AuditAction::Expired.wire_name())
        .expect("an expiry audit row");
    assert_eq!(
        row.changes.as_ref().unwrap()["uln"]["before"],
        learner.uln.as_str()
    );

    let fixed = LearnerFields {
        given_name: Some(learner.given_name),
        ..LearnerFields::default()
    };
    let (status, body) = refusal(operator.amend(id, 1, &fixed, None).await);
    assert_eq!(
        (status, body.code),
        (412, ErrorCode::VersionConflict),
        "the amendment read before expiry loses"
    );
    let (status, amend_refused) = refusal(operator.amend(id, 2, &fixed, None).await);
    assert_eq!(
        (status, amend_refused.code),
        (409, ErrorCode::Expired),
        "an expired record is closed for good"
    );
    let (status, reopen_refused) = refusal(server.as_supervisor().reopen(id, 2, None).await);
    assert_eq!((status, reopen_refused.code), (409, ErrorCode::Expired));
    assert_eq!(
        amend_refused.message, reopen_refused.message,
        "one answer about an expired record, never 'a supervisor can reopen it'"
    );
}
