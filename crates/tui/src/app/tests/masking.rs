//! Masking for screen sharing as keys and ticks drive it: the mask key, a reveal audited through
//! the backend, masking after the configured idle time, and unmasking.

use super::*;
use crate::mask::Subject;
use jiff::SignedDuration;

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn on_record() -> App {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

#[test]
fn the_mask_key_masks_and_unmasks_on_any_layer_forms_too() {
    let mut app = on_record();
    assert!(
        ctrl(&mut app, 'x').is_empty(),
        "masking asks nothing of the backend"
    );
    assert!(app.masking.on);
    ctrl(&mut app, 'x');
    assert!(!app.masking.on, "the same key unmasks");
    app.on_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
    assert!(matches!(app.top_layer(), Some(Layer::Amend(_))));
    ctrl(&mut app, 'x');
    assert!(app.masking.on, "in the amend form too");
    assert!(
        matches!(app.top_layer(), Some(Layer::Amend(_))),
        "the form stays open"
    );
}

#[test]
fn a_reveal_while_masked_is_audited_for_the_record_on_screen_and_ends_with_the_record() {
    let mut app = on_record();
    assert!(
        ctrl(&mut app, 'r').is_empty(),
        "nothing to reveal while unmasked"
    );
    ctrl(&mut app, 'x');
    assert_eq!(
        ctrl(&mut app, 'r'),
        vec![Effect::Reveal(Subject::Record(1))]
    );
    assert_eq!(app.masking.revealed, Some(Subject::Record(1)));
    assert!(
        ctrl(&mut app, 'r').is_empty(),
        "already shown: audited once"
    );
    ctrl(&mut app, 'x');
    ctrl(&mut app, 'x');
    assert_eq!(app.masking.revealed, None, "masking again hides it");
}

#[test]
fn a_reveal_on_the_queue_is_of_the_selected_row_and_ends_when_the_selection_moves() {
    let mut app = loaded_app();
    ctrl(&mut app, 'x');
    let selected = app.queue.selected_row().map(|r| r.id()).unwrap();
    assert_eq!(
        ctrl(&mut app, 'r'),
        vec![Effect::Reveal(Subject::Record(selected))]
    );
    app.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    assert_eq!(app.masking.revealed, None, "another row: masked again");
}

#[test]
fn a_revealed_plr_learner_is_audited_by_their_uln() {
    let mut app = loaded_app();
    app.open(Layer::Plr(Box::new(PlrScreen::with_uln("9276308686"))));
    app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    ctrl(&mut app, 'x');
    assert_eq!(
        ctrl(&mut app, 'r'),
        vec![Effect::Reveal(Subject::Learner("9276308686".into()))]
    );
}

#[test]
fn the_console_masks_itself_after_the_configured_idle_time_and_a_key_restarts_it() {
    let mut app = loaded_app();
    app.masking.idle_after = Some(SignedDuration::from_mins(5));
    let start = fixtures::now();
    let tick = |app: &mut App, mins: i64| {
        app.on_message(Message::Tick(start + SignedDuration::from_mins(mins)));
    };
    tick(&mut app, 4);
    assert!(!app.masking.on, "4 minutes idle is not 5");
    app.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    tick(&mut app, 8);
    assert!(!app.masking.on, "a key at 4 minutes restarts the wait");
    tick(&mut app, 9);
    assert!(app.masking.on, "5 minutes after the last key");
    ctrl(&mut app, 'x');
    assert!(!app.masking.on, "the mask key unmasks");
}

#[test]
fn without_an_idle_time_the_console_never_masks_itself() {
    let mut app = loaded_app();
    app.on_message(Message::Tick(
        fixtures::now() + SignedDuration::from_hours(10),
    ));
    assert!(!app.masking.on);
}

/// A supplied ULN the centre mistyped is shown as sent in the queue, and is still the learner's.
#[test]
fn a_malformed_supplied_uln_in_the_queue_is_masked_too() {
    let mut app = fixtures::app();
    app.start();
    app.on_message(Message::Queues(Ok(fixtures::queues())));
    let mut rows = fixtures::rows();
    rows[0].uln = Some("945119520".into());
    let generation = app.queue.generation;
    app.on_message(Message::Page {
        generation,
        result: Ok(uln_api::ExceptionPage {
            items: rows,
            next_cursor: None,
        }),
    });
    assert!(
        screen(&mut app).contains("945119520"),
        "drawn when unmasked"
    );
    ctrl(&mut app, 'x');
    let shown = screen(&mut app);
    assert!(!shown.contains("945119520"), "{shown}");
    assert!(shown.contains("*****9520"), "{shown}");
}
