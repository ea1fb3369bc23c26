//! The LRS adapter against `lrs-sim`'s failure options: transient faults are retried and
//! nothing is lost, refusals of our credentials are not retried and say which without the
//! password, and the breaker opens on a run of failures and closes after a probe succeeds.

use crate::harness::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use uln_domain::{PersonName, Uln};
use uln_lrs::{OrgCredentials, OrganisationId};
use uln_server::lrs_sim::DEMO_PASSWORD;
use uln_server::lrs_sim::{ClosedHours, FaultInjection, DEMO_ORGANISATION, DEMO_USER};
use uln_server::register::lrs::credentials::LrsCredentials;
use uln_server::register::lrs::transport::RetryPolicy;
use uln_server::register::lrs::{LrsRegister, LrsSettings};
use uln_server::register::{
    Availability, LearnerRegister, RegisterError, RegisterLookup, Supplied, Unavailable,
};

fn adapter(sim: &Sim, password: &str, attempts: u32, failures_to_open: u32) -> LrsRegister {
    adapter_at(sim, sim.base(), password, attempts, failures_to_open)
}

/// The adapter at `base`, which need not be `sim` (whose store it keeps its challenges in).
fn adapter_at(
    sim: &Sim,
    base: &str,
    password: &str,
    attempts: u32,
    failures_to_open: u32,
) -> LrsRegister {
    let mut settings = LrsSettings::new(base);
    settings.timeout = Duration::from_secs(30);
    settings.retry = RetryPolicy {
        attempts,
        first_backoff: Duration::from_millis(1),
        longest_backoff: Duration::from_millis(5),
    };
    settings.failures_to_open = failures_to_open;
    settings.first_cool_off = Duration::from_millis(20);
    settings.longest_cool_off = Duration::from_millis(40);
    let credentials = LrsCredentials {
        organisation: OrgCredentials {
            organisation: OrganisationId::Ukprn(DEMO_ORGANISATION.into()),
            user_name: DEMO_USER.into(),
            org_password: password.into(),
        },
        client_identity: None,
    };
    LrsRegister::new(settings, credentials, sim.store.clone()).expect("the adapter builds")
}

fn amelia() -> (Uln, Supplied) {
    let name = |n| PersonName::parse(n).expect("a name");
    let uln = Uln::parse(AMELIA_LINKED).expect("a ULN");
    (uln, Supplied::names(name("Amelia"), name("Khan")))
}

#[tokio::test]
async fn faults_and_dropped_answers_are_retried_and_every_lookup_comes_back_right() {
    let mut config = config();
    config.faults = FaultInjection {
        fault_percent: 30,
        drop_percent: 20,
        ..FaultInjection::default()
    };
    let sim = start(config).await;
    // Each attempt fails about half the time: twenty attempts make losing a call negligible.
    let register = adapter(&sim, DEMO_PASSWORD, 20, 1000);
    let (uln, supplied) = amelia();
    for _ in 0..10 {
        let found = register
            .lookup(&uln, &supplied)
            .await
            .expect("answered in the end");
        assert!(matches!(found, RegisterLookup::Linked(l) if l.uln.as_str() == AMELIA));
    }
    let asked = vec![amelia(); 5];
    let many = register
        .lookup_many(&asked)
        .await
        .expect("the batch in the end");
    assert_eq!(many.len(), 5);
    let (attempts, retries) = register.attempts_and_retries();
    assert!(retries > 0, "{attempts} attempts, no retry");
}

#[tokio::test]
async fn an_answer_always_cut_off_is_retried_then_the_register_is_unavailable() {
    let mut config = config();
    config.faults.drop_percent = 100;
    let sim = start(config).await;
    let register = adapter(&sim, DEMO_PASSWORD, 3, 1000);
    let (uln, supplied) = amelia();
    let error = register.lookup(&uln, &supplied).await.unwrap_err();
    assert!(
        matches!(error, RegisterError::Unavailable(Unavailable::Failing)),
        "{error:?}"
    );
    assert_eq!(register.attempts_and_retries(), (3, 2));
}

