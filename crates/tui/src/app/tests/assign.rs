//! Assign from the record and the queue: `A` opens the dialog and loads the team, typing narrows
//! the colleagues, enter sends once at the version read, a refusal keeps the choice and message;
//! `:mine` lists only the operator's records; a colleague's assignment to us is announced.

use super::*;
use crate::screens::assign::AssignDialog;
use uln_api::{ClientError, Colleague, ColleagueList, ErrorBody, Me};

pub(super) fn team() -> ColleagueList {
    let colleague = |name: &str, role| Colleague {
        name: name.into(),
        role,
    };
    ColleagueList {
        operators: vec![
            colleague("cleo-colleague", Role::Operator),
            colleague("olu", Role::Operator),
            colleague("sam-supervisor", Role::Supervisor),
        ],
    }
}

pub(super) fn signed_in_as_olu(app: &mut App) {
    app.on_message(Message::Me(Ok(Me {
        name: "olu".into(),
        role: Role::Operator,
        snooze_margin_hours: None,
    })));
}

fn on_record() -> App {
    let mut app = loaded_app();
    signed_in_as_olu(&mut app);
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

fn dialog(app: &App) -> &AssignDialog {
    match app.top_layer() {
        Some(Layer::Assign(dialog)) => dialog,
        other => panic!("the assign dialog is not on top: {other:?}"),
    }
}

fn notice(app: &App) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

#[test]
fn a_on_the_record_opens_the_dialog_and_enter_sends_the_chosen_colleague_once() {
    let mut app = on_record();
    let effects = press(&mut app, "A");
    assert_eq!(
        effects,
        [Effect::LoadColleagues],
        "the team is loaded for it"
    );
    assert_eq!((dialog(&app).id, dialog(&app).version), (1, 3));
    app.on_message(Message::Colleagues(Ok(team())));
    press(&mut app, "sup");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "centre rang you");
    let sent = app.on_key(key(KeyCode::Enter));
    let expected = Effect::Assign {
        id: 1,
        version: 3,
        to: Some("sam-supervisor".into()),
        message: Some("centre rang you".into()),
    };
    assert_eq!(sent, [expected]);
    assert!(app.on_key(key(KeyCode::Enter)).is_empty(), "sent once");

    let answer = ExceptionDetail {
        version: 4,
        assigned_to: Some("sam-supervisor".into()),
        ..fixtures::detail()
    };
    app.on_message(Message::Assigned {
        id: 1,
        result: Box::new(Ok(answer)),
    });
    assert!(matches!(app.top_layer(), Some(Layer::Record(_))), "closed");
    assert_eq!(notice(&app), "#1 assigned to sam-supervisor");
}

#[test]
fn arrows_choose_among_the_matches_and_the_operator_is_offered_too() {
    let mut app = on_record();
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    app.on_key(key(KeyCode::Down));
    let chosen = dialog(&app).picker.chosen().map(|c| c.name.clone());
    assert_eq!(chosen.as_deref(), Some("olu"), "by name: cleo, olu, sam");
    press(&mut app, "zz");
    assert_eq!(dialog(&app).picker.chosen(), None, "nobody matches");
    assert!(
        app.on_key(key(KeyCode::Enter)).is_empty(),
        "nothing to send"
    );
    assert!(dialog(&app)
        .sending
        .error()
        .unwrap_or("")
        .contains("choose a colleague"));
}

#[test]
fn a_refusal_keeps_the_choice_and_message_and_a_stale_one_moves_to_the_version_shown() {
    let mut app = on_record();
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "yours now");
    app.on_key(key(KeyCode::Enter));
    let current = ExceptionDetail {
        version: 5,
        ..fixtures::detail()
    };
    let stale = ClientError::Api {
        status: 412,
        body: ErrorBody {
            code: ErrorCode::VersionConflict,
            message: "changed".into(),
            fields: None,
            current: Some(Box::new(current)),
            claim: None,
        },
    };
    app.on_message(Message::Assigned {
        id: 1,
        result: Box::new(Err(stale)),
    });
    let kept = dialog(&app);
    assert_eq!(kept.message, "yours now", "the draft stays");
    assert_eq!(
        kept.picker.chosen().map(|c| c.name.as_str()),
        Some("cleo-colleague")
    );
    assert_eq!(kept.version, 5, "sent next at the version now shown");
    assert!(!kept.sending.is_sending());
    assert!(
        notice(&app).contains("changed meanwhile"),
        "{}",
        notice(&app)
    );
}

#[test]
fn a_on_a_queue_row_assigns_at_the_version_the_queue_holds() {
    let mut app = loaded_app();
    let effects = press(&mut app, "A");
    assert_eq!(effects, [Effect::LoadColleagues]);
    let selected = app.queue.selected_row().map(|r| (r.id(), r.version()));
    assert_eq!(Some((dialog(&app).id, dialog(&app).version)), selected);
    app.on_key(key(KeyCode::Esc));
    assert!(app.top_layer().is_none(), "esc leads back to the queue");
}

