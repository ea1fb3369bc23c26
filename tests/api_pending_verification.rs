//! Registrations that come while the LRS is closed or down: held as "verification pending"
//! (neither exceptions nor errors), shown in the register's status, and verified when it answers
//! again, keeping their own registration time and deadline.

mod common;

use common::{Options, TestServer};
use jiff::Timestamp;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use uln_api::{RegisterKind, RegisterState, RegistrationBatch, RegistrationOutcome};
use uln_server::lrs_sim::{ClosedHours, SimConfig};

/// lrs-sim closed (out of hours) while the switch is on: its clock reads 06:00 (closed hours
/// are 00:00-12:00 in London, GMT in January) or 18:00.
fn closable(closed: &Arc<AtomicBool>) -> SimConfig {
    let switch = closed.clone();
    SimConfig {
        closed: Some("00:00-12:00".parse::<ClosedHours>().expect("a window")),
        clock: Arc::new(move || {
            let at = match switch.load(Ordering::SeqCst) {
                true => "2027-01-12T06:00:00Z",
                false => "2027-01-12T18:00:00Z",
            };
            at.parse().expect("a timestamp")
        }),
        ..SimConfig::default()
    }
}

async fn server_with(closed: &Arc<AtomicBool>, pending_interval: Duration) -> TestServer {
    TestServer::start_with(Options {
        learners: 120,
        registrations: 40,
        through_lrs_sim: true,
        lrs_sim: closable(closed),
        pending_interval,
        ..Options::default()
    })
    .await
}

/// Three days ago, to the second: when the misspelt registration says it was registered.
fn three_days_ago() -> Timestamp {
    let then = Timestamp::now() - jiff::SignedDuration::from_hours(72);
    Timestamp::from_second(then.as_second()).expect("a whole second")
}

/// A batch of two: one that matches the register and one with a misspelt family name,
/// registered three days before it was sent.
async fn two_registrations(server: &TestServer, registered_at: Timestamp) -> RegistrationBatch {
    let matching = server.learner_as_submitted().await;
    let mut misspelt = matching.clone();
    misspelt.family_name = format!("{}x", matching.family_name);
    misspelt.registered_at = Some(registered_at.to_string());
    RegistrationBatch {
        registrations: vec![matching, misspelt],
    }
}

#[tokio::test]
async fn registrations_sent_while_the_lrs_is_closed_wait_and_are_verified_when_it_opens() {
    let closed = Arc::new(AtomicBool::new(true));
    // The job waits an hour: this test runs its pass itself.
    let server = server_with(&closed, Duration::from_secs(3600)).await;
    let operator = server.as_operator();
    let before = operator
        .register_status()
        .await
        .expect("the register's status");
    assert_eq!(
        (before.register, before.state, before.pending),
        (RegisterKind::Lrs, RegisterState::Available, 0)
    );
    let open_before = server
        .state
        .store
        .queue_counts(Timestamp::now())
        .await
        .unwrap();

    let submitted = three_days_ago();
    let batch = two_registrations(&server, submitted).await;
    let results = operator
        .submit_registrations(&batch)
        .await
        .expect("a closed LRS is not an error")
        .results;
    let outcomes: Vec<_> = results.iter().map(|r| (r.outcome, r.id)).collect();
    assert_eq!(
        outcomes,
        [
            (RegistrationOutcome::Pending, None),
            (RegistrationOutcome::Pending, None)
        ]
    );
    let status = operator.register_status().await.unwrap();
    assert_eq!((status.state, status.pending), (RegisterState::Closed, 2));
    assert!(status.since.is_some(), "{status:?}");
    assert_eq!(
        server
            .state
            .store
            .queue_counts(Timestamp::now())
            .await
            .unwrap(),
        open_before,
        "a pending registration is not an exception"
    );
    let pending = server.state.store.pending_registrations(10).await.unwrap();
    let held = server
        .state
        .store
        .audit_by_subject(&format!("pending:{}", pending[0].id))
        .await
        .unwrap();
    assert_eq!(held[0].operator, "olu-operator", "{held:?}");

    // Still closed: a pass stores nothing and loses nothing.
    let pass = uln_server::pending::verify_pending_now(&server.state).await;
    assert!(
        pass.is_err(),
        "the register is still closed: {:?}",
        pass.map(|_| ())
    );
    assert_eq!(server.state.store.pending_count().await.unwrap(), 2);

    closed.store(false, Ordering::SeqCst);
    let stored = uln_server::pending::verify_pending_now(&server.state)
        .await
        .expect("the LRS answers again");
    assert_eq!(stored, 2);
    let status = operator.register_status().await.unwrap();
    assert_eq!(
        (status.state, status.pending),
        (RegisterState::Available, 0)
    );

    let (status, registered_at, deadline): (String, i64, i64) = sqlx::query_as(
        "SELECT status, registered_at, deadline FROM registrations WHERE family_name = $1",
    )
    .bind(&batch.registrations[1].family_name)
    .fetch_one(&server.pool)
    .await
    .expect("the misspelt registration is stored");
    assert_eq!(status, "open", "it is an exception once verified");
    assert_eq!(
        registered_at,
        submitted.as_second(),
        "its own registration time"
    );
    let period = uln_domain::RemovalPeriod::default();
    assert_eq!(
        deadline,
        period.deadline(submitted).as_second(),
        "its own deadline"
    );
    let (matched,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registrations WHERE family_name = $1 AND status = 'matched' AND registered_at > $2",
    )
    .bind(&batch.registrations[0].family_name)
    .bind(submitted.as_second())
    .fetch_one(&server.pool)
    .await
    .unwrap();
    assert_eq!(matched, 1, "the matching one is stored as matched");
}

