//! Walking the queue without waiting: neighbours read ahead, never a blank frame, never a stale
//! record, and a view audited for each record shown and no other.

use super::*;

/// Record 2 of the fixed queue open, its neighbours (1 and 3) read ahead at version 1.
fn on_record_2() -> App {
    let mut app = loaded_app();
    press(&mut app, "j");
    app.on_key(key(KeyCode::Enter));
    let effects = app.on_message(Message::Detail(Box::new(Ok(record(2, 1)))));
    answer_reads(&mut app, &effects, 1);
    app
}

fn viewed(effects: &[Effect]) -> Vec<i64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::MarkViewed(id) => Some(*id),
            _ => None,
        })
        .collect()
}

fn reads(effects: &[Effect]) -> Vec<i64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::ReadAhead { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

fn awaiting(app: &App) -> Option<i64> {
    match app.top_layer() {
        Some(Layer::Record(r)) => r.awaiting,
        _ => None,
    }
}

#[test]
fn a_record_shown_is_audited_and_its_neighbours_are_read_ahead_unaudited() {
    let mut app = loaded_app();
    press(&mut app, "j");
    app.on_key(key(KeyCode::Enter));
    let effects = app.on_message(Message::Detail(Box::new(Ok(record(2, 1)))));
    assert_eq!(viewed(&effects), [2]);
    assert_eq!(reads(&effects), [1, 3]);
    let after = answer_reads(&mut app, &effects, 1);
    assert!(viewed(&after).is_empty(), "read ahead is not seen");
    assert_eq!(shown_record(&app), Some((2, 1)), "still on record 2");
}

#[test]
fn n_with_the_neighbour_read_ahead_shows_it_at_once_without_loading() {
    let mut app = on_record_2();
    let effects = press(&mut app, "n");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::LoadDetail(_))),
        "nothing to wait for: {effects:?}"
    );
    assert_eq!(shown_record(&app), Some((3, 1)));
    assert_eq!(viewed(&effects), [3]);
    assert_eq!(reads(&effects), [4], "record 2 was kept when left");
    let text = screen(&mut app);
    assert!(text.contains(" #3 ") && !text.contains("Loading"), "{text}");
    let back = press(&mut app, "p");
    assert_eq!(shown_record(&app), Some((2, 1)));
    assert_eq!(back, vec![Effect::MarkViewed(2)]);
    assert_eq!(
        app.on_key(key(KeyCode::Esc)),
        vec![],
        "back on the queue: nothing more to read"
    );
    assert_eq!(app.queue.selected, Some(2));
    assert_eq!(
        app.on_key(key(KeyCode::Enter)),
        vec![Effect::MarkViewed(2)],
        "a row read ahead opens at once"
    );
}

#[test]
fn no_frame_between_two_records_is_blank() {
    let mut app = on_record_2();
    let mut frames = vec![screen(&mut app)];
    // Record 3 was read ahead; record 4 is read once 3 is shown, and not answered yet.
    let effects = press(&mut app, "n");
    frames.push(screen(&mut app));
    press(&mut app, "n");
    assert_eq!(awaiting(&app), Some(4));
    assert_eq!(shown_record(&app), Some((3, 1)), "3 stays until 4 is read");
    let waiting = screen(&mut app);
    assert!(waiting.contains("loading #4"), "{waiting}");
    frames.push(waiting);
    answer_reads(&mut app, &effects, 1);
    assert_eq!(shown_record(&app), Some((4, 1)));
    frames.push(screen(&mut app));
    for (i, frame) in frames.iter().enumerate() {
        assert!(
            frame.contains(" Record ") && !frame.contains("Loading record"),
            "frame {i} shows no record:\n{frame}"
        );
    }
}

#[test]
fn keys_while_the_next_record_is_read_act_on_the_record_shown() {
    let mut app = on_record_2();
    let ahead = press(&mut app, "n");
    press(&mut app, "n");
    assert_eq!(awaiting(&app), Some(4));
    press(&mut app, "x");
    assert_eq!(
        (reject(&app).id, reject(&app).version),
        (3, 1),
        "the reject dialog is for the record on screen"
    );
    assert_eq!(awaiting(&app), None, "and the operator stays on it");
    let late = answer_reads(&mut app, &ahead, 1);
    assert!(viewed(&late).is_empty(), "record 4 was never shown");
    app.on_key(key(KeyCode::Esc));
    assert_eq!(shown_record(&app), Some((3, 1)));
    assert!(screen(&mut app).contains(" #3 "));
    assert!(!screen(&mut app).contains("loading #"));
}

