//! The API when the LRS cannot answer: out of hours, a route that needs the register answers
//! 503 `register_unavailable` saying the LRS is closed; with faults and dropped answers at a
//! high rate, no call gets a server error other than that 503.

mod common;

use common::{Options, TestServer};
use reqwest::StatusCode;
use std::sync::Arc;
use uln_api::{ClientError, ErrorCode};
use uln_server::lrs_sim::{ClosedHours, FaultInjection, SimConfig};

async fn through_lrs_sim(sim: SimConfig) -> TestServer {
    TestServer::start_with(Options {
        learners: 60,
        registrations: 20,
        through_lrs_sim: true,
        lrs_sim: sim,
        ..Options::default()
    })
    .await
}

/// A sharing learner with events: (ULN, given name, family name, date of birth).
async fn sharing_learner(server: &TestServer) -> (String, String, String, String) {
    sqlx::query_as(
        "SELECT l.uln, l.given_name, l.family_name, l.date_of_birth FROM lrs_learners l WHERE l.ability_to_share AND EXISTS (SELECT 1 FROM lrs_events e WHERE e.uln = l.uln) ORDER BY l.uln LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .expect("a sharing learner with events")
}

#[tokio::test]
async fn out_of_hours_a_plr_lookup_is_503_register_unavailable_saying_closed() {
    let sim = SimConfig {
        closed: Some("18:00-08:00".parse::<ClosedHours>().expect("a window")),
        // A winter evening, when London is on UTC: inside the closed hours.
        clock: Arc::new(|| "2025-01-15T20:00:00Z".parse().expect("a timestamp")),
        ..SimConfig::default()
    };
    let server = through_lrs_sim(sim).await;
    let (uln, given, family, dob) = sharing_learner(&server).await;
    // Through the typed client, as the console asks: it must not resend the 503 as if the
    // server were busy, which would ask the LRS again until the breaker opened and the answer
    // said "down since" instead of "closed".
    let refused = server
        .as_viewer()
        .plr(&uln, &family, &dob, Some(&given))
        .await
        .expect_err("the LRS is closed");
    let ClientError::Api { status, body } = refused else {
        panic!("an answer from the API, not {refused:?}")
    };
    assert_eq!(status, 503);
    assert_eq!(body.code, ErrorCode::RegisterUnavailable);
    assert!(body.message.contains("closed"), "{}", body.message);
}

#[tokio::test]
async fn with_faults_and_drops_at_a_high_rate_no_call_gets_a_server_error_but_503_unavailable() {
    let sim = SimConfig {
        faults: FaultInjection {
            fault_percent: 30,
            drop_percent: 20,
            ..FaultInjection::default()
        },
        ..SimConfig::default()
    };
    let server = through_lrs_sim(sim).await;
    let (uln, given, family, dob) = sharing_learner(&server).await;
    let plr =
        format!("/learners/{uln}/plr?given_name={given}&family_name={family}&date_of_birth={dob}");
    let search = format!("/learners?given_name={given}&family_name={family}&date_of_birth={dob}");
    let paths = [plr.as_str(), search.as_str(), "/challenges"];
    let mut answered = 0;
    for round in 0..10 {
        for path in paths {
            let (status, body) = server.get(path, &server.operator).await;
            if status.is_server_error() {
                assert_eq!(
                    (status, body["error"]["code"].as_str()),
                    (
                        StatusCode::SERVICE_UNAVAILABLE,
                        Some("register_unavailable")
                    ),
                    "round {round}, {path}: {body}"
                );
            } else {
                assert_eq!(status, StatusCode::OK, "round {round}, {path}: {body}");
                answered += 1;
            }
        }
    }
    assert!(answered > 0, "some calls got through the faults");
}
