//! Snooze from the record: `z` opens the dialog, the arrows choose when, enter sends it once with
//! the version read; a snoozed record leaves the queue and a woken one comes back with a notice.

use super::*;
use crate::screens::snooze::{SnoozeDialog, SnoozeUntil};
use uln_api::Snoozed;

fn on_record() -> App {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app
}

fn snooze_dialog(app: &App) -> &SnoozeDialog {
    match app.top_layer() {
        Some(Layer::Snooze(dialog)) => dialog,
        other => panic!("the snooze dialog is not on top: {other:?}"),
    }
}

fn shown(app: &App) -> Vec<i64> {
    app.queue.visible_ids().collect()
}

fn change(id: i64, version: i64, action: ChangeAction, operator: &str) -> Message {
    let row = fixtures::rows().into_iter().find(|r| r.id == id).unwrap();
    Message::Change(ChangeEvent {
        record_id: id,
        status: RecordStatus::Open,
        version,
        operator: operator.into(),
        action,
        row: Some(ExceptionSummary { version, ..row }),
    })
}

#[test]
fn z_opens_the_snooze_dialog_and_enter_sends_the_choice_and_reason_once() {
    let mut app = on_record();
    press(&mut app, "z");
    assert_eq!(snooze_dialog(&app).id, 1);
    app.on_key(key(KeyCode::Down));
    press(&mut app, "waiting for the centre");
    let sent = app.on_key(key(KeyCode::Enter));
    let expected = Effect::Snooze {
        id: 1,
        version: 3,
        until: SnoozeUntil::Thursday,
        reason: "waiting for the centre".into(),
    };
    assert_eq!(sent, [expected]);
    assert!(
        app.on_key(ctrl('s')).is_empty(),
        "sent once while on its way"
    );
    app.on_message(Message::Snoozed {
        id: 1,
        result: Ok(Snoozed {
            id: 1,
            version: 4,
            until: Some("2026-11-26T09:00:00Z".into()),
            cut_to_margin: true,
        }),
    });
    assert!(matches!(app.top_layer(), Some(Layer::Record(_))), "closed");
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(
        notice.contains("snoozed until") && notice.contains("brought forward"),
        "{notice}"
    );
}

#[test]
fn a_typed_date_is_checked_before_sending_and_kept_when_the_backend_refuses() {
    let mut app = on_record();
    press(&mut app, "z");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "next thursday");
    app.on_key(key(KeyCode::Tab));
    press(&mut app, "centre");
    assert!(
        app.on_key(key(KeyCode::Enter)).is_empty(),
        "unreadable date"
    );
    assert!(snooze_dialog(&app).sending.error().is_some());
    app.on_key(key(KeyCode::Tab));
    for _ in 0.."next thursday".len() {
        app.on_key(key(KeyCode::Backspace));
    }
    press(&mut app, "2026-12-10 14:00");
    let sent = app.on_key(key(KeyCode::Enter));
    let until = SnoozeUntil::On("2026-12-10 14:00".into());
    assert!(matches!(&sent[..], [Effect::Snooze { until: u, .. }] if *u == until));
    let stale = uln_api::ClientError::Unreachable("refused".into());
    app.on_message(Message::Snoozed {
        id: 1,
        result: Err(stale),
    });
    let dialog = snooze_dialog(&app);
    assert_eq!(
        (dialog.typed.as_str(), dialog.reason.as_str()),
        ("2026-12-10 14:00", "centre")
    );
    assert!(!dialog.sending.is_sending(), "it can be sent again");
}

#[test]
fn a_snoozed_record_leaves_the_queue_and_comes_back_with_a_notice_when_woken() {
    let mut app = loaded_app();
    assert!(shown(&app).contains(&2));
    app.on_message(change(2, 5, ChangeAction::Snoozed, "sam"));
    assert!(!shown(&app).contains(&2), "out of the queue while snoozed");
    app.on_message(change(2, 6, ChangeAction::Woken, "system:snooze"));
    assert!(shown(&app).contains(&2), "back");
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert_eq!(notice, "#2 is back from snooze");
}

