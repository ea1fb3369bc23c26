//! A grouped view follows the queue while it is open: a record resolved elsewhere leaves its
//! group, one moved to another centre moves, a new one joins, the counts follow, the cursor stays on its record,
//! and a bulk action goes at the version the queue holds now rather than the one grouped.

use super::*;
use uln_api::BulkRecord;

fn group_by_centre(app: &mut App) {
    press(app, ":group centre");
    app.on_key(key(KeyCode::Enter));
}

/// Record 2 moved to Calder Valley College at version 2, as the event stream reports it.
fn oscar_moved_to_calder_valley() -> Message {
    let mut moved = fixtures::summary(
        2,
        "Oscar",
        "Patel",
        "Calder Valley College",
        "2026-11-25T09:30:00Z",
        "different_person",
    );
    moved.version = 2;
    changed(moved, ChangeAction::Amended)
}

/// The records `B` offers a bulk action for.
fn bulk_records_asked(app: &mut App) -> Vec<BulkRecord> {
    press(app, "B");
    match app.top_layer() {
        Some(Layer::BulkChoose(dialog)) => dialog.records.clone(),
        other => panic!("no bulk dialog: {other:?}"),
    }
}

#[test]
fn the_grouped_view_follows_changes_made_elsewhere_and_keeps_its_cursor() {
    let mut app = loaded_app();
    group_by_centre(&mut app);
    // Abbey Mead's header and row, Calder Valley's header, Amelia (1), then Grace (3).
    press(&mut app, "jjjj");
    app.on_message(resolved_by(1, 2, "sam"));
    app.on_message(oscar_moved_to_calder_valley());
    let zara = fixtures::summary(
        99,
        "Zara",
        "Khan",
        "Abbey Mead Academy",
        "2026-11-26T00:00:00Z",
        "spelling",
    );
    app.on_message(changed(zara, ChangeAction::Created));
    let shown = screen_at(&mut app, 80, 24);
    assert!(
        shown.contains("Grouped by centre: 5 records in 3 groups"),
        "{shown}"
    );
    assert!(shown.contains("▾ Calder Valley College (2)"), "{shown}");
    assert!(shown.contains("▾ Abbey Mead Academy (2)"), "{shown}");
    assert!(
        !shown.contains("Amelia"),
        "the resolved record left: {shown}"
    );
    assert!(
        !shown.contains("Jubilee Park"),
        "its only record moved: {shown}"
    );
    insta::assert_snapshot!(shown);
    assert!(matches!(app.top_layer(), Some(Layer::Groups(_))));
    let on_cursor = bulk_records_asked(&mut app);
    assert_eq!(
        on_cursor,
        [BulkRecord { id: 3, version: 1 }],
        "still on Grace"
    );
}

#[test]
fn a_bulk_action_on_a_group_goes_at_the_versions_the_queue_holds_now() {
    let mut app = loaded_app();
    group_by_centre(&mut app);
    press(&mut app, "jj");
    app.on_message(oscar_moved_to_calder_valley());
    let on_group = bulk_records_asked(&mut app);
    let now = [
        BulkRecord { id: 1, version: 1 },
        BulkRecord { id: 2, version: 2 },
        BulkRecord { id: 3, version: 1 },
    ];
    assert_eq!(
        on_group, now,
        "the moved record joined the group at its new version"
    );
}
