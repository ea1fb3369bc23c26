//! PLR lookup, search by demographics and data challenges against the real server.

mod common;

use common::{refusal, TestServer};
use reqwest::StatusCode;
use uln_api::{
    AuditAction, ChallengeKind, ChallengeRequest, ChallengeStatus, ErrorCode, EventSource, Gender,
    LearnerSearchQuery, PlrResponse, RegisterCode, SuppliedDetails,
};

/// A PLR lookup as the console makes it: the ULN plus the caller's names and date of birth.
async fn plr(server: &TestServer, uln: &str, family: &str, dob: &str) -> PlrResponse {
    let given = server.given_name_of(family, dob).await;
    server
        .as_viewer()
        .plr(uln, family, dob, Some(&given))
        .await
        .expect("a PLR answer")
}

#[tokio::test]
async fn plr_lookup_with_the_right_identity_shows_learner_and_events_and_is_audited() {
    let server = TestServer::start().await;
    let (uln, family, dob) = server.learner_where("ability_to_share").await;
    let answer = plr(&server, &uln, &family, &dob).await;
    assert_eq!(answer.code, RegisterCode::ExactMatch);
    assert_eq!(answer.learner.map(|l| l.uln), Some(uln.clone()));
    assert!(answer.events.len() >= 2, "seeded PLRs have several events");
    assert!(answer
        .events
        .iter()
        .all(|e| e.source != EventSource::Unknown));
    let audit = server
        .state
        .store
        .audit_by_subject(&format!("uln:{uln}"))
        .await
        .unwrap();
    assert_eq!(
        audit
            .last()
            .map(|a| (a.action.as_str(), a.operator.as_str())),
        Some(("plr_lookup", "vera-viewer"))
    );
}

#[tokio::test]
async fn plr_lookup_with_the_wrong_identity_is_wsec0208_and_shows_nothing() {
    let server = TestServer::start().await;
    let (uln, _, dob) = server.learner_where("ability_to_share").await;
    let answer = plr(&server, &uln, "Nobody-Else", &dob).await;
    assert_eq!(answer.code, RegisterCode::NotVerified);
    assert_eq!(answer.learner, None);
    assert!(answer.events.is_empty());
}

#[tokio::test]
async fn a_learner_who_does_not_share_gives_wsec0206() {
    let server = TestServer::start().await;
    let (uln, family, dob) = server.learner_where("NOT ability_to_share").await;
    let answer = plr(&server, &uln, &family, &dob).await;
    assert_eq!(answer.code, RegisterCode::NotSharing);
    assert!(answer.events.is_empty());
}

#[tokio::test]
async fn a_linked_uln_shows_the_master_record() {
    let server = TestServer::start().await;
    let (linked, master): (String, String) = sqlx::query_as(
        "SELECT k.linked_uln, k.master_uln FROM lrs_linked_ulns k JOIN lrs_learners l ON l.uln = k.master_uln WHERE l.ability_to_share LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let (family, dob): (String, String) =
        sqlx::query_as("SELECT family_name, date_of_birth FROM lrs_learners WHERE uln = $1")
            .bind(&master)
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let answer = plr(&server, &linked, &family, &dob).await;
    assert_eq!(answer.code, RegisterCode::MasterSubstituted);
    assert_eq!(answer.learner.map(|l| l.uln), Some(master));
}

#[tokio::test]
async fn plr_lookup_refuses_a_bad_uln_or_date_naming_each() {
    let server = TestServer::start().await;
    let (status, body) = refusal(
        server
            .as_viewer()
            .plr("1234567890", "Smith", "2007-13-01", None)
            .await,
    );
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    let fields = body.fields.expect("the bad fields are named");
    assert!(fields["uln"].as_str().unwrap().starts_with("WSEC0136"));
    assert!(fields.contains_key("date_of_birth"));
    // The family name missing altogether is not something the typed client can send.
    let (status, body) = server.get("/learners/9276308686/plr", &server.viewer).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["family_name"].is_string());
}

