//! Claims: "Sam is on this record". Claiming, renewing, being refused with the holder named,
//! taking over (audited, naming whose it was), releasing, lapsing when idle, closed records
//! refused, and every claim told on the event stream. A claim never touches the record itself.

mod common;

use common::{eventually, next_on_stream, refusal, Options, TestServer};
use std::time::Duration;
use uln_api::{
    AuditAction, ClaimEvent, ErrorCode, ListQuery, RejectReason, RejectRequest, StreamEvent,
};

const OPERATOR: &str = "olu-operator";
const SUPERVISOR: &str = "sam-supervisor";

/// The claim record `id`'s queue row carries, if any.
async fn claim_in_queue(server: &TestServer, id: i64) -> Option<uln_api::ClaimView> {
    let query = ListQuery {
        limit: Some(10_000),
        ..ListQuery::default()
    };
    let page = server.as_viewer().exceptions(&query).await.unwrap();
    let row = page.items.into_iter().find(|r| r.id == id);
    row.expect("the record is in the queue").claim.map(|c| *c)
}

#[tokio::test]
async fn a_claim_is_shown_on_the_record_and_its_queue_row_and_leaves_the_version_alone() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let claim = server.as_operator().claim(record.id, false).await.unwrap();
    assert_eq!(claim.operator, OPERATOR);
    assert!(claim.expires_at > claim.since, "{claim:?}");
    let detail = server.as_supervisor().exception(record.id).await.unwrap();
    assert_eq!(detail.claim.as_ref(), Some(&claim));
    assert_eq!(detail.version, record.version, "not a change to the record");
    assert_eq!(claim_in_queue(&server, record.id).await, Some(claim));
    assert_eq!(server.audit_count(record.id, AuditAction::Claimed).await, 1);
}

#[tokio::test]
async fn renewing_keeps_since_moves_the_expiry_and_is_not_audited() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    let first = operator.claim(record.id, false).await.unwrap();
    // Renewal times are whole seconds: wait for the next one so the expiry visibly moves.
    let renewed = eventually("a later renewal", Duration::from_secs(5), || async {
        let again = operator.claim(record.id, false).await.unwrap();
        (again.expires_at > first.expires_at).then_some(again)
    })
    .await;
    assert_eq!(renewed.since, first.since, "the same claim");
    assert_eq!(server.audit_count(record.id, AuditAction::Claimed).await, 1);
}

#[tokio::test]
async fn every_live_claim_is_on_its_own_queue_row_with_its_holder_since_and_expiry() {
    let server = TestServer::start().await;
    let records = server.open_records_of_kind("spelling").await;
    let [first, second, unclaimed] = [0, 1, 2].map(|i| records[i].id);
    let operator = server.as_operator();
    let claimed = operator.claim(first, false).await.unwrap();
    // Renewed in a later second, so the claim's since and its renewal differ.
    let renewed = eventually("a later renewal", Duration::from_secs(5), || async {
        let again = operator.claim(first, false).await.unwrap();
        (again.expires_at > claimed.expires_at).then_some(again)
    })
    .await;
    let others = server.as_supervisor().claim(second, false).await.unwrap();
    assert_eq!(claim_in_queue(&server, first).await, Some(renewed));
    assert_eq!(claim_in_queue(&server, second).await, Some(others));
    assert_eq!(claim_in_queue(&server, unclaimed).await, None);
}

#[tokio::test]
async fn another_operators_claim_is_refused_naming_the_holder() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let held = server.as_operator().claim(record.id, false).await.unwrap();
    let (status, body) = refusal(server.as_supervisor().claim(record.id, false).await);
    assert_eq!((status, body.code), (409, ErrorCode::Claimed));
    assert_eq!(body.claim.as_deref(), Some(&held), "who and since when");
    assert!(body.message.contains(OPERATOR), "{}", body.message);
    let detail = server.as_viewer().exception(record.id).await.unwrap();
    assert_eq!(detail.claim, Some(held), "the holder keeps it");
}

#[tokio::test]
async fn taking_over_moves_the_claim_and_is_audited_naming_whose_it_was() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    server.as_operator().claim(record.id, false).await.unwrap();
    let taken = server.as_supervisor().claim(record.id, true).await.unwrap();
    assert_eq!(taken.operator, SUPERVISOR);
    let detail = server.as_viewer().exception(record.id).await.unwrap();
    assert_eq!(detail.claim, Some(taken));
    let takeover = detail
        .audit
        .iter()
        .find(|a| a.action == AuditAction::ClaimTakenOver)
        .expect("a claim_taken_over entry");
    assert_eq!(takeover.operator, SUPERVISOR);
    assert_eq!(
        takeover.reason.as_deref(),
        Some("taken over from olu-operator")
    );
    // The one it was taken from cannot take it back without asking to.
    let (status, body) = refusal(server.as_operator().claim(record.id, false).await);
    assert_eq!((status, body.code), (409, ErrorCode::Claimed));
}

