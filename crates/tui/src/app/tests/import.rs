//! `:import PATH` in the console: the file read and what will be sent shown before `y`, the
//! batch sent with a progress bar, the summary; leaving the screen never stops the import.

use super::*;
use crate::tasks::import::{ImportPlan, ImportProgress, ImportSummary};
use std::path::PathBuf;
use std::time::Duration;
use uln_api::import::results::Outcome;
use uln_api::RegistrationOutcome;

fn command(app: &mut App, line: &str) -> Vec<Effect> {
    press(app, &format!(":{line}"));
    app.on_key(key(KeyCode::Enter))
}

/// A centre's file of two good rows, one short row, and a column that is not a field.
fn plan(replace: bool) -> ImportPlan {
    let csv = "uln,given_name,family_name,date_of_birth,gender,postcode,centre,notes\n\
        9876543210,Jo,Smith,2007-02-03,2,LS1 4AP,Calder,x\n\
        1000000000,short\n\
        9876543228,Ann,Lee,2006-05-01,1,LS1 4AP,Calder,x\n";
    let file = uln_api::import::rows::read(csv.as_bytes()).unwrap();
    ImportPlan {
        path: PathBuf::from("/srv/centres/calder.csv"),
        results: PathBuf::from("/srv/centres/calder.results.csv"),
        replace,
        readable: 2,
        unreadable: 1,
        ignored: file.columns.ignored,
        rows: file.rows,
    }
}

fn summary() -> ImportSummary {
    let answered = |o| Outcome::Answered(o);
    ImportSummary {
        counts: vec![
            (answered(RegistrationOutcome::Matched), 1),
            (answered(RegistrationOutcome::Exception), 0),
            (answered(RegistrationOutcome::Pending), 0),
            (answered(RegistrationOutcome::Invalid), 2),
            (Outcome::NotSent, 0),
            (Outcome::Unconfirmed, 0),
        ],
        results: PathBuf::from("/srv/centres/calder.results.csv"),
    }
}

fn screen_80x24(app: &mut App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal.backend().to_string()
}

/// `:import`, the file read, and `y`: the plan to send.
fn sent(app: &mut App) -> ImportPlan {
    command(app, "import /srv/centres/calder.csv");
    app.on_message(Message::ImportRead(Box::new(Ok(plan(false)))));
    match press(app, "y").as_slice() {
        [Effect::RunImport(plan)] => *plan.clone(),
        other => panic!("nothing sent: {other:?}"),
    }
}

#[test]
fn import_without_a_file_says_how_and_opens_nothing() {
    let mut app = loaded_app();
    assert!(command(&mut app, "import").is_empty());
    assert_eq!(app.top().title(), "queue");
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.error && notice.text.contains(":import PATH"),
        "{notice:?}"
    );
}

#[test]
fn the_file_is_read_away_from_the_keys_and_what_will_be_sent_is_shown_before_y() {
    let mut app = loaded_app();
    assert_eq!(
        command(&mut app, "import /srv/centres/calder.csv"),
        vec![Effect::ReadImport(PathBuf::from("/srv/centres/calder.csv"))]
    );
    assert_eq!(app.top().title(), "import");
    assert!(
        press(&mut app, "y").is_empty(),
        "nothing to send while reading"
    );
    app.on_message(Message::ImportRead(Box::new(Ok(plan(true)))));
    insta::assert_snapshot!(screen_80x24(&mut app));
}

#[test]
fn esc_before_y_sends_nothing() {
    let mut app = loaded_app();
    command(&mut app, "import /srv/centres/calder.csv");
    app.on_message(Message::ImportRead(Box::new(Ok(plan(false)))));
    assert!(app.on_key(key(KeyCode::Esc)).is_empty());
    assert_eq!(app.top().title(), "queue");
}

#[test]
fn a_file_that_cannot_be_imported_says_why_and_y_sends_nothing() {
    let mut app = loaded_app();
    command(&mut app, "import nowhere.csv");
    let why = "cannot read nowhere.csv: No such file or directory (os error 2)";
    app.on_message(Message::ImportRead(Box::new(Err(why.into()))));
    assert!(press(&mut app, "y").is_empty());
    let shown = screen(&mut app);
    assert!(
        shown.contains("No such file") && shown.contains("Nothing was sent"),
        "{shown}"
    );
}

#[test]
fn y_sends_the_rows_read_and_the_bar_follows_the_batches_to_the_summary() {
    let mut app = loaded_app();
    let plan = sent(&mut app);
    assert_eq!(
        plan.rows.len(),
        3,
        "every row goes, the unreadable one to be reported"
    );
    for step in [
        ImportProgress::Starting {
            rows: 2,
            batches: 1,
        },
        ImportProgress::Sending { batch: 1 },
        ImportProgress::Retrying {
            attempt: 1,
            wait: Duration::from_millis(500),
            why: "backend unreachable: connection refused".into(),
        },
    ] {
        app.on_message(Message::ImportProgress(step));
    }
    insta::assert_snapshot!("import_sending", screen_80x24(&mut app));
    app.on_message(Message::ImportProgress(ImportProgress::Answered {
        rows: 2,
    }));
    app.on_message(Message::ImportDone(Ok(summary())));
    insta::assert_snapshot!("import_done", screen_80x24(&mut app));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "queue");
}

#[test]
fn leaving_while_it_sends_keeps_it_going_and_its_end_is_told_at_the_queue() {
    let mut app = loaded_app();
    sent(&mut app);
    app.on_message(Message::ImportProgress(ImportProgress::Starting {
        rows: 2,
        batches: 1,
    }));
    app.on_key(key(KeyCode::Esc));
    assert_eq!(app.top().title(), "queue");
    assert!(app.notice.clone().unwrap().text.contains("goes on"));
    assert!(
        command(&mut app, "import other.csv").is_empty(),
        "one at a time"
    );
    assert!(app.notice.clone().unwrap().text.contains("already running"));
    let mut ended = summary();
    ended.counts[4].1 = 2;
    app.on_message(Message::ImportDone(Ok(ended)));
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.error && notice.text.contains("2 rows not sent"),
        "{notice:?}"
    );
    assert_eq!(
        command(&mut app, "import other.csv"),
        vec![Effect::ReadImport(PathBuf::from("other.csv"))],
        "a new import once it ended"
    );
}
