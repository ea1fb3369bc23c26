//! Rejecting, reopening and re-verifying an exception against the real server, and who may.

mod common;

use common::{refusal, TestServer};
use uln_api::{
    AuditAction, ErrorCode, FailureFlag, FieldMatch, LearnerFields, RecordStatus, RejectReason,
    RejectRequest, VerifyCode,
};

fn rejection(reason: RejectReason, note: Option<&str>) -> RejectRequest {
    RejectRequest {
        reason,
        note: note.map(str::to_owned),
    }
}

#[tokio::test]
async fn rejecting_needs_a_known_reason_and_a_note_for_other() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let operator = server.as_operator();
    let (id, version) = (record.id, record.version);
    let unknown_reason = rejection(RejectReason::Unknown, None);
    let (status, body) = refusal(operator.reject(id, version, &unknown_reason).await);
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    assert!(body.fields.expect("the field is named")["reason"].is_string());
    let other_without_note = rejection(RejectReason::Other, None);
    let (status, body) = refusal(operator.reject(id, version, &other_without_note).await);
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    assert!(body.fields.expect("the field is named")["note"].is_string());
    let wrong_learner = rejection(RejectReason::WrongLearner, Some("ULN belongs to a sibling"));
    let rejected = operator
        .reject(id, version, &wrong_learner)
        .await
        .expect("the rejection is accepted");
    assert_eq!(rejected.status, RecordStatus::Rejected);
    assert_eq!(rejected.reject_reason, Some(RejectReason::WrongLearner));
    assert_eq!(server.audit_count(id, AuditAction::Rejected).await, 1);
    let again = rejection(RejectReason::WrongLearner, None);
    let (status, body) = refusal(operator.reject(id, version + 1, &again).await);
    assert_eq!(
        (status, body.code),
        (409, ErrorCode::NotOpen),
        "a closed record cannot be rejected again"
    );
}

#[tokio::test]
async fn only_a_supervisor_may_reopen() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let rejected = server
        .as_operator()
        .reject(
            record.id,
            record.version,
            &rejection(RejectReason::WrongLearner, None),
        )
        .await
        .expect("the rejection is accepted");
    let version = rejected.version;
    let (status, body) = refusal(server.as_operator().reopen(record.id, version, None).await);
    assert_eq!((status, body.code), (403, ErrorCode::Forbidden));
    let reopened = server
        .as_supervisor()
        .reopen(record.id, version, Some("rejected in error"))
        .await
        .expect("a supervisor reopens it");
    assert_eq!(reopened.status, RecordStatus::Open);
    assert_eq!(reopened.reject_reason, None);
    assert!(reopened
        .audit
        .iter()
        .any(|a| a.action == AuditAction::Reopened
            && a.operator == "sam-supervisor"
            && a.reason.as_deref() == Some("rejected in error")));
    assert_eq!(
        server.audit_count(record.id, AuditAction::Reopened).await,
        1
    );
}

#[tokio::test]
async fn verify_reruns_against_the_register_and_keeps_the_version_when_nothing_changed() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("gender_differs").await;
    let verified = server
        .as_operator()
        .verify(record.id)
        .await
        .expect("the record is verified again");
    assert_eq!(
        verified.version, record.version,
        "an unchanged verification does not invalidate others' edits"
    );
    // The register still has another gender for this learner: no match, on gender alone.
    assert_eq!(verified.verification.code, VerifyCode::NoMatch);
    assert_eq!(verified.verification.failure_flags, [FailureFlag::Gender]);
    let comparison = verified.comparison.expect("the fields compared");
    assert_eq!(comparison.gender, FieldMatch::Differs);
    assert_eq!(comparison.family_name, FieldMatch::Match);
    assert_eq!(
        server.audit_count(record.id, AuditAction::Verified).await,
        1
    );
}

#[tokio::test]
async fn a_viewer_cannot_amend_reject_or_verify() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let viewer = server.as_viewer();
    let (id, version) = (record.id, record.version);
    let amendment = LearnerFields {
        given_name: Some("A".into()),
        ..LearnerFields::default()
    };
    let refusals = [
        (
            "amend",
            refusal(viewer.amend(id, version, &amendment, None).await),
        ),
        (
            "reject",
            refusal(
                viewer
                    .reject(id, version, &rejection(RejectReason::Other, Some("x")))
                    .await,
            ),
        ),
        ("verify", refusal(viewer.verify(id).await)),
    ];
    for (action, (status, body)) in refusals {
        assert_eq!((status, body.code), (403, ErrorCode::Forbidden), "{action}");
    }
    assert_eq!(server.registration_now(id).await, record, "nothing changed");
}
