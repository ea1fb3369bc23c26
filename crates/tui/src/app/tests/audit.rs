//! The record's audit trail: the latest entries with the count of all, and older ones on request.

use super::*;
use uln_api::{AuditAction, AuditEntry, AuditPage};

/// The fixture record on screen, whose whole trail holds `total` entries.
fn on_record_with_trail(total: i64) -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let detail = ExceptionDetail {
        audit_total: total,
        notes: Vec::new(),
        notes_total: 0,
        snoozed_until: None,
        register_unavailable: None,
        ..fixtures::detail()
    };
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    app
}

fn amended(id: i64) -> AuditEntry {
    AuditEntry {
        id,
        at: "2026-11-20T09:00:00Z".into(),
        operator: "sam".into(),
        action: AuditAction::Amended,
        reason: Some("learner moved".into()),
        changes: None,
    }
}

fn older_shown(app: &App) -> Vec<i64> {
    match app.top_layer() {
        Some(Layer::Record(r)) => r.older_audit.iter().map(|a| a.id).collect(),
        _ => panic!("the record screen is not on top"),
    }
}

#[test]
fn older_entries_are_asked_for_before_the_oldest_shown_until_the_whole_trail_is() {
    let mut app = on_record_with_trail(3);
    // The fixture's one entry is audit row 41.
    let asked = press(&mut app, "t");
    assert_eq!(asked, [Effect::LoadOlderAudit { id: 1, before: 41 }]);
    let page = AuditPage {
        entries: vec![amended(30), amended(12)],
        total: 3,
        next_before: None,
    };
    app.on_message(Message::OlderAudit {
        id: 1,
        result: Ok(page),
    });
    assert_eq!(older_shown(&app), [30, 12]);
    assert!(press(&mut app, "t").is_empty(), "the whole trail is shown");
}

#[test]
fn a_short_trail_asks_for_nothing_more() {
    let mut app = on_record_with_trail(1);
    assert!(press(&mut app, "t").is_empty());
    assert!(older_shown(&app).is_empty());
}

#[test]
fn the_trail_shows_what_an_amendment_changed_before_and_after() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let mut detail = fixtures::detail();
    detail.audit.push(AuditEntry {
        changes: Some(serde_json::json!({
            "postcode": {"before": "M1 1AA", "after": "LS1 4AP"},
        })),
        ..amended(42)
    });
    detail.audit_total = 2;
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let rows: Vec<String> = terminal
        .backend()
        .buffer()
        .content
        .chunks(120)
        .map(|line| line.iter().map(|c| c.symbol()).collect())
        .collect();
    assert!(
        rows.iter().any(|r| r.contains(
            "20 Nov 2026 09:00  amended    sam  learner moved  postcode M1 1AA → LS1 4AP"
        )),
        "{}",
        rows.join("\n")
    );
}
