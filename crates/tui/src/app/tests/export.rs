//! The queue as shown exported as CSV: asked first with the personal-data warning, written only
//! on `y`, owner-only, never over a file unasked, and a failure said plainly.

use super::*;
use crate::message::ExportFile;
use crate::tasks::Tasks;
use tokio::sync::mpsc::unbounded_channel;

/// The confirmation on top, if it is.
fn asked(app: &App) -> &crate::screens::export::ConfirmExport {
    match app.top_layer() {
        Some(Layer::ConfirmExport(c)) => c,
        other => panic!("the export is not being confirmed: {other:?}"),
    }
}

fn command(app: &mut App, line: &str) -> Vec<Effect> {
    press(app, &format!(":{line}"));
    app.on_key(key(KeyCode::Enter))
}

/// After `y`: the export is recorded first, and only the backend's answer lets it be written.
fn written(app: &mut App, effects: Vec<Effect>) -> ExportFile {
    let file = match effects.as_slice() {
        [Effect::RecordExport(file)] => file.clone(),
        other => panic!("nothing recorded first: {other:?}"),
    };
    let recorded = Message::ExportRecorded {
        file: Box::new(file),
        result: Ok(uln_api::ExportRecorded { id: 41 }),
    };
    match app.on_message(recorded).as_slice() {
        [Effect::WriteExport(file)] => file.clone(),
        other => panic!("nothing to write: {other:?}"),
    }
}

#[test]
fn an_export_the_backend_could_not_record_is_not_written() {
    let mut app = loaded_app();
    command(&mut app, "export /tmp/never.csv");
    let effects = press(&mut app, "y");
    let [Effect::RecordExport(file)] = effects.as_slice() else {
        panic!("nothing recorded first: {effects:?}");
    };
    assert_eq!(file.audit.rows, 5);
    let refused = Message::ExportRecorded {
        file: Box::new(file.clone()),
        result: Err(uln_api::ClientError::Unreachable(
            "connection refused".into(),
        )),
    };
    assert!(app.on_message(refused).is_empty(), "nothing is written");
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.error && notice.text.starts_with("nothing written"),
        "{notice:?}"
    );
}

#[test]
fn the_view_as_filtered_and_sorted_is_written_after_the_warning_and_y() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calder.csv");
    let mut app = loaded_app();
    press(&mut app, "/calder");
    app.on_key(key(KeyCode::Enter));
    press(&mut app, "S");
    assert!(command(&mut app, &format!("export {}", path.display())).is_empty());
    let shown = screen(&mut app);
    assert!(shown.contains("learners' personal data"), "{shown}");
    assert!(shown.contains("y to write"), "{shown}");
    assert!(!asked(&app).file.replace, "nothing there yet");
    let effects = press(&mut app, "y");
    let file = written(&mut app, effects);
    assert_eq!(app.top().title(), "queue");
    assert_eq!((file.path, file.rows), (path, 2));
    assert_eq!(
        String::from_utf8(file.csv).unwrap(),
        "id,ULN,given name,family name,date of birth,centre,registered,deadline,anomalies\n\
         3,9276308689,Grace,O'Brien,2007-02-03,Calder Valley College,2026-11-01T09:00:00Z,2026-11-28T16:00:00Z,postcode\n\
         1,9276308687,Amelia,Hughes,2007-02-03,Calder Valley College,2026-11-01T09:00:00Z,2026-11-24T10:00:00Z,spelling\n"
    );
}

#[test]
fn a_name_or_centre_with_a_comma_or_quote_is_quoted() {
    let mut app = fixtures::app();
    app.start();
    app.on_message(Message::Queues(Ok(fixtures::queues())));
    let mut row = fixtures::summary(
        7,
        "Anne \"Nan\"",
        "Smith",
        "Hull College, East Riding",
        "2026-11-30T09:00:00Z",
        "spelling",
    );
    row.uln = None;
    let generation = app.queue.generation;
    app.on_message(Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: vec![row],
            next_cursor: None,
        }),
    });
    command(&mut app, "export /tmp/never-written.csv");
    let effects = press(&mut app, "y");
    let csv = String::from_utf8(written(&mut app, effects).csv).unwrap();
    assert_eq!(
        csv.lines().nth(1),
        Some("7,,\"Anne \"\"Nan\"\"\",Smith,2007-02-03,\"Hull College, East Riding\",2026-11-01T09:00:00Z,2026-11-30T09:00:00Z,spelling")
    );
}

#[test]
fn any_other_key_writes_nothing_and_an_existing_file_is_named_before_it_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("queue.csv");
    std::fs::write(&path, "keep me").unwrap();
    let mut app = loaded_app();
    command(&mut app, &format!("export {}", path.display()));
    assert!(asked(&app).file.replace);
    assert!(screen(&mut app).contains("already exists: y replaces it"));
    assert!(press(&mut app, "n").is_empty());
    assert_eq!(app.notice.as_ref().unwrap().text, "nothing written");
    press(&mut app, "r");
    command(&mut app, &format!("export {}", path.display()));
    assert!(
        asked(&app).view.contains("still loading"),
        "a queue still loading is said to be partial: {}",
        asked(&app).view
    );
    press(&mut app, "n");
    assert!(command(&mut app, "export").is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains(":export PATH"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
}

/// Carries out `effect` as the runtime would and hands its answer to the app.
async fn carry_out(app: &mut App, effect: Effect) {
    let (tx, mut rx) = unbounded_channel();
    let client = uln_api::ApiClient::new("http://127.0.0.1:9/api/v1", "t").unwrap();
    let mut tasks = Tasks::new(client, tx);
    tasks.spawn(app.owner(&effect), effect);
    let answer = tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv())
        .await
        .expect("the write answers")
        .unwrap();
    app.on_message(answer);
}

#[tokio::test]
async fn the_file_is_written_owner_only_and_a_failure_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("queue.csv");
    let mut app = loaded_app();
    command(&mut app, &format!("export {}", path.display()));
    let effects = press(&mut app, "y");
    let effect = Effect::WriteExport(written(&mut app, effects));
    carry_out(&mut app, effect).await;
    let notice = app.notice.clone().unwrap();
    assert!(!notice.error, "{notice:?}");
    assert!(notice.text.starts_with("5 rows written to"), "{notice:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let nowhere = dir.path().join("no such folder").join("queue.csv");
    command(&mut app, &format!("export {}", nowhere.display()));
    let effects = press(&mut app, "y");
    let effect = Effect::WriteExport(written(&mut app, effects));
    carry_out(&mut app, effect).await;
    let notice = app.notice.clone().unwrap();
    assert!(notice.error);
    assert!(notice.text.starts_with("not written:"), "{notice:?}");
    assert!(notice.text.contains("No such file"), "{notice:?}");
}
