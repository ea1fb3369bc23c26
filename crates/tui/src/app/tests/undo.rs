//! Undo: after this console's amendment, rejection, snooze, wake or assignment the status bar counts down,
//! `u` sends the undo of that change while it runs, and after it `u` says there is nothing to
//! undo. Time moves by the clock's ticks only.

use super::*;
use crate::app::undo::{ChangeKind, UndoableChange};
use crate::message::Write;
use jiff::SignedDuration;
use uln_api::{ClientError, ErrorBody, Snoozed};

fn on_record() -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

/// The backend's answer to a rejection of record 1: rejected at version 4.
fn rejected(app: &mut App) {
    app.on_message(Message::Written {
        write: Write::Reject,
        result: Box::new(Ok(ExceptionDetail {
            status: RecordStatus::Rejected,
            ..record(1, 4)
        })),
    });
}

/// `seconds` of the clock's ticks.
fn tick(app: &mut App, seconds: i64) {
    for _ in 0..seconds {
        let now = app.now + SignedDuration::from_secs(1);
        app.on_message(Message::Tick(now));
    }
}

fn status_bar(app: &mut App) -> String {
    screen(app).lines().last().unwrap_or_default().to_owned()
}

fn notice(app: &App) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

const REJECTION: UndoableChange = UndoableChange {
    id: 1,
    version: 4,
    kind: ChangeKind::Rejection,
};

#[test]
fn a_rejection_counts_down_each_second_and_the_hint_goes_when_the_time_is_up() {
    let mut app = on_record();
    rejected(&mut app);
    assert!(status_bar(&mut app).contains("u undo · 10s"));
    assert!(app.shows_change_at(app.now + SignedDuration::from_secs(1)));
    tick(&mut app, 1);
    assert!(status_bar(&mut app).contains("u undo · 9s"));
    tick(&mut app, 8);
    assert!(status_bar(&mut app).contains("u undo · 1s"));
    tick(&mut app, 1);
    assert!(!status_bar(&mut app).contains("undo"), "gone");
    assert_eq!(app.undo, None);
}

#[test]
fn u_sends_the_undo_of_the_last_change_once_from_the_record_screen() {
    let mut app = on_record();
    rejected(&mut app);
    tick(&mut app, 3);
    assert_eq!(press(&mut app, "u"), [Effect::Undo(REJECTION)]);
    assert!(
        !status_bar(&mut app).contains("u undo"),
        "one undo at a time"
    );
    let again = press(&mut app, "u");
    assert!(again.is_empty(), "sent once");
    app.on_message(Message::Undone {
        change: REJECTION,
        result: Box::new(Ok(record(1, 5))),
    });
    assert_eq!(notice(&app), "Undone: rejection of #1");
    assert_eq!(shown_record(&app), Some((1, 5)), "the record as restored");
}

#[test]
fn u_on_the_queue_undoes_a_snooze_and_only_the_last_change_is_offered() {
    let mut app = loaded_app();
    app.on_message(Message::Snoozed {
        id: 2,
        result: Ok(Snoozed {
            id: 2,
            version: 7,
            until: Some("2026-11-26T09:00:00Z".into()),
            cut_to_margin: false,
        }),
    });
    app.on_message(Message::Snoozed {
        id: 3,
        result: Ok(Snoozed {
            id: 3,
            version: 2,
            until: None,
            cut_to_margin: false,
        }),
    });
    let wake = UndoableChange {
        id: 3,
        version: 2,
        kind: ChangeKind::Wake,
    };
    assert_eq!(press(&mut app, "u"), [Effect::Undo(wake)]);
}

#[test]
fn after_the_countdown_u_says_nothing_can_be_undone_and_names_reopen() {
    let mut app = on_record();
    rejected(&mut app);
    tick(&mut app, 10);
    assert!(press(&mut app, "u").is_empty(), "nothing sent");
    let said = notice(&app);
    assert!(
        said.contains("nothing to undo") && said.contains("reopen"),
        "{said}"
    );
}

#[test]
fn a_refusal_is_said_plainly() {
    let mut app = on_record();
    rejected(&mut app);
    press(&mut app, "u");
    let too_late = ClientError::Api {
        status: 409,
        body: ErrorBody {
            code: ErrorCode::UndoWindowPassed,
            message: "the rejected can no longer be undone".into(),
            fields: None,
            current: None,
            claim: None,
        },
    };
    app.on_message(Message::Undone {
        change: REJECTION,
        result: Box::new(Err(too_late)),
    });
    let said = notice(&app);
    assert!(
        said.contains("too late") && said.contains("supervisor can reopen"),
        "{said}"
    );

    rejected(&mut app);
    press(&mut app, "u");
    let changed = fixtures::version_conflict(record(1, 6));
    app.on_message(Message::Undone {
        change: REJECTION,
        result: Box::new(Err(changed)),
    });
    assert!(notice(&app).contains("changed since"), "{}", notice(&app));
    assert_eq!(shown_record(&app), Some((1, 6)), "shown as it is now");
}

#[test]
fn a_viewer_is_not_offered_undo() {
    let mut app = loaded_app();
    app.keymap.set_role(Role::Viewer);
    assert!(press(&mut app, "u").is_empty());
    assert!(notice(&app).contains("viewer"), "{}", notice(&app));
}

#[test]
fn masked_the_countdown_and_the_notice_show_no_personal_data() {
    let mut app = on_record();
    app.on_key(ctrl('x'));
    assert!(app.masking.on);
    rejected(&mut app);
    assert!(status_bar(&mut app).contains("u undo · 10s"));
    press(&mut app, "u");
    app.on_message(Message::Undone {
        change: REJECTION,
        result: Box::new(Ok(record(1, 5))),
    });
    let shown = screen(&mut app);
    assert!(shown.contains("Undone: rejection of #1"), "{shown}");
    for personal in ["Hughs", "Amelia", "9276308686", "LS1 4AP"] {
        assert!(!shown.contains(personal), "{personal} shown: {shown}");
    }
}

#[test]
fn an_assignment_can_be_taken_back_like_the_other_changes() {
    let mut app = on_record();
    app.on_message(Message::Assigned {
        id: 1,
        result: Box::new(Ok(ExceptionDetail {
            assigned_to: Some("sam-supervisor".into()),
            ..record(1, 6)
        })),
    });
    assert!(status_bar(&mut app).contains("u undo · 10s"));
    let assignment = UndoableChange {
        id: 1,
        version: 6,
        kind: ChangeKind::Assignment,
    };
    assert_eq!(press(&mut app, "u"), [Effect::Undo(assignment)]);
    app.on_message(Message::Undone {
        change: assignment,
        result: Box::new(Ok(record(1, 7))),
    });
    assert_eq!(notice(&app), "Undone: assignment of #1");
}
