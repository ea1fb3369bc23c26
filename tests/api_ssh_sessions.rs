//! The bearer token the backend mints for a console session over SSH (issue 17): it authenticates
//! as the key's operator with their current role while the session lives, and not once the
//! session ends, the operator is revoked or the key is removed. It is never stored.

mod common;

use common::processes;
use common::ssh::OperatorKey;
use common::{refusal, TestServer};
use std::time::Duration;
use uln_api::Role;

fn operator_command(server: &TestServer, args: &[&str]) {
    let mut all = vec!["operator"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database", &server.database_url]);
    processes::run(&all);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_token_is_its_operator_with_their_current_role_until_the_session_ends() {
    let server = TestServer::start().await;
    let key = OperatorKey::generate();
    operator_command(&server, &["add-key", "olu-operator", &key.line]);

    let session = server
        .state
        .start_ssh_session(&key.fingerprint, "127.0.0.1:50000")
        .await
        .unwrap()
        .expect("the key admits its operator");
    let client = server.client(&session.token);
    let me = client.me().await.unwrap();
    assert_eq!(
        (me.name.as_str(), me.role),
        ("olu-operator", Role::Operator)
    );

    operator_command(&server, &["set-role", "olu-operator", "supervisor"]);
    // The command line changed the database; the server notices within about a second.
    let client_ref = &client;
    common::eventually("the new role", Duration::from_secs(10), || async move {
        (client_ref.me().await.ok()?.role == Role::Supervisor).then_some(())
    })
    .await;

    server.state.end_ssh_session(session, "quit").await.unwrap();
    assert_eq!(refusal(client.me().await).0, 401, "gone with its session");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_token_stops_working_when_its_operator_is_revoked_or_its_key_removed() {
    let server = TestServer::start().await;
    let (olu, sam) = (OperatorKey::generate(), OperatorKey::generate());
    operator_command(&server, &["add-key", "olu-operator", &olu.line]);
    operator_command(&server, &["add-key", "sam-supervisor", &sam.line]);
    let start = |key: &OperatorKey| {
        let state = server.state.clone();
        let fingerprint = key.fingerprint.clone();
        async move {
            state
                .start_ssh_session(&fingerprint, "127.0.0.1:50000")
                .await
                .unwrap()
                .expect("admitted")
        }
    };
    let (olu_session, sam_session) = (start(&olu).await, start(&sam).await);
    let (olu_client, sam_client) = (
        server.client(&olu_session.token),
        server.client(&sam_session.token),
    );
    assert!(olu_client.me().await.is_ok() && sam_client.me().await.is_ok());

    operator_command(&server, &["revoke", "olu-operator"]);
    operator_command(&server, &["remove-key", "sam-supervisor", &sam.fingerprint]);
    let (olu_ref, sam_ref) = (&olu_client, &sam_client);
    common::eventually("both tokens refused", Duration::from_secs(10), || async move {
        (olu_ref.me().await.is_err() && sam_ref.me().await.is_err()).then_some(())
    })
    .await;
    assert_eq!(refusal(olu_client.me().await).0, 401);
    assert!(!server.state.ssh_session_allowed(&olu_session).await);
    assert!(!server.state.ssh_session_allowed(&sam_session).await);
    assert!(server
        .state
        .start_ssh_session(&olu.fingerprint, "127.0.0.1:50001")
        .await
        .unwrap()
        .is_none());

    let trail = server.state.store.audit_by_subject("ssh").await.unwrap();
    let started: Vec<_> = trail.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(started, ["ssh_session_started", "ssh_session_started"]);
}
