//! Revoking an operator, or changing their role, bites within seconds on a running server even
//! though the command line that does it is another process writing the database directly.

mod common;

use common::{eventually, refusal, TestServer};
use futures_util::StreamExt;
use std::time::Duration;
use uln_api::{ApiClient, ClientError, LearnerFields};
use uln_server::operators::Revocation;
use uln_server::store::Role;
use uln_server::{Backend, ServerConfig};

/// A change to an operator must reach every server within this (they poll about once a second).
const WITHIN: Duration = Duration::from_secs(5);

/// A second backend on the test server's database, as the command line opens it: it shares
/// only the database with the server (no cache, no channel), so what bites here bites across
/// processes. (`cli_operators` runs the command itself.)
async fn administrator(server: &TestServer) -> Backend {
    Backend::open(ServerConfig::new(server.database_url.clone()))
        .await
        .expect("the database opens")
}

/// The HTTP status of a request the server refused, or None if it was answered.
async fn refused_with(client: &ApiClient) -> Option<u16> {
    match client.me().await {
        Err(ClientError::Api { status, .. }) => Some(status),
        _ => None,
    }
}

#[tokio::test]
async fn a_token_revoked_elsewhere_is_refused_within_seconds_and_its_stream_ends() {
    let server = TestServer::start().await;
    let olu = server.as_operator();
    olu.me().await.expect("the token works, and is now cached");
    let events = olu.events().await.expect("the event stream opens");
    let mut events = std::pin::pin!(events);

    let revoked = administrator(&server)
        .await
        .revoke_operator("olu-operator", "admin")
        .await;
    assert!(matches!(revoked, Ok(Revocation::Revoked(_))), "{revoked:?}");

    let status = eventually("the revoked token being refused", WITHIN, || async {
        refused_with(&olu).await
    })
    .await;
    assert_eq!(status, 401);
    let ended = tokio::time::timeout(WITHIN, async { while events.next().await.is_some() {} });
    ended.await.expect("the open event stream ends");
    let (status, _) = refusal(olu.events().await.map(drop));
    assert_eq!(status, 401, "and it cannot be opened again");
    server
        .as_viewer()
        .me()
        .await
        .expect("other operators are not affected");
}

#[tokio::test]
async fn an_operator_made_a_viewer_elsewhere_is_refused_an_amend_within_seconds() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let olu = server.as_operator();
    let fields = LearnerFields {
        given_name: Some("Anna".into()),
        ..LearnerFields::default()
    };
    // A version that never was: an operator hears 412 and nothing changes; a viewer hears 403.
    let (status, _) = refusal(olu.amend(record.id, 0, &fields, None).await);
    assert_eq!(status, 412, "an operator may amend");

    let account = administrator(&server)
        .await
        .set_operator_role("olu-operator", Role::Viewer, "admin")
        .await
        .expect("the role changes");
    assert_eq!(account.operator.role, Role::Viewer);

    let status = eventually("the new role biting", WITHIN, || async {
        match olu.amend(record.id, 0, &fields, None).await {
            Err(ClientError::Api { status: 403, .. }) => Some(403),
            _ => None,
        }
    })
    .await;
    assert_eq!(status, 403);
    let me = olu.me().await.expect("a viewer may still sign in");
    assert_eq!(me.role, uln_api::Role::Viewer);
}
