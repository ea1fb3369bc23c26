//! Twins whose names are a nickname pair (Jack and John, one family, one birthday, one address)
//! against the real server: the register is asked whether the supplied name is someone else's
//! before a known-as amendment is offered or accepted (issue 12, "never the wrong person").

mod common;

use common::{refusal, Options, TestServer};
use uln_api::{
    AnomalyKind, ErrorCode, LearnerFields, RecordStatus, RegistrationBatch, RegistrationSubmission,
    SuggestedAction, SuggestionKind,
};
use uln_domain::Uln;

const BIRTHDAY: &str = "2008-04-09";

/// A register learner's ULN, made for the test and unknown to the seeded register.
fn fresh_uln(prefix: u32) -> String {
    (prefix..)
        .find_map(Uln::from_prefix)
        .expect("a valid ULN")
        .to_string()
}

async fn add_learner(server: &TestServer, uln: &str, given_name: &str) {
    sqlx::query(
        "INSERT INTO lrs_learners (uln, given_name, family_name, date_of_birth, gender, postcode, ability_to_share) \
         VALUES ($1, $2, 'Quenby', $3, '1', 'LS6 2AB', TRUE)",
    )
    .bind(uln)
    .bind(given_name)
    .bind(BIRTHDAY)
    .execute(&server.pool)
    .await
    .expect("a register learner added");
}

/// Jack's details with John's ULN, as a centre that mixed up twins would submit them: the id and
/// the anomalies the submission found.
async fn jack_under_johns_uln(server: &TestServer, john: &str) -> (i64, Vec<AnomalyKind>) {
    let jack = RegistrationSubmission {
        uln: john.into(),
        given_name: "Jack".into(),
        family_name: "Quenby".into(),
        date_of_birth: BIRTHDAY.into(),
        gender: "1".into(),
        postcode: "LS6 2AB".into(),
        centre: "Calder Valley College".into(),
        qualification: None,
        registered_at: None,
    };
    let results = server
        .as_operator()
        .submit_registrations(&RegistrationBatch {
            registrations: vec![jack],
        })
        .await
        .unwrap()
        .results;
    (results[0].id.expect("stored"), results[0].anomalies.clone())
}

async fn server() -> TestServer {
    TestServer::start_with(Options {
        registrations: 0,
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn a_nickname_with_no_twin_on_the_register_is_still_offered_as_a_known_as_amendment() {
    let server = server().await;
    let john = fresh_uln(731_000_000);
    add_learner(&server, &john, "John").await;
    let (id, anomalies) = jack_under_johns_uln(&server, &john).await;
    assert_eq!(anomalies, [AnomalyKind::GivenName]);
    let detail = server.as_operator().exception(id).await.unwrap();
    assert_eq!(
        detail.suggestions[0].kind,
        SuggestionKind::PreferredName,
        "{:?}",
        detail.suggestions
    );
}

#[tokio::test]
async fn a_twin_whose_legal_name_is_the_one_supplied_withholds_the_amendment_and_the_guard_refuses_it(
) {
    let server = server().await;
    let john = fresh_uln(731_000_000);
    let jack = fresh_uln(732_000_000);
    add_learner(&server, &john, "John").await;
    add_learner(&server, &jack, "Jack").await;
    let (id, anomalies) = jack_under_johns_uln(&server, &john).await;
    // The batch asked the register in bulk, and found the twin as the detail does.
    assert_eq!(anomalies, [AnomalyKind::DifferentPerson]);
    let operator = server.as_operator();

    let detail = operator.exception(id).await.unwrap();
    assert!(
        detail
            .suggestions
            .iter()
            .all(|s| !matches!(s.action, SuggestedAction::Amend { .. })),
        "{:?}",
        detail.suggestions
    );
    let top = &detail.suggestions[0];
    assert_eq!(top.action, SuggestedAction::ConfirmIdentity);
    assert!(top.reason.contains(&jack), "{}", top.reason);

    let to_john = LearnerFields {
        given_name: Some("John".into()),
        ..LearnerFields::default()
    };
    let (status, body) = refusal(operator.amend(id, detail.version, &to_john, None).await);
    assert_eq!((status, body.code), (409, ErrorCode::IdentityUnconfirmed));
    assert_eq!(server.registration_now(id).await.status.name(), "open");

    let confirmed = operator
        .amend_with_identity_confirmed(
            id,
            detail.version,
            &to_john,
            "centre: it was John, Jack's brother sat nothing",
        )
        .await
        .unwrap();
    assert_eq!(confirmed.status, RecordStatus::Resolved);
}
