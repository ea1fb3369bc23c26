//! The phone-call panel: a timer that runs, the caller checked before any PLR is shown, more
//! details asked for when the check fails, and one call however it is opened. Ending a call (the
//! wrap-up note, esc, quitting) is in `call_ending`.

use super::*;
use crate::screens::call::{CallPanel, CallStep, Identity, RecentCalls};
use crate::screens::plr::{PlrQuery, QueryField};
use jiff::SignedDuration;
use uln_api::{CallList, CallOutcome, CallView, PlrResponse, RegisterCode};

pub(super) fn call(app: &App) -> &CallPanel {
    match app.top_layer() {
        Some(Layer::Call(call)) => call,
        other => panic!("the call panel is not on top: {other:?}"),
    }
}

pub(super) fn tick(app: &mut App, seconds: i64) {
    let now = fixtures::now() + SignedDuration::from_secs(seconds);
    app.on_message(Message::Tick(now));
}

/// The call panel opened with `C` and the caller's ULN, family name and date of birth typed.
pub(super) fn caller_typed(app: &mut App) {
    let effects = press(app, "C");
    assert_eq!(
        effects,
        vec![Effect::LoadCalls],
        "the recent calls are asked for"
    );
    press(app, "9276308686");
    app.on_key(key(KeyCode::Tab));
    press(app, "Hughes");
    app.on_key(key(KeyCode::Tab));
    press(app, "2007-02-03");
}

fn not_verified() -> PlrResponse {
    PlrResponse {
        code: RegisterCode::NotVerified,
        message: "learner could not be verified".into(),
        learner: None,
        events: Vec::new(),
    }
}

/// The caller typed, checked, and confirmed by the register.
pub(super) fn caller_confirmed(app: &mut App) {
    caller_typed(app);
    app.on_key(ctrl('s'));
    app.on_message(Message::CallerChecked(Box::new(Ok(fixtures::plr_found()))));
    assert_eq!(call(app).step, CallStep::Plr);
}

