//! The mouse, when the config turns it on: a click selects a queue row, a click on the selected
//! row opens it (so a double click opens the row it lands on), the wheel moves.

use super::*;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

fn click(app: &mut App, column: u16, row: u16) -> Option<Vec<Effect>> {
    app.on_mouse(mouse(MouseEventKind::Down(MouseButton::Left), column, row))
}

/// The terminal row where `text` is drawn.
fn row_of(app: &mut App, text: &str) -> u16 {
    let shown = screen(app);
    let at = shown.lines().position(|l| l.contains(text));
    u16::try_from(at.unwrap_or_else(|| panic!("{text} not on screen:\n{shown}"))).unwrap()
}

#[test]
fn a_click_selects_a_queue_row_and_a_second_click_opens_it() {
    let mut app = loaded_app();
    let grace = row_of(&mut app, "O'Brien");
    let column = 40;
    assert_eq!(click(&mut app, column, grace), Some(Vec::new()));
    assert_eq!(app.queue.selected, Some(3), "selected, not opened");
    assert_eq!(app.top().title(), "queue");
    let effects = click(&mut app, column, grace).expect("handled");
    assert_eq!(app.top().title(), "record");
    assert!(effects.contains(&Effect::LoadDetail(3)), "{effects:?}");
}

#[test]
fn clicks_off_the_rows_or_under_a_layer_change_nothing() {
    let mut app = loaded_app();
    let header = row_of(&mut app, "Removal in");
    click(&mut app, 40, header);
    assert_eq!(app.queue.selected, Some(1), "the header is not a row");
    click(&mut app, 40, 14);
    assert_eq!(app.queue.selected, Some(1), "below the last row");
    press(&mut app, "?");
    assert_eq!(click(&mut app, 40, header + 2), None);
    assert_eq!(app.queue.selected, Some(1), "the help is on top");
}

#[test]
fn the_wheel_moves_on_the_layer_on_top() {
    let mut app = loaded_app();
    let down = mouse(MouseEventKind::ScrollDown, 0, 0);
    app.on_mouse(down);
    app.on_mouse(down);
    assert_eq!(app.queue.selected, Some(3));
    app.on_mouse(mouse(MouseEventKind::ScrollUp, 0, 0));
    assert_eq!(app.queue.selected, Some(2));
    press(&mut app, "F");
    assert_eq!(app.on_mouse(down), None, "a form takes no wheel");
    assert_eq!(
        app.on_mouse(mouse(MouseEventKind::Moved, 3, 3)),
        None,
        "a move is not redrawn for"
    );
}
