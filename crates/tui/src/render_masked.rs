//! Masked screens on TestBackend at 80×24: snapshots to read, and a scan of the whole buffer for
//! any of the fixtures' names, dates of birth, postcodes or ULNs.

use super::app::App;
use super::fixtures::{self, loaded_app};
use super::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn draw(app: &mut App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal
}

fn text(app: &mut App) -> String {
    let terminal = draw(app);
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(usize::from(buffer.area.width))
        .map(|line| line.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect()
}

fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.on_key(KeyEvent::new(code, modifiers));
}

fn mask(app: &mut App) {
    press(app, KeyCode::Char('x'), KeyModifiers::CONTROL);
}

fn type_text(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\t' => KeyCode::Tab,
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        press(app, code, KeyModifiers::NONE);
    }
}

fn masked_queue() -> App {
    let mut app = loaded_app();
    mask(&mut app);
    app
}

fn masked_record() -> App {
    let mut app = loaded_app();
    type_text(&mut app, "\n");
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    mask(&mut app);
    app
}

fn masked_plr() -> App {
    let mut app = loaded_app();
    mask(&mut app);
    type_text(&mut app, "L9276308686\tHughes\t2007-02-03");
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    app
}

fn masked_register_results() -> App {
    let mut app = masked_record();
    type_text(&mut app, "F");
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    app.on_message(Message::RegisterSearch(Box::new(Ok(
        fixtures::learners_found(),
    ))));
    app
}

/// A caller checked and confirmed by the register: the call panel shows their PLR.
fn masked_call() -> App {
    let mut app = loaded_app();
    mask(&mut app);
    type_text(&mut app, "C9276308686\tHughes\t2007-02-03");
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    app.on_message(Message::CallerChecked(Box::new(Ok(fixtures::plr_found()))));
    app
}

/// Every personal value the fixtures hold, as a screen would draw it.
fn fixture_values() -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    let mut learner = |uln: &str, names: &[&str], postcode: Option<&str>| {
        values.push(uln.to_owned());
        values.extend(names.iter().map(|n| (*n).to_owned()));
        values.extend(postcode.map(|p| p.to_owned()));
    };
    for r in fixtures::rows() {
        learner(
            r.uln.as_deref().unwrap_or_default(),
            &[&r.given_name, &r.family_name],
            None,
        );
    }
    let d = fixtures::detail();
    let s = &d.supplied;
    learner(
        s.uln.as_deref().unwrap_or_default(),
        &[&s.given_name, &s.family_name],
        Some(&s.postcode),
    );
    let a = d
        .authoritative
        .expect("the fixture has the register's learner");
    learner(
        &a.uln,
        &[&a.given_name, &a.family_name, "Millie", "Rose", "Clarke"],
        a.postcode.as_deref(),
    );
    for l in fixtures::learners_found().learners {
        learner(
            &l.uln,
            &[&l.given_name, &l.family_name],
            l.postcode.as_deref(),
        );
    }
    values.extend(["03 Feb 2007", "2007-02-03", "1174112637"].map(String::from));
    values.sort();
    values.dedup();
    values
}

fn assert_nothing_personal(what: &str, screen: &str) {
    let leaks: Vec<String> = fixture_values()
        .into_iter()
        .filter(|v| screen.contains(v.as_str()))
        .collect();
    assert!(leaks.is_empty(), "{what} shows {leaks:?}:\n{screen}");
    assert!(screen.contains("MASKED"), "{what} says it is masked");
}

#[test]
fn no_masked_screen_shows_a_name_date_of_birth_postcode_or_uln() {
    assert_nothing_personal("the queue", &text(&mut masked_queue()));
    assert_nothing_personal("the record", &text(&mut masked_record()));
    assert_nothing_personal("the PLR lookup", &text(&mut masked_plr()));
    assert_nothing_personal("the register search", &text(&mut masked_register_results()));
    assert_nothing_personal("the call panel", &text(&mut masked_call()));
    let mut amend = masked_record();
    type_text(&mut amend, "a");
    assert_nothing_personal("the amend form", &text(&mut amend));
    let mut assign = masked_record();
    type_text(&mut assign, "A");
    assert_nothing_personal("the assign dialog", &text(&mut assign));
    let mut handover = masked_queue();
    type_text(&mut handover, ":handover\n");
    let held = uln_api::HeldRecord {
        id: 1,
        version: 3,
        deadline: "2026-11-24T16:00:00Z".into(),
        snoozed: false,
    };
    let summary = uln_api::HandoverSummary {
        operator: "olu".into(),
        records: vec![held],
        held: 1,
        snoozed: 0,
        due_soon: 1,
        overdue: 0,
        claimed: None,
    };
    handover.on_message(crate::message::Message::Handover(Ok(summary)));
    assert_nothing_personal("the handover screen", &text(&mut handover));
}

#[test]
fn the_same_screens_unmasked_show_them_again() {
    let mut record = masked_record();
    mask(&mut record);
    let screen = text(&mut record);
    assert!(
        screen.contains("Amelia") && screen.contains("9276308686"),
        "{screen}"
    );
    assert!(!screen.contains("MASKED"));
    // So the scan above looked at a call panel that draws the caller's details.
    let mut call = masked_call();
    mask(&mut call);
    let screen = text(&mut call);
    assert!(
        screen.contains("Amelia") && screen.contains("LS1 4AP"),
        "{screen}"
    );
}

#[test]
fn masked_queue_at_80x24() {
    insta::assert_snapshot!(draw(&mut masked_queue()).backend());
}

#[test]
fn masked_record_at_80x24() {
    insta::assert_snapshot!(draw(&mut masked_record()).backend());
}

#[test]
fn masked_plr_lookup_at_80x24() {
    insta::assert_snapshot!(draw(&mut masked_plr()).backend());
}

#[test]
fn a_revealed_record_is_readable_while_the_queue_below_stays_masked() {
    let mut app = masked_record();
    press(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    let screen = text(&mut app);
    assert!(
        screen.contains("Amelia") && screen.contains("9276308686"),
        "{screen}"
    );
    assert!(screen.contains("LS1 4AP"), "{screen}");
    assert!(
        screen.contains("MASKED"),
        "still masked: only this record shows"
    );
}
