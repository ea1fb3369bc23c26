//! The assign dialog over a record and the handover screen at 80×24: snapshots to read.

use super::app::App;
use super::fixtures::{self, loaded_app};
use super::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use uln_api::{Colleague, ColleagueList, ExceptionDetail, HandoverSummary, HeldRecord, Me, Role};

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn signed_in(app: &mut App) {
    app.on_message(Message::Me(Ok(Me {
        name: "olu".into(),
        role: Role::Operator,
        snooze_margin_hours: None,
    })));
}

fn team() -> ColleagueList {
    let colleague = |name: &str, role| Colleague {
        name: name.into(),
        role,
    };
    ColleagueList {
        operators: vec![
            colleague("cleo-colleague", Role::Operator),
            colleague("olu", Role::Operator),
            colleague("priya-patel", Role::Operator),
            colleague("sam-supervisor", Role::Supervisor),
        ],
    }
}

fn drawn(app: &mut App) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal.backend().clone()
}

/// The assign dialog over a record sam holds, the team loaded.
fn assigning_a_held_record() -> App {
    let mut app = loaded_app();
    signed_in(&mut app);
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let held = ExceptionDetail {
        assigned_to: Some("sam-supervisor".into()),
        ..fixtures::detail()
    };
    app.on_message(Message::Detail(Box::new(Ok(held))));
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    app
}

#[test]
fn the_assign_dialog_at_80x24() {
    let mut app = assigning_a_held_record();
    press(&mut app, "c");
    app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    press(&mut app, "the centre rang you yesterday");
    insta::assert_snapshot!("assign_dialog_at_80x24", drawn(&mut app));
}

#[test]
fn the_assign_dialog_with_nobody_chosen_at_80x24() {
    let mut app = assigning_a_held_record();
    app.on_key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
    insta::assert_snapshot!("assign_dialog_nobody_chosen_at_80x24", drawn(&mut app));
}

fn on_handover() -> App {
    let mut app = loaded_app();
    signed_in(&mut app);
    press(&mut app, ":handover");
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let held = |id, version, deadline: &str, snoozed| HeldRecord {
        id,
        version,
        deadline: deadline.into(),
        snoozed,
    };
    app.on_message(Message::Handover(Ok(HandoverSummary {
        operator: "olu".into(),
        records: vec![
            held(2, 4, "2026-11-24T16:00:00Z", false),
            held(5, 2, "2026-11-27T12:00:00Z", true),
            held(7, 1, "2026-12-15T09:00:00Z", false),
        ],
        held: 3,
        snoozed: 1,
        due_soon: 2,
        overdue: 0,
        claimed: None,
    })));
    app
}

#[test]
fn the_handover_screen_at_80x24() {
    let mut app = on_handover();
    insta::assert_snapshot!("handover_screen_at_80x24", drawn(&mut app));
}

#[test]
fn the_handover_confirmation_at_80x24() {
    let mut app = on_handover();
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    press(&mut app, "priya");
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    insta::assert_snapshot!("handover_confirmation_at_80x24", drawn(&mut app));
}
