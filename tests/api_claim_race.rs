//! Claims raced across two servers over one PostgreSQL database: each server reads the claim and
//! then writes only if the row is still what it read, so when two operators claim one record at
//! the same instant through different servers exactly one wins and the other is told who did.
//! Needs `ULN_TEST_POSTGRES_URL` (`scripts/with-postgres.sh`); without it each test says it was
//! skipped and passes.

mod common;

use common::{refusal, Options, OtherServer, TestServer};
use uln_api::{ApiClient, AuditAction, ClaimView, ClientResult, ErrorCode, ListQuery};

/// Races per test: each on a record of its own, so every round starts from a free record.
const ROUNDS: usize = 40;

const OPERATOR: &str = "olu-operator";
const SUPERVISOR: &str = "sam-supervisor";

/// A server over a fresh PostgreSQL database and a second server over the same database, or
/// `None` (the test skipped) on SQLite.
async fn two_servers() -> Option<(TestServer, OtherServer)> {
    if std::env::var("ULN_TEST_POSTGRES_URL").is_err() {
        eprintln!("skipped: ULN_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh)");
        return None;
    }
    let options = Options {
        learners: 100,
        registrations: 200,
        anomaly_percent: 60,
        ..Options::default()
    };
    let first = TestServer::start_with(options).await;
    let second = first.another_server().await;
    Some((first, second))
}

/// `ROUNDS` open records nobody has claimed.
async fn free_records(server: &TestServer) -> Vec<i64> {
    let query = ListQuery {
        limit: Some(ROUNDS as u32),
        ..ListQuery::default()
    };
    let page = server.as_viewer().exceptions(&query).await.unwrap();
    assert!(page.items.iter().all(|row| row.claim.is_none()));
    assert_eq!(page.items.len(), ROUNDS, "enough open records to race on");
    page.items.into_iter().map(|row| row.id).collect()
}

/// Both claims sent at the same instant, one through each server.
async fn race(
    olu: &ApiClient,
    sam: &ApiClient,
    id: i64,
    sam_takes_over: bool,
) -> (ClientResult<ClaimView>, ClientResult<ClaimView>) {
    tokio::join!(olu.claim(id, false), sam.claim(id, sam_takes_over))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_operators_claiming_one_record_through_two_servers_have_exactly_one_winner() {
    let Some((server, other)) = two_servers().await else {
        return;
    };
    let olu = server.as_operator();
    let sam = ApiClient::new(other.base.clone(), &server.supervisor).unwrap();
    let mut wins = [0, 0];
    for id in free_records(&server).await {
        let (winner, loser) = match race(&olu, &sam, id, false).await {
            (Ok(won), lost) => {
                wins[0] += 1;
                (won, lost)
            }
            (lost, Ok(won)) => {
                wins[1] += 1;
                (won, lost)
            }
            both => panic!("record {id}: one claim must win, got {both:?}"),
        };
        let (status, body) = refusal(loser);
        assert_eq!(
            (status, body.code),
            (409, ErrorCode::Claimed),
            "record {id}"
        );
        let named = body.claim.expect("the refusal names the holder");
        assert_eq!(
            named.operator, winner.operator,
            "record {id}: the winner named"
        );
        let stored = server.as_viewer().exception(id).await.unwrap().claim;
        assert_eq!(stored, Some(winner), "record {id}: the winner holds it");
        let claimed = server.audit_count(id, AuditAction::Claimed).await;
        assert_eq!(claimed, 1, "record {id}: one claim on the trail");
    }
    eprintln!("wins through the first server, the second: {wins:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn taking_over_raced_against_a_plain_claim_always_ends_with_the_taker() {
    let Some((server, other)) = two_servers().await else {
        return;
    };
    let olu = server.as_operator();
    let sam = ApiClient::new(other.base.clone(), &server.supervisor).unwrap();
    for id in free_records(&server).await {
        let (plain, taking) = race(&olu, &sam, id, true).await;
        let taken = taking.expect("taking over never fails for a claim");
        assert_eq!(taken.operator, SUPERVISOR);
        match plain {
            // The plain claim landed first, so the taker took it over and the trail says so.
            Ok(first) => {
                assert_eq!(first.operator, OPERATOR);
                let taken_over = server.audit_count(id, AuditAction::ClaimTakenOver).await;
                assert_eq!(taken_over, 1, "record {id}: the take-over on the trail");
            }
            // The taker landed first: the plain claim is refused naming them.
            refused => {
                let (status, body) = refusal(refused);
                assert_eq!(
                    (status, body.code),
                    (409, ErrorCode::Claimed),
                    "record {id}"
                );
                let named = body.claim.expect("the refusal names the holder");
                assert_eq!(named.operator, SUPERVISOR, "record {id}");
            }
        }
        let stored = server.as_viewer().exception(id).await.unwrap().claim;
        assert_eq!(stored, Some(taken), "record {id}: the taker holds it");
        let claimed = server.audit_count(id, AuditAction::Claimed).await;
        assert_eq!(
            claimed, 1,
            "record {id}: claimed once, by whoever landed first"
        );
    }
}