#[tokio::test]
async fn a_wrong_password_is_not_retried_and_the_error_says_which_without_it() {
    let sim = start(config()).await;
    let secret = "not-the-password-0451";
    let register = adapter(&sim, secret, 3, 1);
    let (uln, supplied) = amelia();
    let error = register.lookup(&uln, &supplied).await.unwrap_err();
    let RegisterError::Misconfigured(why) = &error else {
        panic!("expected a configuration error, got {error:?}");
    };
    assert!(why.contains("WSEC0005"), "{why}");
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert_eq!(register.attempts_and_retries(), (1, 0));
    assert_eq!(register.down_since(), None, "the LRS answered: it is up");
}

#[tokio::test]
async fn closed_hours_are_not_retried_open_the_breaker_and_a_probe_after_opening_closes_it() {
    let closed = Arc::new(AtomicBool::new(true));
    let mut config = config();
    config.closed = Some("18:00-08:00".parse::<ClosedHours>().expect("a window"));
    let switch = closed.clone();
    config.clock = Arc::new(move || {
        let at = if switch.load(Ordering::SeqCst) {
            "2025-01-15T20:00:00Z"
        } else {
            "2025-01-15T12:00:00Z"
        };
        at.parse().expect("a timestamp")
    });
    let sim = start(config).await;
    let register = adapter(&sim, DEMO_PASSWORD, 2, 2);
    let (uln, supplied) = amelia();
    for _ in 0..2 {
        let error = register.lookup(&uln, &supplied).await.unwrap_err();
        assert!(
            matches!(error, RegisterError::Unavailable(Unavailable::OutOfHours)),
            "{error:?}"
        );
    }
    assert_eq!(
        register.attempts_and_retries(),
        (2, 0),
        "closed hours last hours: no retry within a call"
    );
    register
        .down_since()
        .expect("two failures open the breaker");
    let refused = register.lookup(&uln, &supplied).await.unwrap_err();
    assert!(
        matches!(
            &refused,
            RegisterError::Unavailable(Unavailable::OutOfHours)
        ),
        "held back while closed, and it says closed: {refused:?}"
    );
    assert!(
        matches!(register.availability(), Availability::Closed { .. }),
        "{:?}",
        register.availability()
    );
    assert_eq!(
        register.attempts_and_retries().0,
        2,
        "refused without calling"
    );

    closed.store(false, Ordering::SeqCst);
    let reopened = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match register.lookup(&uln, &supplied).await {
                Ok(found) => return found,
                Err(RegisterError::Unavailable(_)) => tokio::task::yield_now().await,
                Err(e) => panic!("{e:?}"),
            }
        }
    })
    .await
    .expect("the breaker lets a probe through after its cool-off");
    assert!(matches!(reopened, RegisterLookup::Linked(_)));
    assert_eq!(register.down_since(), None, "the probe closed it");
}

/// Something between us and the LRS answering 200 with a page of its own: never taken as an
/// answer, tried again, then the register is unavailable (so registrations wait, not vanish).
#[tokio::test]
async fn an_answer_that_is_not_the_lrs_xml_is_retried_then_unavailable_never_an_answer() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}/", listener.local_addr().expect("its address"));
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = vec![0; 16 * 1024];
            let _ = socket.read(&mut request).await;
            let page = "<html><body>Service temporarily rerouted</body></html>";
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    let sim = start(config()).await;
    let register = adapter_at(&sim, &base, DEMO_PASSWORD, 3, 10);
    let (uln, supplied) = amelia();
    let error = register.lookup(&uln, &supplied).await.unwrap_err();
    assert!(
        matches!(error, RegisterError::Unavailable(Unavailable::Failing)),
        "{error:?}"
    );
    assert_eq!(
        register.attempts_and_retries(),
        (3, 2),
        "retried as a hiccup"
    );
}
