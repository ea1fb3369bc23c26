//! A console showing a queue shared with the other consoles of an SSH server: it takes the
//! shared rows over without copying them, keeps its own cursor and filter over them, and takes a
//! change from the shared queue, which heard of it first.

use super::*;
use crate::feed::queues::{QueueKey, SharedQueue};
use std::sync::Arc;

fn key() -> QueueKey {
    QueueKey {
        queue: None,
        sort: SortKey::Deadline,
        descending: false,
    }
}

/// An app showing `queue`, as after the shared queue's first message.
fn showing(queue: &Arc<SharedQueue>) -> App {
    let mut app = fixtures::app();
    app.start();
    let generation = app.queue.generation;
    app.on_message(Message::SharedQueue {
        generation,
        queue: queue.clone(),
        claims: Vec::new(),
    });
    app
}

fn rejected(id: i64, version: i64) -> ChangeEvent {
    ChangeEvent {
        record_id: id,
        status: RecordStatus::Rejected,
        version,
        operator: "sam".into(),
        action: ChangeAction::Rejected,
        row: None,
    }
}

#[test]
fn a_console_shows_the_shared_rows_themselves_with_its_own_cursor() {
    let queue = SharedQueue::loaded_with(key(), fixtures::rows());
    let mut olu = showing(&queue);
    let mut sam = showing(&queue);
    assert!(olu.queue.shares_rows_with(&queue) && sam.queue.shares_rows_with(&queue));
    press(&mut olu, "jj");
    let on = olu.queue.selected.expect("a record under olu's cursor");
    assert_eq!(sam.queue.selected, olu.queue.visible_ids().next());

    // Rejected elsewhere: the shared queue takes it in first, then each console hears of it.
    let first = olu.queue.visible_ids().next().unwrap();
    queue.apply(&rejected(first, 9));
    for app in [&mut olu, &mut sam] {
        app.on_message(Message::Change(rejected(first, 9)));
        assert!(app.queue.shares_rows_with(&queue), "taken over, not copied");
        assert!(!app.queue.visible_ids().any(|id| id == first));
    }
    assert_eq!(
        olu.queue.selected,
        Some(on),
        "olu's cursor stays on its record"
    );
    assert_eq!(
        sam.queue.selected,
        sam.queue.visible_ids().next(),
        "sam's moved to the record that took the first place"
    );
    assert!(
        screen(&mut olu).contains("Rejected by sam")
            || screen(&mut olu).contains("rejected by sam"),
        "the record leaving is told as from a queue of one's own:\n{}",
        screen(&mut olu)
    );
}

#[test]
fn a_filter_over_a_big_shared_queue_keeps_its_matches_while_it_runs_again() {
    let queue = SharedQueue::loaded_with(key(), fixtures::rows());
    let mut app = showing(&queue);
    // Every filter runs in the background, as over a queue of 20,000 rows or more.
    app.queue.inline_filter_below = 0;
    let order: Vec<i64> = app.queue.visible_ids().collect();
    press(&mut app, "jjjj");
    let row = app.queue.selected_row().unwrap();
    let family = row.family_name().to_owned();
    app.queue.set_filter(family.clone());
    let job = app.queue.take_filter_job().expect("a background filter");
    app.on_message(Message::Filtered(job.run().unwrap()));
    let matches: Vec<i64> = app.queue.visible_ids().collect();
    assert!(!matches.is_empty());

    // A record before the matches leaves: their rows move up by one in the new rows, and the
    // console follows that one change row by row, with no need to filter again.
    queue.apply(&rejected(order[0], 9));
    let effects = app.on_message(Message::Change(rejected(order[0], 9)));
    assert!(app.queue.shares_rows_with(&queue));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Filter(_))));
    assert_eq!(app.queue.visible_ids().collect::<Vec<_>>(), matches);

    // Two more leave before the console hears of the first: it takes the rows over whole and
    // filters again in the background, and until that answers shows the same records.
    let (second, third) = (order[1], order[2]);
    assert!(!matches.contains(&second) && !matches.contains(&third));
    queue.apply(&rejected(second, 9));
    queue.apply(&rejected(third, 9));
    let effects = app.on_message(Message::Change(rejected(second, 9)));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Filter(_))),
        "filtered again: {effects:?}"
    );
    assert_eq!(
        app.queue.visible_ids().collect::<Vec<_>>(),
        matches,
        "until the filter answers, the same records are shown"
    );
    let _ = screen(&mut app);
}

/// Not shared, but found while sharing: a console's own big queue, its filter running in the
/// background, loses the last record it shows. The rows shown must stay rows that exist.
#[test]
fn a_record_leaving_while_a_filter_runs_leaves_no_row_shown_that_is_gone() {
    let mut app = loaded_app();
    app.queue.inline_filter_below = 0;
    app.queue.set_filter(String::new());
    let shown: Vec<i64> = app.queue.visible_ids().collect();
    let last = *shown.last().unwrap();
    app.queue.set_filter("a".into());
    assert!(app.queue.take_filter_job().is_some(), "a filter running");
    app.on_message(Message::Change(rejected(last, 9)));
    let after: Vec<i64> = app.queue.visible_ids().collect();
    assert_eq!(
        after,
        shown[..shown.len() - 1],
        "the same records, less the one gone"
    );
    let _ = screen(&mut app);
}

#[test]
fn a_row_moving_in_the_shared_queue_moves_in_each_console_as_in_a_fresh_load() {
    let queue = SharedQueue::loaded_with(key(), fixtures::rows());
    let mut filtered = showing(&queue);
    let mut plain = showing(&queue);
    let first = plain.queue.selected_row().unwrap();
    let (id, family) = (first.id(), first.family_name().to_owned());
    filtered.queue.set_filter(family);
    let matches: Vec<i64> = filtered.queue.visible_ids().collect();
    assert!(matches.contains(&id));

    // Amended elsewhere with a later deadline: it moves to the end of the queue.
    let mut moved = fixtures::rows().into_iter().find(|r| r.id == id).unwrap();
    moved.version = 2;
    moved.deadline = "2027-06-01T00:00:00Z".into();
    let change = ChangeEvent {
        record_id: id,
        status: RecordStatus::Open,
        version: 2,
        operator: "sam".into(),
        action: ChangeAction::Amended,
        row: Some(moved.clone()),
    };
    queue.apply(&change);
    let mut fresh_rows = fixtures::rows();
    fresh_rows.retain(|r| r.id != id);
    fresh_rows.push(moved);
    let fresh = SharedQueue::loaded_with(key(), fresh_rows);
    let expected: Vec<i64> = showing(&fresh).queue.visible_ids().collect();
    for app in [&mut filtered, &mut plain] {
        app.on_message(Message::Change(change.clone()));
        assert!(app.queue.shares_rows_with(&queue));
    }
    assert_eq!(plain.queue.visible_ids().collect::<Vec<_>>(), expected);
    assert_eq!(*expected.last().unwrap(), id);
    assert_eq!(
        filtered.queue.visible_ids().collect::<Vec<_>>(),
        expected
            .iter()
            .copied()
            .filter(|i| matches.contains(i))
            .collect::<Vec<_>>(),
        "the filter's matches, the moved record among them in its new place"
    );
    assert_eq!(
        plain.queue.selected,
        Some(id),
        "the cursor follows its record"
    );
}
