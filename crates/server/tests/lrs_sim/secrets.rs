//! Nothing secret or personal reaches the logs: the adapter and lrs-sim run with every event
//! at TRACE captured (theirs, reqwest's, hyper's), through an answered lookup, a PLR and a
//! data challenge, a wrong password and an injected fault; the organisation's user name and
//! passwords and the learner's names and date of birth sent in those requests never appear.

use crate::harness::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use uln_domain::{PersonName, Uln};
use uln_lrs::{OrgCredentials, OrganisationId};
use uln_server::lrs_sim::SimAccount;
use uln_server::register::{
    ChallengeKind, IdentityCheck, LearnerRegister, NewChallenge, RegisterError, Supplied,
};

const USER: &str = "helpdesk-user-7731";
const PASSWORD: &str = "pa55-word-9183-secret";
const WRONG_PASSWORD: &str = "wr0ng-pa55-8842";
/// Amelia's details as the requests carry them.
const PERSONAL: [&str; 3] = ["Amelia", "Khan", "2008-03-01"];

/// Every formatted event, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

fn account() -> SimAccount {
    SimAccount {
        user_name: USER.into(),
        password: PASSWORD.into(),
        ..SimAccount::default()
    }
}

fn organisation(password: &str) -> OrgCredentials {
    OrgCredentials {
        organisation: OrganisationId::Ukprn(account().organisation),
        user_name: USER.into(),
        org_password: password.into(),
    }
}

fn amelia() -> (Uln, Supplied) {
    let name = |n| PersonName::parse(n).expect("a name");
    let supplied = Supplied {
        date_of_birth: Some(PERSONAL[2].parse().expect("a date")),
        ..Supplied::names(name(PERSONAL[0]), name(PERSONAL[1]))
    };
    (Uln::parse(AMELIA).expect("a ULN"), supplied)
}

/// An answered lookup, a PLR and a challenge (whose request carries the learner's details).
async fn answered_calls(sim: &Sim) {
    let register = lrs_adapter(sim, organisation(PASSWORD), |_| {});
    let (uln, supplied) = amelia();
    register.lookup(&uln, &supplied).await.expect("answered");
    let identity = IdentityCheck {
        given_name: Some(PERSONAL[0].into()),
        family_name: PERSONAL[1].into(),
        date_of_birth: PERSONAL[2].parse().expect("a date"),
    };
    let plr = register.fetch_plr(&uln, &identity).await.expect("a PLR");
    let challenge = NewChallenge {
        uln,
        kind: ChallengeKind::NotLearners,
        event_ids: vec![plr.events[0].id],
        corrected: None,
        note: "the learner never sat this".into(),
        contact: None,
        raised_by: "olu".into(),
    };
    register.create_challenge(&challenge).await.expect("raised");
}

#[tokio::test]
async fn no_password_user_name_or_learners_details_are_logged_even_at_trace() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // This thread only: the test's runtime runs the adapter and lrs-sim on it.
    let _logging = tracing::subscriber::set_default(subscriber);

    let mut config = config();
    config.account = account();
    let sim = start(config.clone()).await;
    answered_calls(&sim).await;
    let refused = lrs_adapter(&sim, organisation(WRONG_PASSWORD), |_| {});
    let (uln, supplied) = amelia();
    let error = refused.lookup(&uln, &supplied).await.unwrap_err();
    assert!(
        matches!(error, RegisterError::Misconfigured(_)),
        "{error:?}"
    );

    config.faults.fault_percent = 100;
    let faulty = start(config).await;
    let failing = lrs_adapter(&faulty, organisation(PASSWORD), |s| s.retry.attempts = 2);
    let error = failing.lookup(&uln, &supplied).await.unwrap_err();
    assert!(matches!(error, RegisterError::Unavailable(_)), "{error:?}");

    let logs = captured.text();
    for operation in [
        "VerifyLearner",
        "CreateDataChallenge",
        "WSEC0005",
        "WSEC0999",
    ] {
        assert!(
            logs.contains(operation),
            "the capture misses {operation}:\n{logs}"
        );
    }
    for secret in [USER, PASSWORD, WRONG_PASSWORD].iter().chain(&PERSONAL) {
        let leaks: Vec<&str> = logs.lines().filter(|l| l.contains(secret)).collect();
        assert!(leaks.is_empty(), "{secret} is logged: {leaks:#?}");
    }
}
