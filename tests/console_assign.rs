//! Taking a record back in the whole console against the real backend: the assign dialog's
//! first line, "nobody", leaves the record held by no one, and the change can be undone
//! (tests/console_harness).

mod common;
mod console_harness;

use common::TestServer;
use console_harness::Console;
use crossterm::event::KeyCode;

#[tokio::test]
async fn nobody_in_the_assign_dialog_takes_a_held_record_back_and_undo_gives_it_back() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("spelling").await;
    let operator = server.as_operator();
    operator
        .assign(record.id, record.version, Some("sam-supervisor"), None)
        .await
        .expect("given to sam");
    let console = Console::showing(&server, &server.operator, &record).await;
    console
        .wait_for("the record held by sam", |s| {
            s.contains("held by sam-supervisor")
        })
        .await;

    console.press(KeyCode::Char('A'));
    console
        .wait_for("the team, nobody first", |s| {
            s.contains("  nobody (take it back)") && s.contains("▶ ")
        })
        .await;
    console.press(KeyCode::Up);
    console
        .wait_for("nobody chosen", |s| s.contains("▶ nobody (take it back)"))
        .await;
    console.press(KeyCode::Enter);
    let screen = console
        .wait_for("the record taken back", |s| {
            s.contains(&format!("#{} taken back: nobody holds it", record.id))
        })
        .await;
    assert!(screen.contains("undo · "), "the undo is offered:\n{screen}");
    assert!(!screen.contains("held by"), "held by nobody:\n{screen}");
    let detail = operator.exception(record.id).await.unwrap();
    assert_eq!(detail.assigned_to, None, "the backend holds it for nobody");

    console.press(KeyCode::Char('u'));
    console
        .wait_for("the undo", |s| s.contains("held by sam-supervisor"))
        .await;
    let detail = operator.exception(record.id).await.unwrap();
    assert_eq!(detail.assigned_to.as_deref(), Some("sam-supervisor"));
    let _ = console.quit().await;
}
