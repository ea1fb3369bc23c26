//! Screens drawn on ratatui's TestBackend: snapshots of the text, and buffer checks where colour
//! carries meaning (it never carries it alone).

use super::fixtures::{self, loaded_app};
use super::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::Terminal;

fn draw(app: &mut super::app::App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal
}

fn find(buffer: &Buffer, text: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    (0..area.height).find_map(|y| {
        let line: String = (0..area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        line.find(text)
            .map(|byte| (line[..byte].chars().count() as u16, y))
    })
}

#[test]
fn queue_screen() {
    let mut app = loaded_app();
    insta::assert_snapshot!(draw(&mut app, 140, 14).backend());
}

#[test]
fn queue_screen_filtered() {
    let mut app = loaded_app();
    for c in "/calder".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    insta::assert_snapshot!(draw(&mut app, 140, 10).backend());
}

#[test]
fn record_screen() {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.on_message(super::message::Message::Detail(Box::new(Ok(
        fixtures::detail(),
    ))));
    insta::assert_snapshot!(draw(&mut app, 120, 34).backend());
}

#[test]
fn help_overlay_lists_the_screens_keys() {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    insta::assert_snapshot!(draw(&mut app, 100, 26).backend());
}

#[test]
fn help_overlay_scrolls_to_the_commands_and_the_band_legend() {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    // Drawn once, as the console draws before it reads a key: the help knows how far it scrolls.
    draw(&mut app, 100, 26);
    for _ in 0..4 {
        app.on_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    }
    insta::assert_snapshot!(draw(&mut app, 100, 26).backend());
}

#[test]
fn record_help_lists_the_suggestion_digits_and_the_band_legend_at_80x24() {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.on_message(super::message::Message::Detail(Box::new(Ok(
        fixtures::detail(),
    ))));
    app.on_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    let mut seen = String::new();
    for _ in 0..6 {
        let terminal = draw(&mut app, 80, 24);
        for y in 0..24 {
            let line: String = (0..80)
                .map(|x| terminal.backend().buffer()[(x, y)].symbol().to_string())
                .collect();
            seen.push_str(&line);
            seen.push('\n');
        }
        app.on_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    }
    for wanted in [
        "1–9              apply that suggestion (to review)",
        ":plr             PLR lookup; `:plr ULN` looks that ULN up",
        "!!     overdue    past the deadline",
        "!      <48h       under 48 hours left",
        "▲      <7d        under 7 days left",
        "·      <14d       under 14 days left",
    ] {
        assert!(seen.contains(wanted), "{wanted:?} is not in:\n{seen}");
    }
}

#[test]
fn command_line_completions_at_80x24() {
    let mut app = loaded_app();
    for c in ":p".chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn overdue_countdowns_are_red_and_also_marked_in_words() {
    let mut app = loaded_app();
    app.theme = Theme { colour: true };
    let terminal = draw(&mut app, 140, 14);
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "overdue").expect("the overdue row says so in words");
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    let (_, symbol_y) = find(buffer, "!!").expect("and with a symbol");
    assert_eq!(symbol_y, y);
}

#[test]
fn without_colour_nothing_is_coloured_but_the_bands_still_read() {
    let mut app = loaded_app();
    app.theme = Theme::monochrome();
    let terminal = draw(&mut app, 140, 14);
    let buffer = terminal.backend().buffer();
    assert!(buffer
        .content()
        .iter()
        .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset));
    assert!(find(buffer, "overdue").is_some() && find(buffer, "!!").is_some());
}

#[test]
fn the_differing_characters_of_a_similar_name_are_emphasised() {
    let mut app = loaded_app();
    app.theme = Theme { colour: true };
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.on_message(super::message::Message::Detail(Box::new(Ok(
        fixtures::detail(),
    ))));
    let terminal = draw(&mut app, 120, 34);
    let buffer = terminal.backend().buffer();
    // Supplied "Hughs" vs LRS "Hughes": "Hugh" agrees, the "s" in fifth place does not.
    let (x, y) = find(buffer, "Hughs").unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Reset);
    assert_eq!(buffer[(x + 4, y)].fg, Color::Red);
    assert!(
        find(buffer, "~ similar").is_some(),
        "the mark reads without colour"
    );
}

fn on_record() -> super::app::App {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.on_message(super::message::Message::Detail(Box::new(Ok(
        fixtures::detail(),
    ))));
    app
}

fn key(app: &mut super::app::App, code: KeyCode, modifiers: KeyModifiers) {
    app.on_key(KeyEvent::new(code, modifiers));
}

