//! The bulk flow at 80×24: the preview of a dry run (also masked), the report after the apply,
//! and the queue grouped by centre with a group marked: snapshots to read.

use super::app::App;
use super::fixtures::loaded_app;
use super::message::Message;
use crate::screens::bulk::BulkRequestAction;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use uln_api::{BulkChange, BulkField, BulkOutcome, BulkRecordOutcome, BulkReport, BulkTotals};

fn drawn(app: &mut App) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal.backend().clone()
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn change(field: BulkField, before: &str, after: &str) -> BulkChange {
    BulkChange {
        field,
        before: Some(before.into()),
        after: Some(after.into()),
    }
}

fn record(
    id: i64,
    outcome: BulkOutcome,
    changes: Vec<BulkChange>,
    reason: &str,
) -> BulkRecordOutcome {
    BulkRecordOutcome {
        id,
        outcome,
        version: Some(1),
        suggestion: None,
        changes,
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
    }
}

fn report(dry_run: bool, records: Vec<BulkRecordOutcome>) -> BulkReport {
    BulkReport {
        dry_run,
        totals: BulkTotals::of(&records),
        records,
    }
}

fn preview() -> BulkReport {
    use BulkOutcome::*;
    report(
        true,
        vec![
            record(1, WouldApply, vec![change(BulkField::FamilyName, "Hughs", "Hughes")], ""),
            record(2, Skipped, vec![], "the evidence says this may be a different person: confirm identity with the centre on the record's own screen; never amended in bulk"),
            record(3, WouldApply, vec![change(BulkField::Postcode, "LS1 4AP", "LS2 7EW")], ""),
            record(4, WouldApply, vec![change(BulkField::Uln, "9276308690", "1174112637")], ""),
            record(5, WouldApply, vec![change(BulkField::DateOfBirth, "2007-03-02", "2007-02-03")], ""),
        ],
    )
}

fn on_preview() -> App {
    let mut app = loaded_app();
    press(&mut app, "*B");
    app.on_message(Message::Bulk {
        action: BulkRequestAction::ApplyTopSuggestion,
        dry_run: true,
        result: Box::new(Ok(preview())),
    });
    app
}

#[test]
fn the_bulk_preview_at_80x24() {
    insta::assert_snapshot!(drawn(&mut on_preview()));
}

#[test]
fn the_bulk_preview_masked_hides_the_values_that_would_change() {
    let mut app = on_preview();
    app.on_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL));
    let shown = format!("{:?}", drawn(&mut app));
    for personal in ["Hughs", "LS1 4AP", "1174112637", "03 Feb 2007"] {
        assert!(!shown.contains(personal), "{personal} is shown masked");
    }
    insta::assert_snapshot!(drawn(&mut app));
}

#[test]
fn the_bulk_report_at_80x24() {
    use BulkOutcome::*;
    let mut app = on_preview();
    press(&mut app, "yy");
    let applied = report(
        false,
        vec![
            record(
                1,
                Done,
                vec![change(BulkField::FamilyName, "Hughs", "Hughes")],
                "",
            ),
            record(
                3,
                Conflict,
                vec![],
                "changed since it was read (now version 4): read it again and retry",
            ),
            record(
                4,
                Done,
                vec![change(BulkField::Uln, "9276308690", "1174112637")],
                "",
            ),
            record(
                5,
                Refused,
                vec![],
                "the Learning Records Service is closed until 07:00",
            ),
        ],
    );
    app.on_message(Message::Bulk {
        action: BulkRequestAction::ApplyTopSuggestion,
        dry_run: false,
        result: Box::new(Ok(applied)),
    });
    insta::assert_snapshot!(drawn(&mut app));
}

#[test]
fn the_queue_grouped_by_centre_with_a_group_marked_at_80x24() {
    let mut app = loaded_app();
    press(&mut app, ":group centre");
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    press(&mut app, "jj ");
    insta::assert_snapshot!(drawn(&mut app));
}

#[test]
fn a_long_outcome_continues_under_its_text_and_the_footer_says_once_what_r_does() {
    let mut app = on_preview();
    let rows = drawn_rows(&mut app);
    let at = rows
        .iter()
        .position(|row| row.contains("#2 "))
        .expect("record 2 is shown");
    // The skipped record's reason runs on under its own text, not under the record's id.
    let under_the_text = format!("│{}", " ".repeat(20));
    assert!(
        rows[at + 1].starts_with(&under_the_text)
            && !rows[at + 1][under_the_text.len()..].starts_with(' '),
        "continuation: {:?}",
        rows[at + 1]
    );
    press(&mut app, "yy");
    let conflict = record(3, BulkOutcome::Conflict, vec![], "changed");
    app.on_message(Message::Bulk {
        action: BulkRequestAction::ApplyTopSuggestion,
        dry_run: false,
        result: Box::new(Ok(report(false, vec![conflict]))),
    });
    let footer = &drawn_rows(&mut app)[22];
    assert_eq!(footer.matches("r ").count(), 1, "{footer}");
    assert!(footer.contains("r preview the failures again"), "{footer}");
    assert!(!footer.contains("refresh"), "{footer}");
}

fn drawn_rows(app: &mut App) -> Vec<String> {
    let shown = drawn(app);
    (0..24)
        .map(|y| (0..80).map(|x| shown.buffer()[(x, y)].symbol()).collect())
        .collect()
}
