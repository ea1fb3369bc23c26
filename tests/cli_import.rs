//! `uln-console import FILE.csv` as a centre's administrator runs it, against the real server:
//! batches, the results file row by row, header synonyms, a results file that exists, and a
//! backend that goes away half-way.

mod common;

use common::import_cli::{line, results_of, start_at, write, Finished, Import, HEADER};
use common::{Options, TestServer};
use std::path::Path;
use uln_api::RegistrationSubmission;

async fn small_server() -> TestServer {
    TestServer::start_with(Options {
        learners: 60,
        registrations: 10,
        ..Options::default()
    })
    .await
}

fn start(server: &TestServer, dir: &Path, args: &[&str]) -> Import {
    start_at(&server.base, &server.operator, dir, args)
}

async fn import(server: &TestServer, dir: &Path, args: &[&str]) -> Finished {
    start(server, dir, args).finish().await
}

#[tokio::test]
async fn every_row_gets_its_result_across_batches_and_unreadable_rows_stop_nothing() {
    let server = small_server().await;
    let dir = tempfile::tempdir().unwrap();
    let exact = server.learner_as_submitted().await;
    let similar = RegistrationSubmission {
        given_name: exact.given_name.to_uppercase(),
        ..exact.clone()
    };
    let placeholder = RegistrationSubmission {
        uln: "9999999999".into(),
        ..exact.clone()
    };
    let impossible_date = RegistrationSubmission {
        date_of_birth: "2007-02-30".into(),
        ..exact.clone()
    };
    // A byte order mark, CRLF line ends, a column the API does not know, and two unreadable
    // rows (a field short; a name that is not UTF-8) among the readable ones.
    let mut file = format!("\u{feff}{HEADER},Notes\r\n").into_bytes();
    for row in [&exact, &similar, &impossible_date] {
        file.extend(format!("{},\"call, Tuesday\"\r\n", line(row)).bytes());
    }
    file.extend(format!("{}\r\n", line(&exact)).bytes());
    file.extend(b"1000000000,\xC3\x28,Smith,2007-01-02,2,LS1 4AP,Calder,\r\n");
    file.extend(format!("{},\r\n{},\r\n", line(&placeholder), line(&exact)).bytes());
    let input = write(dir.path(), "centre.csv", &file);

    let done = import(
        &server,
        dir.path(),
        &["--batch", "2", input.to_str().unwrap()],
    )
    .await;
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stderr
            .contains("\"Notes\" is not a registration field"),
        "{}",
        done.stderr
    );
    for n in 1..=3 {
        assert!(
            done.stderr.contains(&format!("batch {n}/3:")),
            "{}",
            done.stderr
        );
    }
    assert!(
        done.stdout.contains(
            "7 rows: 2 matched, 2 exception, 0 pending, 3 invalid, 0 not_sent, 0 unconfirmed"
        ),
        "{}",
        done.stdout
    );
    for personal in [&exact.uln, &exact.family_name, &exact.date_of_birth] {
        assert!(
            !done.stdout.contains(personal.as_str()) && !done.stderr.contains(personal.as_str())
        );
    }

    let rows = results_of(&dir.path().join("centre.results.csv"));
    assert_eq!(
        rows[0],
        [
            "row",
            "uln",
            "outcome",
            "record_id",
            "verification_code",
            "anomalies",
            "reasons"
        ]
    );
    let by_line: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    let uln = exact.uln.as_str();
    assert_eq!(
        by_line,
        [
            ("2", uln, "matched"),
            ("3", uln, "exception"),
            ("4", uln, "invalid"),
            ("5", "", "invalid"),
            ("6", "", "invalid"),
            ("7", "9999999999", "exception"),
            ("8", uln, "matched"),
        ]
    );
    assert_eq!(rows[2][4], "WSVRC003", "the similar match's code");
    assert_eq!(rows[6][5], "malformed_uln");
    assert!(rows[3][6].starts_with("date_of_birth: "), "{:?}", rows[3]);
    assert_eq!(
        rows[4][6],
        "unreadable row: 7 fields where the header has 8"
    );
    assert!(
        rows[5][6].contains("given_name is not UTF-8"),
        "{:?}",
        rows[5]
    );
    // The record ids are the stored registrations.
    for row in [&rows[1], &rows[2], &rows[6], &rows[7]] {
        let id: i64 = row[3].parse().expect("a record id");
        assert_eq!(
            server.registration_now(id).await.uln.as_deref(),
            Some(row[1].as_str())
        );
    }
    assert!(rows[3][3].is_empty() && rows[4][3].is_empty());
}

#[tokio::test]
async fn header_synonyms_are_understood_and_a_missing_column_is_named() {
    let server = small_server().await;
    let dir = tempfile::tempdir().unwrap();
    let exact = server.learner_as_submitted().await;
    let synonyms = "ULN,Forename,Surname,DOB,Sex,Postcode,Centre Number";
    let input = write(
        dir.path(),
        "a.csv",
        format!("{synonyms}\n{}\n", line(&exact)).as_bytes(),
    );
    let done = import(&server, dir.path(), &[input.to_str().unwrap()]).await;
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(!done.stderr.contains("warning"), "{}", done.stderr);
    assert_eq!(
        results_of(&dir.path().join("a.results.csv"))[1][2],
        "matched"
    );

    let no_postcode = "uln,first_name,last_name,date_of_birth,gender,centre";
    let input = write(
        dir.path(),
        "b.csv",
        format!("{no_postcode}\n1,A,B,C,D,E\n").as_bytes(),
    );
    let done = import(&server, dir.path(), &[input.to_str().unwrap()]).await;
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr.contains("the header has no postcode column"),
        "{}",
        done.stderr
    );
    assert!(
        !dir.path().join("b.results.csv").exists(),
        "nothing to report, nothing written"
    );
}

