//! Notes on a record: written by an operator, kept as the record's `noted` audit rows, shown on
//! the record (latest first trimmed, with a total) and in its audit trail, author and time each,
//! and announced on the event stream by ids alone.

mod common;

use common::{next_on_stream, refusal, TestServer};
use futures_util::StreamExt;
use std::time::Duration;
use uln_api::{AuditAction, ErrorCode, NoteEvent, StreamEvent, NOTES_IN_DETAIL};

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

#[tokio::test]
async fn a_note_is_announced_by_ids_and_author_without_its_text() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let events = server.as_viewer().events().await.unwrap();
    let mut events = std::pin::pin!(events);
    // The stream as sent, to see that the text never goes out on it.
    let raw = reqwest::Client::new()
        .get(format!("{}/events", server.base))
        .bearer_auth(&server.viewer)
        .send()
        .await
        .unwrap();
    let mut raw = std::pin::pin!(raw.bytes_stream());
    let text = "Centre rang about Priya Okafor";
    let written = server
        .as_operator()
        .add_note(record.id, text)
        .await
        .unwrap();
    let told = next_on_stream(&mut events, "the note", |e| match e {
        StreamEvent::Note(note) if note.record_id == record.id => Some(note),
        _ => None,
    })
    .await;
    let expected = NoteEvent {
        record_id: record.id,
        note_id: written.id,
        operator: "olu-operator".into(),
    };
    assert_eq!(told, expected);
    let mut sent = String::new();
    let heard = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(Ok(chunk)) = raw.next().await {
            sent.push_str(&String::from_utf8_lossy(&chunk));
            if sent.contains("event: note") && sent.ends_with("\n\n") {
                return;
            }
        }
    })
    .await;
    assert!(heard.is_ok(), "the note on the raw stream: {sent}");
    assert!(
        !sent.contains("Okafor") && !sent.contains("Centre rang"),
        "{sent}"
    );
}

#[tokio::test]
async fn a_note_written_on_one_server_is_announced_on_the_others() {
    let server = TestServer::start().await;
    if !server.database_url.starts_with("postgres") {
        // One SQLite database has one server; the fleet runs over PostgreSQL.
        return;
    }
    let other = server.another_server().await;
    let record = server.open_record_of_kind("spelling").await;
    let there = uln_api::ApiClient::new(other.base.clone(), &server.viewer).unwrap();
    let events = there.events().await.unwrap();
    let mut events = std::pin::pin!(events);
    let written = server
        .as_operator()
        .add_note(record.id, "rang")
        .await
        .unwrap();
    let told = next_on_stream(&mut events, "the note from the other server", |e| match e {
        StreamEvent::Note(note) if note.record_id == record.id => Some(note),
        _ => None,
    })
    .await;
    assert_eq!(told.note_id, written.id);
}
