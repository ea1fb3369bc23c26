//! Showing masked details again is audited: the console masks learners' personal data for screen
//! sharing, and each reveal is recorded with the operator, on the record's trail or, for a
//! learner looked up in the PLR, by subject `uln:…`.

mod common;

use common::{refusal, TestServer};
use uln_api::{ApiClient, AuditAction, ErrorCode};

#[tokio::test]
async fn revealing_a_record_is_audited_as_revealed_with_the_operator() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    operator
        .reveal_record(record.id)
        .await
        .expect("the reveal is recorded");
    let detail = operator.exception(record.id).await.unwrap();
    let revealed: Vec<_> = detail
        .audit
        .iter()
        .filter(|a| a.action == AuditAction::Revealed)
        .map(|a| a.operator.as_str())
        .collect();
    assert_eq!(revealed, ["olu-operator"], "one reveal, by the caller");
    let version = server.registration_now(record.id).await.version;
    assert_eq!(
        version, record.version,
        "a reveal is no change to the record"
    );
}

#[tokio::test]
async fn revealing_a_learner_is_audited_by_subject_and_an_unknown_record_is_404() {
    let server = TestServer::start().await;
    let (uln, _, _) = server.learner_where("ability_to_share").await;
    server.as_viewer().reveal_learner(&uln).await.unwrap();
    let audit = server
        .state
        .store
        .audit_by_subject(&format!("uln:{uln}"))
        .await
        .unwrap();
    let last = audit.last().expect("the reveal is audited");
    assert_eq!(last.operator, "vera-viewer");
    assert_eq!(
        uln_server::views::audit(last).action,
        AuditAction::Revealed,
        "sent on the wire as revealed"
    );
    let (status, body) = refusal(server.as_viewer().reveal_record(999_999).await);
    assert_eq!((status, body.code), (404, ErrorCode::NotFound));
    let stranger = ApiClient::new(server.base.clone(), "not-a-token").unwrap();
    let (status, _) = refusal(stranger.reveal_learner(&uln).await);
    assert_eq!(status, 401);
}
