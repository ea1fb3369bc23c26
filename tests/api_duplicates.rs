//! Duplicates against the real server (issue 12): one learner registered twice for one
//! qualification, one ULN on two people, and the `duplicate` queue.

mod common;

use common::{refusal, Options, TestServer};
use uln_api::{
    AnomalyKind, ApiClient, ListQuery, RecordStatus, RegistrationBatch, RegistrationOutcome,
    RegistrationResult, RegistrationSubmission, RejectReason, RejectRequest, SuggestedAction,
    SuggestionKind,
};

const MATHS: &str = "601/4447/6";
const ENGLISH: &str = "601/4292/3";

/// A register with no registrations yet, so every duplicate is one the test made.
async fn server() -> TestServer {
    TestServer::start_with(Options {
        registrations: 0,
        ..Options::default()
    })
    .await
}

/// A register learner who has a linked ULN, as a centre would submit them under the master ULN,
/// and the linked ULN.
async fn learner_with_linked_uln(server: &TestServer) -> (RegistrationSubmission, String) {
    let (uln, given_name, family_name, date_of_birth, gender, postcode, linked) = sqlx::query_as(
        "SELECT l.uln, l.given_name, l.family_name, l.date_of_birth, l.gender, l.postcode, k.linked_uln \
         FROM lrs_learners l JOIN lrs_linked_ulns k ON k.master_uln = l.uln \
         WHERE l.postcode IS NOT NULL ORDER BY l.uln LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .expect("a learner with a linked ULN");
    let submission = RegistrationSubmission {
        uln,
        given_name,
        family_name,
        date_of_birth,
        gender,
        postcode,
        centre: "Calder Valley College".into(),
        qualification: Some(MATHS.into()),
        registered_at: None,
    };
    (submission, linked)
}

/// Someone else under `owner`'s ULN.
fn stranger_carrying(owner: &RegistrationSubmission) -> RegistrationSubmission {
    RegistrationSubmission {
        given_name: "Zainab".into(),
        family_name: "Okafor".into(),
        date_of_birth: "1990-06-15".into(),
        ..owner.clone()
    }
}

async fn submit(client: &ApiClient, rows: Vec<RegistrationSubmission>) -> Vec<RegistrationResult> {
    client
        .submit_registrations(&RegistrationBatch {
            registrations: rows,
        })
        .await
        .expect("submitted")
        .results
}

#[tokio::test]
async fn a_learner_registered_again_for_one_qualification_under_a_linked_uln_is_the_extra_one() {
    let server = server().await;
    let operator = server.as_operator();
    let (master, linked) = learner_with_linked_uln(&server).await;
    let first = submit(&operator, vec![master.clone()]).await;
    assert_eq!(first[0].outcome, RegistrationOutcome::Matched);
    let first_id = first[0].id.unwrap();

    let again = RegistrationSubmission {
        uln: linked.clone(),
        ..master.clone()
    };
    let other_qualification = RegistrationSubmission {
        uln: linked,
        qualification: Some(ENGLISH.into()),
        ..master.clone()
    };
    let results = submit(&operator, vec![again, other_qualification]).await;
    assert!(
        results[0].anomalies.contains(&AnomalyKind::Duplicate),
        "{results:?}"
    );
    assert!(
        !results[1].anomalies.contains(&AnomalyKind::Duplicate),
        "another qualification is no duplicate: {results:?}"
    );

    let id = results[0].id.unwrap();
    let detail = operator.exception(id).await.unwrap();
    let top = &detail.suggestions[0];
    assert_eq!(top.kind, SuggestionKind::DuplicateRegistration);
    assert_eq!(
        top.action,
        SuggestedAction::Reject {
            reason: RejectReason::DuplicateRegistration
        }
    );
    assert!(
        top.reason.contains(&format!("#{first_id}")),
        "{}",
        top.reason
    );
    assert_eq!(detail.qualification.as_deref(), Some(MATHS));
    // The master ULN is still offered below, but not first: it would make a second registration
    // of one learner match.
    assert!(detail
        .suggestions
        .iter()
        .any(|s| s.kind == SuggestionKind::LinkedUln));

    let queue = operator
        .exceptions(&ListQuery {
            queue: Some("duplicate".into()),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    let listed: Vec<i64> = queue.items.iter().map(|e| e.id).collect();
    assert_eq!(listed, [id]);

    let rejected = operator
        .reject(
            id,
            detail.version,
            &RejectRequest {
                reason: RejectReason::DuplicateRegistration,
                note: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(rejected.status, RecordStatus::Rejected);
}

#[tokio::test]
async fn the_same_registration_twice_in_one_batch_leaves_the_first_matched_and_the_second_open() {
    let server = server().await;
    let operator = server.as_operator();
    let (learner, _) = learner_with_linked_uln(&server).await;
    let results = submit(&operator, vec![learner.clone(), learner.clone()]).await;
    assert_eq!(results[0].outcome, RegistrationOutcome::Matched);
    assert_eq!(
        results[1].outcome,
        RegistrationOutcome::Exception,
        "{results:?}"
    );
    assert_eq!(results[1].anomalies, [AnomalyKind::Duplicate]);
    let detail = operator.exception(results[1].id.unwrap()).await.unwrap();
    assert!(detail.suggestions[0]
        .reason
        .contains(&format!("#{}", results[0].id.unwrap())));
}

#[tokio::test]
async fn one_uln_on_a_different_person_says_so_and_asks_for_their_own_uln() {
    let server = server().await;
    let operator = server.as_operator();
    let (owner, _) = learner_with_linked_uln(&server).await;
    let stranger = RegistrationSubmission {
        qualification: Some(ENGLISH.into()),
        ..stranger_carrying(&owner)
    };
    let owner_id = submit(&operator, vec![owner]).await[0].id.unwrap();
    let results = submit(&operator, vec![stranger]).await;
    assert!(
        results[0].anomalies.contains(&AnomalyKind::Duplicate),
        "{results:?}"
    );
    assert!(results[0].anomalies.contains(&AnomalyKind::DifferentPerson));
    let detail = operator.exception(results[0].id.unwrap()).await.unwrap();
    let top = &detail.suggestions[0];
    assert_eq!(top.kind, SuggestionKind::UlnOnTwoPeople);
    assert_eq!(top.action, SuggestedAction::SearchByDemographics);
    assert!(
        top.reason.contains(&format!("#{owner_id}")),
        "{}",
        top.reason
    );
    assert!(detail
        .suggestions
        .iter()
        .all(|s| !matches!(s.action, SuggestedAction::Amend { .. })));
}

#[tokio::test]
async fn a_qualification_that_is_not_an_ofqual_number_is_named_and_nothing_is_stored() {
    let server = server().await;
    let operator = server.as_operator();
    let (learner, _) = learner_with_linked_uln(&server).await;
    let bad = RegistrationSubmission {
        qualification: Some("GCSE maths".into()),
        ..learner
    };
    let results = submit(&operator, vec![bad]).await;
    assert_eq!(results[0].outcome, RegistrationOutcome::Invalid);
    let errors = results[0].errors.as_ref().unwrap();
    assert!(errors.contains_key("qualification"), "{errors:?}");
    let (status, _) = refusal(operator.exception(1).await);
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_learner_who_owns_the_uln_is_not_flagged_for_a_stranger_carrying_it_too() {
    let server = server().await;
    let operator = server.as_operator();
    let (owner, _) = learner_with_linked_uln(&server).await;
    let stranger = stranger_carrying(&owner);
    let shouting = RegistrationSubmission {
        family_name: owner.family_name.to_uppercase(),
        ..owner
    };
    let results = submit(&operator, vec![stranger, shouting]).await;
    assert!(
        results[0].anomalies.contains(&AnomalyKind::Duplicate),
        "{results:?}"
    );
    assert!(
        !results[1].anomalies.contains(&AnomalyKind::Duplicate),
        "{results:?}"
    );
    let detail = operator.exception(results[1].id.unwrap()).await.unwrap();
    assert_ne!(detail.suggestions[0].kind, SuggestionKind::UlnOnTwoPeople);
}
