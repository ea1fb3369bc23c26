//! A data challenge carries the learner's details and lrs-sim checks them against its learner;
//! RetrieveULNs, by ULN alone, is where the adapter gets them.

use crate::harness::*;
use uln_lrs::*;

/// A not-learner's challenge on Amelia, with her details as the LRS holds them.
pub fn amelia_challenge_details() -> DataChallengeDetails {
    DataChallengeDetails {
        challenge_type: Some("NotLearners".into()),
        uln: Some(AMELIA.into()),
        given_name: Some("Amelia".into()),
        family_name: Some("Khan".into()),
        date_of_birth: Some("2008-03-01".into()),
        gender: Some("2".into()),
        additional_information: Some("the learner never sat this".into()),
        ..DataChallengeDetails::default()
    }
}

fn create(details: DataChallengeDetails) -> Request {
    Request::CreateDataChallenge(CreateDataChallenge {
        caller: caller(),
        details: Box::new(details),
    })
}

/// Amelia's first learning event's id, as her PLR gives it.
async fn first_event(sim: &Sim) -> Option<String> {
    match sim
        .call(&plr(AMELIA, "Amelia", "Khan", "2008-03-01"))
        .await
        .response()
    {
        Response::LearnerLearningEvents(record) => record.learning_events[0].id.clone(),
        other => panic!("not a PLR answer: {other:?}"),
    }
}

/// Creates the challenge on Amelia's first event.
async fn created(sim: &Sim, details: DataChallengeDetails) -> DataChallengeCreated {
    let details = DataChallengeDetails {
        learning_event1_id: first_event(sim).await,
        ..details
    };
    match sim.call(&create(details)).await.response() {
        Response::DataChallengeCreated(created) => created,
        other => panic!("not a challenge answer: {other:?}"),
    }
}

#[tokio::test]
async fn a_challenge_with_the_learners_details_is_created() {
    let sim = start(config()).await;
    let answer = created(&sim, amelia_challenge_details()).await;
    assert_eq!(answer.response_code, ResponseCode::ExactMatch);
    assert!(answer.data_challenge_reference.is_some());
}

#[tokio::test]
async fn a_challenge_on_the_linked_uln_carries_the_masters_details() {
    let sim = start(config()).await;
    let details = DataChallengeDetails {
        uln: Some(AMELIA_LINKED.into()),
        ..amelia_challenge_details()
    };
    assert_eq!(
        created(&sim, details).await.response_code,
        ResponseCode::ExactMatch
    );
}

#[tokio::test]
async fn a_challenge_without_the_learners_details_breaks_the_schema() {
    let sim = start(config()).await;
    for missing in ["givenName", "familyName", "dateOfBirth", "gender"] {
        let mut details = amelia_challenge_details();
        match missing {
            "givenName" => details.given_name = None,
            "familyName" => details.family_name = None,
            "dateOfBirth" => details.date_of_birth = None,
            _ => details.gender = None,
        }
        let code = sim.call(&create(details)).await.fault_code();
        assert_eq!(code, ResponseCode::InvalidRequest, "without {missing}");
    }
}

#[tokio::test]
async fn a_challenge_naming_someone_else_is_not_verified() {
    let sim = start(config()).await;
    let others = [
        DataChallengeDetails {
            given_name: Some("Isla".into()),
            ..amelia_challenge_details()
        },
        DataChallengeDetails {
            family_name: Some("Lee".into()),
            ..amelia_challenge_details()
        },
        DataChallengeDetails {
            date_of_birth: Some("2008-03-02".into()),
            ..amelia_challenge_details()
        },
        DataChallengeDetails {
            gender: Some("1".into()),
            ..amelia_challenge_details()
        },
    ];
    for details in others {
        let answer = created(&sim, details.clone()).await;
        assert_eq!(
            (answer.response_code, answer.data_challenge_reference),
            (ResponseCode::NotVerified, None),
            "{details:?}"
        );
    }
}

#[tokio::test]
async fn retrieve_ulns_gives_each_learners_details_and_the_master_for_a_linked_uln() {
    let sim = start(config()).await;
    let request = Request::RetrieveUlns(RetrieveUlns {
        credentials: credentials(),
        ulns: vec![AMELIA.into(), AMELIA_LINKED.into(), NOBODY.into()],
    });
    let Response::RetrievedUlns(retrieved) = sim.call(&request).await.response() else {
        panic!("not a RetrieveULNs answer");
    };
    let rows: Vec<_> = retrieved
        .learners
        .iter()
        .map(|l| {
            (
                l.uln.as_str(),
                l.master_uln.as_deref(),
                l.response_code.clone(),
                l.given_name.as_deref(),
                l.date_of_birth.as_deref(),
                l.gender.as_deref(),
            )
        })
        .collect();
    let amelia = (Some("Amelia"), Some("2008-03-01"), Some("2"));
    assert_eq!(
        rows,
        [
            (
                AMELIA,
                None,
                ResponseCode::ExactMatch,
                amelia.0,
                amelia.1,
                amelia.2
            ),
            (
                AMELIA_LINKED,
                Some(AMELIA),
                ResponseCode::MasterSubstituted,
                amelia.0,
                amelia.1,
                amelia.2
            ),
            (NOBODY, None, ResponseCode::NoMatch, None, None, None),
        ]
    );
}

#[tokio::test]
async fn retrieve_ulns_of_nothing_breaks_the_schema() {
    let sim = start(config()).await;
    let request = Request::RetrieveUlns(RetrieveUlns {
        credentials: credentials(),
        ulns: Vec::new(),
    });
    assert_eq!(
        sim.call(&request).await.fault_code(),
        ResponseCode::InvalidRequest
    );
}
