//! Every operation's answers from the seeded register.

use crate::challenges::amelia_challenge_details;
use crate::harness::*;
use uln_lrs::*;

#[tokio::test]
async fn verify_learner_answers_with_the_domains_codes_and_flags() {
    let sim = start(config()).await;
    let code_of = |answer: Answer| match answer.response() {
        Response::VerifyLearner(v) => v,
        other => panic!("not a verify answer: {other:?}"),
    };
    let exact = code_of(
        sim.call(&verify(to_verify(
            AMELIA,
            "Amelia",
            "Khan",
            Some("2008-03-01"),
        )))
        .await,
    );
    assert_eq!(exact.response_code, ResponseCode::SuccessfulMatch);
    assert_eq!(exact.family_name.as_deref(), Some("Khan"));

    let linked = code_of(
        sim.call(&verify(to_verify(AMELIA_LINKED, "Amelia", "Khan", None)))
            .await,
    );
    assert_eq!(linked.response_code, ResponseCode::SuccessfulLinkedMatch);
    assert_eq!(
        linked.uln.as_deref(),
        Some(AMELIA),
        "the master record is returned"
    );

    let wrong_birth = code_of(
        sim.call(&verify(to_verify(
            AMELIA,
            "Amelia",
            "Khan",
            Some("2008-01-03"),
        )))
        .await,
    );
    assert_eq!(wrong_birth.response_code, ResponseCode::LearnerDoesNotMatch);
    assert_eq!(wrong_birth.failure_flags, [FailureFlag::DateOfBirth]);

    let unknown = code_of(
        sim.call(&verify(to_verify(NOBODY, "Amelia", "Khan", None)))
            .await,
    );
    assert_eq!(unknown.response_code, ResponseCode::UlnNotFound);
    assert_eq!(unknown.uln, None);
}

#[tokio::test]
async fn a_verify_batch_is_submitted_then_collected_and_a_wrong_count_is_refused() {
    let sim = start(config()).await;
    let rows = vec![
        BatchLearnerToVerify {
            mis_identifier: Some("r1".into()),
            learner: to_verify(AMELIA, "Amelia", "Khan", None),
        },
        BatchLearnerToVerify {
            mis_identifier: Some("r2".into()),
            learner: to_verify(AMELIA_LINKED, "Amelia", "Khan", None),
        },
        BatchLearnerToVerify {
            mis_identifier: Some("r3".into()),
            learner: to_verify(NOBODY, "Ann", "Other", None),
        },
    ];
    let submit = |count: u32| {
        Request::SubmitVerifyBatch(SubmitVerifyBatch {
            credentials: credentials(),
            learner_record_count: count,
            org_email: None,
            learners: rows.clone(),
        })
    };
    let Response::VerifyBatchSubmitted(miscounted) = sim.call(&submit(4)).await.response() else {
        panic!("not a submission answer");
    };
    assert_eq!(
        miscounted.response_code,
        ResponseCode::VerifyBatchRecordCountIncorrect
    );

    let Response::VerifyBatchSubmitted(submitted) = sim.call(&submit(3)).await.response() else {
        panic!("not a submission answer");
    };
    assert_eq!(submitted.response_code, ResponseCode::BatchSubmitted);
    let collect = |job_id| {
        Request::GetVerifyBatchOutput(GetVerifyBatchOutput {
            credentials: credentials(),
            job_id,
        })
    };
    let Response::VerifyBatchOutput(output) = sim.call(&collect(submitted.job_id)).await.response()
    else {
        panic!("not a batch output");
    };
    assert_eq!(output.response_code, ResponseCode::BatchSuccessful);
    let rows: Vec<_> = output
        .learners
        .iter()
        .map(|r| (r.mis_identifier.as_deref(), r.response_code.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (Some("r1"), ResponseCode::SuccessfulMatch),
            (Some("r2"), ResponseCode::SuccessfulLinkedMatch),
            (Some("r3"), ResponseCode::UlnNotFound),
        ]
    );
    let Response::VerifyBatchOutput(unknown) =
        sim.call(&collect(submitted.job_id + 100)).await.response()
    else {
        panic!("not a batch output");
    };
    assert_eq!(
        (unknown.response_code, unknown.learners.len()),
        (ResponseCode::UnknownJob, 0)
    );
}

#[tokio::test]
async fn find_by_uln_substitutes_the_master_for_a_linked_uln() {
    let sim = start(config()).await;
    let Response::FindLearner(direct) = sim
        .call(&find_by_uln(AMELIA, "Amelia", "Khan"))
        .await
        .response()
    else {
        panic!("not a find answer");
    };
    assert_eq!(direct.response_code, ResponseCode::ExactMatch);
    assert_eq!(
        direct.learners[0].field(LearnerField::MasterSubstituted),
        None
    );

    let Response::FindLearner(linked) = sim
        .call(&find_by_uln(AMELIA_LINKED, "Amelia", "Khan"))
        .await
        .response()
    else {
        panic!("not a find answer");
    };
    assert_eq!(linked.response_code, ResponseCode::MasterSubstituted);
    let master = &linked.learners[0];
    assert_eq!(
        (
            master.uln.as_str(),
            master.field(LearnerField::MasterSubstituted)
        ),
        (AMELIA, Some("Y"))
    );
    assert_eq!(master.linked_ulns, [AMELIA_LINKED]);

    let Response::FindLearner(stranger) = sim
        .call(&find_by_uln(AMELIA, "Zoe", "Smith"))
        .await
        .response()
    else {
        panic!("not a find answer");
    };
    assert_eq!(
        (stranger.response_code, stranger.learners.len()),
        (ResponseCode::NoMatch, 0)
    );
}

