//! Marking rows and the bulk flow: space marks one row, V a range, * every row shown (again:
//! none); B opens the action dialog for the marked rows (or the selected one), enter asks for the
//! dry run, y and y again apply what the preview would apply, and the report's r previews the
//! failures again at the versions the backend has now.

use super::*;
use crate::screens::bulk::{BulkRequestAction, BulkScreen, Stage};
use uln_api::{BulkChange, BulkField, BulkOutcome, BulkRecord, BulkRecordOutcome, BulkReport};

fn marked(app: &App) -> Vec<i64> {
    app.queue.bulk_records().iter().map(|r| r.id).collect()
}

fn outcome(id: i64, outcome: BulkOutcome, version: i64) -> BulkRecordOutcome {
    BulkRecordOutcome {
        id,
        outcome,
        version: Some(version),
        suggestion: None,
        changes: Vec::new(),
        reason: None,
    }
}

/// The dry run of records 1–3: 1 and 3 would apply, 2 (a different person) is skipped.
pub(crate) fn preview_report() -> BulkReport {
    let records = vec![
        BulkRecordOutcome {
            suggestion: Some(uln_api::SuggestionKind::Spelling),
            changes: vec![BulkChange {
                field: BulkField::FamilyName,
                before: Some("Hughs".into()),
                after: Some("Hughes".into()),
            }],
            ..outcome(1, BulkOutcome::WouldApply, 1)
        },
        BulkRecordOutcome {
            reason: Some("the evidence says this may be a different person: confirm identity with the centre on the record's own screen; never amended in bulk".into()),
            ..outcome(2, BulkOutcome::Skipped, 1)
        },
        BulkRecordOutcome {
            changes: vec![BulkChange {
                field: BulkField::Postcode,
                before: Some("LS1 4AP".into()),
                after: Some("LS2 7EW".into()),
            }],
            ..outcome(3, BulkOutcome::WouldApply, 1)
        },
    ];
    BulkReport {
        dry_run: true,
        totals: uln_api::BulkTotals::of(&records),
        records,
    }
}

/// The apply of records 1 and 3: 1 done, 3 changed meanwhile (now at version 4).
pub(crate) fn applied_report() -> BulkReport {
    let mut records = preview_report().records;
    records[0].outcome = BulkOutcome::Done;
    records[0].version = Some(2);
    records[2] = BulkRecordOutcome {
        reason: Some("changed since it was read (now version 4): read it again and retry".into()),
        ..outcome(3, BulkOutcome::Conflict, 4)
    };
    BulkReport {
        dry_run: false,
        totals: uln_api::BulkTotals::of(&records),
        records,
    }
}

fn bulk_screen(app: &App) -> &BulkScreen {
    match app.top_layer() {
        Some(Layer::Bulk(screen)) => screen,
        other => panic!("no bulk screen on top: {other:?}"),
    }
}

#[test]
fn space_marks_and_unmarks_v_marks_a_range_and_star_marks_all_then_none() {
    let mut app = loaded_app();
    press(&mut app, " ");
    assert_eq!(marked(&app), [1]);
    assert!(app.top().footer(&app.keymap).starts_with("1 marked"));
    press(&mut app, " ");
    assert!(app.queue.marked() == 0, "space again unmarks");
    press(&mut app, "j ");
    press(&mut app, "jjV");
    assert_eq!(marked(&app), [2, 3, 4], "from the last mark to here");
    press(&mut app, "*");
    assert_eq!(marked(&app), [1, 2, 3, 4, 5]);
    press(&mut app, "*");
    assert_eq!(app.queue.marked(), 0, "all marked: * clears");
    let footer = app.top().footer(&app.keymap);
    assert!(!footer.contains(" marked · "), "{footer}");
}

#[test]
fn another_queue_starts_with_no_marks() {
    let mut app = loaded_app();
    press(&mut app, "*");
    app.on_key(key(KeyCode::Tab));
    assert_eq!(app.queue.marked(), 0);
    press(&mut app, "*:snoozed");
    app.on_key(key(KeyCode::Enter));
    assert_eq!(app.queue.marked(), 0);
}