#[test]
fn mine_lists_only_the_operators_records_and_tab_goes_back_to_the_queues() {
    let mut app = loaded_app();
    signed_in_as_olu(&mut app);
    app.on_key(key(KeyCode::Char(':')));
    press(&mut app, "mine");
    let effects = app.on_key(key(KeyCode::Enter));
    let asked = effects.iter().find_map(|e| match e {
        Effect::LoadPage { assigned_to, .. } => Some(assigned_to.clone()),
        _ => None,
    });
    assert_eq!(asked, Some(Some("me".into())), "the page asks for mine");
    assert_eq!(app.queue.mine.as_deref(), Some("olu"));
    let generation = app.queue.generation;
    let mine = ExceptionSummary {
        assigned_to: Some("olu".into()),
        ..fixtures::rows()[1].clone()
    };
    app.on_message(Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: vec![mine.clone()],
            next_cursor: None,
        }),
    });
    assert!(screen(&mut app).contains("mine (assigned to me)"));
    // Given to someone else: it leaves mine. Given to me: it comes in.
    let theirs = ExceptionSummary {
        version: 2,
        assigned_to: Some("sam".into()),
        ..mine.clone()
    };
    app.on_message(changed(theirs, ChangeAction::Assigned));
    assert_eq!(app.queue.visible_ids().count(), 0);
    let given = ExceptionSummary {
        assigned_to: Some("olu".into()),
        ..fixtures::rows()[2].clone()
    };
    app.on_message(changed(given.clone(), ChangeAction::Assigned));
    assert_eq!(app.queue.visible_ids().collect::<Vec<_>>(), [given.id]);

    app.on_key(key(KeyCode::Tab));
    assert_eq!(app.queue.mine, None, "tab leaves mine for the queues");
}

#[test]
fn a_record_a_colleague_assigns_to_me_is_announced_and_one_i_assign_is_not() {
    let mut app = loaded_app();
    signed_in_as_olu(&mut app);
    let to_me = ExceptionSummary {
        assigned_to: Some("olu".into()),
        version: 2,
        ..fixtures::rows()[0].clone()
    };
    app.on_message(changed(to_me.clone(), ChangeAction::Assigned));
    assert_eq!(
        notice(&app),
        format!("#{} assigned to you by sam", to_me.id)
    );

    app.notice = None;
    let elsewhere = ExceptionSummary {
        assigned_to: Some("cleo".into()),
        version: 3,
        ..to_me
    };
    app.on_message(changed(elsewhere, ChangeAction::Assigned));
    assert_eq!(app.notice, None, "not mine: no notice");
}

#[test]
fn a_viewer_is_told_at_once_that_they_cannot_assign() {
    let mut app = loaded_app();
    app.on_message(Message::Me(Ok(Me {
        name: "vera".into(),
        role: Role::Viewer,
        snooze_margin_hours: None,
    })));
    assert!(press(&mut app, "A").is_empty());
    assert!(app.top_layer().is_none());
    assert!(notice(&app).contains("cannot assign"), "{}", notice(&app));
}

#[test]
fn the_record_says_who_holds_it_who_gave_it_and_the_message() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let held = ExceptionDetail {
        assigned_to: Some("cleo-colleague".into()),
        assignment: Some(uln_api::AssignmentView {
            to: Some("cleo-colleague".into()),
            by: "sam".into(),
            at: "2026-11-24T10:30:00Z".into(),
            message: Some("centre rang you".into()),
        }),
        ..fixtures::detail()
    };
    app.on_message(Message::Detail(Box::new(Ok(held))));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let shown = format!("{:?}", terminal.backend());
    assert!(
        shown.contains("held by cleo-colleague"),
        "in the header: {shown}"
    );
    assert!(
        shown.contains("Assigned to cleo-colleague by sam, 24 Nov 2026 10:30: centre rang you"),
        "{shown}"
    );
}

#[test]
fn nobody_is_offered_above_the_colleagues_for_a_held_record_and_sends_no_holder() {
    let mut app = loaded_app();
    signed_in_as_olu(&mut app);
    app.on_key(key(KeyCode::Enter));
    let held = ExceptionDetail {
        assigned_to: Some("sam-supervisor".into()),
        ..fixtures::detail()
    };
    app.on_message(Message::Detail(Box::new(Ok(held))));
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    let first = dialog(&app).picker.chosen().map(|c| c.name.clone());
    assert_eq!(
        first.as_deref(),
        Some("cleo-colleague"),
        "not nobody unasked"
    );
    press(&mut app, "o");
    app.on_key(key(KeyCode::Up));
    assert!(
        !dialog(&app).picker.nobody_chosen(),
        "typing finds colleagues only"
    );
    app.on_key(key(KeyCode::Backspace));
    app.on_key(key(KeyCode::Up));
    assert!(dialog(&app).picker.nobody_chosen());
    let sent = app.on_key(key(KeyCode::Enter));
    let expected = Effect::Assign {
        id: 1,
        version: 3,
        to: None,
        message: None,
    };
    assert_eq!(sent, [expected]);
    app.on_message(Message::Assigned {
        id: 1,
        result: Box::new(Ok(ExceptionDetail {
            version: 4,
            ..fixtures::detail()
        })),
    });
    assert_eq!(notice(&app), "#1 taken back: nobody holds it");
    assert!(app.undo.is_some(), "the undo is offered");
}

#[test]
fn an_unheld_record_offers_no_nobody() {
    let mut app = on_record();
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    app.on_key(key(KeyCode::Up));
    assert!(!dialog(&app).picker.nobody_chosen());
    assert!(dialog(&app).picker.chosen().is_some());
}