fn screen_80x24(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(80)
        .map(|line| line.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn the_call_timer_runs_from_when_the_panel_opened() {
    let mut app = loaded_app();
    tick(&mut app, 5);
    press(&mut app, "C");
    assert!(screen(&mut app).contains("on call 00:00"));
    tick(&mut app, 5 + 65);
    assert!(
        screen(&mut app).contains("on call 01:05"),
        "{}",
        screen(&mut app)
    );
    assert!(app.shows_change_at(fixtures::now() + SignedDuration::from_secs(71)));
}

#[test]
fn the_plr_is_not_shown_until_the_register_confirms_the_caller() {
    let mut app = loaded_app();
    caller_typed(&mut app);
    let effects = app.on_key(ctrl('s'));
    let asked = PlrQuery {
        uln: "9276308686".into(),
        family_name: "Hughes".into(),
        date_of_birth: "2007-02-03".into(),
        given_name: None,
    };
    assert_eq!(effects, vec![Effect::CheckCaller(asked)]);
    assert_eq!(call(&app).identity, Identity::Checking);
    // A plain PLR answer is the lookup screen's, not the call's.
    app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    assert!(!screen(&mut app).contains("Mathematics"));
    app.on_message(Message::CallerChecked(Box::new(Ok(not_verified()))));
    assert_eq!(call(&app).step, CallStep::Identify);
    assert!(
        !screen(&mut app).contains("Mathematics"),
        "no event of the learner's before the check passes"
    );
    app.on_key(ctrl('s'));
    app.on_message(Message::CallerChecked(Box::new(Ok(fixtures::plr_found()))));
    assert_eq!(call(&app).step, CallStep::Plr);
    assert!(screen(&mut app).contains("GCSE (9-1) in Mathematics"));
}

#[test]
fn a_failed_check_asks_for_the_given_name_and_checks_again_with_it() {
    let mut app = loaded_app();
    caller_typed(&mut app);
    app.on_key(ctrl('s'));
    app.on_message(Message::CallerChecked(Box::new(Ok(not_verified()))));
    assert!(matches!(
        call(&app).identity,
        Identity::NotConfirmed {
            code: RegisterCode::NotVerified,
            checks: 1,
            ..
        }
    ));
    assert_eq!(call(&app).plr.query.focus, QueryField::GivenName);
    let shown = screen_80x24(&mut app);
    assert!(shown.contains("NOT CONFIRMED"), "{shown}");
    assert!(shown.contains("given name"), "{shown}");
    press(&mut app, "Amelia");
    let effects = app.on_key(ctrl('s'));
    let [Effect::CheckCaller(query)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(query.given_name.as_deref(), Some("Amelia"));
    app.on_message(Message::CallerChecked(Box::new(Ok(not_verified()))));
    assert!(
        screen(&mut app).contains("NOT CONFIRMED (WSEC0208, check 2)"),
        "each check counted"
    );
}

fn register_found(ulns: &[&str]) -> uln_api::LearnerSearchResponse {
    uln_api::LearnerSearchResponse {
        code: RegisterCode::PossibleMatches,
        message: "possible matches".into(),
        learners: ulns
            .iter()
            .map(|uln| uln_api::LearnerView {
                uln: (*uln).into(),
                given_name: "Amelia".into(),
                family_name: "Hughes".into(),
                date_of_birth: "2007-02-03".into(),
                gender: uln_api::Gender::Female,
                postcode: Some("LS1 4AP".into()),
            })
            .collect(),
    }
}

#[test]
fn after_a_failed_check_the_register_is_searched_by_name_and_the_chosen_uln_checked_again() {
    let mut app = loaded_app();
    caller_typed(&mut app);
    app.on_key(ctrl('s'));
    app.on_message(Message::CallerChecked(Box::new(Ok(not_verified()))));
    assert!(app.on_key(ctrl('f')).is_empty(), "the given name is needed");
    assert!(call(&app)
        .plr
        .error
        .as_ref()
        .unwrap()
        .contains("Given name"));
    press(&mut app, "Amelia");
    let effects = app.on_key(ctrl('f'));
    let asked = Effect::SearchForCaller {
        given_name: "Amelia".into(),
        family_name: "Hughes".into(),
        date_of_birth: "2007-02-03".into(),
    };
    assert_eq!(effects, vec![asked]);
    let found = register_found(&["1174112637", "6936002314"]);
    app.on_message(Message::CallerSearch(Box::new(Ok(found))));
    assert_eq!(call(&app).step, CallStep::Search);
    let shown = screen(&mut app);
    assert!(
        shown.contains("6936002314") && !shown.contains("Mathematics"),
        "{shown}"
    );
    press(&mut app, "j");
    assert!(screen(&mut app).contains("▶ 6936002314"));
    app.on_key(key(KeyCode::Enter));
    assert_eq!(call(&app).step, CallStep::Identify);
    let effects = app.on_key(ctrl('s'));
    let [Effect::CheckCaller(query)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(query.uln, "6936002314", "the PLR still waits for the check");
}

#[test]
fn c_opens_the_call_from_any_screen_and_goes_back_to_an_open_call() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    press(&mut app, "C");
    assert_eq!(app.top().title(), "phone call");
    caller_confirmed_after_open(&mut app);
    press(&mut app, "?");
    assert_eq!(app.top().title(), "help");
    app.on_key(key(KeyCode::Esc));
    press(&mut app, "C");
    assert_eq!(
        app.layers().count(),
        2,
        "one call: the record, then the call"
    );
    assert_eq!(call(&app).step, CallStep::Plr, "the same call");
}

/// A call already open, its caller then typed, checked and confirmed.
fn caller_confirmed_after_open(app: &mut App) {
    press(app, "9276308686");
    app.on_key(key(KeyCode::Tab));
    press(app, "Hughes");
    app.on_key(key(KeyCode::Tab));
    press(app, "2007-02-03");
    app.on_key(ctrl('s'));
    app.on_message(Message::CallerChecked(Box::new(Ok(fixtures::plr_found()))));
}

fn recent() -> Message {
    let call = |id, start: &str, end: &str, outcome| CallView {
        id,
        started_at: start.into(),
        ended_at: end.into(),
        outcome,
    };
    Message::Calls(Ok(CallList {
        calls: vec![
            call(
                41,
                "2026-11-24T11:40:00Z",
                "2026-11-24T11:46:10Z",
                CallOutcome::Identified,
            ),
            call(
                38,
                "2026-11-24T10:02:00Z",
                "2026-11-24T10:03:30Z",
                CallOutcome::NotIdentified,
            ),
        ],
    }))
}

#[test]
fn the_call_panel_at_80x24_checking_the_caller() {
    let mut app = loaded_app();
    caller_typed(&mut app);
    app.on_message(recent());
    app.on_key(ctrl('s'));
    app.on_message(Message::CallerChecked(Box::new(Ok(not_verified()))));
    tick(&mut app, 95);
    assert!(matches!(call(&app).recent, RecentCalls::Shown(_)));
    insta::assert_snapshot!(screen_80x24(&mut app));
}

#[test]
fn the_call_panel_at_80x24_with_the_confirmed_callers_plr() {
    let mut app = loaded_app();
    caller_confirmed(&mut app);
    tick(&mut app, 200);
    insta::assert_snapshot!(screen_80x24(&mut app));
}

#[test]
fn the_call_panel_at_80x24_writing_the_wrap_up() {
    let mut app = loaded_app();
    caller_confirmed(&mut app);
    app.on_message(recent());
    press(
        &mut app,
        "eAsked for her GCSE grades; read out both events.",
    );
    tick(&mut app, 310);
    insta::assert_snapshot!(screen_80x24(&mut app));
}

#[test]
fn the_call_panel_at_80x24_asking_before_a_call_is_dropped() {
    let mut app = loaded_app();
    caller_confirmed(&mut app);
    app.on_key(key(KeyCode::Esc));
    insta::assert_snapshot!(screen_80x24(&mut app));
}
