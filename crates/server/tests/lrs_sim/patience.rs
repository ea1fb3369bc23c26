//! The adapter's timeout against lrs-sim's latency: an LRS slower than the timeout is
//! unavailable (and counts towards the breaker), one faster answers. No timing is asserted;
//! the slow case is only bounded, so a hang fails the test instead of stalling it.

use crate::harness::*;
use std::time::Duration;
use uln_domain::{PersonName, Uln};
use uln_server::register::{LearnerRegister, RegisterError, RegisterLookup, Supplied, Unavailable};

/// Far beyond any timeout here: the test fails rather than hangs if a call never ends.
const PATIENCE: Duration = Duration::from_secs(60);

fn amelia() -> (Uln, Supplied) {
    let name = |n| PersonName::parse(n).expect("a name");
    let uln = Uln::parse(AMELIA).expect("a ULN");
    (uln, Supplied::names(name("Amelia"), name("Khan")))
}

async fn sim_answering_after(latency: Duration) -> Sim {
    let mut config = config();
    config.faults.latency = latency;
    start(config).await
}

#[tokio::test]
async fn an_lrs_slower_than_the_timeout_is_unavailable_and_opens_the_breaker() {
    let sim = sim_answering_after(Duration::from_secs(5)).await;
    let register = lrs_adapter(&sim, credentials(), |s| {
        s.timeout = Duration::from_millis(200);
        s.retry.attempts = 2;
        s.failures_to_open = 1;
    });
    let (uln, supplied) = amelia();
    let answer = tokio::time::timeout(PATIENCE, register.lookup(&uln, &supplied))
        .await
        .expect("the lookup ends instead of waiting on the LRS");
    let error = answer.expect_err("no answer within the timeout");
    assert!(
        matches!(error, RegisterError::Unavailable(Unavailable::Failing)),
        "{error:?}"
    );
    assert_eq!(
        register.attempts_and_retries(),
        (2, 1),
        "timeouts are retried"
    );
    assert!(
        register.down_since().is_some(),
        "the timed-out call counted towards the breaker"
    );
}

#[tokio::test]
async fn an_lrs_within_the_timeout_answers() {
    let sim = sim_answering_after(Duration::from_millis(50)).await;
    let register = lrs_adapter(&sim, credentials(), |s| {
        s.timeout = Duration::from_secs(30);
        s.failures_to_open = 1;
    });
    let (uln, supplied) = amelia();
    let answer = tokio::time::timeout(PATIENCE, register.lookup(&uln, &supplied))
        .await
        .expect("the lookup ends");
    let found = answer.expect("answered within the timeout");
    assert!(matches!(found, RegisterLookup::Direct(l) if l.uln.as_str() == AMELIA));
    assert_eq!(register.down_since(), None);
}