#[test]
fn the_quick_choices_are_the_next_mornings_in_uk_time() {
    let london = jiff::tz::TimeZone::get("Europe/London").unwrap();
    // A Tuesday afternoon.
    let now = jiff::civil::date(2026, 12, 1)
        .at(15, 0, 0, 0)
        .to_zoned(london)
        .unwrap();
    let at = |u: SnoozeUntil| u.resolve(&now).unwrap().to_string();
    assert_eq!(at(SnoozeUntil::Tomorrow), "2026-12-02T09:00:00");
    assert_eq!(at(SnoozeUntil::Thursday), "2026-12-03T09:00:00");
    assert_eq!(at(SnoozeUntil::NextWeek), "2026-12-07T09:00:00");
    assert_eq!(
        at(SnoozeUntil::On("2026-12-10".into())),
        "2026-12-10T09:00:00"
    );
}

#[test]
fn the_snoozed_view_asks_for_snoozed_records_and_tab_goes_back_to_the_queues() {
    let mut app = loaded_app();
    let asked = press(&mut app, ":snoozed");
    assert!(asked.is_empty());
    let asked = app.on_key(key(KeyCode::Enter));
    let snoozed = |e: &Effect| match e {
        Effect::LoadPage { snoozed, .. } => Some(*snoozed),
        _ => None,
    };
    let views: Vec<_> = asked.iter().filter_map(snoozed).collect();
    assert_eq!(views, [uln_api::SnoozeFilter::Snoozed]);
    let back: Vec<_> = app
        .on_key(key(KeyCode::Tab))
        .iter()
        .filter_map(snoozed)
        .collect();
    assert_eq!(back, [uln_api::SnoozeFilter::Awake]);
}

#[test]
fn z_on_the_queue_snoozes_the_selected_row_at_the_version_the_queue_holds() {
    let mut app = loaded_app();
    press(&mut app, "jz");
    let dialog = snooze_dialog(&app);
    let row = fixtures::rows()
        .into_iter()
        .find(|r| r.id == dialog.id)
        .unwrap();
    assert_eq!(dialog.version, row.version);
    assert_ne!(dialog.id, 1, "the selected row, not the first");
}

#[test]
fn a_snoozed_record_says_until_when_in_its_header() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let detail = ExceptionDetail {
        snoozed_until: Some("2026-11-26T09:00:00Z".into()),
        ..fixtures::detail()
    };
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    let shown = screen(&mut app);
    assert!(shown.contains("snoozed until 26 Nov 2026 09:00"), "{shown}");
}

#[test]
fn z_on_a_snoozed_record_wakes_it() {
    let mut app = loaded_app();
    app.on_key(key(KeyCode::Enter));
    let detail = ExceptionDetail {
        snoozed_until: Some("2026-11-26T09:00:00Z".into()),
        ..fixtures::detail()
    };
    app.on_message(Message::Detail(Box::new(Ok(detail))));
    assert_eq!(press(&mut app, "z"), [Effect::Wake { id: 1, version: 3 }]);
    let woken = Snoozed {
        id: 1,
        version: 4,
        until: None,
        cut_to_margin: false,
    };
    app.on_message(Message::Snoozed {
        id: 1,
        result: Ok(woken),
    });
    let notice = app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert_eq!(notice, "#1 woken: back in the queue");
}

/// The snooze dialog's own text, its lines joined: the popup fills a terminal of its width.
fn dialog_text(app: &mut App) -> String {
    let shown = screen_at(app, 72, 24);
    shown
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_dialog_and_the_cut_notice_state_the_margin_the_backend_said() {
    let mut app = on_record();
    press(&mut app, "z");
    let unknown = dialog_text(&mut app);
    assert!(
        unknown.contains("never past the backend's margin before the deadline")
            && !unknown.contains("48 h"),
        "no number before the backend says one: {unknown}"
    );
    app.on_message(Message::Me(Ok(uln_api::Me {
        name: "olu".into(),
        role: uln_api::Role::Operator,
        snooze_margin_hours: Some(72),
    })));
    let said = dialog_text(&mut app);
    assert!(
        said.contains("never past 72 h before the deadline"),
        "{said}"
    );
    press(&mut app, "centre");
    app.on_key(key(KeyCode::Enter));
    let cut = Snoozed {
        id: 1,
        version: 4,
        until: Some("2026-11-26T09:00:00Z".into()),
        cut_to_margin: true,
    };
    app.on_message(Message::Snoozed {
        id: 1,
        result: Ok(cut),
    });
    let notice = app.notice.as_ref().map(|n| n.text.clone());
    assert!(
        notice.is_some_and(|n| n.ends_with("(brought forward: 72 h before its deadline)")),
        "the notice states the margin"
    );
}
