//! The status bar counting down the undo of a rejection, at 80×24: a snapshot to read.

use super::fixtures::{self, loaded_app};
use super::message::{Message, Write};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::SignedDuration;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use uln_api::{ExceptionDetail, RecordStatus};

#[test]
fn the_undo_countdown_in_the_status_bar_at_80x24() {
    let mut app = loaded_app();
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.on_message(Message::Detail(Box::new(Ok(fixtures::detail()))));
    app.on_message(Message::Written {
        write: Write::Reject,
        result: Box::new(Ok(ExceptionDetail {
            status: RecordStatus::Rejected,
            version: 4,
            ..fixtures::detail()
        })),
    });
    let now = app.now + SignedDuration::from_secs(1);
    app.on_message(Message::Tick(now));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    insta::assert_snapshot!("undo_countdown_at_80x24", terminal.backend());
}
