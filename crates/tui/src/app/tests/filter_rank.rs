//! The queue filter is tight and ranked: each word typed must begin a word of the row, whole
//! words rank first, and rows that rank the same keep the queue's order, through live events
//! and pages as much as through typing.

use super::*;

fn learner(id: i64, given: &str, family: &str, deadline: &str) -> ExceptionSummary {
    fixtures::summary(
        id,
        given,
        family,
        "Leeds City College",
        deadline,
        "spelling",
    )
}

fn shown(app: &App) -> Vec<i64> {
    app.queue.visible_ids().collect()
}

/// A queue of namesakes and near-namesakes, soonest deadline first as ids go.
fn brontes() -> Vec<ExceptionSummary> {
    vec![
        learner(11, "Robert", "Wilkinson", "2026-11-25T09:00:00Z"),
        learner(12, "Anne", "Bronte", "2026-11-26T09:00:00Z"),
        learner(13, "Bron", "Evans", "2026-11-27T09:00:00Z"),
        learner(14, "Emily", "Bronte", "2026-11-28T09:00:00Z"),
        learner(15, "Bronwen", "Hughes", "2026-11-29T09:00:00Z"),
    ]
}

fn filtered(pattern: &str) -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Char('r')));
    let generation = app.queue.generation;
    app.on_message(Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: brontes(),
            next_cursor: None,
        }),
    });
    press(&mut app, "/");
    press(&mut app, pattern);
    app
}

#[test]
fn bronte_finds_only_the_brontes() {
    let app = filtered("bronte");
    assert_eq!(shown(&app), [12, 14], "not Robert Wilkinson");
}

#[test]
fn whole_words_rank_first_and_ties_keep_the_deadline_order() {
    let app = filtered("bron");
    assert_eq!(
        shown(&app),
        [13, 12, 14, 15],
        "Bron, then Bronte, Bronte, Bronwen"
    );
    assert_eq!(app.queue.selected, Some(13), "the cursor on the best match");
}

#[test]
fn a_live_registration_takes_its_place_in_the_ranking() {
    let mut app = filtered("bron");
    app.on_key(key(KeyCode::Enter));
    let soonest = learner(16, "Bron", "Kaur", "2026-11-24T18:00:00Z");
    app.on_message(changed(soonest, ChangeAction::Created));
    let later = learner(17, "Bronagh", "Kaur", "2026-11-24T19:00:00Z");
    app.on_message(changed(later, ChangeAction::Created));
    let unrelated = learner(18, "Ronan", "Brook", "2026-11-24T20:00:00Z");
    app.on_message(changed(unrelated, ChangeAction::Created));
    assert_eq!(shown(&app), [16, 13, 17, 12, 14, 15]);
}

#[test]
fn a_page_that_arrives_under_a_filter_is_ranked_with_the_rest() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Char('r')));
    let generation = app.queue.generation;
    let all = brontes();
    let (first, rest) = all.split_at(3);
    let page = |items: &[ExceptionSummary], next: Option<&str>| Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: items.to_vec(),
            next_cursor: next.map(str::to_owned),
        }),
    };
    app.on_message(page(first, Some("more")));
    press(&mut app, "/bron");
    assert_eq!(shown(&app), [13, 12]);
    app.on_message(page(rest, None));
    assert_eq!(shown(&app), [13, 12, 14, 15]);
}