#[tokio::test]
async fn an_existing_results_file_is_replaced_only_with_force() {
    let server = small_server().await;
    let dir = tempfile::tempdir().unwrap();
    let exact = server.learner_as_submitted().await;
    let input = write(
        dir.path(),
        "c.csv",
        format!("{HEADER}\n{}\n", line(&exact)).as_bytes(),
    );
    let kept = write(dir.path(), "mine.csv", b"the centre's own notes\n");
    let args = [input.to_str().unwrap(), "--results", kept.to_str().unwrap()];
    let done = import(&server, dir.path(), &args).await;
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(done.stderr.contains("--force"), "{}", done.stderr);
    assert_eq!(std::fs::read(&kept).unwrap(), b"the centre's own notes\n");
    assert!(
        !done.stdout.contains("rows:"),
        "nothing was sent: {}",
        done.stdout
    );

    let done = import(&server, dir.path(), &[&args[..], &["--force"]].concat()).await;
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(results_of(&kept)[1][2], "matched");
}

#[tokio::test]
async fn rows_after_the_backend_goes_away_are_reported_not_sent() {
    let mut server = small_server().await;
    let dir = tempfile::tempdir().unwrap();
    let exact = RegistrationSubmission {
        centre: "Gone Away College".into(),
        ..server.learner_as_submitted().await
    };
    let rows = 200;
    let body: String = (0..rows).map(|_| format!("{}\n", line(&exact))).collect();
    let input = write(dir.path(), "d.csv", format!("{HEADER}\n{body}").as_bytes());
    let mut running = start(
        &server,
        dir.path(),
        &["--batch", "2", input.to_str().unwrap()],
    );
    running.line_with("batch 1/100:").await;
    server.begin_shutdown();
    let done = running.finish().await;
    assert_eq!(done.code, 1, "{}\n{}", done.stdout, done.stderr);

    let results = results_of(&dir.path().join("d.results.csv"));
    assert_eq!(results.len(), rows + 1, "every row is reported");
    let outcomes: Vec<&str> = results[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(&outcomes[..2], ["matched", "matched"]);
    assert_eq!(outcomes[rows - 1], "not_sent", "{:?}", results[rows]);
    let answered = outcomes.iter().take_while(|o| **o == "matched").count();
    let unconfirmed = outcomes.iter().filter(|o| **o == "unconfirmed").count();
    assert!(
        unconfirmed <= 2,
        "at most the batch in flight: {outcomes:?}"
    );
    assert!(
        outcomes[answered..].iter().all(|o| *o != "matched"),
        "{outcomes:?}"
    );
    assert!(
        results[rows][6].starts_with("not sent")
            || results[rows][6].starts_with("backend unreachable")
    );
    // Nothing is lost: every row the backend stored was answered, or is marked unconfirmed.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE centre = $1")
        .bind(&exact.centre)
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let stored = stored as usize;
    assert!(
        answered <= stored && stored <= answered + unconfirmed,
        "{stored} stored, {answered} answered"
    );

    // Run again with --resume once a server is back: only the rows not sent are sent, and the
    // earlier answers (record ids and all) are kept as they were.
    let back = server.another_server().await;
    let args = ["--resume", input.to_str().unwrap()];
    let again = start_at(&back.base, &server.operator, dir.path(), &args)
        .finish()
        .await;
    assert_eq!(again.code, i32::from(unconfirmed > 0), "{}", again.stderr);
    let resumed = results_of(&dir.path().join("d.results.csv"));
    assert_eq!(resumed.len(), rows + 1);
    assert_eq!(
        resumed[..=answered],
        results[..=answered],
        "earlier answers kept"
    );
    for (before, after) in results[1..].iter().zip(&resumed[1..]) {
        let expected = match before[2].as_str() {
            "not_sent" => "matched",
            earlier => earlier,
        };
        assert_eq!((&after[0], after[2].as_str()), (&before[0], expected));
    }
    let now_stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE centre = $1")
            .bind(&exact.centre)
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let not_sent = outcomes.iter().filter(|o| **o == "not_sent").count();
    assert_eq!(
        now_stored as usize,
        stored + not_sent,
        "each row not sent is sent once"
    );
}

/// A backend that reads each request and hangs up without answering; it counts the batches
/// (POSTs) it was sent.
async fn silent_backend() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    let posts = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = posts.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = vec![0; 64 * 1024];
            let n = socket.read(&mut request).await.unwrap_or(0);
            if request[..n].starts_with(b"POST") {
                counted.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    (base, posts)
}

#[tokio::test]
async fn a_batch_sent_but_never_answered_is_reported_unconfirmed_and_not_sent_again() {
    let (base, posts) = silent_backend().await;
    let dir = tempfile::tempdir().unwrap();
    let row = "1000000000,Ann,Smith,2007-01-02,2,LS1 4AP,Calder Valley College";
    let input = write(
        dir.path(),
        "e.csv",
        format!("{HEADER}\n{row}\n{row}\n").as_bytes(),
    );
    let done = start_at(&base, "token", dir.path(), &[input.to_str().unwrap()])
        .finish()
        .await;
    assert_eq!(done.code, 1, "{}\n{}", done.stdout, done.stderr);
    assert_eq!(
        posts.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "sent once, never again"
    );
    let rows = results_of(&dir.path().join("e.results.csv"));
    for row in &rows[1..] {
        assert_eq!(row[2], "unconfirmed", "{row:?}");
        assert!(row[6].contains("may have been stored"), "{row:?}");
    }
}
