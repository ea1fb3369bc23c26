//! The handover screen: `:handover` loads what the operator holds, `A` chooses a colleague, a
//! confirmation asks before anything is sent, and the answer is reported record by record.

use super::assign::{signed_in_as_olu, team};
use super::*;
use crate::screens::handover::{HandoverScreen, Step};
use uln_api::{
    HandedOver, HandoverOutcome, HandoverReport, HandoverRequest, HandoverSummary, HeldRecord,
    RecordVersion,
};

pub(super) fn summary() -> HandoverSummary {
    let held = |id, version, deadline: &str, snoozed| HeldRecord {
        id,
        version,
        deadline: deadline.into(),
        snoozed,
    };
    HandoverSummary {
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
    }
}

fn handover(app: &App) -> &HandoverScreen {
    match app.top_layer() {
        Some(Layer::Handover(screen)) => screen,
        other => panic!("the handover screen is not on top: {other:?}"),
    }
}

/// The handover screen open with the summary loaded.
fn on_handover() -> App {
    let mut app = loaded_app();
    signed_in_as_olu(&mut app);
    app.on_key(key(KeyCode::Char(':')));
    press(&mut app, "handover");
    let effects = app.on_key(key(KeyCode::Enter));
    assert_eq!(effects, [Effect::LoadHandover]);
    app.on_message(Message::Handover(Ok(summary())));
    app
}

#[test]
fn a_chooses_a_colleague_y_confirms_and_everything_goes_at_the_versions_read() {
    let mut app = on_handover();
    assert_eq!(press(&mut app, "A"), [Effect::LoadColleagues]);
    app.on_message(Message::Colleagues(Ok(team())));
    press(&mut app, "cleo");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "end of shift");
    assert!(app.on_key(key(KeyCode::Enter)).is_empty(), "asks first");
    assert!(matches!(handover(&app).step, Step::Confirming { .. }));
    let sent = press(&mut app, "y");
    let version = |id, version| RecordVersion { id, version };
    let expected = HandoverRequest {
        to: "cleo-colleague".into(),
        message: Some("end of shift".into()),
        from: None,
        records: Some(vec![version(2, 4), version(5, 2), version(7, 1)]),
    };
    assert_eq!(sent, [Effect::HandOver(expected)]);

    let outcome = |id, outcome, why: Option<&str>| HandedOver {
        id,
        outcome,
        version: 9,
        why: why.map(str::to_owned),
    };
    let report = HandoverReport {
        from: "olu".into(),
        to: "cleo-colleague".into(),
        records: vec![
            outcome(2, HandoverOutcome::Done, None),
            outcome(
                5,
                HandoverOutcome::Conflict,
                Some("changed since it was read"),
            ),
            outcome(7, HandoverOutcome::Done, None),
        ],
    };
    let effects = app.on_message(Message::HandedOver(Ok(report)));
    assert_eq!(effects, [Effect::LoadQueues]);
    assert!(matches!(handover(&app).step, Step::Reported(_)));
    let notice = app.notice.clone().unwrap();
    assert_eq!(notice.text, "2 of 3 records handed over to cleo-colleague");
    assert!(notice.error, "one was left: said as something to look at");
}

#[test]
fn any_other_key_at_the_confirmation_goes_back_with_the_choice_kept() {
    let mut app = on_handover();
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    press(&mut app, "sam");
    app.on_key(key(KeyCode::Enter));
    assert!(press(&mut app, "n").is_empty(), "nothing sent");
    let screen = handover(&app);
    assert!(matches!(screen.step, Step::Choosing { .. }));
    assert_eq!(screen.picker.typed, "sam");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(
        handover(&app).step,
        Step::Summary,
        "esc: back to the summary"
    );
    app.on_key(key(KeyCode::Esc));
    assert!(app.top_layer().is_none(), "and back to the queue");
}

#[test]
fn a_refused_handover_goes_back_to_the_choice() {
    let mut app = on_handover();
    press(&mut app, "A");
    app.on_message(Message::Colleagues(Ok(team())));
    app.on_key(key(KeyCode::Enter));
    press(&mut app, "y");
    let refused = uln_api::ClientError::Api {
        status: 422,
        body: uln_api::ErrorBody {
            code: ErrorCode::Invalid,
            message: "to is not valid".into(),
            fields: None,
            current: None,
            claim: None,
        },
    };
    app.on_message(Message::HandedOver(Err(refused)));
    let screen = handover(&app);
    assert!(matches!(screen.step, Step::Choosing { .. }));
    assert!(screen
        .error
        .as_deref()
        .unwrap_or("")
        .contains("nothing handed over"));
}

#[test]
fn holding_nothing_there_is_nothing_to_hand_over() {
    let mut app = on_handover();
    let empty = HandoverSummary {
        records: Vec::new(),
        held: 0,
        snoozed: 0,
        due_soon: 0,
        ..summary()
    };
    app.on_message(Message::Handover(Ok(empty)));
    assert!(press(&mut app, "A").is_empty());
    assert_eq!(handover(&app).step, Step::Summary);
}