#[tokio::test]
async fn find_by_demographics_answers_exact_possible_and_no_match() {
    let sim = start(config()).await;
    let find = |given: &str, family: &str, born: &str, gender: &str| {
        Request::LearnerByDemographics(FindLearnerByDemographics {
            find_type: FindType::Full,
            credentials: credentials(),
            family_name: family.into(),
            given_name: given.into(),
            date_of_birth: born.into(),
            gender: gender.into(),
            last_known_post_code: "LS1 4AP".into(),
            previous_family_name: None,
            school_at_age16: None,
            place_of_birth: None,
            email_address: None,
        })
    };
    let answer = |a: Answer| match a.response() {
        Response::FindLearner(f) => (
            f.response_code,
            f.learners.iter().map(|l| l.uln.clone()).collect::<Vec<_>>(),
        ),
        other => panic!("not a find answer: {other:?}"),
    };
    let exact = answer(sim.call(&find("Amelia", "Khan", "2008-03-01", "2")).await);
    assert_eq!(exact, (ResponseCode::ExactMatch, vec![AMELIA.to_owned()]));
    // Noah is recorded as male: the same names with another gender are only possible.
    let possible = answer(sim.call(&find("Noah", "Lee", "2007-11-30", "2")).await);
    assert_eq!(
        possible,
        (ResponseCode::PossibleMatches, vec![NOAH.to_owned()])
    );
    let none = answer(sim.call(&find("Ann", "Other", "2008-03-01", "2")).await);
    assert_eq!(none, (ResponseCode::NoMatch, vec![]));
}

#[tokio::test]
async fn the_plr_is_shown_substituted_refused_when_not_shared_or_not_verified() {
    let sim = start(config()).await;
    let answer = |a: Answer| match a.response() {
        Response::LearnerLearningEvents(e) => e,
        other => panic!("not a PLR answer: {other:?}"),
    };
    let own = answer(sim.call(&plr(AMELIA, "Amelia", "Khan", "2008-03-01")).await);
    assert_eq!(
        (own.response_code, own.learning_events.len()),
        (ResponseCode::ExactMatch, 2)
    );

    let linked = answer(
        sim.call(&plr(AMELIA_LINKED, "Amelia", "Khan", "2008-03-01"))
            .await,
    );
    assert_eq!(linked.response_code, ResponseCode::MasterSubstituted);
    assert_eq!(
        (linked.found_uln.as_deref(), linked.incoming_uln.as_deref()),
        (Some(AMELIA), Some(AMELIA_LINKED))
    );

    let not_shared = answer(sim.call(&plr(NOAH, "Noah", "Lee", "2007-11-30")).await);
    assert_eq!(
        (not_shared.response_code, not_shared.learning_events.len()),
        (ResponseCode::NotShared, 0)
    );

    let stranger = answer(sim.call(&plr(AMELIA, "Amelia", "Khan", "2001-01-01")).await);
    assert_eq!(
        (stranger.response_code, stranger.learning_events.len()),
        (ResponseCode::NotVerified, 0)
    );

    let invalid = answer(
        sim.call(&plr("1234567890", "Amelia", "Khan", "2008-03-01"))
            .await,
    );
    assert_eq!(
        (invalid.response_code, invalid.found_uln),
        (ResponseCode::InvalidUln, None)
    );
}

#[tokio::test]
async fn a_data_challenge_is_created_and_listed_under_the_linked_uln() {
    let sim = start(config()).await;
    let Response::LearnerLearningEvents(record) = sim
        .call(&plr(AMELIA, "Amelia", "Khan", "2008-03-01"))
        .await
        .response()
    else {
        panic!("not a PLR answer");
    };
    let event_id = record.learning_events[0].id.clone();
    let details = DataChallengeDetails {
        challenge_type: Some("NotLearners".into()),
        learning_event1_id: event_id,
        additional_information: Some("the learner never sat this".into()),
        ..amelia_challenge_details()
    };
    let create = Request::CreateDataChallenge(CreateDataChallenge {
        caller: caller(),
        details: Box::new(details),
    });
    let Response::DataChallengeCreated(created) = sim.call(&create).await.response() else {
        panic!("not a challenge answer");
    };
    assert_eq!(created.response_code, ResponseCode::ExactMatch);
    let reference = created.data_challenge_reference.expect("a reference");

    let list = Request::ListDataChallenge(ListDataChallenge {
        caller: caller(),
        uln: AMELIA_LINKED.into(),
        date_created_start: None,
        date_created_end: None,
    });
    let Response::DataChallengeList(listed) = sim.call(&list).await.response() else {
        panic!("not a challenge list");
    };
    let items: Vec<_> = listed
        .data_challenges
        .iter()
        .map(|c| {
            (
                c.reference_no.clone(),
                c.status.clone(),
                c.challenge_type.clone(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [(
            Some(reference),
            Some("Open".into()),
            Some("NotLearners".into())
        )]
    );
}