#[test]
fn the_marks_show_as_a_column_readable_without_colour() {
    let mut app = loaded_app();
    assert!(!screen(&mut app).contains('✓'));
    press(&mut app, "j ");
    let shown = screen(&mut app);
    let line = shown.lines().find(|l| l.contains("Patel")).unwrap();
    assert!(line.contains('✓'), "{line}");
    let other = shown.lines().find(|l| l.contains("Hughes")).unwrap();
    assert!(!other.contains('✓'), "{other}");
    assert!(shown.contains("1 marked"));
}

#[test]
fn b_opens_the_action_for_the_marked_rows_or_else_the_selected_one() {
    let mut app = loaded_app();
    press(&mut app, "B");
    match app.top_layer() {
        Some(Layer::BulkChoose(dialog)) => {
            assert_eq!(dialog.records, [BulkRecord { id: 1, version: 1 }])
        }
        other => panic!("no bulk dialog: {other:?}"),
    }
    app.on_key(key(KeyCode::Esc));
    assert!(app.top_layer().is_none(), "esc leads back");
    press(&mut app, "jj jj B");
    match app.top_layer() {
        Some(Layer::BulkChoose(dialog)) => {
            let ids: Vec<i64> = dialog.records.iter().map(|r| r.id).collect();
            assert_eq!(ids, [3, 5]);
        }
        other => panic!("no bulk dialog: {other:?}"),
    }
}

#[test]
fn enter_asks_for_the_dry_run_of_the_chosen_action() {
    let mut app = loaded_app();
    press(&mut app, " B");
    let sent = app.on_key(key(KeyCode::Enter));
    let records = vec![BulkRecord { id: 1, version: 1 }];
    assert_eq!(
        sent,
        [Effect::Bulk {
            action: BulkRequestAction::ApplyTopSuggestion,
            records: records.clone(),
            dry_run: true,
        }]
    );
    app.on_key(key(KeyCode::Down));
    app.on_key(key(KeyCode::Right));
    press(&mut app, "centre closed");
    let sent = app.on_key(key(KeyCode::Enter));
    let reject = BulkRequestAction::Reject {
        reason: uln_api::RejectReason::NoUlnObtainable,
        note: Some("centre closed".into()),
    };
    assert_eq!(
        sent,
        [Effect::Bulk {
            action: reject,
            records,
            dry_run: true,
        }]
    );
}

#[test]
fn assigning_in_bulk_asks_for_the_team_once_and_sends_the_colleague_chosen_by_name() {
    let mut app = loaded_app();
    press(&mut app, " B");
    app.on_key(key(KeyCode::Down));
    app.on_key(key(KeyCode::Down));
    assert_eq!(app.on_key(key(KeyCode::Down)), [Effect::LoadColleagues]);
    assert!(
        app.on_key(key(KeyCode::Enter)).is_empty(),
        "nobody chosen yet"
    );
    app.on_message(Message::Colleagues(Ok(super::assign::team())));
    press(&mut app, "sam");
    assert!(screen(&mut app).contains("assign to ‹sam-supervisor (supervisor)›"));
    app.on_key(key(KeyCode::Up));
    assert!(
        app.on_key(key(KeyCode::Down)).is_empty(),
        "the team is asked for once"
    );
    assert_eq!(
        app.on_key(key(KeyCode::Enter)),
        [Effect::Bulk {
            action: BulkRequestAction::Assign {
                to: "sam-supervisor".into()
            },
            records: vec![BulkRecord { id: 1, version: 1 }],
            dry_run: true,
        }]
    );
}

#[test]
fn the_preview_applies_only_what_would_apply_after_y_and_the_report_retries_the_conflicts() {
    let mut app = loaded_app();
    press(&mut app, "*B");
    app.on_key(key(KeyCode::Enter));
    let action = BulkRequestAction::ApplyTopSuggestion;
    app.on_message(Message::Bulk {
        action: action.clone(),
        dry_run: true,
        result: Box::new(Ok(preview_report())),
    });
    assert_eq!(bulk_screen(&app).stage, Stage::Preview);
    assert!(press(&mut app, "y").is_empty(), "y asks first");
    assert!(matches!(app.top_layer(), Some(Layer::BulkConfirm(_))));
    let sent = press(&mut app, "y");
    let apply = Effect::Bulk {
        action: action.clone(),
        records: vec![
            BulkRecord { id: 1, version: 1 },
            BulkRecord { id: 3, version: 1 },
        ],
        dry_run: false,
    };
    assert_eq!(sent, [apply], "the skipped record is not sent");
    app.on_message(Message::Bulk {
        action: action.clone(),
        dry_run: false,
        result: Box::new(Ok(applied_report())),
    });
    assert_eq!(bulk_screen(&app).stage, Stage::Report);
    assert_eq!(
        app.layers().count(),
        1,
        "the preview gave way to the report"
    );
    assert_eq!(app.queue.marked(), 0, "the marks are spent");
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.text.contains("1 done · 1 conflict"),
        "{}",
        notice.text
    );
    let retry = press(&mut app, "r");
    let again = Effect::Bulk {
        action,
        records: vec![BulkRecord { id: 3, version: 4 }],
        dry_run: true,
    };
    assert_eq!(retry, [again], "previewed again at the version it has now");
    app.on_key(key(KeyCode::Esc));
    assert!(app.top_layer().is_none());
}