#[tokio::test]
async fn names_longer_than_any_name_are_refused_before_the_register_is_asked() {
    let server = TestServer::start().await;
    let long = "a".repeat(36);
    let (status, body) = refusal(
        server
            .as_viewer()
            .plr("9276308686", &long, "2007-01-01", Some(&long))
            .await,
    );
    assert_eq!((status, body.code), (422, ErrorCode::Invalid));
    let fields = body.fields.expect("the bad fields are named");
    assert!(fields.contains_key("family_name") && fields.contains_key("given_name"));
    let path = format!("/learners?given_name={long}&family_name={long}&date_of_birth=2007-01-01");
    let (status, body) = server.get(&path, &server.viewer).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &body["error"]["fields"];
    assert!(fields["given_name"].is_string() && fields["family_name"].is_string());
}

#[tokio::test]
async fn search_by_demographics_finds_an_exact_match_and_reports_none() {
    let server = TestServer::start().await;
    let (uln, given, family, dob): (String, String, String, String) = sqlx::query_as(
        "SELECT uln, given_name, family_name, date_of_birth FROM lrs_learners ORDER BY uln LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let (gender, postcode): (String, Option<String>) =
        sqlx::query_as("SELECT gender, postcode FROM lrs_learners WHERE uln = $1")
            .bind(&uln)
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let details = SuppliedDetails {
        uln: None,
        given_name: given,
        family_name: family,
        date_of_birth: dob,
        gender: Gender::from_wire(&gender).expect("a gender code"),
        postcode: postcode.unwrap_or_else(|| "ZZ99 9ZZ".into()),
    };
    let answer = server.as_viewer().search_learners(&details).await.unwrap();
    assert_eq!(answer.code, RegisterCode::ExactMatch);
    assert_eq!(answer.learners[0].uln, uln);
    let audit = server
        .state
        .store
        .audit_by_subject("learner_search")
        .await
        .unwrap();
    let row = audit.last().expect("the search is audited");
    assert_eq!(
        (row.action.as_str(), row.operator.as_str()),
        ("learner_search", "vera-viewer")
    );
    assert_eq!(
        row.changes.as_ref().unwrap()["returned_ulns"][0],
        uln.as_str()
    );
    let nobody = SuppliedDetails {
        given_name: "Nobody".into(),
        family_name: "Atall".into(),
        date_of_birth: "1950-01-01".into(),
        ..details
    };
    let answer = server.as_viewer().search_learners(&nobody).await.unwrap();
    assert_eq!(answer.code, RegisterCode::NoMatch);
    // Required details missing altogether: only a raw request can send that.
    let (status, _) = server
        .get("/learners?family_name=Smith", &server.viewer)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_consoles_search_from_anywhere_needs_no_gender_or_postcode_and_is_audited() {
    let server = TestServer::start().await;
    let (uln, given, family, dob): (String, String, String, String) = sqlx::query_as(
        "SELECT uln, given_name, family_name, date_of_birth FROM lrs_learners ORDER BY uln LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let query = LearnerSearchQuery {
        given_name: given,
        family_name: family,
        date_of_birth: dob,
        gender: None,
        postcode: None,
    };
    let answer = server.as_viewer().search_register(&query).await.unwrap();
    assert!(answer.learners.iter().any(|l| l.uln == uln), "{answer:?}");
    let audit = server
        .state
        .store
        .audit_by_subject("learner_search")
        .await
        .unwrap();
    let row = audit.last().expect("the search is audited");
    assert_eq!(row.operator, "vera-viewer");
}

/// A learner who shares their PLR, with its events' ids; and their family name and date of birth.
async fn shared_learner_with_events(server: &TestServer) -> (String, Vec<i64>, (String, String)) {
    let (uln, family, dob) = server.learner_where("ability_to_share").await;
    let ids = plr(server, &uln, &family, &dob)
        .await
        .events
        .iter()
        .map(|e| e.id)
        .collect();
    (uln, ids, (family, dob))
}

fn challenge(kind: ChallengeKind, event_ids: Vec<i64>, note: &str) -> ChallengeRequest {
    ChallengeRequest {
        kind,
        event_ids,
        corrected: None,
        note: note.into(),
        contact: None,
    }
}

#[tokio::test]
async fn raising_a_challenge_returns_a_reference_and_flags_the_event() {
    let server = TestServer::start().await;
    let (uln, events, (family, dob)) = shared_learner_with_events(&server).await;
    let mut request = challenge(
        ChallengeKind::IncorrectInformation,
        vec![events[0]],
        "Learner has the certificate showing grade B",
    );
    request.corrected = Some(serde_json::from_str(r#"{"grade": "B"}"#).unwrap());
    let created = server
        .as_operator()
        .raise_challenge(&uln, &request)
        .await
        .expect("the challenge is raised");
    assert!(created.reference.starts_with("DC-"));
    assert_eq!(created.status, ChallengeStatus::Open);
    assert_eq!(created.kind, ChallengeKind::IncorrectInformation);

    let flagged: Vec<i64> = plr(&server, &uln, &family, &dob)
        .await
        .events
        .iter()
        .filter(|e| e.under_challenge)
        .map(|e| e.id)
        .collect();
    assert_eq!(flagged, vec![events[0]]);

    let open = server
        .as_viewer()
        .challenges(Some(ChallengeStatus::Open))
        .await
        .unwrap();
    assert!(open
        .challenges
        .iter()
        .any(|c| c.reference == created.reference));
    let reference = created.reference;
    let audit = server
        .state
        .store
        .audit_by_subject(&format!("uln:{uln}"))
        .await
        .unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == AuditAction::ChallengeRaised.wire_name()
            && a.reason.as_deref().unwrap_or("").contains(&reference)));
}

#[tokio::test]
async fn duplicate_and_not_learners_challenges_check_their_events() {
    let server = TestServer::start().await;
    let (uln, events, _) = shared_learner_with_events(&server).await;
    let operator = server.as_operator();
    let (status, body) = refusal(
        operator
            .raise_challenge(
                &uln,
                &challenge(ChallengeKind::Duplicate, vec![events[0]], "twice"),
            )
            .await,
    );
    assert_eq!(status, 422);
    assert!(body.fields.unwrap()["event_ids"].is_string());
    let both = challenge(
        ChallengeKind::Duplicate,
        vec![events[0], events[1]],
        "listed twice",
    );
    assert!(operator.raise_challenge(&uln, &both).await.is_ok());
    let (status, body) = refusal(
        operator
            .raise_challenge(
                &uln,
                &challenge(ChallengeKind::NotLearners, vec![987654321], "not mine"),
            )
            .await,
    );
    assert_eq!(status, 422, "an event not on this PLR: {body:?}");
    let (status, body) = refusal(
        operator
            .raise_challenge(
                &uln,
                &challenge(ChallengeKind::Unknown, vec![events[0]], "x"),
            )
            .await,
    );
    assert_eq!(status, 422, "a kind the server does not know: {body:?}");
    assert!(body.fields.unwrap().contains_key("kind"));
    let (status, body) = refusal(
        server
            .as_viewer()
            .raise_challenge(
                &uln,
                &challenge(ChallengeKind::NotLearners, vec![events[0]], "x"),
            )
            .await,
    );
    assert_eq!((status, body.code), (403, ErrorCode::Forbidden));
}

/// The bulk lookup a batch submission uses answers exactly as one lookup per ULN would, in order.
#[tokio::test]
async fn a_bulk_register_lookup_agrees_with_one_lookup_per_uln() {
    use uln_domain::Uln;
    let server = TestServer::start().await;
    let (direct, ..) = server.learner_where("1 = 1").await;
    let linked: String = sqlx::query_scalar("SELECT linked_uln FROM lrs_linked_ulns LIMIT 1")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    let unknown = server
        .open_record_with_own_uln("uln_not_found")
        .await
        .uln
        .unwrap();
    let someone = uln_server::register::Supplied::names(
        uln_domain::PersonName::parse("Ann").unwrap(),
        uln_domain::PersonName::parse("Smith").unwrap(),
    );
    let asked: Vec<(Uln, _)> = [&direct, &linked, &unknown, &direct, &linked]
        .iter()
        .map(|u| (Uln::parse(u).unwrap(), someone.clone()))
        .collect();
    let register = server.state.register.clone();
    let bulk = register.lookup_many(&asked).await.unwrap();
    let mut one_by_one = Vec::new();
    for (uln, supplied) in &asked {
        one_by_one.push(register.lookup(uln, supplied).await.unwrap());
    }
    assert_eq!(bulk, one_by_one);
    let kinds: Vec<&str> = bulk
        .iter()
        .map(|l| match l {
            uln_server::register::RegisterLookup::NotFound => "not found",
            uln_server::register::RegisterLookup::Direct(_) => "direct",
            uln_server::register::RegisterLookup::Linked(_) => "linked",
        })
        .collect();
    assert_eq!(kinds, ["direct", "linked", "not found", "direct", "linked"]);
}
