//! Changes made elsewhere, as the event stream reports them: the queue updates itself from each
//! event's row, without a request, and its membership and order stay exactly what a fresh load
//! would show.

use super::*;
use uln_api::{AnomalyKind, QueueOrder};

/// A registration at `centre` due at `deadline`, in the spelling queue.
fn registration(
    id: i64,
    given: &str,
    family: &str,
    centre: &str,
    deadline: &str,
) -> ExceptionSummary {
    fixtures::summary(id, given, family, centre, deadline, "spelling")
}

fn shown(app: &App) -> Vec<i64> {
    app.queue.visible_ids().collect()
}

/// What a fresh load of `rows` would show, in the default order.
fn in_order(mut rows: Vec<ExceptionSummary>) -> Vec<i64> {
    QueueOrder::default().sort(&mut rows);
    rows.iter().map(|r| r.id).collect()
}

fn page(generation: u64, items: Vec<ExceptionSummary>, next: Option<&str>) -> Message {
    Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items,
            next_cursor: next.map(str::to_owned),
        }),
    }
}

#[test]
fn a_registration_elsewhere_joins_the_queue_in_order_without_a_request() {
    let mut app = loaded_app();
    press(&mut app, "jj");
    let new = registration(
        99,
        "Zara",
        "Khan",
        "Abbey Mead Academy",
        "2026-11-26T00:00:00Z",
    );
    let effects = app.on_message(changed(new, ChangeAction::Created));
    assert!(effects.is_empty(), "no reload, no counts: {effects:?}");
    assert_eq!(shown(&app), [1, 2, 99, 3, 4, 5]);
    assert_eq!(
        app.queue.selected,
        Some(3),
        "the cursor stays on its record"
    );
    assert_eq!(app.queue.selected_row().map(|r| r.id()), Some(3));
}

#[test]
fn a_batch_of_registrations_lands_in_the_order_a_fresh_load_shows() {
    let mut app = loaded_app();
    let batch = [
        registration(
            90,
            "Ava",
            "Wilson",
            "Pennine Gate College",
            "2026-12-31T00:00:00Z",
        ),
        registration(
            91,
            "Leo",
            "Evans",
            "Pennine Gate College",
            "2026-11-20T00:00:00Z",
        ),
        registration(
            92,
            "Ivy",
            "Brown",
            "Pennine Gate College",
            "2026-11-28T16:00:00Z",
        ),
        registration(
            93,
            "Arthur",
            "Jones",
            "Pennine Gate College",
            "2026-11-25T09:30:00Z",
        ),
    ];
    for row in batch.clone() {
        app.on_message(changed(row, ChangeAction::Created));
    }
    let mut all = fixtures::rows();
    all.extend(batch);
    assert_eq!(
        shown(&app),
        in_order(all),
        "ties on the deadline broken by id"
    );
}

