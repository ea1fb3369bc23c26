//! Copying to the operator's own clipboard: the exact OSC 52 bytes reach the terminal, and the
//! notice says what was copied.

use super::*;
use crate::clipboard::tests::Written;
use crate::clipboard::Clipboard;

fn with_clipboard(mut app: App) -> (App, Written) {
    let written = Written::default();
    app.clipboard = Clipboard::new(Box::new(written.clone()));
    (app, written)
}

fn notice(app: &App) -> &str {
    &app.notice.as_ref().expect("a notice").text
}

#[test]
fn y_on_the_queue_copies_the_selected_records_uln() {
    let (mut app, written) = with_clipboard(loaded_app());
    press(&mut app, "jy");
    let uln = app.queue.selected_row().unwrap().uln().to_owned();
    assert_eq!(uln, "9276308688");
    assert_eq!(written.bytes(), b"\x1b]52;c;OTI3NjMwODY4OA==\x07");
    assert_eq!(notice(&app), "ULN copied");
}

#[test]
fn y_on_a_record_copies_its_supplied_uln() {
    let (mut app, written) = with_clipboard(loaded_app());
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    press(&mut app, "y");
    assert_eq!(written.bytes(), b"\x1b]52;c;OTI3NjMwODY4Ng==\x07");
    assert_eq!(notice(&app), "ULN copied");
}

#[test]
fn y_on_the_challenges_copies_the_selected_reference() {
    let (mut app, written) = with_clipboard(loaded_app());
    press(&mut app, ":challenges");
    app.on_key(key(KeyCode::Enter));
    press(&mut app, "y");
    assert!(written.bytes().is_empty(), "nothing listed yet");
    assert_eq!(notice(&app), "no challenge to copy");
    app.on_message(Message::Challenges(Ok(uln_api::ChallengeList {
        challenges: vec![
            fixtures::challenge("DC-000041"),
            fixtures::challenge("DC-000042"),
        ],
    })));
    press(&mut app, "jy");
    assert_eq!(written.bytes(), b"\x1b]52;c;REMtMDAwMDQy\x07");
    assert_eq!(notice(&app), "challenge reference copied");
}

#[test]
fn the_copy_key_can_be_rebound() {
    use crate::keymap::{Action, Keymap};
    use std::collections::BTreeMap;
    let keys = BTreeMap::from([(Action::Copy, vec!["ctrl-y".to_owned()])]);
    let (mut app, written) = with_clipboard(loaded_app());
    app.keymap = Keymap::with_overrides(&keys, &BTreeMap::new()).unwrap();
    press(&mut app, "y");
    assert!(written.bytes().is_empty());
    app.on_key(ctrl('y'));
    assert_eq!(written.bytes(), b"\x1b]52;c;OTI3NjMwODY4Nw==\x07");
    assert!(app.top().footer(&app.keymap).contains("ctrl-y copy"));
}
