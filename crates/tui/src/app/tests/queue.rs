//! The queue: loading, walking, filtering, sorting, and changes made elsewhere.

use super::*;

#[test]
fn pages_keep_loading_until_the_last_and_stale_pages_are_dropped() {
    let mut app = fixtures::app();
    app.start();
    let first = ExceptionPage {
        items: fixtures::rows()[..2].to_vec(),
        next_cursor: Some("c1".into()),
    };
    let effects = app.on_message(Message::Page {
        generation: 1,
        result: Ok(first),
    });
    assert_eq!(
        effects,
        vec![Effect::LoadPage {
            generation: 1,
            queue: None,
            cursor: Some("c1".into()),
            sort: SortKey::Deadline,
            descending: false,
            records: uln_api::RecordFilter::Open,
            snoozed: uln_api::SnoozeFilter::Awake,
            assigned_to: None,
        }]
    );
    let stale = ExceptionPage {
        items: fixtures::rows(),
        next_cursor: None,
    };
    assert!(app
        .on_message(Message::Page {
            generation: 0,
            result: Ok(stale)
        })
        .is_empty());
    assert_eq!(app.queue.visible_len(), 2);
    assert!(app.queue.loading);
}

#[test]
fn enter_opens_the_record_and_n_p_walk_the_queue() {
    let mut app = loaded_app();
    press(&mut app, "j");
    assert_eq!(app.on_key(key(KeyCode::Enter)), vec![Effect::LoadDetail(2)]);
    assert_eq!(app.top().title(), "record");
    let effects = app.on_message(Message::Detail(Box::new(Ok(record(2, 1)))));
    answer_reads(&mut app, &effects, 1);
    for (keys, shown) in [("n", 3), ("p", 2), ("p", 1)] {
        let effects = press(&mut app, keys);
        answer_reads(&mut app, &effects, 1);
        assert_eq!(shown_record(&app), Some((shown, 1)), "after {keys}");
    }
    assert!(
        press(&mut app, "p").is_empty(),
        "no record before the first"
    );
    assert!(app.notice.as_ref().unwrap().text.contains("first record"));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "queue");
    assert_eq!(
        app.queue.selected,
        Some(1),
        "back on the list, the cursor is on the record last shown"
    );
}

#[test]
fn a_record_resolved_elsewhere_leaves_the_queue_and_the_cursor_stays_on_its_record() {
    let mut app = loaded_app();
    press(&mut app, "jj");
    assert_eq!(app.queue.selected, Some(3));
    let effects = app.on_message(resolved_by(1, 2, "sam"));
    assert!(effects.is_empty(), "the event is enough: no request");
    assert_eq!(app.queue.visible_len(), 4);
    assert_eq!(
        app.queue.selected_row().map(|r| r.id()),
        Some(3),
        "anchored by id, not row number"
    );
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("#1 resolved by sam"));
}

#[test]
fn a_record_resolved_elsewhere_leaves_a_filtered_queue_without_refiltering_it() {
    let mut app = loaded_app();
    press(&mut app, "/cal");
    app.on_key(key(KeyCode::Enter));
    let before: Vec<i64> = app.queue.visible_ids().collect();
    assert!(
        before.len() >= 2 && before.len() < 5,
        "a filter that hides some rows"
    );
    let hidden = (1..=5).find(|id| !before.contains(id)).unwrap();
    for (id, version) in [(before[0], 2), (hidden, 2)] {
        app.on_message(resolved_by(id, version, "sam"));
    }
    let after: Vec<i64> = app.queue.visible_ids().collect();
    assert_eq!(after, before[1..], "the rest still shown, in order");
    // The same as filtering the remaining rows afresh.
    press(&mut app, "/");
    app.on_key(key(KeyCode::Backspace));
    press(&mut app, "l");
    assert_eq!(app.queue.visible_ids().collect::<Vec<_>>(), after);
}

#[test]
fn a_change_to_the_open_record_reloads_it() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let change = ChangeEvent {
        record_id: 1,
        status: RecordStatus::Open,
        version: 2,
        operator: "sam".into(),
        action: ChangeAction::Verified,
        row: None,
    };
    assert_eq!(
        app.on_message(Message::Change(change)),
        vec![Effect::LoadDetail(1)]
    );
}

