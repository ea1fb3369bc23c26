//! The guard where the amendment happens (issue 12.5), in the console: copying the register's
//! details onto a record the diagnosis calls a different person asks for a confirmed identity
//! and a note first, and a refusal from the backend offers the same without losing the draft.

use super::*;
use crate::message::Write;
use uln_api::{AnomalyKind, ClientError, ErrorBody, LearnerFields};

/// The fixture record as a different person: another given name and date of birth under the ULN.
fn different_person() -> ExceptionDetail {
    let mut detail = fixtures::detail();
    detail.anomalies = vec![AnomalyKind::DifferentPerson];
    detail.supplied.given_name = "Kwame".into();
    detail.supplied.date_of_birth = "1994-11-01".into();
    detail.suggestions.clear();
    detail
}

fn on(detail: ExceptionDetail) -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    app
}

/// `ctrl-l` then `tab`, over every field of the form from the given name on.
fn take_every_lrs_value(app: &mut App) {
    for _ in 0..5 {
        app.on_key(ctrl('l'));
        app.on_key(key(KeyCode::Tab));
    }
}

fn the_registers_names_and_date() -> LearnerFields {
    LearnerFields {
        given_name: Some("Amelia".into()),
        family_name: Some("Hughes".into()),
        date_of_birth: Some("2007-02-03".into()),
        ..LearnerFields::default()
    }
}

fn identity_refused() -> Message {
    let body = ErrorBody {
        code: ErrorCode::IdentityUnconfirmed,
        message: "the evidence says a different person: confirm identity with the centre".into(),
        fields: None,
        current: None,
        claim: None,
    };
    Message::Written {
        write: Write::Amend,
        result: Box::new(Err(ClientError::Api { status: 409, body })),
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.on_key(key(KeyCode::Char(c)));
    }
}

#[test]
fn copying_the_register_onto_a_different_person_asks_for_a_confirmed_identity_and_a_note() {
    let mut app = on(different_person());
    press(&mut app, "a");
    take_every_lrs_value(&mut app);
    assert!(app.on_key(ctrl('s')).is_empty(), "nothing is sent yet");
    assert_eq!(app.top().title(), "confirm identity");
    assert!(screen(&mut app).contains("different person"));
    assert!(app.on_key(ctrl('s')).is_empty(), "not without a note");
    assert!(screen(&mut app).contains("write how the centre confirmed"));
    type_text(&mut app, "centre saw her passport");
    assert!(app.on_key(key(KeyCode::Enter)).is_empty(), "asks once more");
    assert_eq!(
        press(&mut app, "y"),
        vec![Effect::AmendConfirmingIdentity {
            id: 1,
            version: 3,
            fields: the_registers_names_and_date(),
            note: "centre saw her passport".into(),
        }]
    );
    let mut resolved = fixtures::detail();
    resolved.status = RecordStatus::Resolved;
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Ok(resolved)),
    });
    assert_eq!(
        app.top().title(),
        "record",
        "the dialog and the form are done"
    );
}

#[test]
fn going_back_from_the_confirmation_keeps_the_draft() {
    let mut app = on(different_person());
    press(&mut app, "a");
    take_every_lrs_value(&mut app);
    app.on_key(ctrl('s'));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "amend");
    assert_eq!(form(&app).amendment(), the_registers_names_and_date());
}

#[test]
fn a_refusal_for_identity_offers_the_confirmation_and_the_draft_survives_it() {
    let mut app = on(fixtures::detail());
    press(&mut app, "1");
    let sent = app.on_key(ctrl('s'));
    assert!(
        matches!(&sent[..], [Effect::Amend { .. }]),
        "a record not called a different person is sent as it is: {sent:?}"
    );
    app.on_message(identity_refused());
    assert_eq!(app.top().title(), "confirm identity");
    assert!(screen(&mut app).contains("confirm identity with the centre"));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "amend");
    let hughes = LearnerFields {
        family_name: Some("Hughes".into()),
        ..LearnerFields::default()
    };
    assert_eq!(form(&app).amendment(), hughes, "the draft is intact");
    assert!(!form(&app).submitting, "and can be sent again");
    app.on_key(ctrl('s'));
    app.on_message(identity_refused());
    type_text(&mut app, "centre phoned back");
    app.on_key(key(KeyCode::Enter));
    assert_eq!(
        press(&mut app, "y"),
        vec![Effect::AmendConfirmingIdentity {
            id: 1,
            version: 3,
            fields: hughes,
            note: "centre phoned back".into(),
        }]
    );
}

#[test]
fn a_failed_confirmed_send_is_explained_in_the_dialog_and_can_be_sent_again() {
    let mut app = on(different_person());
    press(&mut app, "a");
    take_every_lrs_value(&mut app);
    app.on_key(ctrl('s'));
    type_text(&mut app, "centre saw her passport");
    app.on_key(key(KeyCode::Enter));
    press(&mut app, "y");
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Err(ClientError::Unreachable("refused".into()))),
    });
    assert_eq!(app.top().title(), "confirm identity");
    app.on_key(key(KeyCode::Enter));
    assert_eq!(press(&mut app, "y").len(), 1, "sent again, note kept");
    assert!(press(&mut app, "y").is_empty(), "not twice while sending");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "amend", "esc leaves a slow send");
    assert_eq!(form(&app).amendment(), the_registers_names_and_date());
}
