//! Working over SSH as a local console does (issue 17): an amendment made and audited as the
//! key's operator, and the operator's own keys and colour from their settings on the server.

mod common;

use common::ssh::{add_key, queue_shown, OperatorKey, SshFront};
use common::TestServer;

const ENTER: &str = "\r";

#[tokio::test(flavor = "multi_thread")]
async fn an_amendment_over_ssh_is_made_and_audited_as_the_keys_operator() {
    let server = TestServer::start().await;
    let front = SshFront::start(&server).await;
    let key = OperatorKey::generate();
    add_key(&server, "olu-operator", &key);
    let record = server.open_record_with_own_uln("spelling").await;
    let uln = record.uln.clone().expect("a ULN");
    let id = record.id;

    let (server, front) = tokio::task::spawn_blocking(move || {
        let mut t = front.connect(&key);
        t.wait_for("the queue", queue_shown);
        t.send("/");
        t.type_text(&uln);
        t.send(ENTER);
        t.wait_for("the filtered queue", |s| s.contains("1 shown of"));
        t.send(ENTER);
        t.wait_for("the record", |s| {
            s.contains("Supplied vs LRS") && s.contains("spelling (")
        });
        // The first suggestion, into the amend form, then submitted.
        t.send("1");
        t.wait_for("the amend form", |s| {
            s.contains(&format!("Amend #{id}")) && s.contains("ready to submit")
        });
        t.send("\x13");
        t.wait_for("the amendment made", |s| {
            s.contains(&format!("#{id} resolved ✓"))
        });
        t.send("\x1b");
        t.wait_for("the record gone from the queue", |s| {
            s.contains("0 shown of")
        });
        t.send("q");
        assert!(t.wait_exit().success());
        front.wait_for_sessions(0);
        (server, front)
    })
    .await
    .unwrap();
    drop(front);
    let trail = server.state.store.audit_trail(id).await.unwrap();
    let amended: Vec<_> = trail
        .iter()
        .filter(|a| a.action == "amended")
        .map(|a| a.operator.as_str())
        .collect();
    assert_eq!(amended, ["olu-operator"], "{trail:#?}");
    assert!(
        trail
            .iter()
            .any(|a| a.action == "viewed" && a.operator == "olu-operator"),
        "the view audited as the operator too: {trail:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operators_own_keys_and_colour_are_used_over_ssh() {
    let server = TestServer::start().await;
    let settings = tempfile::tempdir().unwrap();
    std::fs::write(
        settings.path().join("olu-operator.toml"),
        "[keys]\nopen = [\"w\"]\n\n[theme]\ncolour = false\n",
    )
    .unwrap();
    std::fs::write(
        settings.path().join("sam-supervisor.toml"),
        "[keys]\nnope = 1\n",
    )
    .unwrap();
    let front = SshFront::start_with_settings(&server, settings.path().to_owned()).await;
    let (olu, sam) = (OperatorKey::generate(), OperatorKey::generate());
    add_key(&server, "olu-operator", &olu);
    add_key(&server, "sam-supervisor", &sam);

    tokio::task::spawn_blocking(move || {
        let mut t = front.connect(&olu);
        t.wait_for("the queue", queue_shown);
        // Colour off: no colour is ever set (SGR 38/48), as with the local setting.
        assert!(
            !t.raw().windows(5).any(|w| w == b"38;5;" || w == b"48;5;"),
            "no colour drawn"
        );
        t.send("w");
        t.wait_for("the record opened with olu's own key", |s| {
            s.contains("Supplied vs LRS")
        });
        t.send("\x1b");
        t.send("q");
        assert!(t.wait_exit().success());

        // A file that cannot be used: the defaults, and the operator is told why.
        let mut t = front.connect(&sam);
        t.wait_for("the problem told", |s| {
            queue_shown(s) && s.contains("default keys used: ") && s.contains("sam-supervisor.toml")
        });
        t.send(ENTER);
        t.wait_for("the record opened with the default key", |s| {
            s.contains("Supplied vs LRS")
        });
        t.send("\x1b");
        t.send("q");
        assert!(t.wait_exit().success());
        drop(settings);
    })
    .await
    .unwrap();
}
