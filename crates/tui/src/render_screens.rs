//! Every other screen and dialog at 80×24 and 200×50 (issue 13): snapshots to read, one per screen
//! and size, beside the queue, record and PLR lookup of `render_sizes`.

use super::app::App;
use super::fixtures::{self, loaded_app};
use super::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use uln_api::ChallengeList;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

/// A screen's name and how to open it.
type Screen = (&'static str, fn() -> App);

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn on_record() -> App {
    let mut app = loaded_app();
    press(&mut app, "\n");
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

fn amend_form() -> App {
    let mut app = on_record();
    press(&mut app, "a");
    app
}

fn reject_dialog() -> App {
    let mut app = on_record();
    press(&mut app, "x");
    app
}

fn challenges() -> App {
    let mut app = loaded_app();
    press(&mut app, ":challenges\n");
    let challenge = fixtures::challenge("DC-000001");
    app.on_message(Message::Challenges(Ok(ChallengeList {
        challenges: vec![challenge],
    })));
    app
}

fn call_panel() -> App {
    let mut app = loaded_app();
    press(&mut app, "C9276308686");
    app
}

fn register_search() -> App {
    let mut app = loaded_app();
    press(&mut app, "F");
    app
}

fn help() -> App {
    let mut app = on_record();
    press(&mut app, "?");
    app
}

#[test]
fn every_other_screen_at_80x24_and_200x50() {
    let screens: [Screen; 7] = [
        ("amend_form", amend_form),
        ("reject_dialog", reject_dialog),
        ("challenges", challenges),
        ("call_panel", call_panel),
        ("register_search", register_search),
        ("record_help", help),
        ("filter_line", || {
            let mut app = loaded_app();
            press(&mut app, "/hugh");
            app
        }),
    ];
    for (name, open) in screens {
        for (width, height) in SIZES {
            let mut app = open();
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            terminal.draw(|frame| app.draw(frame)).unwrap();
            insta::assert_snapshot!(format!("{name}_at_{width}x{height}"), terminal.backend());
        }
    }
}

#[test]
fn a_challenge_reference_and_uln_are_never_cut_at_80x24() {
    let mut app = challenges();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let text: String = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        text.contains("DC-000001") && text.contains("9276308686"),
        "{text}"
    );
}
