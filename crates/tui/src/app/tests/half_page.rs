//! `ctrl-d` and `ctrl-u` move half a page in the lists: the queue, the PLR events and the
//! record's findings and audit trail.

use super::*;
use crate::keymap::{Action, Keymap};
use std::collections::BTreeMap;

/// An app showing a queue of `n` records, drawn once so the queue knows its page.
fn long_queue(n: i64) -> App {
    let mut app = loaded_app();
    let rows = (1..=n)
        .map(|id| {
            fixtures::summary(
                id,
                "Amelia",
                "Hughes",
                "Calder Valley College",
                "2026-11-24T10:00:00Z",
                "spelling",
            )
        })
        .collect();
    app.on_key(key(KeyCode::Char('r')));
    let generation = app.queue.generation;
    app.on_message(Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: rows,
            next_cursor: None,
        }),
    });
    screen(&mut app);
    app
}

#[test]
fn ctrl_d_and_ctrl_u_move_the_queue_cursor_half_a_page() {
    let mut app = long_queue(60);
    // 16 rows on screen less the footer, status bar, borders and header: 11 rows a page.
    app.on_key(ctrl('d'));
    assert_eq!(app.queue.selected, Some(7), "half of 11 rows, rounded up");
    app.on_key(ctrl('d'));
    assert_eq!(app.queue.selected, Some(13));
    app.on_key(ctrl('u'));
    assert_eq!(app.queue.selected, Some(7));
    app.on_key(ctrl('u'));
    app.on_key(ctrl('u'));
    assert_eq!(app.queue.selected, Some(1), "stops at the top");
}

#[test]
fn half_page_keys_can_be_rebound_in_the_config() {
    let keys = BTreeMap::from([(Action::HalfPageDown, vec!["ctrl-j".to_owned()])]);
    let mut app = long_queue(60);
    app.keymap = Keymap::with_overrides(&keys, &BTreeMap::new()).unwrap();
    app.on_key(ctrl('d'));
    assert_eq!(app.queue.selected, Some(1), "ctrl-d is no longer bound");
    app.on_key(ctrl('j'));
    assert_eq!(app.queue.selected, Some(7));
}

#[test]
fn ctrl_d_moves_half_a_page_through_the_plr_events() {
    let mut app = loaded_app();
    press(&mut app, "L");
    let mut found = fixtures::plr_found();
    found.events = (1..=30)
        .map(|id| fixtures::event(id, "GCSE (9-1) in Mathematics", "5", false))
        .collect();
    app.on_message(Message::Plr(Box::new(Ok(found))));
    screen(&mut app);
    app.on_key(ctrl('d'));
    assert_eq!(
        plr(&app).selected,
        7,
        "half of the 14 rows above the footer"
    );
    app.on_key(ctrl('d'));
    app.on_key(ctrl('u'));
    assert_eq!(plr(&app).selected, 7);
    for _ in 0..5 {
        app.on_key(ctrl('d'));
    }
    assert_eq!(plr(&app).selected, 29, "stops at the last event");
}

#[test]
fn ctrl_d_scrolls_the_record_down_to_its_audit_trail_and_ctrl_u_back() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let mut detail = fixtures::detail();
    detail.audit = (1..=12)
        .map(|id| uln_api::AuditEntry {
            id,
            at: "2026-11-24T11:58:00Z".into(),
            operator: format!("op{id:02}"),
            action: uln_api::AuditAction::Viewed,
            reason: None,
            changes: None,
        })
        .collect();
    detail.audit_total = 12;
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    let top = screen(&mut app);
    assert!(
        !top.contains("Audit trail"),
        "the trail starts out of view:\n{top}"
    );
    // The findings box shows 4 rows at this size: each ctrl-d scrolls 2.
    app.on_key(ctrl('d'));
    let down = screen(&mut app);
    assert!(
        down.contains("Audit trail") && !down.contains("op12"),
        "{down}"
    );
    app.on_key(ctrl('d'));
    let further = screen(&mut app);
    assert!(
        further.contains("op12") && further.contains("op11"),
        "{further}"
    );
    app.on_key(ctrl('u'));
    assert_eq!(screen(&mut app), down);
    app.on_key(ctrl('u'));
    assert_eq!(screen(&mut app), top, "and back");
}