#[test]
fn a_registration_joins_a_filtered_queue_only_if_it_matches() {
    let mut app = loaded_app();
    press(&mut app, "/cal");
    app.on_key(key(KeyCode::Enter));
    let before = shown(&app);
    let mut hidden = registration(
        97,
        "Ivy",
        "Khan",
        "Westbrook High School",
        "2026-11-24T11:00:00Z",
    );
    hidden.uln = None;
    app.on_message(changed(hidden, ChangeAction::Created));
    assert_eq!(shown(&app), before, "a row the filter hides stays hidden");
    let matching = registration(
        98,
        "Ann",
        "Lee",
        "Calder Valley College",
        "2026-11-24T11:00:00Z",
    );
    app.on_message(changed(matching, ChangeAction::Created));
    assert_eq!(shown(&app)[..2], [1, 98], "the match shows in its place");
    assert_eq!(shown(&app).len(), before.len() + 1);
    assert_eq!(app.queue.rows.len(), 7, "both are in the queue");
    // The same as filtering every row afresh.
    press(&mut app, "/");
    app.on_key(key(KeyCode::Backspace));
    press(&mut app, "l");
    assert_eq!(
        shown(&app),
        [1, 98]
            .into_iter()
            .chain(before[1..].iter().copied())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_registration_while_pages_load_is_neither_lost_nor_listed_twice() {
    let mut app = fixtures::app();
    app.start();
    let rows = fixtures::rows();
    app.on_message(page(1, rows[..2].to_vec(), Some("c1")));
    // Beyond the rows loaded so far; the next page, asked for before, may or may not have it.
    let late = registration(
        99,
        "Zara",
        "Khan",
        "Abbey Mead Academy",
        "2026-12-01T00:00:00Z",
    );
    app.on_message(changed(late.clone(), ChangeAction::Created));
    // Before the loaded rows: no later page brings it.
    let early = registration(98, "Ann", "Lee", "Leeds College", "2026-11-24T11:00:00Z");
    app.on_message(changed(early.clone(), ChangeAction::Created));
    assert_eq!(shown(&app), [1, 98, 2, 99]);
    app.on_message(page(1, vec![rows[2].clone(), late.clone()], Some("c2")));
    assert_eq!(
        shown(&app),
        [1, 98, 2, 3, 99],
        "the page's copy is not listed twice"
    );
    app.on_message(page(1, rows[3..].to_vec(), None));
    let mut all = rows;
    all.extend([late, early]);
    assert_eq!(
        shown(&app),
        in_order(all),
        "a page without it loses nothing"
    );
    assert!(!app.queue.loading);
}

#[test]
fn a_page_older_than_an_event_does_not_bring_back_what_the_event_took_out() {
    let mut app = fixtures::app();
    app.start();
    let rows = fixtures::rows();
    app.on_message(page(1, rows[..2].to_vec(), Some("c1")));
    app.on_message(resolved_by(4, 2, "sam"));
    app.on_message(page(1, rows[2..].to_vec(), None));
    assert_eq!(
        shown(&app),
        [1, 2, 3, 5],
        "record 4 was resolved after its page was read"
    );
}

#[test]
fn an_amendment_that_keeps_the_record_open_moves_it_to_its_new_place() {
    let mut app = loaded_app();
    let mut amended = fixtures::rows()[0].clone();
    amended.version = 2;
    amended.deadline = "2026-11-30T00:00:00Z".into();
    amended.anomalies = vec![AnomalyKind::Postcode];
    app.on_message(changed(amended, ChangeAction::Amended));
    assert_eq!(
        shown(&app),
        [2, 3, 1, 4, 5],
        "still in all, at its new deadline"
    );
    assert_eq!(app.queue.rows.len(), 5);
    assert!(app.notice.is_none(), "still open: nothing to announce");
}

#[test]
fn an_amendment_moves_a_record_out_of_its_anomaly_queue_and_back() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Tab));
    assert_eq!(app.queue.queue_name().as_deref(), Some("spelling"));
    app.on_message(page(2, fixtures::rows()[..1].to_vec(), None));
    assert_eq!(shown(&app), [1]);
    let mut amended = fixtures::rows()[0].clone();
    amended.version = 2;
    amended.anomalies = vec![AnomalyKind::Postcode];
    app.on_message(changed(amended.clone(), ChangeAction::Amended));
    assert!(shown(&app).is_empty(), "no longer a spelling exception");
    amended.version = 3;
    amended.anomalies = vec![AnomalyKind::Spelling, AnomalyKind::Postcode];
    app.on_message(changed(amended, ChangeAction::Amended));
    assert_eq!(shown(&app), [1], "a spelling exception again");
    // Another queue's record does not join this one.
    let elsewhere = fixtures::summary(
        60,
        "Leo",
        "Evans",
        "Leeds College",
        "2026-11-25T00:00:00Z",
        "postcode",
    );
    app.on_message(changed(elsewhere, ChangeAction::Created));
    assert_eq!(shown(&app), [1]);
}

#[test]
fn a_reopened_record_returns_to_its_place() {
    let mut app = loaded_app();
    app.on_message(resolved_by(2, 2, "sam"));
    assert_eq!(shown(&app), [1, 3, 4, 5]);
    let mut reopened = fixtures::rows()[1].clone();
    reopened.version = 3;
    app.on_message(changed(reopened, ChangeAction::Reopened));
    assert_eq!(shown(&app), [1, 2, 3, 4, 5]);
}

#[test]
fn an_expired_record_leaves_the_queue_with_a_notice() {
    let mut app = loaded_app();
    press(&mut app, "jjj");
    let expired = Message::Change(ChangeEvent {
        record_id: 4,
        status: RecordStatus::Expired,
        version: 2,
        operator: "expiry".into(),
        action: ChangeAction::Expired,
        row: None,
    });
    assert!(app.on_message(expired).is_empty());
    assert_eq!(shown(&app), [1, 2, 3, 5]);
    assert_eq!(
        app.queue.selected,
        Some(5),
        "the cursor moves to the next record"
    );
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("#4 expired by expiry"));
}

#[test]
fn an_event_older_than_the_row_held_changes_nothing() {
    let mut app = loaded_app();
    let mut newer = fixtures::rows()[0].clone();
    newer.version = 3;
    app.on_message(changed(newer.clone(), ChangeAction::Amended));
    let mut older = newer;
    older.version = 2;
    older.deadline = "2026-12-30T00:00:00Z".into();
    app.on_message(changed(older, ChangeAction::Amended));
    app.on_message(resolved_by(1, 2, "sam"));
    assert_eq!(shown(&app), [1, 2, 3, 4, 5]);
}

#[test]
fn a_resync_reloads_the_queue_and_its_counts() {
    let mut app = loaded_app();
    assert_eq!(
        app.on_message(Message::Resync),
        vec![Effect::LoadQueues, first_page(2, None)]
    );
}
