//! Records due at the same moment keep one order, the server's: by id, reversed with the rest
//! of the order for descending. However the rows arrive and however often the queue is re-sorted.

use super::*;

/// Record `id` due at one shared deadline.
fn due_together(id: i64) -> ExceptionSummary {
    fixtures::summary(
        id,
        "Amelia",
        "Hughes",
        "Calder Valley College",
        "2026-11-30T12:00:00Z",
        "spelling",
    )
}

fn shown(app: &App) -> Vec<i64> {
    app.queue.visible_ids().collect()
}

/// A queue holding records due together, as the server pages them (by id).
fn queue_due_together(ids: &[i64]) -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Char('r')));
    let generation = app.queue.generation;
    app.on_message(Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: ids.iter().map(|&id| due_together(id)).collect(),
            next_cursor: None,
        }),
    });
    app
}

#[test]
fn records_due_together_stay_in_id_order_through_every_resort() {
    let mut app = queue_due_together(&[1, 3, 5, 9]);
    assert_eq!(shown(&app), [1, 3, 5, 9]);
    for _ in SortKey::ALL {
        press(&mut app, "s");
    }
    assert_eq!(app.queue.sort, SortKey::Deadline, "round to the deadline");
    assert_eq!(shown(&app), [1, 3, 5, 9], "the same order as before");
    press(&mut app, "S");
    assert_eq!(
        shown(&app),
        [9, 5, 3, 1],
        "descending reverses the ties too"
    );
    press(&mut app, "S");
    assert_eq!(shown(&app), [1, 3, 5, 9]);
}

#[test]
fn a_record_due_with_others_joins_them_in_id_order() {
    let mut app = queue_due_together(&[1, 3, 5, 9]);
    for id in [4, 10, 2] {
        app.on_message(changed(due_together(id), ChangeAction::Created));
    }
    assert_eq!(shown(&app), [1, 2, 3, 4, 5, 9, 10]);
    let mut moved = due_together(5);
    moved.version = 2;
    app.on_message(changed(moved, ChangeAction::Amended));
    assert_eq!(
        shown(&app),
        [1, 2, 3, 4, 5, 9, 10],
        "an amended record keeps its place among its equals"
    );
}
