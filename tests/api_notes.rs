//! Notes on a record: written by an operator, kept as the record's `noted` audit rows, shown on
//! the record (latest first trimmed, with a total) and in its audit trail, author and time each.

mod common;

use common::{refusal, TestServer};
use uln_api::{AuditAction, ErrorCode, NOTES_IN_DETAIL};

#[tokio::test]
async fn a_note_is_shown_on_the_record_and_in_its_trail_with_its_author() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    let written = operator
        .add_note(record.id, "  Centre rang: new ULN by Friday  ")
        .await
        .expect("the note is kept");
    assert_eq!(written.text, "Centre rang: new ULN by Friday", "cleaned");
    assert_eq!(written.operator, "olu-operator");

    let detail = operator.exception(record.id).await.unwrap();
    assert_eq!(
        detail.notes,
        std::slice::from_ref(&written),
        "the record shows the note"
    );
    assert_eq!(detail.notes_total, 1);
    let in_trail = detail
        .audit
        .iter()
        .find(|a| a.action == AuditAction::Noted)
        .expect("the note is in the audit trail");
    assert_eq!(in_trail.operator, "olu-operator");
    assert_eq!(in_trail.reason.as_deref(), Some(written.text.as_str()));
    assert_eq!(in_trail.at, written.at);
    assert_eq!(
        server.registration_now(record.id).await.version,
        record.version,
        "a note is no change to the record: nobody else's write goes stale"
    );
}

#[tokio::test]
async fn the_record_carries_its_latest_notes_and_how_many_there_are() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    let written = NOTES_IN_DETAIL + 2;
    for n in 1..=written {
        operator
            .add_note(record.id, &format!("note {n}"))
            .await
            .unwrap();
    }
    let detail = operator.exception(record.id).await.unwrap();
    assert_eq!(detail.notes_total, i64::from(written));
    let shown: Vec<_> = detail.notes.iter().map(|n| n.text.as_str()).collect();
    let expected: Vec<_> = (3..=written).map(|n| format!("note {n}")).collect();
    assert_eq!(shown, expected, "the latest, oldest first");
}

#[tokio::test]
async fn unreadable_note_text_is_refused_naming_the_field() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    for bad in ["   ", "rang\u{0007}back", "a\u{202E}b", &"n".repeat(1001)] {
        let (status, body) = refusal(operator.add_note(record.id, bad).await);
        assert_eq!((status, body.code), (422, ErrorCode::Invalid), "{bad:?}");
        let fields = body.fields.expect("the field is named");
        assert!(fields.contains_key("text"), "{bad:?}: {fields:?}");
    }
    let detail = operator.exception(record.id).await.unwrap();
    assert_eq!(detail.notes_total, 0, "nothing refused was kept");
}

#[tokio::test]
async fn viewers_may_not_write_notes_and_unknown_records_are_404() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let (status, body) = refusal(server.as_viewer().add_note(record.id, "hello").await);
    assert_eq!((status, body.code), (403, ErrorCode::Forbidden));
    let (status, body) = refusal(server.as_operator().add_note(999_999, "hello").await);
    assert_eq!((status, body.code), (404, ErrorCode::NotFound));
}
