//! Notes from the record screen: `N` opens a one-line dialog, enter or ctrl-s sends it once, a
//! kept note joins the record, a refused one stays in the dialog with the reason.

use super::*;
use crate::screens::note::NoteDialog;
use uln_api::{AuditAction, NoteView};

fn on_record() -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

fn note_dialog(app: &App) -> &NoteDialog {
    match app.top_layer() {
        Some(Layer::Note(dialog)) => dialog,
        other => panic!("the note dialog is not on top: {other:?}"),
    }
}

fn shown_record(app: &App) -> &ExceptionDetail {
    match app.top_layer() {
        Some(Layer::Record(r)) => r.detail.as_ref().expect("the record is loaded"),
        other => panic!("the record is not on top: {other:?}"),
    }
}

fn kept(text: &str) -> NoteView {
    NoteView {
        id: 90,
        at: "2026-11-20T09:15:00Z".into(),
        operator: "olu".into(),
        text: text.into(),
    }
}

#[test]
fn n_opens_the_note_dialog_on_the_record_and_esc_cancels_it() {
    let mut app = on_record();
    press(&mut app, "N");
    assert_eq!(note_dialog(&app).id, 1);
    press(&mut app, "rang");
    assert_eq!(note_dialog(&app).text, "rang");
    app.on_key(key(KeyCode::Esc));
    assert!(matches!(app.top_layer(), Some(Layer::Record(_))));
}

#[test]
fn enter_sends_the_note_once_and_the_kept_note_joins_the_record() {
    let mut app = on_record();
    press(&mut app, "N Centre rang ");
    let sent = app.on_key(key(KeyCode::Enter));
    let text = "Centre rang".to_owned();
    assert_eq!(sent, [Effect::AddNote { id: 1, text }], "cleaned");
    assert!(
        app.on_key(ctrl('s')).is_empty(),
        "sent once while on its way"
    );
    app.on_message(Message::NoteAdded {
        id: 1,
        result: Ok(kept("Centre rang")),
    });
    let record = shown_record(&app);
    assert_eq!(record.notes, [kept("Centre rang")]);
    assert_eq!(record.notes_total, 1);
    let last = record.audit.last().expect("the trail has the note");
    assert_eq!(last.action, AuditAction::Noted);
}

#[test]
fn a_note_that_is_not_kept_stays_in_the_dialog_to_send_again() {
    let mut app = on_record();
    press(&mut app, "Nnew ULN by Friday");
    assert_eq!(app.on_key(ctrl('s')).len(), 1);
    app.on_message(Message::NoteAdded {
        id: 1,
        result: Err(uln_api::ClientError::Unreachable("refused".into())),
    });
    let dialog = note_dialog(&app);
    assert_eq!(dialog.text, "new ULN by Friday");
    assert!(dialog.sending.error().is_some(), "says why");
    assert_eq!(app.on_key(ctrl('s')).len(), 1, "it can be sent again");
}

#[test]
fn a_blank_note_is_explained_not_sent() {
    let mut app = on_record();
    press(&mut app, "N   ");
    assert!(app.on_key(key(KeyCode::Enter)).is_empty());
    assert!(note_dialog(&app).sending.error().is_some());
}

fn written(record_id: i64, note_id: i64) -> Message {
    Message::NoteWritten(uln_api::NoteEvent {
        record_id,
        note_id,
        operator: "sam".into(),
    })
}

#[test]
fn a_note_written_elsewhere_on_the_record_shown_reads_it_again() {
    let mut app = on_record();
    assert_eq!(app.on_message(written(1, 91)), [Effect::LoadDetail(1)]);
    assert!(
        app.on_message(written(2, 92)).is_empty(),
        "another record: nothing to read"
    );
}

#[test]
fn the_echo_of_this_consoles_own_note_is_neither_read_again_nor_shown_twice() {
    let mut app = on_record();
    press(&mut app, "N rang");
    app.on_key(key(KeyCode::Enter));
    // The event may come before the answer: the record is read again, with the note.
    assert_eq!(app.on_message(written(1, 90)), [Effect::LoadDetail(1)]);
    let mut reread = fixtures::detail();
    reread.notes.push(kept("rang"));
    app.on_message(Message::Detail(Box::new(Ok(reread))));
    app.on_message(Message::NoteAdded {
        id: 1,
        result: Ok(kept("rang")),
    });
    assert_eq!(shown_record(&app).notes, [kept("rang")], "once");
    assert!(app.on_message(written(1, 90)).is_empty(), "already shown");
}
