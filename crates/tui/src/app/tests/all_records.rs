//! Every record, closed ones too (issue 13, defect 5): `:all-records` lists them so a supervisor
//! can find a resolved or rejected record and reopen it; a queue's name or tab goes back.

use super::*;

fn run(app: &mut App, command: &str) -> Vec<Effect> {
    press(app, ":");
    press(app, command);
    app.on_key(key(KeyCode::Enter))
}

fn records_asked(effects: &[Effect]) -> Option<uln_api::RecordFilter> {
    effects.iter().find_map(|e| match e {
        Effect::LoadPage { records, .. } => Some(*records),
        _ => None,
    })
}

#[test]
fn all_records_asks_for_closed_records_too_and_shows_each_ones_status() {
    let mut app = loaded_app();
    let effects = run(&mut app, "all-records");
    assert_eq!(records_asked(&effects), Some(uln_api::RecordFilter::All));
    let generation = app.queue.generation;
    let mut rejected = fixtures::rows()[0].clone();
    rejected.status = RecordStatus::Rejected;
    app.on_message(Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: vec![rejected.clone(), fixtures::rows()[1].clone()],
            next_cursor: None,
        }),
    });
    let text = screen(&mut app);
    assert!(text.contains("all records, closed too"), "{text}");
    assert!(text.contains("rejected"), "{text}");

    // A change to a listed record asks again: events carry no row for a closed record.
    let effects = app.on_message(resolved_by(rejected.id, rejected.version + 1, "sam"));
    assert_eq!(records_asked(&effects), Some(uln_api::RecordFilter::All));

    let effects = app.on_key(key(KeyCode::Tab));
    assert_eq!(
        records_asked(&effects),
        Some(uln_api::RecordFilter::Open),
        "tab goes back to a queue"
    );
}

#[test]
fn a_queue_name_on_the_command_line_leaves_the_all_records_view() {
    let mut app = loaded_app();
    run(&mut app, "closed-records");
    assert_eq!(app.queue.records, uln_api::RecordFilter::Closed);
    let effects = run(&mut app, "postcode");
    assert_eq!(records_asked(&effects), Some(uln_api::RecordFilter::Open));
}
