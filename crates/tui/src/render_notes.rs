//! The record with notes, the note dialog and the snooze dialog over it, at 80×24: snapshots to
//! read.

use super::app::App;
use super::fixtures::{self, loaded_app};
use super::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use uln_api::{ExceptionDetail, NoteView};

fn note(id: i64, at: &str, operator: &str, text: &str) -> NoteView {
    NoteView {
        id,
        at: at.into(),
        operator: operator.into(),
        text: text.into(),
    }
}

fn on_record_with_notes() -> App {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let detail = ExceptionDetail {
        notes: vec![
            note(
                50,
                "2026-11-18T10:02:00Z",
                "sam",
                "Centre says new ULN by Friday",
            ),
            note(57, "2026-11-19T14:40:00Z", "olu", "Chased by email"),
        ],
        notes_total: 2,
        ..fixtures::detail()
    };
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    app
}

fn drawn(app: &mut App) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal.backend().clone()
}

#[test]
fn the_record_lists_its_notes_at_80x24() {
    let mut app = on_record_with_notes();
    // The notes sit below the suggestions: scrolled to, as an operator would.
    for _ in 0..6 {
        app.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    }
    insta::assert_snapshot!("record_with_notes_at_80x24", drawn(&mut app));
}

#[test]
fn the_note_dialog_at_80x24() {
    let mut app = on_record_with_notes();
    for c in "NCentre rang back".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    insta::assert_snapshot!("note_dialog_at_80x24", drawn(&mut app));
}

#[test]
fn the_snooze_dialog_at_80x24() {
    let mut app = on_record_with_notes();
    app.on_message(Message::Me(Ok(uln_api::Me {
        name: "olu".into(),
        role: uln_api::Role::Operator,
        snooze_margin_hours: Some(48),
    })));
    app.on_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE));
    app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
    for c in "waiting for the centre".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    insta::assert_snapshot!("snooze_dialog_at_80x24", drawn(&mut app));
}
