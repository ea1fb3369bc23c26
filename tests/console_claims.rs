//! Two whole consoles in process against one real backend, seeing each other's claims live:
//! who is on a record shows on the other's queue and record screen, a takeover is told to both,
//! and leaving or quitting gives the record back (tests/console_harness).

mod common;
mod console_harness;

use common::{eventually, TestServer};
use console_harness::Console;
use crossterm::event::KeyCode;
use std::time::Duration;

/// Filters `console`'s queue down to the record with `uln`, without opening it.
async fn find(console: &Console, uln: &str) {
    console.press(KeyCode::Char('/'));
    console.type_text(uln);
    console.press(KeyCode::Enter);
    console
        .wait_for("the filtered queue", |s| s.contains("1 shown of"))
        .await;
}

#[tokio::test]
async fn two_consoles_see_each_others_claims_and_a_takeover_live() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("spelling").await;
    let uln = record.uln.clone().expect("a ULN");
    let olu = Console::start(&server, &server.operator);
    let sam = Console::start(&server, &server.supervisor);
    for console in [&olu, &sam] {
        console
            .wait_for("the queue", |s| s.contains("all open"))
            .await;
    }
    find(&sam, &uln).await;

    // Olu opens the record: it is theirs, and Sam's queue row says so at once.
    olu.open_by_uln(&uln).await;
    olu.wait_for("olu on the record", |s| {
        s.contains("you are on this record")
    })
    .await;
    sam.wait_for("olu's claim on sam's queue row", |s| {
        s.contains("On it") && s.contains("olu-oper 0m")
    })
    .await;

    // Sam opens it too: told who is on it, and nothing is taken without T.
    sam.press(KeyCode::Enter);
    sam.wait_for("the record olu is on", |s| {
        s.contains("olu-operator is on this record, 0 min · T takes over")
    })
    .await;
    sam.press(KeyCode::Char('T'));
    sam.wait_for("sam's takeover", |s| {
        s.contains("You took over from olu-operator") && s.contains("you are on this record")
    })
    .await;
    olu.wait_for("the takeover told to olu", |s| {
        s.contains("sam-supervisor took over this record")
            && s.contains("sam-supervisor is on this record")
    })
    .await;

    // Sam leaves: olu, still looking at it, is on it again.
    sam.press(KeyCode::Esc);
    olu.wait_for("olu back on the record", |s| {
        s.contains("you are on this record")
    })
    .await;
    sam.wait_for("olu's claim back on sam's queue row", |s| {
        s.contains("olu-oper")
    })
    .await;

    // Quitting gives the record back at once, not when the claim lapses.
    let _ = sam.quit().await;
    let _ = olu.quit().await;
    let viewer = server.as_viewer();
    eventually("the record free again", Duration::from_secs(10), || async {
        let detail = viewer.exception(record.id).await.unwrap();
        detail.claim.is_none().then_some(())
    })
    .await;
}
