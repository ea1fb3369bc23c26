//! PLR lookup, search by demographics and data challenges against the real server.

mod common;

use common::TestServer;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn plr_path(uln: &str, family: &str, dob: &str) -> String {
    format!(
        "/learners/{uln}/plr?family_name={}&date_of_birth={dob}",
        urlencode(family)
    )
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn plr_lookup_with_the_right_identity_shows_learner_and_events_and_is_audited() {
    let server = TestServer::start().await;
    let (uln, family, dob) = server.learner_where("ability_to_share = 1").await;
    let (status, body) = server
        .get(&plr_path(&uln, &family, &dob), &server.viewer)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], "WSRC0004");
    assert_eq!(body["learner"]["uln"], uln.as_str());
    let events = body["events"].as_array().unwrap();
    assert!(events.len() >= 2, "seeded PLRs have several events");
    assert!(
        events
            .iter()
            .all(|e| e["id"].is_i64()
                && ["ILR", "NPD", "AO"].contains(&e["source"].as_str().unwrap()))
    );
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
    let (uln, _, dob) = server.learner_where("ability_to_share = 1").await;
    let (status, body) = server
        .get(&plr_path(&uln, "Nobody-Else", &dob), &server.viewer)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["code"], "WSEC0208");
    assert_eq!(body["learner"], Value::Null);
    assert_eq!(body["events"], json!([]));
}

#[tokio::test]
async fn a_learner_who_does_not_share_gives_wsec0206() {
    let server = TestServer::start().await;
    let (uln, family, dob) = server.learner_where("ability_to_share = 0").await;
    let (_, body) = server
        .get(&plr_path(&uln, &family, &dob), &server.viewer)
        .await;
    assert_eq!(body["code"], "WSEC0206");
    assert_eq!(body["events"], json!([]));
}

#[tokio::test]
async fn a_linked_uln_shows_the_master_record() {
    let server = TestServer::start().await;
    let (linked, master): (String, String) = sqlx::query_as(
        "SELECT k.linked_uln, k.master_uln FROM lrs_linked_ulns k JOIN lrs_learners l ON l.uln = k.master_uln WHERE l.ability_to_share = 1 LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let (family, dob): (String, String) =
        sqlx::query_as("SELECT family_name, date_of_birth FROM lrs_learners WHERE uln = ?")
            .bind(&master)
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let (_, body) = server
        .get(&plr_path(&linked, &family, &dob), &server.viewer)
        .await;
    assert_eq!(body["code"], "WSRC0022");
    assert_eq!(body["learner"]["uln"], master.as_str());
}

#[tokio::test]
async fn plr_lookup_refuses_a_bad_uln_or_date_naming_each() {
    let server = TestServer::start().await;
    let (status, body) = server
        .get(
            "/learners/1234567890/plr?family_name=Smith&date_of_birth=2007-13-01",
            &server.viewer,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = body["error"]["fields"].as_object().unwrap();
    assert!(fields["uln"].as_str().unwrap().starts_with("WSEC0136"));
    assert!(fields.contains_key("date_of_birth"));
    let (status, body) = server.get("/learners/9276308686/plr", &server.viewer).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["family_name"].is_string());
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
    let path = format!(
        "/learners?given_name={}&family_name={}&date_of_birth={dob}",
        urlencode(&given),
        urlencode(&family)
    );
    let (status, body) = server.get(&path, &server.viewer).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], "WSRC0004");
    assert_eq!(body["learners"][0]["uln"], uln.as_str());
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
    let (_, body) = server
        .get(
            "/learners?given_name=Nobody&family_name=Atall&date_of_birth=1950-01-01",
            &server.viewer,
        )
        .await;
    assert_eq!(body["code"], "WSRC0001");
    let (status, _) = server
        .get("/learners?family_name=Smith", &server.viewer)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn shared_learner_with_events(server: &TestServer) -> (String, Vec<i64>) {
    let (uln, family, dob) = server.learner_where("ability_to_share = 1").await;
    let (_, body) = server
        .get(&plr_path(&uln, &family, &dob), &server.viewer)
        .await;
    let ids = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    (uln, ids)
}

#[tokio::test]
async fn raising_a_challenge_returns_a_reference_and_flags_the_event() {
    let server = TestServer::start().await;
    let (uln, events) = shared_learner_with_events(&server).await;
    let body = json!({
        "kind": "incorrect_information",
        "event_ids": [events[0]],
        "corrected": {"grade": "B"},
        "note": "Learner has the certificate showing grade B"
    });
    let (status, created) = server
        .post(
            &format!("/learners/{uln}/challenges"),
            &server.operator,
            None,
            body,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let reference = created["reference"].as_str().unwrap().to_owned();
    assert!(reference.starts_with("DC-"));
    assert_eq!(created["status"], "open");

    let (family, dob): (String, String) =
        sqlx::query_as("SELECT family_name, date_of_birth FROM lrs_learners WHERE uln = ?")
            .bind(&uln)
            .fetch_one(&server.pool)
            .await
            .unwrap();
    let (_, plr) = server
        .get(&plr_path(&uln, &family, &dob), &server.viewer)
        .await;
    let flagged: Vec<i64> = plr["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["under_challenge"] == true)
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(flagged, vec![events[0]]);

    let (_, list) = server.get("/challenges?status=open", &server.viewer).await;
    assert!(list["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["reference"] == reference.as_str()));
    let audit = server
        .state
        .store
        .audit_by_subject(&format!("uln:{uln}"))
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.action == "challenge_raised"
        && a.reason.as_deref().unwrap_or("").contains(&reference)));
}

#[tokio::test]
async fn duplicate_and_not_learners_challenges_check_their_events() {
    let server = TestServer::start().await;
    let (uln, events) = shared_learner_with_events(&server).await;
    let path = format!("/learners/{uln}/challenges");
    let (status, body) = server
        .post(
            &path,
            &server.operator,
            None,
            json!({"kind": "duplicate", "event_ids": [events[0]], "note": "twice"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["event_ids"].is_string());
    let (status, _) = server.post(&path, &server.operator, None, json!({"kind": "duplicate", "event_ids": [events[0], events[1]], "note": "listed twice"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = server
        .post(
            &path,
            &server.operator,
            None,
            json!({"kind": "not_learners", "event_ids": [987654321], "note": "not mine"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an event not on this PLR: {body}"
    );
    let (status, _) = server
        .post(
            &path,
            &server.operator,
            None,
            json!({"kind": "made_up", "event_ids": [events[0]], "note": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = server
        .post(
            &path,
            &server.viewer,
            None,
            json!({"kind": "not_learners", "event_ids": [events[0]], "note": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
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
    let ulns: Vec<Uln> = [&direct, &linked, &unknown, &direct, &linked]
        .iter()
        .map(|u| Uln::parse(u).unwrap())
        .collect();
    let register = server.state.register.clone();
    let bulk = register.lookup_many(&ulns).await.unwrap();
    let mut one_by_one = Vec::new();
    for uln in &ulns {
        one_by_one.push(register.lookup(uln).await.unwrap());
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
