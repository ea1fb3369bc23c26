//! The whole console in process against the real backend on loopback: keys in through a channel,
//! the screen read from a TestBackend shared with the test (tests/console_harness).

mod common;
mod console_harness;

use common::TestServer;
use console_harness::Console;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn the_console_lists_filters_opens_and_sees_a_record_resolved_elsewhere() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("names_swapped").await;
    let console = Console::start(&server, &server.viewer);
    console
        .wait_for("the queue", |s| {
            s.contains("all open") && s.contains("different person")
        })
        .await;

    let family = record.demographics.family_name.to_string();
    console.open_by_uln(record.uln.as_deref().unwrap()).await;
    let screen = console
        .wait_for("the record", |s| {
            s.contains("Supplied vs LRS") && s.contains(&format!("#{} open", record.id))
        })
        .await;
    assert!(
        screen.contains(&family) && screen.contains("names swapped"),
        "{screen}"
    );

    // Another operator fixes it; this console hears about it on the event stream.
    let (_, detail) = server
        .get(&format!("/exceptions/{}", record.id), &server.operator)
        .await;
    let mut body = common::top_amendment(&detail);
    body["note"] = json!("swapped back");
    let (status, _) = server
        .post(
            &format!("/exceptions/{}/amend", record.id),
            &server.operator,
            Some(detail["version"].as_i64().unwrap()),
            body,
        )
        .await;
    assert!(status.is_success());
    let screen = console
        .wait_for("the record to show resolved", |s| {
            s.contains(&format!("#{} resolved ·", record.id))
        })
        .await;
    assert!(
        screen.contains(&format!("#{} resolved by olu-operator", record.id)),
        "a notice says who:\n{screen}"
    );
    console.press(KeyCode::Esc);
    console
        .wait_for("the resolved record to have left the queue", |s| {
            s.contains("all open · 0 shown of")
        })
        .await;

    console.press(KeyCode::Char('q'));
    let app = tokio::time::timeout(Duration::from_secs(5), console.done)
        .await
        .expect("the console quits")
        .unwrap();
    assert!(!app.running);
}

/// The commonest fix for "ULN not found": search the register by the supplied details, choose the
/// learner, review the ULN in the amendment form, send it.
#[tokio::test]
async fn a_uln_not_found_is_fixed_by_searching_the_register_and_choosing_the_learner() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("uln_not_found").await;
    let console = Console::start(&server, &server.operator);
    console
        .wait_for("the queue", |s| s.contains("all open"))
        .await;
    console.open_by_uln(record.uln.as_deref().unwrap()).await;
    console
        .wait_for("the record and its search suggestion", |s| {
            s.contains(&format!("#{} open", record.id)) && s.contains("1. uln not found")
        })
        .await;
    console.press(KeyCode::Char('1'));
    let screen = console
        .wait_for("the register's answer", |s| {
            s.contains("the register searched by the supplied details") && s.contains("WSRC0004")
        })
        .await;
    assert!(screen.contains("▶ "), "a learner to choose:\n{screen}");
    console.press(KeyCode::Enter);
    console
        .wait_for("the amendment form", |s| s.contains("Amend #"))
        .await;
    console
        .keys
        .send(Event::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
        )))
        .unwrap();
    console
        .wait_for("the record resolved by the chosen ULN", |s| {
            s.contains(&format!("#{} resolved", record.id))
        })
        .await;
    let now = server
        .state
        .store
        .registration(record.id)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(now.uln, record.uln, "the ULN was changed to the register's");
    let searches: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit WHERE action = 'learner_search'")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    assert_eq!(searches, 1, "the search is audited");
    console.press(KeyCode::Char('q'));
}

#[tokio::test]
async fn the_console_says_offline_when_the_backend_is_unreachable_and_keeps_running() {
    let server = TestServer::start().await;
    let console = {
        let mut unreachable = TestServer::start_with(common::Options {
            learners: 0,
            ..common::Options::default()
        })
        .await;
        unreachable.base = "http://127.0.0.1:9/api/v1".into();
        Console::start(&unreachable, &server.viewer)
    };
    let screen = console
        .wait_for("the offline state", |s| s.contains("OFFLINE"))
        .await;
    assert!(
        screen.contains("queues:") || screen.contains("queue:"),
        "the error is shown:\n{screen}"
    );
    console.press(KeyCode::Char('?'));
    console
        .wait_for("help still works offline", |s| s.contains("Keys: queue"))
        .await;
    console.press(KeyCode::Esc);
    console.press(KeyCode::Char('q'));
    tokio::time::timeout(Duration::from_secs(5), console.done)
        .await
        .expect("quits while offline")
        .unwrap();
}

/// A console whose event stream fell behind is told to resync, and reloads what it shows: a
/// change it never heard of (a registration stored without an event) appears in its queue.
#[tokio::test]
async fn a_console_that_falls_behind_the_event_stream_reloads_and_misses_nothing() {
    let server = TestServer::start_with(common::Options {
        event_buffer: 4,
        ..common::Options::default()
    })
    .await;
    let console = Console::start(&server, &server.viewer);
    console
        .wait_for("the queue", |s| s.contains("all open"))
        .await;
    console
        .wait_for("the event stream", |s| !s.contains("OFFLINE"))
        .await;

    // A registration the console is never told about: stored directly, no change event.
    let template = server.open_records_of_kind("spelling").await.remove(0);
    let unannounced = uln_server::store::NewRegistration {
        uln: template.uln.clone().unwrap(),
        demographics: template.demographics.clone(),
        centre: "Unannounced College".into(),
        qualification: None,
        registered_at: template.registered_at,
        // Soonest of all, so it is on the first screen of the queue.
        deadline: jiff::Timestamp::now() + jiff::SignedDuration::from_mins(5),
        status: uln_server::store::RecordStatus::Open,
        verify_code: template.verify_code,
        failure_flags: template.failure_flags.clone(),
        anomalies: template.anomalies.clone(),
    };
    server
        .state
        .store
        .insert_registrations(&[unannounced], None)
        .await
        .unwrap();
    // Far more changes than the subscriber may fall behind by, sent faster than it can read
    // them. Each names no record the console shows, so only a resync can reveal the new one.
    for _ in 0..2_000 {
        server.state.publish(uln_api::ChangeEvent {
            record_id: -1,
            status: uln_api::RecordStatus::Open,
            version: 1,
            operator: "someone".into(),
            action: uln_api::ChangeAction::Verified,
            row: None,
        });
    }
    console
        .wait_for("the unannounced record after the resync", |s| {
            s.contains("Unannounced College")
        })
        .await;
    console.press(KeyCode::Char('q'));
}
