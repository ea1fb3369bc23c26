//! The API with the LRS adapter as its register, talking to an in-process `lrs-sim` over
//! loopback: what a centre and an operator do gives what it gives with the simulated register.

mod common;

use common::{Options, TestServer};
use uln_api::{
    ApiClient, ChallengeKind, ChallengeRequest, ChallengeStatus, ChallengeView, RegisterCode,
    RegistrationBatch, RegistrationOutcome,
};

async fn through_lrs_sim() -> TestServer {
    TestServer::start_with(Options {
        learners: 120,
        registrations: 60,
        through_lrs_sim: true,
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn registrations_are_verified_and_an_exception_is_diagnosed_through_the_adapter() {
    let server = through_lrs_sim().await;
    let matching = server.learner_as_submitted().await;
    let mut misspelt = matching.clone();
    misspelt.family_name = format!("{}x", matching.family_name);
    let batch = RegistrationBatch {
        registrations: vec![matching, misspelt],
    };
    let results = server
        .as_operator()
        .submit_registrations(&batch)
        .await
        .expect("the batch is verified through the LRS adapter")
        .results;
    let outcomes: Vec<_> = results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [RegistrationOutcome::Matched, RegistrationOutcome::Exception]
    );
    let id = results[1].id.expect("the exception's id");
    let detail = server
        .as_operator()
        .exception(id)
        .await
        .expect("the exception opens");
    assert!(
        !detail.suggestions.is_empty(),
        "the diagnosis runs on the LRS's record: {detail:?}"
    );
}

/// A sharing learner with learning events: (ULN, given name, family name, date of birth).
async fn learner_with_events(server: &TestServer) -> (String, String, String, String) {
    sqlx::query_as(
        "SELECT l.uln, l.given_name, l.family_name, l.date_of_birth FROM lrs_learners l WHERE l.ability_to_share AND EXISTS (SELECT 1 FROM lrs_events e WHERE e.uln = l.uln) ORDER BY l.uln LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .expect("a sharing learner with events")
}

/// Looks the learner's PLR up through the adapter and raises a challenge on its first event.
async fn raise_a_challenge(server: &TestServer) -> ChallengeView {
    let (uln, given, family, dob) = learner_with_events(server).await;
    let operator = server.as_operator();
    let plr = operator
        .plr(&uln, &family, &dob, Some(&given))
        .await
        .expect("a PLR answer");
    assert_eq!(plr.code, RegisterCode::ExactMatch);
    assert_eq!(plr.learner.map(|l| l.uln), Some(uln.clone()));
    let event = plr.events.first().expect("the learner's events").id;
    operator
        .raise_challenge(
            &uln,
            &ChallengeRequest {
                kind: ChallengeKind::NotLearners,
                event_ids: vec![event],
                corrected: None,
                note: "the learner never sat this".into(),
                contact: Some("Exams office".into()),
            },
        )
        .await
        .expect("the challenge is raised on the LRS")
}

#[tokio::test]
async fn a_plr_and_a_data_challenge_go_through_the_adapter() {
    let server = through_lrs_sim().await;
    let raised = raise_a_challenge(&server).await;
    let open = server
        .as_operator()
        .challenges(Some(ChallengeStatus::Open))
        .await
        .expect("the challenges list");
    assert!(
        open.challenges
            .iter()
            .any(|c| c.reference == raised.reference),
        "{open:?}"
    );
}

#[tokio::test]
async fn challenges_raised_before_a_restart_are_listed_after_it_with_the_lrs_status() {
    let mut server = through_lrs_sim().await;
    let raised = raise_a_challenge(&server).await;
    // The LRS moves the challenge on while our server is down.
    sqlx::query("UPDATE lrs_challenges SET status = 'in_progress' WHERE reference = $1")
        .bind(&raised.reference)
        .execute(&server.pool)
        .await
        .expect("the LRS's own table");
    server.begin_shutdown();
    (&mut server.serving)
        .await
        .expect("the serving task ends")
        .expect("the server stops cleanly");
    let restarted = server.another_server().await;
    let operator = ApiClient::new(restarted.base.clone(), &server.operator).expect("a client");
    let listed = operator
        .challenges(None)
        .await
        .expect("the restarted server lists challenges")
        .challenges;
    let found = listed
        .iter()
        .find(|c| c.reference == raised.reference)
        .unwrap_or_else(|| {
            panic!(
                "{} is listed after the restart: {listed:?}",
                raised.reference
            )
        });
    assert_eq!(found.status, ChallengeStatus::InProgress);
    assert_eq!(
        (
            &found.uln,
            &found.note,
            &found.contact,
            &found.operator,
            &found.event_ids
        ),
        (
            &raised.uln,
            &raised.note,
            &raised.contact,
            &raised.operator,
            &raised.event_ids
        ),
        "what the LRS does not list comes back from the audit trail"
    );
    let open = operator
        .challenges(Some(ChallengeStatus::Open))
        .await
        .expect("the open ones");
    assert!(open
        .challenges
        .iter()
        .all(|c| c.reference != raised.reference));
}

#[tokio::test]
async fn a_plr_asked_without_a_given_name_is_refused_naming_the_field() {
    let server = through_lrs_sim().await;
    let (uln, family, dob) = server.learner_where("ability_to_share").await;
    let refused = server
        .as_viewer()
        .plr(&uln, &family, &dob, None)
        .await
        .expect_err("the LRS shows a PLR only with the given name");
    let uln_api::ClientError::Api { status, body } = refused else {
        panic!("an answer from the API, not {refused:?}")
    };
    assert_eq!(status, 422);
    let fields = body.fields.expect("the field at fault");
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["given_name"]);
}
