//! The console served over SSH by the backend itself (issue 17), reached with the real OpenSSH
//! client in a pseudo-terminal: keys are operators, a session is the console and nothing else, and
//! its start and end are audited.

mod common;

use common::processes;
use common::pty::{Terminal, ENTER_ALTERNATE_SCREEN};
use common::ssh::{add_key, queue_shown, OperatorKey, SshFront};
use common::TestServer;
use std::time::Duration;
use uln_ssh::SessionLimits;

const ENTER: &str = "\r";

fn drew_nothing(t: &Terminal) -> bool {
    let raw = t.raw();
    !raw.windows(ENTER_ALTERNATE_SCREEN.len())
        .any(|w| w == ENTER_ALTERNATE_SCREEN)
}

/// The session audit rows as (action, operator, why it ended).
async fn session_rows(server: &TestServer) -> Vec<(String, String, String)> {
    let trail = server.state.store.audit_by_subject("ssh").await.unwrap();
    trail
        .iter()
        .map(|a| {
            let ended_by = a
                .changes
                .as_ref()
                .and_then(|c| c["ended_by"].as_str())
                .unwrap_or_default()
                .to_owned();
            (a.action.clone(), a.operator.clone(), ended_by)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_connects_with_their_key_opens_a_record_copies_resizes_and_quits() {
    let server = TestServer::start().await;
    let front = SshFront::start(&server).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);

    let (server, front) = tokio::task::spawn_blocking(move || {
        let mut t = front.connect(&key);
        let queue = t.wait_for("the queue", queue_shown);
        assert!(
            queue.contains("olu-operator"),
            "as the key's operator:\n{queue}"
        );
        front.wait_for_sessions(1);

        t.send(ENTER);
        t.wait_for("the record", |s| s.contains("Supplied vs LRS"));

        // Copying reaches the client's terminal (OSC 52), as it does locally.
        t.send("y");
        t.wait_for("the copy sent to the client's terminal", |_| {
            t.raw().windows(7).any(|w| w == b"\x1b]52;c;")
        });

        // The layout follows the client's window: the footer moves up to the new last row.
        let before = t.rows();
        let footer: String = before[39].trim().chars().take(20).collect();
        assert!(
            !footer.is_empty() && !before[29].contains(&footer),
            "{before:#?}"
        );
        t.resize(30, 100);
        t.wait_for("the record redrawn at 100 × 30", |_| {
            t.rows()[29].contains(&footer)
        });

        t.send("q");
        let status = t.wait_exit();
        assert!(
            status.success(),
            "ssh ends with the console's status 0: {status:?}"
        );
        assert!(
            t.restored(),
            "the client's terminal left the alternate screen"
        );
        front.wait_for_sessions(0);
        (server, front)
    })
    .await
    .unwrap();
    drop(front);
    let rows = session_rows(&server).await;
    assert_eq!(
        rows,
        [
            (
                "ssh_session_started".into(),
                "olu-operator".into(),
                String::new()
            ),
            (
                "ssh_session_ended".into(),
                "olu-operator".into(),
                "quit".into()
            ),
        ]
    );
    let started = &server.state.store.audit_by_subject("ssh").await.unwrap()[0];
    let changes = started.changes.as_ref().unwrap();
    assert!(changes["fingerprint"]
        .as_str()
        .unwrap()
        .starts_with("SHA256:"));
    assert!(changes["source"]
        .as_str()
        .unwrap()
        .starts_with("127.0.0.1:"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_no_operator_holds_is_refused_before_anything_is_drawn() {
    let server = TestServer::start().await;
    let front = SshFront::start(&server).await;
    let known = OperatorKey::generate();
    add_key(&server, "olu-operator", &known);
    let stranger = OperatorKey::generate();

    let front = tokio::task::spawn_blocking(move || {
        let mut t = front.connect(&stranger);
        let status = t.wait_exit();
        assert!(!status.success(), "ssh fails: {status:?}");
        assert!(drew_nothing(&t), "nothing drawn:\n{}", t.contents());
        assert!(
            t.contents().contains("Permission denied"),
            "{}",
            t.contents()
        );
        front
    })
    .await
    .unwrap();
    assert_eq!(front.sessions.open(), 0);
    assert!(session_rows(&server).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn revoking_an_operator_ends_their_session_and_refuses_their_key() {
    let server = TestServer::start().await;
    let front = SshFront::start(&server).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);
    let database = server.database_url.clone();

    let front = tokio::task::spawn_blocking(move || {
        let mut t = front.connect(&key);
        t.wait_for("the queue", queue_shown);
        processes::run(&[
            "operator",
            "revoke",
            "olu-operator",
            "--database",
            &database,
        ]);
        t.wait_for("the session ended", |s| {
            s.contains("your access was revoked")
        });
        t.wait_exit();
        front.wait_for_sessions(0);

        let mut again = front.connect(&key);
        let status = again.wait_exit();
        assert!(!status.success(), "the revoked key is refused: {status:?}");
        assert!(drew_nothing(&again), "nothing drawn:\n{}", again.contents());
        front
    })
    .await
    .unwrap();
    drop(front);
    let rows = session_rows(&server).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1].2, "revoked");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_connection_frees_its_session() {
    let server = TestServer::start().await;
    let front = SshFront::start(&server).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);

    let front = tokio::task::spawn_blocking(move || {
        let mut t = front.connect(&key);
        t.wait_for("the queue", queue_shown);
        front.wait_for_sessions(1);
        t.child.kill().unwrap();
        front.wait_for_sessions(0);
        front
    })
    .await
    .unwrap();
    drop(front);
    let rows = session_rows(&server).await;
    assert_eq!(
        rows.last().map(|r| r.2.as_str()),
        Some("disconnected"),
        "{rows:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_past_the_operators_limit_is_refused_in_one_line() {
    let server = TestServer::start().await;
    let limits = SessionLimits {
        per_operator: 1,
        total: 10,
    };
    let front = SshFront::start_with(&server, limits, Duration::from_secs(600)).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);

    tokio::task::spawn_blocking(move || {
        let mut first = front.connect(&key);
        first.wait_for("the queue", queue_shown);
        let mut second = front.connect(&key);
        let status = second.wait_exit();
        assert!(!status.success(), "{status:?}");
        assert!(
            drew_nothing(&second),
            "nothing drawn:\n{}",
            second.contents()
        );
        assert!(
            second
                .contents()
                .contains("already have 1 console sessions open"),
            "{}",
            second.contents()
        );
        assert_eq!(front.sessions.open(), 1);
        first.send("q");
        assert!(first.wait_exit().success());
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_session_ends_with_a_message() {
    let server = TestServer::start().await;
    let front = SshFront::start_with(&server, common::ssh::ROOMY, Duration::from_secs(2)).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);

    let server = tokio::task::spawn_blocking(move || {
        let mut t = front.connect(&key);
        t.wait_for("the queue", queue_shown);
        t.wait_for("the idle message", |s| s.contains("no key pressed for"));
        assert!(t.wait_exit().success());
        front.wait_for_sessions(0);
        server
    })
    .await
    .unwrap();
    let rows = session_rows(&server).await;
    assert_eq!(
        rows.last().map(|r| r.2.as_str()),
        Some("idle_timeout"),
        "{rows:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_or_with_a_command_the_server_says_so_and_closes() {
    let server = TestServer::start().await;
    let front = SshFront::start(&server).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);
    let home = tempfile::tempdir().unwrap();

    for (how, command) in [("no terminal", None), ("a command", Some("ls"))] {
        let mut args = front.client_args(&key);
        args.extend(["-T".into(), "operator@127.0.0.1".into()]);
        args.extend(command.map(str::to_owned));
        let mut command = std::process::Command::new("ssh");
        command.args(args).env("HOME", home.path());
        let output = tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap();
        assert!(!output.status.success(), "{how}: {:?}", output.status);
        let said = String::from_utf8_lossy(&output.stdout);
        let complained = String::from_utf8_lossy(&output.stderr);
        // A refused command is the client's to report; a shell without a terminal is ours.
        assert!(
            said.contains("ssh -t") || complained.contains("exec request failed"),
            "{how}: {said:?} {complained:?}"
        );
    }
    assert_eq!(front.sessions.open(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn twenty_operators_sessions_run_at_once_and_all_are_freed() {
    let server = TestServer::start().await;
    let limits = SessionLimits {
        per_operator: 20,
        total: 20,
    };
    let front = SshFront::start_with(&server, limits, Duration::from_secs(600)).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);

    tokio::task::spawn_blocking(move || {
        let mut terminals: Vec<Terminal> = (0..20).map(|_| front.connect(&key)).collect();
        for t in &terminals {
            t.wait_for("the queue", queue_shown);
        }
        front.wait_for_sessions(20);
        let mut one_more = front.connect(&key);
        assert!(
            !one_more.wait_exit().success(),
            "the twenty-first is refused"
        );
        assert!(one_more
            .contents()
            .contains("already serves 20 console sessions"));
        for t in &mut terminals {
            t.child.kill().unwrap();
        }
        front.wait_for_sessions(0);
    })
    .await
    .unwrap();
}
