//! Claims on the console: opening a record claims it, leaving it (esc, n/p) releases it, someone
//! else's claim is named and `T` takes it over (never without the key), a takeover by someone
//! else is told, and a working operator's claim is renewed while an idle one's is not.

use super::*;
use jiff::SignedDuration;
use uln_api::{ClaimEvent, ClaimView, ClientError, ErrorBody, Me};

/// The fixed clock less `minutes`, as the wire writes it.
fn minutes_ago(minutes: i64) -> String {
    (fixtures::now() - SignedDuration::from_mins(minutes)).to_string()
}

/// `operator`'s claim, begun `minutes` ago and live for five more.
fn claim_by(operator: &str, minutes: i64) -> ClaimView {
    ClaimView {
        operator: operator.into(),
        since: minutes_ago(minutes),
        expires_at: (fixtures::now() + SignedDuration::from_mins(5)).to_string(),
    }
}

/// The backend's 409: `holder` is on the record.
fn claimed_by(holder: ClaimView) -> ClientError {
    ClientError::Api {
        status: 409,
        body: ErrorBody {
            code: ErrorCode::Claimed,
            message: "claimed".into(),
            fields: None,
            current: None,
            claim: Some(Box::new(holder)),
        },
    }
}

/// The fixed queue with the backend having said who the operator is (olu).
fn signed_in() -> App {
    let mut app = loaded_app();
    app.on_message(Message::Me(Ok(Me {
        name: "olu".into(),
        role: Role::Operator,
        snooze_margin_hours: None,
    })));
    app
}

/// Record 1 opened: what opening it asked for.
fn open_record_1(app: &mut App) -> Vec<Effect> {
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))))
}

fn claims_asked(effects: &[Effect]) -> Vec<(i64, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Claim { id, take_over } => Some((*id, *take_over)),
            _ => None,
        })
        .collect()
}

fn released(effects: &[Effect]) -> Vec<i64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::ReleaseClaim(id) => Some(*id),
            _ => None,
        })
        .collect()
}

fn notice(app: &App) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// Record 1 open and claimed by olu.
fn holding_record_1() -> App {
    let mut app = signed_in();
    open_record_1(&mut app);
    app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Ok(claim_by("olu", 0)),
    });
    app
}

#[test]
fn opening_a_record_claims_it_and_esc_releases_it() {
    let mut app = signed_in();
    let opened = open_record_1(&mut app);
    assert_eq!(claims_asked(&opened), [(1, false)]);
    app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Ok(claim_by("olu", 0)),
    });
    assert!(screen(&mut app).contains("you are on this record"));
    let left = app.on_key(key(KeyCode::Esc));
    assert_eq!(released(&left), [1]);
    assert!(claims_asked(&left).is_empty());
}

#[test]
fn nothing_is_claimed_before_the_backend_says_who_the_operator_is() {
    let mut app = loaded_app();
    assert!(claims_asked(&open_record_1(&mut app)).is_empty());
}

#[test]
fn walking_to_the_next_record_releases_the_one_left_and_claims_the_next() {
    let mut app = signed_in();
    let opened = open_record_1(&mut app);
    answer_reads(&mut app, &opened, 1);
    app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Ok(claim_by("olu", 0)),
    });
    let walked = press(&mut app, "n");
    assert_eq!(released(&walked), [1]);
    assert_eq!(claims_asked(&walked), [(2, false)]);
}

#[test]
fn someone_elses_claim_is_named_and_t_takes_it_over_only_when_pressed() {
    let mut app = signed_in();
    open_record_1(&mut app);
    let left = app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Err(claimed_by(claim_by("sam", 2))),
    });
    assert!(claims_asked(&left).is_empty(), "never taken over silently");
    assert!(screen(&mut app).contains("sam is on this record, 2 min · T takes over"));
    assert_eq!(claims_asked(&press(&mut app, "T")), [(1, true)]);
    app.on_message(Message::Claimed {
        id: 1,
        take_over: true,
        result: Ok(claim_by("olu", 0)),
    });
    assert_eq!(notice(&app), "You took over from sam");
    assert!(screen(&mut app).contains("you are on this record"));
}

#[test]
fn the_taker_is_told_whom_they_took_over_from_when_the_event_beats_the_answer() {
    let mut app = signed_in();
    open_record_1(&mut app);
    app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Err(claimed_by(claim_by("sam", 2))),
    });
    press(&mut app, "T");
    // The stream tells of our own takeover before the answer to the request comes back.
    app.on_message(Message::ClaimChanged(ClaimEvent {
        record_id: 1,
        claim: Some(claim_by("olu", 0)),
        taken_over_from: Some("sam".into()),
    }));
    app.on_message(Message::Claimed {
        id: 1,
        take_over: true,
        result: Ok(claim_by("olu", 0)),
    });
    assert_eq!(notice(&app), "You took over from sam");
}

#[test]
fn a_takeover_by_someone_else_is_told_and_the_header_names_them() {
    let mut app = holding_record_1();
    app.on_message(Message::ClaimChanged(ClaimEvent {
        record_id: 1,
        claim: Some(claim_by("alex", 0)),
        taken_over_from: Some("olu".into()),
    }));
    assert_eq!(notice(&app), "alex took over this record");
    assert!(screen(&mut app).contains("alex is on this record, 0 min"));
    // Leaving a record someone else holds releases nothing of theirs.
    assert!(released(&app.on_key(key(KeyCode::Esc))).is_empty());
}

