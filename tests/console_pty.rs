//! The real binary in a pseudo-terminal against the real backend on loopback: what an operator
//! over SSH would see, read back through a terminal emulator (vt100).

mod common;

use common::pty::Terminal;
use common::TestServer;
use portable_pty::CommandBuilder;

/// The console against `server` as the holder of `token`, in a 40 × 160 terminal.
fn console(server: &TestServer, token: &str) -> Terminal {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_uln-console"));
    cmd.args(["--backend", &server.base]);
    cmd.env("ULN_CONSOLE_TOKEN", token);
    cmd.env("HOME", home.path());
    cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
    cmd.env("XDG_DATA_HOME", home.path().join("data"));
    cmd.env("TERM", "xterm-256color");
    Terminal::spawn(cmd, home, 40, 160)
}

const CTRL_S: &str = "\x13";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";

#[tokio::test(flavor = "multi_thread")]
async fn an_operator_resolves_a_record_looks_up_a_plr_and_raises_a_challenge() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("spelling").await;
    let uln = record.uln.clone().unwrap();
    let (learner_uln, family, dob): (String, String, String) =
        server.learner_where("ability_to_share").await;
    let operator = server.operator.clone();

    tokio::task::spawn_blocking(move || {
        let mut t = console(&server, &operator);
        t.wait_for("the queue", |s| {
            s.contains("all open") && s.contains("Removal in")
        });

        t.send("/");
        t.type_text(&uln);
        t.send(ENTER);
        t.wait_for("the filter", |s| s.contains("1 shown of"));
        t.send(ENTER);
        t.wait_for("the record", |s| {
            s.contains("Supplied vs LRS") && s.contains("spelling (")
        });

        t.send("1");
        t.wait_for("the amend form", |s| {
            s.contains(&format!("Amend #{}", record.id)) && s.contains("ready to submit")
        });
        t.send(CTRL_S);
        t.wait_for("the result", |s| {
            s.contains(&format!("#{} resolved ✓", record.id))
        });
        t.send(ESC);
        t.wait_for("the record to leave the queue", |s| {
            s.contains("0 shown of")
        });

        t.send("L");
        t.wait_for("the PLR lookup", |s| s.contains("PLR lookup"));
        t.type_text(&learner_uln);
        t.send(TAB);
        t.type_text(&family);
        t.send(TAB);
        t.type_text(&dob);
        t.send(CTRL_S);
        t.wait_for("the learner's events", |s| {
            s.contains("WSRC0004") && s.contains("Learning events")
        });

        t.send("c");
        t.wait_for("the challenge form", |s| {
            s.contains("Raise a data challenge")
        });
        t.send("2");
        t.send(TAB);
        t.type_text("learner says this was not theirs");
        t.send(CTRL_S);
        t.wait_for("the challenge reference", |s| {
            s.contains("data challenge DC-") && s.contains("UNDER CHALLENGE")
        });

        t.send("q");
        let status = t.wait_exit();
        assert!(status.success(), "exit status {status:?}");
        assert!(t.restored(), "the terminal left the alternate screen");
    })
    .await
    .unwrap();
}

/// A phone enquiry from start to wrap-up (issue 13): the call panel, the caller checked with the
/// register before their PLR opens, and a wrap-up note that joins the audit trail.
#[tokio::test(flavor = "multi_thread")]
async fn an_operator_takes_a_phone_enquiry_from_start_to_wrap_up() {
    let server = TestServer::start().await;
    let (uln, family, dob): (String, String, String) =
        server.learner_where("ability_to_share").await;
    let operator = server.operator.clone();
    let subject = format!("uln:{uln}");

    let server = tokio::task::spawn_blocking(move || {
        let mut t = console(&server, &operator);
        t.wait_for("the queue", |s| s.contains("Removal in"));

        t.send("C");
        t.wait_for("the call panel", |s| {
            s.contains("Phone call") && s.contains("since")
        });
        t.type_text(&uln);
        t.send(TAB);
        t.type_text(&family);
        t.send(TAB);
        t.type_text(&dob);
        t.send(CTRL_S);
        t.wait_for("the caller confirmed and their PLR", |s| {
            s.contains("identity confirmed: PLR open") && s.contains("Learning events")
        });

        t.send("e");
        t.wait_for("the wrap-up", |s| s.contains("Wrap-up note"));
        t.type_text("Asked for their results; read them out.");
        t.send(CTRL_S);
        let shown = t.wait_for("the call recorded", |s| s.contains("recorded (identified)"));
        assert!(!shown.contains("Phone call"), "the panel closed:\n{shown}");

        t.send("q");
        let status = t.wait_exit();
        assert!(status.success(), "exit status {status:?}");
        server
    })
    .await
    .unwrap();
    let trail = server.state.store.audit_by_subject(&subject).await.unwrap();
    let call = trail
        .iter()
        .find(|a| a.action == "call")
        .expect("the call joined the audit trail");
    assert_eq!(call.operator, "olu-operator");
    assert_eq!(
        call.reason.as_deref(),
        Some("Asked for their results; read them out.")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hangup_from_a_dropped_ssh_session_exits_promptly_and_restores_the_terminal() {
    let server = TestServer::start().await;
    let token = server.viewer.clone();
    tokio::task::spawn_blocking(move || {
        let mut t = console(&server, &token);
        t.wait_for("the queue", |s| s.contains("all open"));
        let pid = t.child.process_id().expect("a process id");
        let sent = std::process::Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = t.wait_exit();
        assert!(status.success(), "a clean exit, got {status:?}");
        assert!(t.restored(), "the terminal left the alternate screen");
    })
    .await
    .unwrap();
}