#[test]
fn any_other_key_at_the_question_goes_back_to_the_preview_and_writes_nothing() {
    let mut app = loaded_app();
    press(&mut app, " B");
    app.on_message(Message::Bulk {
        action: BulkRequestAction::ApplyTopSuggestion,
        dry_run: true,
        result: Box::new(Ok(preview_report())),
    });
    press(&mut app, "y");
    assert!(press(&mut app, "n").is_empty());
    assert_eq!(bulk_screen(&app).stage, Stage::Preview);
}

#[test]
fn a_viewer_is_told_at_once_that_bulk_actions_are_not_theirs() {
    let mut app = loaded_app();
    app.keymap.set_role(Role::Viewer);
    assert!(press(&mut app, "B").is_empty());
    assert!(app.top_layer().is_none());
    assert!(app.notice.clone().unwrap().text.contains("cannot bulk"));
}

fn group_command(app: &mut App, by: &str) {
    press(app, &format!(":group {by}"));
    app.on_key(key(KeyCode::Enter));
}

#[test]
fn group_by_centre_shows_a_header_per_centre_with_counts_and_space_on_it_marks_the_group() {
    let mut app = loaded_app();
    group_command(&mut app, "centre");
    assert!(matches!(app.top_layer(), Some(Layer::Groups(_))));
    let shown = screen(&mut app);
    assert!(
        shown.contains("Grouped by centre: 5 records in 4 groups"),
        "{shown}"
    );
    assert!(shown.contains("▾ Calder Valley College (2)"), "{shown}");
    // The first header is Abbey Mead's (one row), then Calder Valley's.
    press(&mut app, "jj ");
    assert_eq!(
        marked(&app),
        [1, 3],
        "the group's records are marked in the queue"
    );
    assert!(screen(&mut app).contains("Calder Valley College (2, 2 marked)"));
    press(&mut app, "j ");
    assert_eq!(marked(&app), [3], "a row alone is unmarked");
    press(&mut app, "k ");
    assert_eq!(
        marked(&app),
        [1, 3],
        "a partly marked group is marked whole"
    );
    press(&mut app, "k ");
    assert_eq!(marked(&app), [1, 3, 5]);
    press(&mut app, "B");
    match app.top_layer() {
        Some(Layer::BulkChoose(dialog)) => {
            let ids: Vec<i64> = dialog.records.iter().map(|r| r.id).collect();
            assert_eq!(ids, [5, 1, 3], "in the grouped order");
        }
        other => panic!("no bulk dialog: {other:?}"),
    }
    app.on_key(key(KeyCode::Esc));
    app.on_key(key(KeyCode::Esc));
    assert!(app.top_layer().is_none(), "esc leads back to the queue");
    assert_eq!(app.queue.marked(), 3, "the marks stay");
}

#[test]
fn group_by_anomaly_and_group_off() {
    let mut app = loaded_app();
    group_command(&mut app, "anomaly");
    let shown = screen(&mut app);
    assert!(
        shown.contains("Grouped by anomaly kind: 5 records in 5 groups"),
        "{shown}"
    );
    assert!(shown.contains("▾ different person (1)"), "{shown}");
    group_command(&mut app, "off");
    assert!(app.top_layer().is_none());
    group_command(&mut app, "shoe size");
    assert!(app.top_layer().is_none());
    assert!(app.notice.clone().unwrap().text.contains(":group centre"));
}
