//! The status bar's "updated" time says when the backend last told the console something, live
//! events included.

use super::*;

/// The app's clock moved on by `minutes` since the queue loaded.
fn later(app: &mut App, minutes: i64) -> Timestamp {
    let then = app.now + jiff::SignedDuration::from_mins(minutes);
    app.on_message(Message::Tick(then));
    then
}

fn status_bar(app: &mut App) -> String {
    screen(app).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn updated_moves_when_an_event_changes_the_queue() {
    let mut app = loaded_app();
    assert!(status_bar(&mut app).contains("updated 24 Nov 2026 12:00"));
    let then = later(&mut app, 7);
    let mut row = fixtures::rows()[1].clone();
    row.version = 2;
    app.on_message(changed(row, ChangeAction::Amended));
    assert_eq!(app.connection.last_update, Some(then));
    assert!(
        status_bar(&mut app).contains("updated 24 Nov 2026 12:07"),
        "{}",
        status_bar(&mut app)
    );
}

#[test]
fn updated_moves_when_an_event_takes_a_record_out() {
    let mut app = loaded_app();
    let then = later(&mut app, 3);
    app.on_message(resolved_by(2, 2, "sam"));
    assert_eq!(app.connection.last_update, Some(then));
}

#[test]
fn updated_moves_when_the_record_shown_is_read_again() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    let then = later(&mut app, 2);
    app.on_message(Message::Detail(Box::new(Ok(record(1, 4)))));
    assert_eq!(app.connection.last_update, Some(then));
}
