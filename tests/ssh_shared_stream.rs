//! The SSH server's sessions share one event stream (issue 17, part 5): the server follows the
//! backend's `GET /events` once, with a token of its own that opens nothing else but the queue
//! pages its sessions share (tests/console_shared_queue.rs), and every session hears each change
//! from it.

mod common;

use common::processes;
use common::pty::Terminal;
use common::ssh::{OperatorKey, SshFront};
use common::{eventually, TestServer};
use jiff::{SignedDuration, Timestamp};
use std::time::Duration;

fn queue_shown(s: &str) -> bool {
    s.contains("all open") && s.contains("Removal in")
}

/// The number of rows the queue's title says it shows ("1,234 shown").
fn rows_shown(screen: &str) -> u64 {
    let words: Vec<&str> = screen.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| *w == "shown")
        .unwrap_or_else(|| panic!("no row count on screen:\n{screen}"));
    words[at - 1].replace(',', "").parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_sessions_hear_a_change_from_one_stream_the_server_follows_once() {
    let server = TestServer::start().await;
    let subscribers = || server.state.events.receiver_count();
    let before = subscribers();
    let front = SshFront::start(&server).await;
    eventually(
        "the SSH server following the stream",
        Duration::from_secs(10),
        || {
            let n = subscribers();
            async move { (n == before + 1).then_some(()) }
        },
    )
    .await;
    let key = OperatorKey::generate();
    processes::run(&[
        "operator",
        "add-key",
        "olu-operator",
        &key.line,
        "--database",
        &server.database_url,
    ]);
    let record = server
        .open_records_of_kind("spelling")
        .await
        .into_iter()
        .find(|r| r.deadline > Timestamp::now() + SignedDuration::from_hours(24 * 10))
        .expect("an open record far from its deadline");

    let (front, terminals, shown) = tokio::task::spawn_blocking(move || {
        let terminals: Vec<Terminal> = (0..2).map(|_| front.connect(&key)).collect();
        let shown: Vec<u64> = terminals
            .iter()
            .map(|t| {
                rows_shown(&t.wait_for("the queue loaded", |s| {
                    queue_shown(s) && !s.contains("loading…")
                }))
            })
            .collect();
        front.wait_for_sessions(2);
        (front, terminals, shown)
    })
    .await
    .unwrap();
    assert_eq!(
        subscribers(),
        before + 1,
        "two sessions, and still one stream from the backend"
    );

    // Snoozed elsewhere: the record leaves both sessions' queues, as the stream tells them.
    let until = (Timestamp::now() + SignedDuration::from_hours(48)).to_string();
    server
        .as_operator()
        .snooze(record.id, record.version, &until, "waiting for the centre")
        .await
        .expect("snoozed");
    let terminals = tokio::task::spawn_blocking(move || {
        for (t, before) in terminals.iter().zip(shown) {
            t.wait_for("the snoozed record gone", |s| {
                queue_shown(s) && rows_shown(s) == before - 1
            });
        }
        terminals
    })
    .await
    .unwrap();
    assert_eq!(subscribers(), before + 1);
    drop(terminals);
    drop(front);
}

#[tokio::test]
async fn the_ssh_servers_stream_token_reads_the_stream_and_queue_pages_and_nothing_else() {
    let server = TestServer::start().await;
    let token = server.state.ssh_stream_token().unwrap();
    assert_eq!(
        server.state.ssh_stream_token().unwrap(),
        token,
        "one per server"
    );
    let events = server
        .request(reqwest::Method::GET, "/events", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    let (status, _) = server.get("/exceptions?limit=5", &token).await;
    assert_eq!(status, 200, "the queues its sessions share");
    let record = server.open_records_of_kind("spelling").await.remove(0);
    for path in [
        format!("/exceptions/{}", record.id),
        "/queues".into(),
        "/operators".into(),
    ] {
        let (status, _) = server.get(&path, &token).await;
        assert_eq!(status, 401, "{path} is no shared read");
    }
    let claim = server
        .request(
            reqwest::Method::PUT,
            &format!("/exceptions/{}/claim", record.id),
            &token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(claim.status(), 401, "no write");
}
