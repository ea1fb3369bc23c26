//! The guard where an amendment happens (issue 12.5), against the real server: an amendment that
//! would match a registration to a register learner the evidence calls someone else is refused
//! unless identity was confirmed with the centre, with a note, and the audit row records it.

mod common;

use common::{refusal, suggested_amendment, TestServer};
use uln_api::{AuditAction, ErrorCode, ExceptionDetail, LearnerFields, RecordStatus};

/// Every field taken from the register: what `ctrl-l`, `tab`, repeated, puts in the amend form.
fn the_registers_details(detail: &ExceptionDetail) -> LearnerFields {
    let lrs = detail
        .authoritative
        .as_ref()
        .expect("the register has a learner under the supplied ULN");
    LearnerFields {
        uln: Some(lrs.uln.clone()),
        given_name: Some(lrs.given_name.clone()),
        family_name: Some(lrs.family_name.clone()),
        date_of_birth: Some(lrs.date_of_birth.clone()),
        gender: Some(lrs.gender.wire_name().to_owned()),
        postcode: lrs.postcode.clone(),
    }
}

#[tokio::test]
async fn amending_a_different_person_to_the_registers_details_is_refused_and_changes_nothing() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let operator = server.as_operator();
    let detail = operator.exception(record.id).await.expect("the record");
    let copied = the_registers_details(&detail);

    let (status, body) = refusal(
        operator
            .amend(record.id, detail.version, &copied, None)
            .await,
    );
    assert_eq!((status, body.code), (409, ErrorCode::IdentityUnconfirmed));
    assert!(body
        .message
        .contains("confirm the learner's identity with the centre"));
    let (status, body) = refusal(
        operator
            .amend(
                record.id,
                detail.version,
                &copied,
                Some("looks right to me"),
            )
            .await,
    );
    assert_eq!(
        (status, body.code),
        (409, ErrorCode::IdentityUnconfirmed),
        "a note alone is not a confirmation"
    );

    let after = operator.exception(record.id).await.expect("the record");
    assert_eq!(
        (after.version, after.status, after.supplied),
        (detail.version, RecordStatus::Open, detail.supplied)
    );
    assert_eq!(server.audit_count(record.id, AuditAction::Amended).await, 0);
}

#[tokio::test]
async fn a_confirmed_identity_needs_a_note_and_then_resolves_with_the_confirmation_audited() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let operator = server.as_operator();
    let detail = operator.exception(record.id).await.expect("the record");
    let copied = the_registers_details(&detail);

    let (status, body) = refusal(
        operator
            .amend_with_identity_confirmed(record.id, detail.version, &copied, "  ")
            .await,
    );
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    assert!(body.fields.expect("the field is named")["note"].is_string());
    assert_eq!(server.audit_count(record.id, AuditAction::Amended).await, 0);

    let note = "centre checked the learner's passport: the LRS details are hers";
    let resolved = operator
        .amend_with_identity_confirmed(record.id, detail.version, &copied, note)
        .await
        .expect("a confirmed amendment is accepted");
    assert_eq!(resolved.status, RecordStatus::Resolved);
    let amended = resolved
        .audit
        .iter()
        .rev()
        .find(|a| a.action == AuditAction::Amended)
        .expect("the amendment is audited");
    let reason = amended.reason.as_deref().unwrap_or_default();
    assert!(
        reason.starts_with(&format!("identity confirmed with the centre: {note}")),
        "{reason}"
    );
    let changes = amended.changes.as_ref().expect("the changes are recorded");
    assert_eq!(changes["identity_confirmed"], true);
}

#[tokio::test]
async fn an_ordinary_spelling_amendment_is_not_guarded() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    let detail = operator.exception(record.id).await.expect("the record");
    let resolved = operator
        .amend(
            record.id,
            detail.version,
            &suggested_amendment(&detail),
            None,
        )
        .await
        .expect("a spelling fix needs no confirmation");
    assert_eq!(resolved.status, RecordStatus::Resolved);
    let amended = resolved
        .audit
        .iter()
        .rev()
        .find(|a| a.action == AuditAction::Amended)
        .expect("the amendment is audited");
    let changes = amended.changes.as_ref().expect("the changes are recorded");
    assert!(changes.get("identity_confirmed").is_none());
}

#[tokio::test]
async fn amending_a_different_person_one_field_at_a_time_is_refused_at_the_step_that_matches() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let operator = server.as_operator();
    let detail = operator.exception(record.id).await.expect("the record");
    let copied = the_registers_details(&detail);
    // Everything but the date of birth first: the record still does not match, so no guard yet.
    let all_but_the_date = LearnerFields {
        date_of_birth: None,
        ..copied.clone()
    };
    let step = operator
        .amend(record.id, detail.version, &all_but_the_date, None)
        .await
        .expect("an amendment that leaves the record open");
    assert_eq!(step.status, RecordStatus::Open);
    let the_date = LearnerFields {
        date_of_birth: copied.date_of_birth.clone(),
        ..LearnerFields::default()
    };
    let (status, body) = refusal(
        operator
            .amend(record.id, step.version, &the_date, None)
            .await,
    );
    assert_eq!(
        (status, body.code),
        (409, ErrorCode::IdentityUnconfirmed),
        "judged on the details as registered, not only on the last step's"
    );
    assert_eq!(server.audit_count(record.id, AuditAction::Amended).await, 1);
}