#[test]
fn amend_form_after_a_version_conflict() {
    use uln_api::{AuditAction, AuditEntry};
    let mut app = on_record();
    key(&mut app, KeyCode::Char('1'), KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let mut theirs = fixtures::detail();
    theirs.version = 4;
    theirs.supplied.postcode = "M1 1AE".into();
    theirs.audit.push(AuditEntry {
        id: 42,
        at: "2026-11-24T11:59:00Z".into(),
        operator: "sam".into(),
        action: AuditAction::Amended,
        reason: Some("learner moved".into()),
        changes: None,
    });
    theirs.audit_total += 1;
    let conflict = fixtures::version_conflict(theirs);
    app.on_message(super::message::Message::Written {
        write: super::message::Write::Amend,
        result: Box::new(Err(conflict)),
    });
    insta::assert_snapshot!(draw(&mut app, 120, 24).backend());
}

#[test]
fn reject_dialog_asking_to_confirm() {
    let mut app = on_record();
    key(&mut app, KeyCode::Char('x'), KeyModifiers::NONE);
    for c in "ULN belongs to a sibling".chars() {
        key(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    insta::assert_snapshot!(draw(&mut app, 100, 20).backend());
}

#[test]
fn plr_lookup_with_events_and_a_challenge_being_written() {
    let mut app = loaded_app();
    key(&mut app, KeyCode::Char('L'), KeyModifiers::NONE);
    for c in "9276308686\tHughes\t2007-02-03".chars() {
        let code = if c == '\t' {
            KeyCode::Tab
        } else {
            KeyCode::Char(c)
        };
        key(&mut app, code, KeyModifiers::NONE);
    }
    let response = fixtures::plr_found();
    app.on_message(super::message::Message::Plr(Box::new(Ok(response))));
    key(&mut app, KeyCode::Char('c'), KeyModifiers::NONE);
    insta::assert_snapshot!(draw(&mut app, 120, 26).backend());
}

#[test]
fn challenges_list() {
    use uln_api::ChallengeList;
    let mut app = loaded_app();
    for c in ":challenges".chars() {
        key(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    let challenge = fixtures::challenge("DC-000001");
    app.on_message(super::message::Message::Challenges(Ok(ChallengeList {
        challenges: vec![challenge],
    })));
    insta::assert_snapshot!(draw(&mut app, 120, 8).backend());
}

#[test]
fn register_search_offering_learners_for_a_uln_not_found() {
    let mut app = on_record();
    let detail = fixtures::detail();
    app.open(super::layer::Layer::Matches(
        super::screens::matches::MatchesDialog::new(detail.id, detail.supplied.clone()),
    ));
    let learner = |uln: &str, given: &str, postcode: &str| uln_api::LearnerView {
        uln: uln.into(),
        given_name: given.into(),
        family_name: "Hughes".into(),
        date_of_birth: detail.supplied.date_of_birth.clone(),
        gender: detail.supplied.gender,
        postcode: Some(postcode.into()),
    };
    app.on_message(super::message::Message::LearnerSearch {
        id: detail.id,
        result: Box::new(Ok(uln_api::LearnerSearchResponse {
            code: uln_api::RegisterCode::PossibleMatches,
            message: "possible matches: check the details before choosing".into(),
            learners: vec![
                learner("1234567899", "Amelia", "LS1 4AP"),
                learner("9276308686", "Amelie", "HX1 1AA"),
            ],
        })),
    });
    insta::assert_snapshot!(draw(&mut app, 120, 30).backend());
}

fn typed(app: &mut super::app::App, text: &str) {
    for c in text.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn export_asks_first_with_the_personal_data_warning_at_80x24() {
    let mut app = loaded_app();
    typed(&mut app, "/calder");
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    typed(&mut app, ":export /tmp/uln-console-render-test/queue.csv");
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn register_search_from_a_record_with_learners_found_at_80x24() {
    let mut app = on_record();
    typed(&mut app, "F");
    app.on_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    app.on_message(super::message::Message::RegisterSearch(Box::new(Ok(
        fixtures::learners_found(),
    ))));
    typed(&mut app, "j");
    insta::assert_snapshot!(draw(&mut app, 80, 24).backend());
}

#[test]
fn register_search_form_checking_as_typed_at_200x50() {
    let mut app = loaded_app();
    typed(&mut app, "F");
    for field in ["Amelia", "Hughes?", "2007-02-30", "3"] {
        typed(&mut app, field);
        app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    }
    typed(&mut app, "LS1");
    insta::assert_snapshot!(draw(&mut app, 200, 50).backend());
}