#[test]
fn a_claim_made_after_ours_lapsed_is_not_called_a_takeover() {
    let mut app = holding_record_1();
    app.on_message(Message::ClaimChanged(ClaimEvent {
        record_id: 1,
        claim: Some(claim_by("alex", 0)),
        taken_over_from: None,
    }));
    assert_eq!(notice(&app), "alex is on this record now: yours had lapsed");
}

#[test]
fn the_record_is_claimed_again_after_the_others_claim_lapses_only_by_an_operator_at_work() {
    let mut app = signed_in();
    open_record_1(&mut app);
    app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Err(claimed_by(claim_by("sam", 2))),
    });
    let lapsed = fixtures::now() + SignedDuration::from_mins(5);
    let idle = app.on_message(Message::Tick(lapsed));
    assert!(
        claims_asked(&idle).is_empty(),
        "an idle console leaves it free"
    );
    press(&mut app, "j");
    let working = app.on_message(Message::Tick(lapsed + SignedDuration::from_secs(1)));
    assert_eq!(claims_asked(&working), [(1, false)]);
}

#[test]
fn a_claim_is_renewed_after_a_minute_only_if_the_operator_pressed_a_key() {
    let mut app = holding_record_1();
    let later = fixtures::now() + SignedDuration::from_secs(61);
    let idle = app.on_message(Message::Tick(later));
    assert!(
        claims_asked(&idle).is_empty(),
        "an idle operator's claim lapses"
    );
    press(&mut app, "j");
    let working = app.on_message(Message::Tick(later + SignedDuration::from_secs(1)));
    assert_eq!(claims_asked(&working), [(1, false)]);
}

#[test]
fn the_queue_shows_who_is_on_a_record_live_until_the_claim_lapses() {
    let mut app = signed_in();
    app.on_message(Message::ClaimChanged(ClaimEvent {
        record_id: 2,
        claim: Some(claim_by("sam", 3)),
        taken_over_from: None,
    }));
    assert!(screen(&mut app).contains("sam 3m"), "{}", screen(&mut app));
    let lapsed = fixtures::now() + SignedDuration::from_mins(5);
    app.on_message(Message::Tick(lapsed));
    let shown = screen(&mut app);
    assert!(
        !shown.contains("On it"),
        "no event says it lapsed:\n{shown}"
    );
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
fn the_queue_with_a_record_someone_is_on_at_80x24() {
    let mut app = signed_in();
    app.on_message(Message::ClaimChanged(ClaimEvent {
        record_id: 2,
        claim: Some(claim_by("sam-supervisor", 2)),
        taken_over_from: None,
    }));
    insta::assert_snapshot!(screen_80x24(&mut app));
}

#[test]
fn a_narrow_queue_shortens_the_learners_to_keep_who_is_on_a_record() {
    let mut app = signed_in();
    app.on_message(Message::ClaimChanged(ClaimEvent {
        record_id: 2,
        claim: Some(claim_by("sam-supervisor", 2)),
        taken_over_from: None,
    }));
    // The table has 50 cells: the learners whole would leave no room for the column.
    let shown = screen_at(&mut app, 70, 12);
    assert!(shown.contains("On it"), "{shown}");
    assert!(shown.contains("sam-supe 2m"), "{shown}");
    assert!(shown.contains("O. Patel"), "{shown}");
}

#[test]
fn the_record_someone_else_is_on_at_80x24() {
    let mut app = signed_in();
    open_record_1(&mut app);
    app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Err(claimed_by(claim_by("sam-supervisor", 2))),
    });
    insta::assert_snapshot!(screen_80x24(&mut app));
}

#[test]
fn t_pressed_before_the_first_claims_answer_takes_over_and_the_late_refusal_undoes_nothing() {
    let mut app = signed_in();
    // Record 1 read with sam on it, as the backend details it.
    app.on_key(key(KeyCode::Enter));
    let mut detail = fixtures::detail();
    detail.claim = Some(claim_by("sam", 2));
    let effects = app.on_message(Message::Detail(Box::new(Ok(detail))));
    assert_eq!(claims_asked(&effects), [(1, false)]);
    assert!(screen(&mut app).contains("T takes over"));
    // The header already says sam is on it and offers T; the first ask has not been answered.
    let effects = app.on_key(key(KeyCode::Char('T')));
    assert_eq!(claims_asked(&effects), [(1, true)], "{}", notice(&app));
    // The first ask's refusal comes late, after the take-over was sent: it undoes nothing.
    app.on_message(Message::Claimed {
        id: 1,
        take_over: false,
        result: Err(claimed_by(claim_by("sam", 2))),
    });
    assert!(
        !notice(&app).contains("T takes it over"),
        "{}",
        notice(&app)
    );
    app.on_message(Message::Claimed {
        id: 1,
        take_over: true,
        result: Ok(claim_by("olu", 0)),
    });
    assert_eq!(notice(&app), "You took over from sam");
    assert_eq!(app.claims.held_id(), Some(1));
}
