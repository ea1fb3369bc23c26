//! A note written elsewhere reaches a console showing the record without a reload: the event
//! stream says a note was written (ids only) and the console reads the record again
//! (tests/console_harness).

mod common;
mod console_harness;

use common::TestServer;
use console_harness::Console;

#[tokio::test]
async fn a_note_written_by_a_colleague_appears_on_the_record_shown() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("spelling").await;
    let console = Console::showing(&server, &server.supervisor, &record).await;

    server
        .as_operator()
        .add_note(record.id, "centre rang: new ULN by Friday")
        .await
        .expect("the colleague's note is kept");
    console
        .wait_for("the colleague's note on the record", |s| {
            s.contains("centre rang: new ULN by Friday")
        })
        .await;
    let _ = console.quit().await;
}