#[tokio::test]
async fn releasing_frees_the_record_and_releasing_nothing_is_fine() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    operator.claim(record.id, false).await.unwrap();
    // Someone else's release leaves the claim alone.
    server
        .as_supervisor()
        .release_claim(record.id)
        .await
        .unwrap();
    assert!(claim_in_queue(&server, record.id).await.is_some());
    operator.release_claim(record.id).await.unwrap();
    assert_eq!(claim_in_queue(&server, record.id).await, None);
    operator.release_claim(record.id).await.unwrap();
    let claimed = server
        .as_supervisor()
        .claim(record.id, false)
        .await
        .unwrap();
    assert_eq!(
        claimed.operator, SUPERVISOR,
        "free to claim without taking over"
    );
}

#[tokio::test]
async fn an_idle_claim_lapses_and_the_next_claim_needs_no_takeover() {
    let server = TestServer::start_with(Options {
        claim_idle: jiff::SignedDuration::from_secs(1),
        ..Options::default()
    })
    .await;
    let record = server.open_record_of_kind("spelling").await;
    server.as_operator().claim(record.id, false).await.unwrap();
    let viewer = server.as_viewer();
    eventually("the claim to lapse", Duration::from_secs(10), || async {
        let detail = viewer.exception(record.id).await.unwrap();
        detail.claim.is_none().then_some(())
    })
    .await;
    assert_eq!(claim_in_queue(&server, record.id).await, None);
    let claimed = server
        .as_supervisor()
        .claim(record.id, false)
        .await
        .unwrap();
    assert_eq!(claimed.operator, SUPERVISOR);
    assert_eq!(
        server
            .audit_count(record.id, AuditAction::ClaimTakenOver)
            .await,
        0
    );
}

#[tokio::test]
async fn a_closed_record_cannot_be_claimed_and_a_viewer_cannot_claim() {
    let server = TestServer::start().await;
    let record = server.open_record_with_own_uln("spelling").await;
    let (status, body) = refusal(server.as_viewer().claim(record.id, false).await);
    assert_eq!((status, body.code), (403, ErrorCode::Forbidden));
    let reject = RejectRequest {
        reason: RejectReason::WrongLearner,
        note: None,
    };
    let operator = server.as_operator();
    operator
        .reject(record.id, record.version, &reject)
        .await
        .unwrap();
    let (status, body) = refusal(operator.claim(record.id, false).await);
    assert_eq!(
        (status, body.code),
        (409, ErrorCode::NotOpen),
        "{}",
        body.message
    );
    let (status, _) = refusal(operator.claim(i64::MAX, false).await);
    assert_eq!(status, 404);
}

#[tokio::test]
async fn claims_takeovers_and_releases_are_told_on_the_event_stream() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let events = server.as_viewer().events().await.unwrap();
    let mut events = std::pin::pin!(events);
    let id = record.id;
    let claim_event = |e: StreamEvent| match e {
        StreamEvent::Claim(c) if c.record_id == id => Some(c),
        _ => None,
    };
    let claimed = server.as_operator().claim(id, false).await.unwrap();
    let told: ClaimEvent = next_on_stream(&mut events, "the claim", claim_event).await;
    assert_eq!((told.claim, told.taken_over_from), (Some(claimed), None));
    let taken = server.as_supervisor().claim(id, true).await.unwrap();
    let told = next_on_stream(&mut events, "the takeover", claim_event).await;
    assert_eq!(told.claim, Some(taken));
    assert_eq!(told.taken_over_from.as_deref(), Some(OPERATOR));
    server.as_supervisor().release_claim(id).await.unwrap();
    let told = next_on_stream(&mut events, "the release", claim_event).await;
    assert_eq!((told.claim, told.taken_over_from), (None, None));
}

#[tokio::test]
async fn a_claim_made_on_one_server_is_told_to_the_other_servers_subscribers() {
    let server = TestServer::start().await;
    if !server.database_url.starts_with("postgres") {
        // One SQLite database has one server; the fleet runs over PostgreSQL.
        return;
    }
    let other = server.another_server().await;
    let record = server.open_record_of_kind("spelling").await;
    let there = uln_api::ApiClient::new(other.base.clone(), &server.viewer).unwrap();
    let events = there.events().await.unwrap();
    let mut events = std::pin::pin!(events);
    let claimed = server.as_operator().claim(record.id, false).await.unwrap();
    let told = next_on_stream(
        &mut events,
        "the claim from the other server",
        |e| match e {
            StreamEvent::Claim(c) if c.record_id == record.id => Some(c),
            _ => None,
        },
    )
    .await;
    assert_eq!(told.claim, Some(claimed));
}
