//! The API with the LRS adapter as its register, talking to an in-process `lrs-sim` over
//! loopback: what a centre and an operator do gives what it gives with the simulated register.

mod common;

use common::{Options, TestServer};
use uln_api::{
    ChallengeKind, ChallengeRequest, ChallengeStatus, RegisterCode, RegistrationBatch,
    RegistrationOutcome,
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

#[tokio::test]
async fn a_plr_and_a_data_challenge_go_through_the_adapter() {
    let server = through_lrs_sim().await;
    let (uln, given, family, dob): (String, String, String, String) = sqlx::query_as(
        "SELECT l.uln, l.given_name, l.family_name, l.date_of_birth FROM lrs_learners l WHERE l.ability_to_share AND EXISTS (SELECT 1 FROM lrs_events e WHERE e.uln = l.uln) ORDER BY l.uln LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .expect("a sharing learner with events");
    let operator = server.as_operator();
    let plr = operator
        .plr(&uln, &family, &dob, Some(&given))
        .await
        .expect("a PLR answer");
    assert_eq!(plr.code, RegisterCode::ExactMatch);
    assert_eq!(plr.learner.map(|l| l.uln), Some(uln.clone()));
    let event = plr.events.first().expect("the learner's events").id;
    let raised = operator
        .raise_challenge(
            &uln,
            &ChallengeRequest {
                kind: ChallengeKind::NotLearners,
                event_ids: vec![event],
                corrected: None,
                note: "the learner never sat this".into(),
                contact: None,
            },
        )
        .await
        .expect("the challenge is raised on the LRS");
    let open = operator
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
