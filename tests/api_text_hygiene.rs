//! Text no person can read, and dates and times no learner or registration can have, are refused
//! by every route that takes them: a 422 naming the field, nothing stored. What is accepted is
//! stored NFC-normalised and trimmed, and otherwise as sent.

mod common;

use common::{refusal, TestServer};
use std::fmt::Debug;
use uln_api::{
    ChallengeKind, ChallengeRequest, ClientResult, ErrorCode, LearnerFields, RegistrationBatch,
    RegistrationOutcome, RegistrationSubmission, RejectReason, RejectRequest,
};

/// A note of 901 KB: under the 1 MiB body limit, far over any note's cap.
fn huge_note() -> String {
    "n".repeat(901 * 1024)
}

/// The fields a 422 names; fails the test for any other answer.
#[track_caller]
fn refused_fields<T: Debug>(result: ClientResult<T>) -> Vec<String> {
    let (status, body) = refusal(result);
    assert_eq!((status, body.code), (422, ErrorCode::Invalid), "{body:?}");
    let mut names: Vec<String> = body
        .fields
        .expect("the field is named")
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn unreadable_amendments_are_refused_by_field_and_names_are_stored_composed() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    let (id, version, operator) = (record.id, record.version, &operator);
    let amend = |fields: LearnerFields, note: Option<String>| async move {
        operator.amend(id, version, &fields, note.as_deref()).await
    };
    let hostile = LearnerFields {
        given_name: Some("Owen?".into()),
        family_name: Some("\u{200B}\u{200D}".into()),
        date_of_birth: Some("2999-01-01".into()),
        ..LearnerFields::default()
    };
    let refused = refused_fields(amend(hostile, Some("\u{202E}txet".into())).await);
    assert_eq!(
        refused,
        ["date_of_birth", "family_name", "given_name", "note"]
    );
    let family = |name: &str| LearnerFields {
        family_name: Some(name.into()),
        ..LearnerFields::default()
    };
    for (fields, note, field) in [
        (family("Ann\u{0}"), None, "family_name"),
        (family("Ann\u{E0041}"), None, "family_name"),
        (family("Hughes"), Some(huge_note()), "note"),
        (family("Hughes"), Some("\u{FEFF}".into()), "note"),
    ] {
        assert_eq!(refused_fields(amend(fields, note).await), [field]);
    }
    let born = LearnerFields {
        date_of_birth: Some("0000-01-01".into()),
        ..LearnerFields::default()
    };
    assert_eq!(refused_fields(amend(born, None).await), ["date_of_birth"]);
    assert_eq!(server.registration_now(id).await, record, "nothing changed");

    let amended = amend(family(" Bronte\u{0308} "), Some("centre phoned".into()))
        .await
        .expect("a readable name is accepted");
    assert_eq!(amended.supplied.family_name, "Brontë");
    let stored = server.registration_now(id).await;
    assert_eq!(stored.demographics.family_name.as_str(), "Brontë");
}

#[tokio::test]
async fn an_invisible_note_does_not_satisfy_a_reject_and_notes_are_capped() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let operator = server.as_operator();
    let (id, version) = (record.id, record.version);
    let reject = |reason, note: &str| RejectRequest {
        reason,
        note: Some(note.to_owned()),
    };
    for request in [
        reject(RejectReason::Other, "\u{200B}"),
        reject(RejectReason::Other, "\u{200B}\u{2060}\u{00AD}"),
        reject(RejectReason::WrongLearner, "sibling\u{0}"),
        reject(RejectReason::WrongLearner, &huge_note()),
    ] {
        let refused = refused_fields(operator.reject(id, version, &request).await);
        assert_eq!(refused, ["note"], "{:?}", request.note.map(|n| n.len()));
    }
    assert_eq!(server.registration_now(id).await, record, "nothing changed");

    let rejected = operator
        .reject(
            id,
            version,
            &reject(RejectReason::Other, "Cafe\u{0301} closed"),
        )
        .await
        .expect("a readable note is accepted");
    let reason = rejected.audit.last().and_then(|a| a.reason.clone());
    assert_eq!(reason.as_deref(), Some("other: Café closed"));

    let supervisor = server.as_supervisor();
    let refused = supervisor
        .reopen(id, rejected.version, Some("\u{202E}rorre"))
        .await;
    assert_eq!(refused_fields(refused), ["note"]);
}

#[tokio::test]
async fn plr_lookup_and_search_refuse_unreadable_names_and_implausible_dates() {
    let server = TestServer::start().await;
    let (uln, family, dob) = server.learner_where("ability_to_share").await;
    let viewer = server.as_viewer();
    let cases = [
        ("\u{200B}", dob.as_str(), None, "family_name"),
        (family.as_str(), "2999-01-01", None, "date_of_birth"),
        (family.as_str(), "0000-01-01", None, "date_of_birth"),
        (family.as_str(), dob.as_str(), Some("Owen?"), "given_name"),
        (
            family.as_str(),
            dob.as_str(),
            Some("\u{202E}"),
            "given_name",
        ),
    ];
    for (family_name, date_of_birth, given, field) in cases {
        let answer = viewer.plr(&uln, family_name, date_of_birth, given).await;
        assert_eq!(
            refused_fields(answer),
            [field],
            "{family_name:?} {date_of_birth}"
        );
    }

    let record = server.open_record_of_kind("spelling").await;
    let mut supplied = viewer.exception(record.id).await.unwrap().supplied;
    supplied.given_name = "Ann\u{E000}".into();
    supplied.family_name = "\u{FEFF}".into();
    supplied.date_of_birth = "1899-12-31".into();
    let refused = refused_fields(viewer.search_learners(&supplied).await);
    assert_eq!(refused, ["date_of_birth", "family_name", "given_name"]);
}

