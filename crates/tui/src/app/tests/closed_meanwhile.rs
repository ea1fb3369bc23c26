//! A record that changes, closes or expires under the operator's amend form (issue 13, defect 6):
//! one message that agrees with itself, said as soon as it is known.

use super::*;
use crate::message::Write;
use uln_api::{ClientError, ErrorBody};

/// The fixture record with its amend form open on a changed family name.
fn amending() -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    press(&mut app, "1");
    assert_eq!(app.top().title(), "amend");
    app
}

fn expired_by_the_job(version: i64) -> Message {
    Message::Change(ChangeEvent {
        record_id: 1,
        status: RecordStatus::Expired,
        version,
        operator: "system".into(),
        action: ChangeAction::Expired,
        row: None,
    })
}

fn says_nowhere(app: &mut App, words: &[&str]) {
    let text = screen(app);
    for w in words {
        assert!(!text.contains(w), "{w:?} is on screen:\n{text}");
    }
}

#[test]
fn the_form_shows_the_countdown_while_typing() {
    let mut app = amending();
    assert!(
        screen(&mut app).contains("removal in"),
        "{}",
        screen(&mut app)
    );
}

#[test]
fn someone_elses_change_seen_on_the_stream_warns_in_the_form_at_once() {
    let mut app = amending();
    app.on_message(resolved_by(1, 9, "sam"));
    assert!(!form(&app).can_still_send());
    let text = screen(&mut app);
    assert!(text.contains("#1 was resolved meanwhile"), "{text}");
    let effects = app.on_key(ctrl('s'));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Amend { .. })),
        "nothing is sent for a closed record: {effects:?}"
    );
}

#[test]
fn an_open_record_changed_elsewhere_warns_and_can_still_be_sent() {
    let mut app = amending();
    let mut row = fixtures::rows()[0].clone();
    row.version = 9;
    app.on_message(changed(row, ChangeAction::Amended));
    assert!(form(&app).can_still_send());
    assert!(screen(&mut app).contains("changed this record meanwhile (now version 9)"));
}

#[test]
fn a_record_expired_under_the_form_says_so_once_and_keeps_no_draft() {
    let mut app = amending();
    app.on_message(expired_by_the_job(5));
    let text = screen(&mut app);
    assert!(text.contains("#1 expired"), "{text}");
    says_nowhere(
        &mut app,
        &["submit again", "draft kept", "a supervisor can reopen"],
    );
    app.on_key(key(KeyCode::Esc));
    says_nowhere(&mut app, &["draft kept"]);
    assert!(
        app.drafts.is_empty(),
        "a draft that can never be sent is not kept"
    );
}

#[test]
fn a_submit_refused_because_the_record_expired_agrees_with_the_form() {
    let mut app = amending();
    app.on_key(ctrl('s'));
    let expired = ClientError::Api {
        status: 409,
        body: ErrorBody {
            code: ErrorCode::Expired,
            message: "the ULN was removed under the four-week rule; the centre must register the learner again".into(),
            fields: None,
            current: None,
            claim: None,
        },
    };
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Err(expired)),
    });
    let text = screen(&mut app);
    assert!(text.contains("#1 expired"), "{text}");
    says_nowhere(
        &mut app,
        &["submit again", "draft kept", "a supervisor can reopen"],
    );
}

#[test]
fn a_version_conflict_into_expiry_does_not_ask_to_submit_again() {
    let mut app = amending();
    app.on_key(ctrl('s'));
    let mut now = fixtures::detail();
    now.version = 5;
    now.status = RecordStatus::Expired;
    let conflict = fixtures::version_conflict(now);
    app.on_message(Message::Written {
        write: Write::Amend,
        result: Box::new(Err(conflict)),
    });
    assert!(screen(&mut app).contains("#1 expired"));
    says_nowhere(&mut app, &["submit again"]);
}
