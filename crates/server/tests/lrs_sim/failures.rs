//! Refusals the schemas define, and the failures the simulator injects on request.

use crate::harness::*;
use std::time::{Duration, Instant};
use uln_lrs::*;
use uln_server::lrs_sim::{ClosedHours, FaultInjection, SimConfig};

fn amelia() -> Request {
    verify(to_verify(AMELIA, "Amelia", "Khan", None))
}

#[tokio::test]
async fn an_unknown_organisation_and_a_wrong_password_are_faults() {
    let sim = start(config()).await;
    let with = |credentials: OrgCredentials| {
        verify_as(credentials, to_verify(AMELIA, "Amelia", "Khan", None))
    };
    let stranger = OrgCredentials {
        organisation: OrganisationId::Ukprn("10000000".into()),
        ..credentials()
    };
    assert_eq!(
        sim.call(&with(stranger)).await.fault_code(),
        ResponseCode::UnknownOrganisation
    );
    let other_user = OrgCredentials {
        user_name: "someone".into(),
        ..credentials()
    };
    assert_eq!(
        sim.call(&with(other_user)).await.fault_code(),
        ResponseCode::UnknownOrganisation
    );
    let wrong = OrgCredentials {
        org_password: "guess".into(),
        ..credentials()
    };
    assert_eq!(
        sim.call(&with(wrong)).await.fault_code(),
        ResponseCode::IncorrectOrganisationPassword
    );
}

fn verify_as(credentials: OrgCredentials, learner: LearnerToVerify) -> Request {
    Request::VerifyLearner(VerifyLearner {
        credentials,
        learner,
    })
}

#[tokio::test]
async fn a_request_that_breaks_the_schema_is_an_invalid_request_fault() {
    let sim = start(config()).await;
    let blank = sim
        .call(&verify(to_verify(AMELIA, " ", "Khan", None)))
        .await;
    assert_eq!(blank.fault_code(), ResponseCode::InvalidRequest);
    let empty_in_find = sim.call(&find_by_uln(AMELIA, "", "Khan")).await;
    assert_eq!(empty_in_find.fault_code(), ResponseCode::InvalidRequest);
    let short_uln = sim
        .call(&verify(to_verify("123456789", "Amelia", "Khan", None)))
        .await;
    assert_eq!(short_uln.fault_code(), ResponseCode::InvalidRequest);
    let bad_date = sim
        .call(&verify(to_verify(
            AMELIA,
            "Amelia",
            "Khan",
            Some("2008-02-30"),
        )))
        .await;
    assert_eq!(bad_date.fault_code(), ResponseCode::InvalidRequest);

    let cut = to_envelope(&amelia());
    let malformed = sim.post_raw(Service::Learner, &cut[..cut.len() / 2]).await;
    assert_eq!(malformed.fault_code(), ResponseCode::InvalidRequest);

    let unknown = to_envelope(&amelia()).replace("VerifyLearner", "ForgetLearner");
    assert_eq!(
        sim.post_raw(Service::Learner, &unknown).await.fault_code(),
        ResponseCode::UnknownRequest
    );
    let wrong_service = sim.post_raw(Service::Plr, &to_envelope(&amelia())).await;
    assert_eq!(wrong_service.fault_code(), ResponseCode::UnknownRequest);
}

#[tokio::test]
async fn a_soap_action_naming_another_operation_is_refused() {
    let sim = start(config()).await;
    let request = plr(AMELIA, "Amelia", "Khan", "2008-03-01");
    let answer = sim
        .post(Service::Plr, &to_envelope(&request))
        .header(
            "SOAPAction",
            "\"http://tempuri.org/ILearnerServiceR9/ListDataChallenge\"",
        )
        .send()
        .await
        .expect("an answer");
    assert_eq!(answer.status().as_u16(), 500);
    let text = answer.text().await.expect("a body");
    let Err(WireError::Fault(fault)) = from_envelope(&text) else {
        panic!("not a fault: {text}");
    };
    assert_eq!(fault.error_code(), Some(&ResponseCode::InvalidRequest));
}

#[tokio::test]
async fn closed_hours_answer_out_of_hours_and_open_hours_answer() {
    let night: ClosedHours = "22:00-06:00".parse().expect("a window");
    let at = |when: &str| SimConfig {
        closed: Some(night),
        clock: clock_at(when),
        ..config()
    };
    // 23:30 on a winter night in London, then noon.
    let closed = start(at("2026-01-15T23:30:00Z")).await;
    assert_eq!(
        closed.call(&amelia()).await.fault_code(),
        ResponseCode::OutOfHours
    );
    let open = start(at("2026-01-15T12:00:00Z")).await;
    assert!(matches!(
        open.call(&amelia()).await.response(),
        Response::VerifyLearner(_)
    ));
}

#[tokio::test]
async fn every_request_faults_at_a_fault_rate_of_one_hundred_and_none_at_zero() {
    let faulty = start(SimConfig {
        faults: FaultInjection {
            fault_percent: 100,
            ..FaultInjection::default()
        },
        ..config()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            faulty.call(&amelia()).await.fault_code(),
            ResponseCode::UnknownException
        );
    }
    let healthy = start(config()).await;
    for _ in 0..3 {
        assert!(matches!(
            healthy.call(&amelia()).await.response(),
            Response::VerifyLearner(_)
        ));
    }
}

#[tokio::test]
async fn latency_is_added_before_the_answer_and_reported() {
    let latency = Duration::from_millis(40);
    let sim = start(SimConfig {
        faults: FaultInjection {
            latency,
            ..FaultInjection::default()
        },
        ..config()
    })
    .await;
    let started = Instant::now();
    let answer = sim
        .post(Service::Learner, &to_envelope(&amelia()))
        .send()
        .await
        .expect("an answer");
    let waited = started.elapsed();
    assert_eq!(answer.headers()["x-lrs-sim-delay-ms"], "40");
    // A lower bound only: the answer cannot come before the delay, however busy the machine.
    assert!(waited >= latency, "answered after {waited:?}");
}

#[tokio::test]
async fn a_dropped_connection_cuts_the_answer_off() {
    let sim = start(SimConfig {
        faults: FaultInjection {
            drop_percent: 100,
            ..FaultInjection::default()
        },
        ..config()
    })
    .await;
    let sent = sim
        .post(Service::Learner, &to_envelope(&amelia()))
        .send()
        .await;
    let whole = match sent {
        Ok(response) => response.text().await.map(|_| ()),
        Err(e) => Err(e),
    };
    assert!(whole.is_err(), "the answer arrived whole");
}
