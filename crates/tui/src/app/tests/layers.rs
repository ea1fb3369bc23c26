//! Every layer offers exactly the keys it lists: `?`, the footer and key routing read the same
//! list, from the top layer only.

use super::*;
use crate::keymap::Action;
use crate::screens::help::{self, HelpOverlay};

/// Each layer the console has, opened by keys from a loaded queue, with its help title.
fn every_layer() -> Vec<(&'static str, App)> {
    let opened = |setup: &dyn Fn(&mut App)| {
        let mut app = loaded_app();
        setup(&mut app);
        app
    };
    let on_record = |app: &mut App| {
        app.on_key(key(KeyCode::Enter));
        app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    };
    let needing_a_search = |app: &mut App| {
        let mut detail = fixtures::detail();
        detail.suggestions[0].action = SuggestedAction::SearchByDemographics;
        app.on_key(key(KeyCode::Enter));
        app.on_message(Message::Detail(Box::new(Ok(detail))));
        press(app, "1");
    };
    let resolved = |app: &mut App| {
        let mut detail = fixtures::detail();
        detail.status = RecordStatus::Resolved;
        app.on_key(key(KeyCode::Enter));
        app.on_message(Message::Detail(Box::new(Ok(detail))));
        press(app, "o");
    };
    let confirming_identity = |app: &mut App| {
        // Copying the register's details onto a record the diagnosis calls a different person.
        let mut detail = fixtures::detail();
        detail.anomalies = vec![uln_api::AnomalyKind::DifferentPerson];
        detail.supplied.given_name = "Kwame".into();
        detail.suggestions.clear();
        app.on_key(key(KeyCode::Enter));
        app.on_message(Message::Detail(Box::new(Ok(detail))));
        press(app, "a");
        for _ in 0..5 {
            app.on_key(ctrl('l'));
            app.on_key(key(KeyCode::Tab));
        }
        app.on_key(ctrl('s'));
    };
    let call_confirmed = |app: &mut App| {
        press(app, "C");
        let checked = Box::new(Ok(fixtures::plr_found()));
        app.on_key(ctrl('s'));
        app.on_message(Message::CallerChecked(checked));
    };
    let bulk_preview = |app: &mut App| {
        app.on_message(Message::Bulk {
            action: crate::screens::bulk::BulkRequestAction::ApplyTopSuggestion,
            dry_run: true,
            result: Box::new(Ok(super::bulk::preview_report())),
        });
    };
    let plr_results = |app: &mut App| {
        press(app, "L");
        app.on_message(Message::Plr(Box::new(Ok(fixtures::plr_found()))));
    };
    vec![
        ("queue", opened(&|_| {})),
        ("filter", opened(&|app| drop(press(app, "/")))),
        ("command", opened(&|app| drop(press(app, ":")))),
        ("record", opened(&on_record)),
        (
            "amend",
            opened(&|app| {
                on_record(app);
                press(app, "a");
            }),
        ),
        (
            "reject",
            opened(&|app| {
                on_record(app);
                press(app, "x");
            }),
        ),
        (
            "assign",
            opened(&|app| {
                on_record(app);
                press(app, "A");
            }),
        ),
        (
            "handover",
            opened(&|app| {
                press(app, ":handover");
                app.on_key(key(KeyCode::Enter));
                let summary = super::handover::summary();
                app.on_message(Message::Handover(Ok(summary)));
            }),
        ),
        ("register search", opened(&needing_a_search)),
        ("confirm identity", opened(&confirming_identity)),
        ("reopen", opened(&resolved)),
        (
            "quit",
            opened(&|app| {
                on_record(app);
                press(app, "1");
                app.on_key(ctrl('c'));
            }),
        ),
        ("PLR lookup", opened(&|app| drop(press(app, "L")))),
        ("PLR lookup", opened(&plr_results)),
        (
            "PLR lookup",
            opened(&|app| {
                plr_results(app);
                press(app, "c");
            }),
        ),
        (
            "challenges",
            opened(&|app| {
                press(app, ":challenges");
                app.on_key(key(KeyCode::Enter));
            }),
        ),
        ("search the register", opened(&|app| drop(press(app, "F")))),
        ("search the register", opened(&searched_from_a_record)),
        ("help", opened(&|app| drop(press(app, "?")))),
        ("bulk action", opened(&|app| drop(press(app, "B")))),
        ("bulk preview", opened(&bulk_preview)),
        (
            "apply bulk action",
            opened(&|app| {
                bulk_preview(app);
                press(app, "y");
            }),
        ),
        (
            "bulk report",
            opened(&|app| {
                app.on_message(Message::Bulk {
                    action: crate::screens::bulk::BulkRequestAction::ApplyTopSuggestion,
                    dry_run: false,
                    result: Box::new(Ok(super::bulk::applied_report())),
                });
            }),
        ),
        (
            "export",
            opened(&|app| {
                press(app, ":export /tmp/queue.csv");
                app.on_key(key(KeyCode::Enter));
            }),
        ),
        ("phone call", opened(&|app| drop(press(app, "C")))),
        ("phone call", opened(&|app| drop(press(app, "C9276")))),
        ("phone call", opened(&call_confirmed)),
        (
            "phone call",
            opened(&|app| {
                call_confirmed(app);
                press(app, "c");
            }),
        ),
        (
            "phone call",
            opened(&|app| {
                call_confirmed(app);
                press(app, "enote");
            }),
        ),
        (
            "phone call",
            opened(&|app| {
                call_confirmed(app);
                app.on_key(key(KeyCode::Esc));
            }),
        ),
        (
            "phone call",
            opened(&|app| {
                press(app, "C");
                let found = uln_api::LearnerSearchResponse {
                    code: RegisterCode::ExactMatch,
                    message: "exact match".into(),
                    learners: vec![fixtures::plr_found().learner.map_or_else(
                        || unreachable!("the fixture has a learner"),
                        |l| uln_api::LearnerView {
                            uln: l.uln,
                            given_name: l.given_name,
                            family_name: l.family_name,
                            date_of_birth: l.date_of_birth,
                            gender: l.gender,
                            postcode: l.postcode,
                        },
                    )],
                };
                app.on_message(Message::CallerSearch(Box::new(Ok(found))));
            }),
        ),
    ]
}

