//! A backend of several servers over one database: when the console's server stops, the console
//! moves to the next address it was given and carries on there, live updates included.

mod common;
mod console_harness;

use common::TestServer;
use console_harness::Console;
use uln_api::{ApiClient, RejectReason, RejectRequest};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_its_server_stops_the_console_carries_on_with_the_next() {
    let mut first = TestServer::start().await;
    let second = first.another_server().await;
    let client = ApiClient::with_backends(
        vec![first.base.clone(), second.base.clone()],
        &first.supervisor,
    )
    .unwrap();
    let console = Console::start_with(client);
    console
        .wait_for("the queue from the first server", |s| {
            s.contains("all open")
        })
        .await;

    first.begin_shutdown();
    let moved = format!("now connected to {}", second.base);
    // Moving reloads the queue: wait until it is whole, or the count below is a partial one.
    console
        .wait_for(
            "the console on the second server, its queue reloaded",
            |s| s.contains(&moved) && s.contains("● online") && !s.contains("loading…"),
        )
        .await;

    // A change made through the second server reaches the console live.
    let record = first.open_record_of_kind("spelling").await;
    let before = console.screen.screen();
    let reject = RejectRequest {
        reason: RejectReason::DuplicateRegistration,
        note: Some("failover test".into()),
    };
    ApiClient::new(second.base.clone(), &first.supervisor)
        .unwrap()
        .reject(record.id, record.version, &reject)
        .await
        .expect("the second server takes the rejection");
    // The queue's title says "all open · 412 shown · sorted by …".
    let open_count = |screen: &str| {
        let line = screen.lines().find(|l| l.contains("all open · "))?;
        let (before, _) = line.split_once(" shown")?;
        let number = before.rsplit(' ').next()?.replace(',', "");
        number.parse::<usize>().ok()
    };
    let was = open_count(&before).expect("the queue says how many records it holds");
    console
        .wait_for("the rejection to reach the console", |s| {
            open_count(s) == Some(was - 1)
        })
        .await;
    console.press(crossterm::event::KeyCode::Char('q'));
}
