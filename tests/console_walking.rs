//! Walking the queue with `n`/`p` in the whole console against the real server: the audit trail
//! holds a `viewed` for each time a record came on screen, with the operator's name, and none for
//! a neighbour that was only read ahead.

mod common;
mod console_harness;

use common::TestServer;
use console_harness::Console;
use crossterm::event::KeyCode;
use std::time::Duration;
use uln_api::ListQuery;

/// Waits until record `id` has `count` views audited, failing with what it has after 10 s.
async fn views_audited(server: &TestServer, id: i64, count: usize) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let viewers = server.viewers(id).await;
        if viewers.len() >= count {
            return viewers;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "#{id}: {count} views expected, {viewers:?} audited"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until record `id` was read ahead (audited as such, never as a view), failing after 10 s.
async fn read_ahead_audited(server: &TestServer, id: i64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let trail = server.state.store.audit_trail(id).await.unwrap();
        if trail.iter().any(|a| a.action == "read_ahead") {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "#{id}, next to the last record shown, was not read ahead: {trail:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn walking_audits_each_record_shown_and_no_record_only_read_ahead() {
    let server = TestServer::start().await;
    // The console's first rows: the queue in deadline order, as the API pages it.
    let first = ListQuery {
        limit: Some(4),
        ..ListQuery::default()
    };
    let rows = server.as_viewer().exceptions(&first).await.unwrap().items;
    let queue: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let console = Console::start(&server, &server.operator);
    console
        .wait_for("the queue loaded", |s| {
            s.contains(" shown") && !s.contains("loading…")
        })
        .await;

    console.press(KeyCode::Enter);
    let walk = [
        (None, queue[0]),
        (Some('n'), queue[1]),
        (Some('n'), queue[2]),
    ];
    for (key, id) in walk.into_iter().chain([(Some('p'), queue[1])]) {
        if let Some(key) = key {
            console.press(KeyCode::Char(key));
        }
        let shown = format!("#{id} open");
        console
            .wait_for(&shown, |s| s.contains(&shown) && !s.contains("loading #"))
            .await;
    }
    let shown_times = [(queue[0], 1), (queue[1], 2), (queue[2], 1)];
    for (id, times) in shown_times {
        views_audited(&server, id, times).await;
    }
    // Read ahead next to the last record shown, as the backend's trail says (waited for: the
    // read ahead runs beside the walk, and quitting first would cancel it).
    let unseen = queue[3];
    read_ahead_audited(&server, unseen).await;
    console.quit().await;
    assert_eq!(
        server.viewers(unseen).await,
        Vec::<String>::new(),
        "a record read ahead and never shown is no view"
    );
    for (id, times) in shown_times {
        assert_eq!(
            server.viewers(id).await,
            vec!["olu-operator"; times],
            "#{id} was shown {times} time(s)"
        );
    }
}