/// The register searched from a record, with learners found.
fn searched_from_a_record(app: &mut App) {
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    press(app, "F");
    app.on_key(ctrl('s'));
    app.on_message(Message::RegisterSearch(Box::new(Ok(
        fixtures::learners_found(),
    ))));
}

/// The screen as text, tall enough for the longest help.
fn tall_screen(app: &mut App) -> Vec<String> {
    screen_of(app, 640, 80)
}

fn screen_of(app: &mut App, width: u16, height: u16) -> Vec<String> {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(buffer.area.width as usize)
        .map(|line| line.iter().map(|c| c.symbol()).collect::<String>())
        .collect()
}

#[test]
fn question_mark_and_the_footer_list_exactly_the_top_layers_keys() {
    for (title, mut app) in every_layer() {
        assert_eq!(app.top().title(), title, "the layer opened");
        let (keys, topics) = (app.top().keys(), app.top().help_topics());
        let here = app.top().meanings();
        let offered = help::footer_with(keys, here, app.top().context(), &app.keymap);
        let rows = tall_screen(&mut app);
        let footer = rows[rows.len() - 2].trim_end();
        assert_eq!(footer, app.top().footer(&app.keymap), "{title}: its footer");
        assert!(
            footer.contains(&offered),
            "{title}: the footer shows its keys: {footer}"
        );
        if !keys.contains(&Action::Help) {
            assert!(
                press(&mut app, "?").is_empty() && app.top().title() != "help",
                "{title}: ? is not offered, so it opens no help"
            );
            continue;
        }
        press(&mut app, "?");
        if title == "help" {
            assert_eq!(app.top().title(), "queue", "? closes the help it opened");
            continue;
        }
        assert_eq!(app.top().title(), "help", "{title}: ? opens the help");
        let rows = tall_screen(&mut app);
        let top = rows
            .iter()
            .position(|r| r.contains(&format!(" Keys: {title} ")))
            .unwrap_or_else(|| panic!("{title}: no help\n{}", rows.join("\n")));
        let listed = HelpOverlay::lines(keys, here, topics, &app.keymap, &app.theme);
        for (i, line) in listed.iter().enumerate() {
            // The box is as wide as its longest line: every line is there whole.
            let line = line.to_string().trim().to_owned();
            assert!(
                rows[top + 1 + i].contains(&line),
                "{title}: help line {i} is {line:?}:\n{}",
                rows.join("\n")
            );
        }
        assert!(
            rows[top + listed.len() + 1].contains('└'),
            "{title}: and nothing else"
        );
    }
}

/// Back one layer, or within the PLR lookup from a challenge back to the events. Where the
/// footer says "back", esc leaves the layer; and esc pressed again and again always reaches the
/// queue, never going round in a circle.
#[test]
fn esc_always_leads_back_one_step() {
    for (title, mut app) in every_layer() {
        let (depth, keys) = (app.layers().count(), app.top().keys());
        if depth == 0 {
            continue;
        }
        app.on_key(key(KeyCode::Esc));
        let closed = app.layers().count() == depth - 1;
        let stepped_back = app.layers().count() == depth && app.top().keys() != keys;
        assert!(closed || stepped_back, "{title}: esc leads back");
        // A call would be dropped unrecorded: esc leads back through it and asks once before
        // it drops the call.
        let asks_first = title == "phone call" && {
            let mut asked = false;
            for _ in 0..3 {
                asked |= app.top().keys() == crate::screens::call::CallPanel::ABANDON_KEYS;
                app.on_key(key(KeyCode::Esc));
                if app.layers().count() < depth {
                    break;
                }
            }
            asked && app.layers().count() == depth - 1
        };
        if keys.contains(&Action::Back) {
            assert!(
                closed || asks_first,
                "{title}: the footer says esc back, so esc leaves it"
            );
        }
        // Each layer takes at most one step within it before it closes.
        for _ in 0..depth * 2 {
            app.on_key(key(KeyCode::Esc));
        }
        assert_eq!(app.top().title(), "queue", "{title}: esc reaches the queue");
    }
}

#[test]
fn a_narrow_footer_leaves_out_whole_hints_never_cuts_one() {
    for (title, mut app) in every_layer() {
        let full = app.top().footer(&app.keymap);
        let hints: Vec<&str> = full.split(help::HINT_SEPARATOR).collect();
        for width in [40, 80, 100] {
            let rows = screen_of(&mut app, width, 24);
            let footer = rows[rows.len() - 2].trim_end();
            if hints.len() == 1 {
                continue;
            }
            for shown in footer.split(help::HINT_SEPARATOR) {
                assert!(
                    hints.contains(&shown),
                    "{title} at {width}: {shown:?} is a cut hint in {footer:?}"
                );
            }
        }
    }
}

#[test]
fn keys_a_layer_does_not_list_do_nothing_there() {
    let mut app = loaded_app();
    press(&mut app, "?");
    assert!(press(&mut app, "jL").is_empty());
    assert_eq!(app.top().title(), "help", "L is not the help's to handle");
    assert_eq!(
        app.queue.selected,
        Some(1),
        "nor j the queue's, under the help"
    );
}
