//! Phone enquiries against the real server: a wrap-up joins the audit trail under the operator,
//! a bad one is refused field by field, and the operator's list of calls holds nothing personal.

mod common;

use common::{refusal, TestServer};
use uln_api::{CallOutcome, CallRequest, ErrorCode};

/// A ten-minute call about `uln` that identified the caller.
fn identified_call(uln: &str, note: &str) -> CallRequest {
    CallRequest {
        uln: Some(uln.into()),
        started_at: "2026-11-24T10:00:00Z".into(),
        ended_at: "2026-11-24T10:10:00Z".into(),
        outcome: CallOutcome::Identified,
        note: note.into(),
    }
}

#[tokio::test]
async fn a_wrapped_up_call_joins_the_audit_trail_under_the_operator_and_the_learner() {
    let server = TestServer::start().await;
    let (uln, _, _) = server.learner_where("ability_to_share").await;
    let call = server
        .as_viewer()
        .record_call(&identified_call(
            &uln,
            "  asked for her PLR; read out two events ",
        ))
        .await
        .expect("a viewer may record the calls they take");
    assert_eq!(call.outcome, CallOutcome::Identified);
    let audit = server
        .state
        .store
        .audit_by_subject(&format!("uln:{uln}"))
        .await
        .unwrap();
    let row = audit.last().expect("the call's audit row");
    assert_eq!(row.id, call.id, "the call is its audit row");
    assert_eq!(
        (
            row.action.as_str(),
            row.operator.as_str(),
            row.reason.as_deref()
        ),
        (
            "call",
            "vera-viewer",
            Some("asked for her PLR; read out two events")
        )
    );
    assert_eq!(row.changes.as_ref().unwrap()["outcome"], "identified");
}

#[tokio::test]
async fn a_wrap_up_without_a_readable_note_or_with_impossible_times_is_refused_by_field() {
    let server = TestServer::start().await;
    let client = server.as_operator();
    let uln = "9276308686";
    for (call, field) in [
        (identified_call(uln, "   "), "note"),
        (identified_call(uln, "call\u{202E}back"), "note"),
        (identified_call(uln, &"x".repeat(1_001)), "note"),
        (
            CallRequest {
                ended_at: "2026-11-24T09:59:00Z".into(),
                ..identified_call(uln, "fine")
            },
            "ended_at",
        ),
        (
            CallRequest {
                uln: None,
                ..identified_call(uln, "fine")
            },
            "uln",
        ),
        (
            CallRequest {
                uln: Some("9276308687".into()),
                ..identified_call(uln, "fine")
            },
            "uln",
        ),
    ] {
        let (status, body) = refusal(client.record_call(&call).await);
        assert_eq!((status, body.code), (422, ErrorCode::Invalid), "{field}");
        let fields = body.fields.expect("the refused field named");
        assert!(fields.contains_key(field), "{field}: {fields:?}");
    }
    let listed = client.recent_calls().await.unwrap();
    assert!(listed.calls.is_empty(), "nothing refused was recorded");
}

#[tokio::test]
async fn the_list_of_calls_is_the_operators_own_newest_first_and_holds_nothing_personal() {
    let server = TestServer::start().await;
    let uln = "9276308686";
    let operator = server.as_operator();
    let first = operator
        .record_call(&identified_call(uln, "Amelia Hughes, born 03 Feb 2007"))
        .await
        .unwrap();
    let general = CallRequest {
        uln: None,
        outcome: CallOutcome::NoUln,
        ..identified_call(uln, "centre asked about deadlines")
    };
    let second = operator.record_call(&general).await.unwrap();
    server
        .as_viewer()
        .record_call(&identified_call(uln, "someone else's call"))
        .await
        .unwrap();
    let raw = server.get("/calls", &server.operator).await.1;
    let text = raw.to_string();
    for personal in [uln, "Amelia", "Hughes", "2007", "centre asked"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    let listed = operator.recent_calls().await.unwrap();
    let ids: Vec<i64> = listed.calls.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![second.id, first.id], "own calls, newest first");
    assert_eq!(listed.calls[1].started_at, "2026-11-24T10:00:00Z");
}

#[tokio::test]
async fn a_caller_without_their_uln_is_found_in_the_register_by_name_and_date_of_birth() {
    let server = TestServer::start().await;
    let (uln, given, family, dob): (String, String, String, String) = sqlx::query_as(
        "SELECT uln, given_name, family_name, date_of_birth FROM lrs_learners LIMIT 1",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    let answer = server
        .as_viewer()
        .search_by_caller(&given, &family, &dob)
        .await
        .expect("the register searched without gender or postcode");
    assert!(answer.learners.iter().any(|l| l.uln == uln), "{answer:?}");
}
