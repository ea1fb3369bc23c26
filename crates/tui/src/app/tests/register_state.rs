//! The register's state in the status bar, read every half minute, and a PLR lookup the LRS
//! cannot answer now explained on its screen.

use super::*;
use uln_api::{ClientError, ErrorBody, ErrorCode, RegisterKind, RegisterState, RegisterStatus};

fn status_bar(app: &mut App) -> String {
    screen(app).lines().last().unwrap_or_default().to_owned()
}

fn reported(app: &mut App, state: RegisterState, pending: u64) {
    app.on_message(Message::RegisterStatus(Ok(RegisterStatus {
        register: RegisterKind::Lrs,
        state,
        since: Some("2026-11-24T11:40:00Z".into()),
        until: Some("2026-11-25T06:00:00Z".into()),
        pending,
    })));
}

fn asks_for_the_register(effects: &[Effect]) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::LoadRegisterStatus))
}

#[test]
fn the_register_is_read_on_the_first_tick_then_every_half_minute() {
    let mut app = loaded_app();
    let start = app.now;
    let at = |secs: i64| start + jiff::SignedDuration::from_secs(secs);
    assert!(asks_for_the_register(&app.on_message(Message::Tick(at(1)))));
    assert!(!asks_for_the_register(
        &app.on_message(Message::Tick(at(20)))
    ));
    assert!(asks_for_the_register(
        &app.on_message(Message::Tick(at(31)))
    ));
}

#[test]
fn the_status_bar_says_closed_until_when_and_how_many_wait() {
    let mut app = loaded_app();
    reported(&mut app, RegisterState::Closed, 12);
    let bar = status_bar(&mut app);
    assert!(
        bar.contains("LRS closed until 25 Nov 2026 06:00, 12 waiting"),
        "{bar}"
    );
    reported(&mut app, RegisterState::Down, 0);
    assert!(status_bar(&mut app).contains("LRS down since 11:40"));
    reported(&mut app, RegisterState::Available, 0);
    assert!(status_bar(&mut app).contains("LRS available"));
}

#[test]
fn at_80_columns_a_closed_register_keeps_its_place_and_a_working_one_gives_way() {
    let mut app = loaded_app();
    let bar = |app: &mut App| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| app.draw(frame)).unwrap();
        let buffer = terminal.backend().buffer();
        let last = buffer.content.chunks(80).last().unwrap();
        last.iter().map(|c| c.symbol()).collect::<String>()
    };
    reported(&mut app, RegisterState::Down, 3);
    assert!(
        bar(&mut app).contains("LRS down since 11:40, 3 waiting"),
        "{}",
        bar(&mut app)
    );
    reported(&mut app, RegisterState::Available, 0);
    assert!(bar(&mut app).contains("online"), "{}", bar(&mut app));
}

#[test]
fn a_plr_lookup_the_lrs_cannot_answer_now_says_so_and_reads_the_register_again() {
    let mut app = loaded_app();
    press(&mut app, "L9276308686");
    let refused = ClientError::Api {
        status: 503,
        body: ErrorBody {
            code: ErrorCode::RegisterUnavailable,
            message: "the Learning Records Service is closed at this hour; try again later".into(),
            fields: None,
            current: None,
            claim: None,
        },
    };
    let effects = app.on_message(Message::Plr(Box::new(Err(refused))));
    assert!(asks_for_the_register(&effects), "{effects:?}");
    let error = plr(&app).error.clone().unwrap_or_default();
    assert!(
        error.starts_with(
            "The LRS cannot be asked now (the Learning Records Service is closed at this hour)"
        ),
        "{error}"
    );
    assert!(error.contains("Nothing was looked up"), "{error}");
    assert!(screen(&mut app).contains("The LRS cannot be asked now"));
}

#[test]
fn a_record_shown_without_the_lrs_says_why_and_reads_the_register_again() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let mut detail = fixtures::detail();
    detail.authoritative = None;
    detail.comparison = None;
    detail.suggestions.clear();
    detail.register_unavailable =
        Some("the Learning Records Service is closed at this hour; try again later".into());
    let effects = app.on_message(Message::Detail(Box::new(Ok(detail))));
    assert!(asks_for_the_register(&effects), "{effects:?}");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let shown: String = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        shown.contains("The LRS cannot be asked now (the Learning Records Service is closed"),
        "{shown}"
    );
    assert!(
        shown.contains("No suggestions until the LRS answers."),
        "{shown}"
    );
}
