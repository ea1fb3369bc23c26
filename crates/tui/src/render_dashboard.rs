//! The dashboard drawn at 80×24 and 120×40 (issue 16): for a supervisor, with resolutions per
//! operator, and for anyone else, without.

use super::app::App;
use super::fixtures::{self, loaded_app};
use super::message::Message;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn dashboard(supervisor: bool) -> App {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::NONE));
    app.on_message(Message::Dashboard(Ok(fixtures::dashboard(supervisor))));
    app
}

fn drawn(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    let cells: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
    cells
        .chunks(width)
        .map(|row| row.concat())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_dashboard_for_a_supervisor_at_80x24_and_120x40() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = dashboard(true);
        let terminal = drawn(&mut app, width, height);
        insta::assert_snapshot!(
            format!("supervisor_at_{width}x{height}"),
            terminal.backend()
        );
    }
}

#[test]
fn the_dashboard_for_an_operator_at_80x24_and_120x40() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = dashboard(false);
        let terminal = drawn(&mut app, width, height);
        insta::assert_snapshot!(format!("operator_at_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn every_band_says_its_count_in_digits_under_its_label_even_when_empty_at_80x24() {
    let mut app = dashboard(false);
    let screen = text(&drawn(&mut app, 80, 24));
    let lines: Vec<&str> = screen.lines().collect();
    let labels = lines
        .iter()
        .position(|l| l.contains("overdue") && l.contains("15-28 d"))
        .unwrap_or_else(|| panic!("a row of band labels:\n{screen}"));
    let counts: Vec<&str> = lines[labels + 1].split_whitespace().collect();
    assert_eq!(
        counts,
        ["│", "1", "4", "9", "23", "40", "61", "0", "│"],
        "{screen}"
    );
    assert!(screen.contains("24 Nov 2026"), "{screen}");
}

#[test]
fn after_tab_the_chart_and_centres_are_the_next_queues() {
    let mut app = dashboard(true);
    app.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    let screen = text(&drawn(&mut app, 80, 24));
    assert!(screen.contains("queue spelling (2/4)"), "{screen}");
    assert!(screen.contains("Leeds City College"), "{screen}");
    assert!(!screen.contains("Calderdale College"), "{screen}");
}