#[test]
fn a_change_to_a_neighbour_read_ahead_means_n_shows_the_new_version() {
    let mut app = on_record_2();
    let stale = ChangeEvent {
        record_id: 3,
        status: RecordStatus::Open,
        version: 2,
        operator: "sam".into(),
        action: ChangeAction::Amended,
        row: None,
    };
    let effects = app.on_message(Message::Change(stale));
    assert_eq!(reads(&effects), [3], "read again at once");
    let shown_before = press(&mut app, "n");
    assert!(
        viewed(&shown_before).is_empty(),
        "nothing new on screen yet"
    );
    assert_eq!(shown_record(&app), Some((2, 1)));
    assert_eq!(awaiting(&app), Some(3));
    answer_reads(&mut app, &effects, 2);
    assert_eq!(
        shown_record(&app),
        Some((3, 2)),
        "the version after the change"
    );
}

#[test]
fn an_answer_read_before_a_change_is_never_shown() {
    let mut app = on_record_2();
    let first = press(&mut app, "n");
    let &[Effect::ReadAhead { id: 4, ticket }] = &first[1..] else {
        panic!("record 4 read ahead: {first:?}");
    };
    let change = ChangeEvent {
        record_id: 4,
        status: RecordStatus::Open,
        version: 2,
        operator: "sam".into(),
        action: ChangeAction::Verified,
        row: None,
    };
    let again = app.on_message(Message::Change(change));
    assert_eq!(reads(&again), [4]);
    press(&mut app, "n");
    let overtaken = Message::ReadAhead {
        id: 4,
        ticket,
        result: Box::new(Ok(record(4, 1))),
    };
    assert!(app.on_message(overtaken).is_empty());
    assert_eq!(
        shown_record(&app),
        Some((3, 1)),
        "still waiting for version 2"
    );
    answer_reads(&mut app, &again, 2);
    assert_eq!(shown_record(&app), Some((4, 2)));
}

#[test]
fn a_resync_drops_everything_read_ahead_and_reads_it_again() {
    let mut app = on_record_2();
    let effects = app.on_message(Message::Resync);
    assert_eq!(reads(&effects), [1, 3]);
    assert!(app.read_ahead.get(3).is_none());
    press(&mut app, "n");
    assert_eq!(awaiting(&app), Some(3), "3 must be read again first");
}

#[test]
fn only_the_records_shown_are_audited_as_viewed() {
    let mut app = loaded_app();
    let mut audited = app.on_key(key(KeyCode::Enter));
    let opened = app.on_message(Message::Detail(Box::new(Ok(record(1, 1)))));
    audited.extend(opened.clone());
    audited.extend(answer_reads(&mut app, &opened, 1));
    for keys in ["n", "n", "p"] {
        let effects = press(&mut app, keys);
        audited.extend(effects.clone());
        audited.extend(answer_reads(&mut app, &effects, 1));
    }
    assert_eq!(
        viewed(&audited),
        [1, 2, 3, 2],
        "one view each time one came on screen"
    );
    assert!(
        app.read_ahead.get(4).is_some(),
        "4 was read ahead, never shown"
    );
}

#[test]
fn a_failed_view_audit_is_reported_and_the_record_stays() {
    let mut app = on_record_2();
    let failure = uln_api::ClientError::Unreachable("connection refused".into());
    app.on_message(Message::Viewed {
        id: 2,
        result: Err(failure),
    });
    let notice = app.notice.clone().expect("a notice");
    assert!(
        notice.error && notice.text.contains("view audit"),
        "{notice:?}"
    );
    assert_eq!(shown_record(&app), Some((2, 1)));
}

#[test]
fn leaving_the_record_screen_abandons_its_reads_ahead() {
    let mut app = on_record_2();
    let ahead = press(&mut app, "n");
    assert!(app.read_ahead.is_reading(4));
    assert!(
        matches!(app.owner(&ahead[1]), crate::tasks::Owner::Layer(_)),
        "the record screen owns its reads ahead"
    );
    app.on_key(key(KeyCode::Esc));
    assert!(!app.read_ahead.is_reading(4), "cancelled with the screen");
    assert!(answer_reads(&mut app, &ahead, 1).is_empty());
    assert!(
        app.read_ahead.get(4).is_none(),
        "a cancelled read is not kept"
    );
}

/// Record 2 of the fixed queue open, then resolved elsewhere: it leaves the queue.
fn on_record_2_resolved() -> App {
    let mut app = on_record_2();
    app.on_message(Message::Change(ChangeEvent {
        record_id: 2,
        status: RecordStatus::Resolved,
        version: 2,
        operator: "sam".into(),
        action: ChangeAction::Amended,
        row: None,
    }));
    app
}

#[test]
fn n_and_p_from_a_record_that_left_the_queue_go_to_the_records_around_where_it_was() {
    let mut app = on_record_2_resolved();
    press(&mut app, "n");
    assert_eq!(
        shown_record(&app),
        Some((3, 1)),
        "the record after it, not 'last record of the queue'"
    );
    let mut app = on_record_2_resolved();
    press(&mut app, "p");
    assert_eq!(shown_record(&app), Some((1, 1)), "the record before it");
}