#[tokio::test]
async fn a_challenges_text_is_checked_field_by_field_and_stored_composed() {
    let server = TestServer::start().await;
    let (uln, family, dob) = server.learner_where("ability_to_share").await;
    let given = server.given_name_of(&family, &dob).await;
    let plr = server
        .as_viewer()
        .plr(&uln, &family, &dob, Some(&given))
        .await;
    let event = plr.expect("a PLR answer").events[0].id;
    let operator = server.as_operator();
    let challenge = |note: &str, contact: Option<&str>, grade: &str| ChallengeRequest {
        kind: ChallengeKind::IncorrectInformation,
        event_ids: vec![event],
        corrected: Some(
            serde_json::json!({ "grade": grade })
                .as_object()
                .unwrap()
                .clone(),
        ),
        note: note.into(),
        contact: contact.map(str::to_owned),
    };
    for (request, field) in [
        (challenge("\u{200B}", None, "B"), "note"),
        (challenge(&huge_note(), None, "B"), "note"),
        (challenge("grade wrong", Some("\u{E000}"), "B"), "contact"),
        (challenge("grade wrong", None, "B\u{0}"), "corrected.grade"),
    ] {
        let refused = refused_fields(operator.raise_challenge(&uln, &request).await);
        assert_eq!(refused, [field]);
    }
    let raised = operator
        .raise_challenge(
            &uln,
            &challenge(" Certificate shows Me\u{0301}rite ", None, " B "),
        )
        .await
        .expect("readable text is accepted");
    assert_eq!(raised.note, "Certificate shows Mérite");
    assert_eq!(raised.corrected.expect("kept")["grade"], "B");
}

#[tokio::test]
async fn registrations_with_unreadable_text_or_implausible_times_are_invalid_rows() {
    let server = TestServer::start().await;
    let learner = server.learner_as_submitted().await;
    let row = |change: fn(&mut RegistrationSubmission)| {
        let mut row = learner.clone();
        change(&mut row);
        row
    };
    let cases: [(RegistrationSubmission, &str); 9] = [
        (row(|r| r.centre = "\u{200B}\u{200B}".into()), "centre"),
        (row(|r| r.centre = "Calder\u{202E}".into()), "centre"),
        (row(|r| r.uln = "\u{202E}1234567890".into()), "uln"),
        (row(|r| r.family_name = "\u{200C}".into()), "family_name"),
        (row(|r| r.given_name = "Owen?".into()), "given_name"),
        (
            row(|r| r.date_of_birth = "0000-01-01".into()),
            "date_of_birth",
        ),
        (
            row(|r| r.date_of_birth = "2999-01-01".into()),
            "date_of_birth",
        ),
        (
            row(|r| r.registered_at = Some("1970-01-01T00:00:00Z".into())),
            "registered_at",
        ),
        (
            row(|r| r.registered_at = Some("2999-01-01T00:00:00Z".into())),
            "registered_at",
        ),
    ];
    let (rows, fields): (Vec<_>, Vec<_>) = cases.into_iter().unzip();
    let composed = row(|r| {
        r.centre = " Cafe\u{0301} College ".into();
        r.family_name = format!("{}e\u{0301}", r.family_name);
    });
    let batch = RegistrationBatch {
        registrations: rows.into_iter().chain([composed]).collect(),
    };
    let results = server
        .as_operator()
        .submit_registrations(&batch)
        .await
        .expect("the batch is answered row by row")
        .results;
    for (result, field) in results.iter().zip(fields) {
        assert_eq!(result.outcome, RegistrationOutcome::Invalid, "{field}");
        let named: Vec<&String> = result.errors.as_ref().expect("errors").keys().collect();
        assert_eq!(named, [field]);
    }
    let stored_id = results.last().and_then(|r| r.id).expect("stored");
    let stored = server.registration_now(stored_id).await;
    assert_eq!(stored.centre, "Café College");
    let family = format!("{}é", learner.family_name);
    assert_eq!(stored.demographics.family_name.as_str(), family);
}

#[tokio::test]
async fn a_name_stored_before_these_rules_still_opens_and_can_be_amended() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    // Written past the API, as an older version of the backend would have taken it.
    sqlx::query("UPDATE registrations SET family_name = 'Hughes2' WHERE id = $1")
        .bind(record.id)
        .execute(&server.pool)
        .await
        .expect("the old name is stored");
    let operator = server.as_operator();
    let opened = operator
        .exception(record.id)
        .await
        .expect("the record opens");
    assert_eq!(opened.supplied.family_name, "Hughes2");
    let fixed = LearnerFields {
        family_name: Some("Hughes".into()),
        ..LearnerFields::default()
    };
    let amended = operator
        .amend(record.id, opened.version, &fixed, None)
        .await
        .expect("the name is put right");
    assert_eq!(amended.supplied.family_name, "Hughes");
}