#[tokio::test]
async fn the_backend_verifies_what_waits_by_itself_once_the_lrs_answers() {
    let closed = Arc::new(AtomicBool::new(true));
    let server = server_with(&closed, Duration::from_millis(100)).await;
    let operator = server.as_operator();
    let batch = two_registrations(&server, three_days_ago()).await;
    operator.submit_registrations(&batch).await.unwrap();
    assert_eq!(operator.register_status().await.unwrap().pending, 2);
    closed.store(false, Ordering::SeqCst);
    let waited = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let status = operator.register_status().await.unwrap();
            if status.pending == 0 {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the job verifies them within 30 s");
    assert_eq!(waited.state, RegisterState::Available);
}

#[tokio::test]
async fn the_simulated_register_is_always_available() {
    let server = TestServer::start_with(Options {
        learners: 50,
        registrations: 10,
        through_lrs_sim: false,
        ..Options::default()
    })
    .await;
    let status = server.as_viewer().register_status().await.unwrap();
    assert_eq!(
        (status.register, status.state, status.pending),
        (RegisterKind::Simulated, RegisterState::Available, 0)
    );
}

#[tokio::test]
async fn a_record_opens_while_the_lrs_is_closed_and_an_amendment_waits_changing_nothing() {
    let closed = Arc::new(AtomicBool::new(true));
    let server = server_with(&closed, Duration::from_secs(3600)).await;
    let record = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    let shown = operator
        .exception(record.id)
        .await
        .expect("the record is shown as stored, not refused");
    let why = shown
        .register_unavailable
        .expect("it says why the LRS side is missing");
    assert!(why.contains("closed"), "{why}");
    assert_eq!(shown.authoritative, None);
    assert!(shown.suggestions.is_empty());
    assert_eq!(
        shown.supplied.family_name,
        record.demographics.family_name.as_str()
    );

    let fields = uln_api::LearnerFields {
        family_name: Some(format!("{}e", record.demographics.family_name)),
        ..uln_api::LearnerFields::default()
    };
    let refused = operator
        .amend(record.id, record.version, &fields, None)
        .await
        .expect_err("an amendment needs the register to verify it");
    let uln_api::ClientError::Api { status, body } = refused else {
        panic!("an answer, not {refused:?}")
    };
    assert_eq!(
        (status, body.code),
        (503, uln_api::ErrorCode::RegisterUnavailable)
    );
    let after = server
        .state
        .store
        .registration(record.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.version, record.version, "nothing changed");

    closed.store(false, Ordering::SeqCst);
    let reopened = operator.exception(record.id).await.unwrap();
    assert_eq!(reopened.register_unavailable, None);
    assert!(reopened.authoritative.is_some());
}

/// The LRS refusing the backend's account (a changed password, say) is ours to fix, not the
/// centre's: registrations wait rather than vanish, and operators are told an administrator must
/// act, with no 500 and nothing secret.
#[tokio::test]
async fn registrations_wait_while_the_lrs_refuses_the_backends_account() {
    let mut sim = SimConfig::default();
    sim.account.password = "changed-by-the-lrs".into();
    let server = TestServer::start_with(Options {
        learners: 120,
        registrations: 40,
        through_lrs_sim: true,
        lrs_sim: sim,
        lrs_account_sent: Some(uln_server::lrs_sim::SimAccount::default()),
        pending_interval: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    let operator = server.as_operator();
    let batch = two_registrations(&server, three_days_ago()).await;
    let results = operator.submit_registrations(&batch).await.unwrap().results;
    assert!(results
        .iter()
        .all(|r| r.outcome == RegistrationOutcome::Pending));
    let (uln, family, dob) = server.learner_where("ability_to_share").await;
    let given = server.given_name_of(&family, &dob).await;
    let refused = operator
        .plr(&uln, &family, &dob, Some(&given))
        .await
        .expect_err("the LRS refuses our account");
    let uln_api::ClientError::Api { status, body } = refused else {
        panic!("an answer, not {refused:?}")
    };
    assert_eq!(
        (status, body.code),
        (503, uln_api::ErrorCode::RegisterUnavailable)
    );
    assert!(body.message.contains("administrator"), "{}", body.message);
    assert!(
        !body.message.contains("lrs-sim-password"),
        "{}",
        body.message
    );
}
