//! The console's tools against the real backend, in process: the register searched from the
//! queue (audited), a queue row opened with the mouse, and the queue exported to a file (audited
//! first).

mod common;
mod console_harness;

use common::TestServer;
use console_harness::Console;
use crossterm::event::MouseEventKind;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent};

fn ctrl(console: &Console, c: char) {
    let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    console.keys.send(Event::Key(key)).unwrap();
}

#[tokio::test]
async fn the_register_searched_from_the_queue_leads_to_the_learners_plr_and_is_audited() {
    let server = TestServer::start().await;
    let (uln, given, family, dob): (String, String, String, String) = sqlx::query_as(
        "SELECT uln, given_name, family_name, date_of_birth FROM lrs_learners ORDER BY uln LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let console = Console::start(&server, &server.viewer);
    console
        .wait_for("the queue", |s| s.contains("all open"))
        .await;
    console.type_text("F");
    for field in [&given, &family, &dob] {
        console.type_text(field);
        console.press(KeyCode::Tab);
    }
    ctrl(&console, 's');
    console
        .wait_for("the learner found", |s| s.contains(&format!("▶ {uln}")))
        .await;
    console.press(KeyCode::Enter);
    console
        .wait_for("the PLR lookup with the ULN filled in", |s| {
            s.contains("PLR lookup") && s.contains(&uln)
        })
        .await;
    let searches: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit WHERE action = 'learner_search'")
            .fetch_one(&server.pool)
            .await
            .unwrap();
    assert_eq!(searches, 1, "the search is audited");
    // Back to the queue, where q quits: in the lookup's form it is typed.
    console.press(KeyCode::Esc);
    console
        .wait_for("the queue", |s| s.contains("all open"))
        .await;
    console.quit().await;
}

#[tokio::test]
async fn a_click_on_the_selected_row_opens_it() {
    let server = TestServer::start().await;
    let console = Console::start(&server, &server.viewer);
    // The first row is selected when the queue opens; it is the line under the header. The
    // queue counts carry a "!" too, and arrive before the rows: wait for a row itself.
    let header_of = |s: &str| s.lines().position(|l| l.contains("Removal in"));
    let screen = console
        .wait_for("the queue's first row", |s| {
            header_of(s).is_some_and(|h| s.lines().nth(h + 1).is_some_and(|row| row.contains('!')))
        })
        .await;
    let header = header_of(&screen).expect("the table's header");
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 40,
        row: u16::try_from(header + 1).unwrap(),
        modifiers: KeyModifiers::NONE,
    };
    console.keys.send(Event::Mouse(click)).unwrap();
    console
        .wait_for("the record", |s| s.contains("Supplied"))
        .await;
    console.quit().await;
}

#[tokio::test]
async fn the_queue_shown_is_exported_to_a_file_only_its_owner_can_read() {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("queue.csv");
    let console = Console::start(&server, &server.viewer);
    let screen = console
        .wait_for("the whole queue", |s| {
            s.contains("all open") && !s.contains("Loading")
        })
        .await;
    console.type_text(&format!(":export {}", path.display()));
    console.press(KeyCode::Enter);
    console
        .wait_for("the warning", |s| s.contains("learners' personal data"))
        .await;
    assert!(!path.exists(), "nothing written before y");
    console.type_text("y");
    console
        .wait_for("the file written", |s| s.contains("rows written to"))
        .await;
    let csv = std::fs::read_to_string(&path).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,ULN,given name,family name,date of birth,centre,registered,deadline,anomalies")
    );
    assert!(lines.count() > 1, "{screen}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Recorded before it was written: who exported which view, and how many rows.
    let audit = server.state.store.audit_by_subject("export").await.unwrap();
    let exported = audit
        .iter()
        .find(|a| a.action == "exported")
        .expect("audited");
    assert_eq!(exported.operator, "vera-viewer");
    let rows = csv.lines().count() - 1;
    assert_eq!(exported.changes.as_ref().unwrap()["rows"], rows);
    console.quit().await;
}

#[tokio::test]
async fn a_batch_imported_from_the_console_shows_what_will_be_sent_then_every_rows_result() {
    use common::import_cli::{line, results_of, write, HEADER};
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let exact = server.learner_as_submitted().await;
    let impossible_date = uln_api::RegistrationSubmission {
        date_of_birth: "2007-02-30".into(),
        ..exact.clone()
    };
    // Two rows the backend answers, one it refuses, one the file does not let be read, and a
    // column that is not a registration field.
    let body = format!(
        "{HEADER},Notes\n{},x\n{},x\n{},x\n1000000000,short\n",
        line(&exact),
        line(&exact),
        line(&impossible_date)
    );
    let input = write(dir.path(), "centre.csv", body.as_bytes());
    let console = Console::start(&server, &server.operator);
    console
        .wait_for("the queue", |s| s.contains("all open"))
        .await;
    console.type_text(&format!(":import {}", input.display()));
    console.press(KeyCode::Enter);
    let asked = console
        .wait_for("what will be sent", |s| s.contains("y sends"))
        .await;
    assert!(asked.contains("Send 3 registrations"), "{asked}");
    assert!(asked.contains("1 row cannot be read"), "{asked}");
    assert!(
        asked.contains("Notes"),
        "the column left out is named: {asked}"
    );
    let results = dir.path().join("centre.results.csv");
    assert!(!results.exists(), "nothing sent before y");
    console.type_text("y");
    let done = console
        .wait_for("the import's end", |s| s.contains("Import finished"))
        .await;
    assert!(done.contains("4 rows"), "{done}");
    let rows = results_of(&results);
    assert_eq!(rows.len(), 5, "a header and a line per input row: {rows:?}");
    let outcomes: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(outcomes[2], "invalid", "{rows:?}");
    assert_eq!(outcomes[3], "invalid", "the unreadable row: {rows:?}");
    assert!(outcomes[..2].iter().all(|o| *o != "not_sent"), "{rows:?}");
    console.press(KeyCode::Esc);
    console
        .wait_for("back at the queue", |s| s.contains("all open"))
        .await;
    console.quit().await;
}
