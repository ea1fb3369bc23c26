//! Ending a phone call: a wrap-up note required and sent (and kept when the backend refuses it),
//! esc leading back and asking before a call is dropped, and quitting asking first.

use super::call::{call, caller_confirmed, caller_typed, tick};
use super::*;
use crate::screens::call::CallStep;
use uln_api::{CallOutcome, CallRequest, CallView};

#[test]
fn the_call_ends_only_with_a_wrap_up_note_which_is_sent_and_closes_the_panel() {
    let mut app = loaded_app();
    caller_confirmed(&mut app);
    press(&mut app, "e");
    assert_eq!(call(&app).step, CallStep::WrapUp);
    assert!(app.on_key(ctrl('s')).is_empty(), "a note is required");
    assert!(call(&app)
        .wrap_up
        .error
        .as_ref()
        .unwrap()
        .contains("Wrap-up note"));
    app.on_key(key(KeyCode::Char('\u{202E}')));
    assert!(
        app.on_key(ctrl('s')).is_empty(),
        "a note the backend would refuse is not sent"
    );
    app.on_key(key(KeyCode::Backspace));
    press(&mut app, " read out two events ");
    tick(&mut app, 272);
    let effects = app.on_key(ctrl('s'));
    let sent = CallRequest {
        uln: Some("9276308686".into()),
        started_at: "2026-11-24T12:00:00Z".into(),
        ended_at: "2026-11-24T12:04:32Z".into(),
        outcome: CallOutcome::Identified,
        note: "read out two events".into(),
    };
    assert_eq!(effects, vec![Effect::RecordCall(sent)]);
    assert!(app.on_key(ctrl('s')).is_empty(), "sent once");
    app.on_message(Message::CallRecorded(Ok(CallView {
        id: 7,
        started_at: "2026-11-24T12:00:00Z".into(),
        ended_at: "2026-11-24T12:04:32Z".into(),
        outcome: CallOutcome::Identified,
    })));
    assert_eq!(app.top().title(), "queue", "the call is over");
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("call #7 recorded"));
}

#[test]
fn a_wrap_up_the_backend_refuses_keeps_the_note() {
    let mut app = loaded_app();
    press(&mut app, "C");
    app.on_key(ctrl('e'));
    press(&mut app, "centre asked about deadlines");
    let effects = app.on_key(ctrl('s'));
    let [Effect::RecordCall(request)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (request.outcome, request.uln.as_deref()),
        (CallOutcome::NoUln, None)
    );
    let refused = uln_api::ClientError::Unreachable("connection refused".into());
    app.on_message(Message::CallRecorded(Err(refused)));
    assert_eq!(call(&app).wrap_up.note, "centre asked about deadlines");
    assert!(!call(&app).wrap_up.sending, "it can be sent again");
}

#[test]
fn esc_leads_back_and_asks_before_a_call_is_dropped() {
    let mut app = loaded_app();
    press(&mut app, "C");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(
        app.top().title(),
        "queue",
        "nothing typed: esc simply closes"
    );
    caller_confirmed(&mut app);
    press(&mut app, "e");
    press(&mut app, "note");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(
        call(&app).step,
        CallStep::Plr,
        "from the note back to the PLR"
    );
    assert_eq!(call(&app).wrap_up.note, "note", "the note kept");
    app.on_key(key(KeyCode::Esc));
    assert!(matches!(call(&app).step, CallStep::Abandon(_)));
    assert!(screen(&mut app).contains("Abandon this call?"));
    press(&mut app, "n");
    assert_eq!(call(&app).step, CallStep::Plr, "any other key goes back");
    app.on_key(key(KeyCode::Esc));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "queue", "esc again drops it");
}

#[test]
fn quitting_during_a_call_asks_first() {
    let mut app = loaded_app();
    caller_typed(&mut app);
    assert!(app.on_key(ctrl('c')).is_empty(), "not quit yet");
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("call is not wrapped up"));
    assert_eq!(app.on_key(ctrl('c')), vec![Effect::Quit]);
}
