//! Consoles of one process share the queue they show (issue 17, part 5): the SSH server's
//! sessions hear changes from one stream, and a queue is loaded once, kept current by that
//! stream, and shown by every console from the same rows, each with its own filter and order.

mod common;
mod console_harness;

use common::{eventually, TestServer};
use console_harness::Console;
use crossterm::event::KeyCode;
use std::time::Duration;
use uln_api::{ApiClient, RejectReason, RejectRequest};
use uln_tui::feed::{ChangeFeed, SharedFeed};

/// The number before a word on screen ("1,058 shown", "of 1,058").
fn count_before(screen: &str, word: &str) -> u64 {
    let words: Vec<&str> = screen.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| *w == word)
        .unwrap_or_else(|| panic!("no '{word}' on screen:\n{screen}"));
    words[at - 1].replace(',', "").parse().unwrap()
}

fn loaded(s: &str) -> bool {
    s.contains("all open") && s.contains(" shown") && !s.contains("loading")
}

/// The shared feed an SSH server follows, with its own token, and a console on it.
fn feed_of(server: &TestServer) -> SharedFeed {
    let token = server.state.ssh_stream_token().unwrap();
    SharedFeed::follow(ApiClient::new(server.base.clone(), token).unwrap())
}

fn console_on(server: &TestServer, token: &str, feed: &SharedFeed) -> Console {
    let client = ApiClient::new(server.base.clone(), token).unwrap();
    Console::start_on_feed(client, ChangeFeed::Shared(feed.subscribe()))
}

#[tokio::test]
async fn two_consoles_show_one_copy_of_the_queue_each_with_its_own_filter() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("spelling").await;
    let uln = record.uln.clone().expect("a ULN");
    let feed = feed_of(&server);
    let olu = console_on(&server, &server.operator, &feed);
    let sam = console_on(&server, &server.supervisor, &feed);
    let open = count_before(&olu.wait_for("olu's queue", loaded).await, "shown");
    sam.wait_for("sam's queue", |s| {
        loaded(s) && s.contains(&format!("{open} shown"))
    })
    .await;
    assert_eq!(feed.queues().held(), 1, "one queue loaded for both");

    // Sam narrows the queue to one learner; Olu's is untouched.
    sam.press(KeyCode::Char('/'));
    sam.type_text(&uln);
    sam.press(KeyCode::Enter);
    sam.wait_for("sam's filtered queue", |s| s.contains("1 shown of"))
        .await;
    assert_eq!(count_before(&olu.screen.screen(), "shown"), open);

    // Rejected elsewhere: the record leaves both queues from the one shared copy, and Sam's
    // filter still applies to what is left.
    let reject = RejectRequest {
        reason: RejectReason::CentreWithdrew,
        note: None,
    };
    server
        .as_operator()
        .reject(record.id, record.version, &reject)
        .await
        .expect("rejected");
    let left = open - 1;
    olu.wait_for("the record gone from olu's queue", |s| {
        loaded(s) && count_before(s, "shown") == left
    })
    .await;
    sam.wait_for("the record gone from sam's filtered queue", |s| {
        s.contains(&format!("0 shown of {left}"))
            || s.contains(&format!("0 shown of {}", commas(left)))
    })
    .await;

    let (olu, sam) = (olu.quit().await, sam.quit().await);
    assert!(
        olu.queue.rows.shares_storage_with(&sam.queue.rows),
        "both consoles showed the very same rows, not copies"
    );
    assert_eq!(olu.queue.rows.len() as u64, left);
}

/// `1058` as the console writes it: `1,058`.
fn commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[tokio::test]
async fn another_order_is_another_shared_queue_and_an_own_view_is_loaded_by_the_console() {
    let server = TestServer::start().await;
    let feed = feed_of(&server);
    let olu = console_on(&server, &server.operator, &feed);
    let sam = console_on(&server, &server.supervisor, &feed);
    for console in [&olu, &sam] {
        console.wait_for("the queue", loaded).await;
    }
    // Sam sorts by another column: that order is loaded once too, beside the first.
    sam.press(KeyCode::Char('s'));
    let held = || {
        let n = feed.queues().held();
        async move { (n == 2).then_some(()) }
    };
    eventually("a second shared queue", Duration::from_secs(10), held).await;
    sam.wait_for("sam's queue in the new order", loaded).await;

    // `:mine` depends on who asks: Sam's console loads it with Sam's token, and the shared
    // queue in Sam's old order is let go once nobody shows it.
    sam.press(KeyCode::Char(':'));
    sam.type_text("mine");
    sam.press(KeyCode::Enter);
    sam.wait_for("sam's own records", |s| s.contains("mine"))
        .await;
    let one = || {
        let n = feed.queues().held();
        async move { (n == 1).then_some(()) }
    };
    eventually("only olu's shared queue left", Duration::from_secs(10), one).await;

    let (olu, sam) = (olu.quit().await, sam.quit().await);
    assert!(!olu.queue.rows.shares_storage_with(&sam.queue.rows));
}