#[test]
fn slash_filters_by_words_in_queue_order_and_esc_clears() {
    let mut app = loaded_app();
    press(&mut app, "/");
    assert!(matches!(app.top_layer(), Some(Layer::Filter(_))));
    press(&mut app, "calder");
    assert_eq!(app.queue.visible_len(), 2);
    assert_eq!(
        app.queue.selected_row().map(|r| r.id()),
        Some(1),
        "matches keep the deadline order"
    );
    press(&mut app, "q");
    assert!(app.running, "q while filtering is text, not quit");
    app.on_key(key(KeyCode::Backspace));
    app.on_key(key(KeyCode::Enter));
    assert_eq!(app.top().title(), "queue");
    assert_eq!(app.queue.filter, "calder");
    press(&mut app, "/");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.queue.visible_len(), 5);
}

/// The "input never waits" rule: on a queue big enough to filter in the background, each key
/// is echoed in the very next frame without waiting for the filter, a filter overtaken by a later
/// key stops and answers nothing, and only the newest result is shown.
#[test]
fn typing_a_filter_on_a_big_queue_never_waits_for_it_and_stale_filters_are_dropped() {
    let mut app = loaded_app();
    app.queue.inline_filter_below = 0; // as if the queue held a million rows
    press(&mut app, "/");
    let mut jobs = Vec::new();
    for (typed, c) in ["a", "ac", "aca"].into_iter().zip("aca".chars()) {
        let found = filter_jobs(app.on_key(key(KeyCode::Char(c))));
        assert_eq!(found.len(), 1, "the key hands the filter to the background");
        jobs.extend(found);
        let text = screen(&mut app);
        assert!(
            text.contains(&format!("/{typed}█  filtering…")),
            "the key shows in the next frame, before any filter answers:\n{text}"
        );
    }
    assert_eq!(
        app.queue.visible_len(),
        5,
        "the old rows stay until the filter answers"
    );
    assert_eq!(
        jobs[0].run(),
        None,
        "a filter overtaken by later keys gives up"
    );
    assert_eq!(jobs[1].run(), None);
    let newest = jobs[2].run().expect("the newest filter runs to the end");
    // A stale answer that slipped through is ignored.
    let mut stale = newest.clone();
    stale.generation -= 1;
    stale.visible = vec![4];
    app.on_message(Message::Filtered(stale));
    assert_eq!(app.queue.visible_len(), 5);
    app.on_message(Message::Filtered(newest));
    let mut inline = loaded_app();
    press(&mut inline, "/aca");
    assert_eq!(
        app.queue.visible_ids().collect::<Vec<_>>(),
        inline.queue.visible_ids().collect::<Vec<_>>()
    );
    assert_eq!(app.queue.visible_len(), 2, "the two Academies");
    assert!(!screen(&mut app).contains("filtering…"));
    // Typing on narrows the matches in the background, among the last result only.
    let narrowing = filter_jobs(press(&mut app, "demy j"));
    assert_eq!(narrowing.len(), 6, "one a key");
    assert!(format!("{:?}", narrowing[0]).contains("narrowing: Some(2)"));
    app.on_message(Message::Filtered(narrowing[5].run().unwrap()));
    assert_eq!(
        app.queue.visible_ids().collect::<Vec<_>>(),
        [2],
        "academy j: the Academy on Jubilee Park"
    );
}

#[test]
fn sorting_cycles_columns_and_reverses() {
    let mut app = loaded_app();
    press(&mut app, "ss");
    assert_eq!(app.queue.sort.name(), "centre");
    assert_eq!(
        app.queue.selected,
        Some(1),
        "sorting keeps the cursor on its record"
    );
    press(&mut app, "g");
    assert_eq!(
        app.queue.selected_row().unwrap().centre(),
        "Abbey Mead Academy"
    );
    press(&mut app, "S");
    assert!(app.queue.descending);
}

#[test]
fn tab_moves_to_the_next_queue_and_reloads_it() {
    let mut app = loaded_app();
    let effects = app.on_key(key(KeyCode::Tab));
    assert_eq!(effects, vec![first_page(2, Some("spelling"))]);
}
