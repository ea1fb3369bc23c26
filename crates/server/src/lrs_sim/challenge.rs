//! CreateDataChallenge and ListDataChallenge, through the register's own challenge rules.
//!
//! Assumed where the schemas are silent: `challengeType` is one of `IncorrectInformation`,
//! `NotLearners`, `Duplicate`; a stored challenge answers WSRC0004 with its `DC-` reference; a
//! challenge the register refuses (no such event, no note) answers WSEC0001 in `ResponseCode`
//! with the reason in `ResponseDescription`; an unknown learner WSRC0001; a bad ULN WSEC0136.
//! The learner's given and family names, date of birth and gender are required (a fault,
//! WSEC0001, without them) and must be the ULN's learner's (names as a find compares them, the
//! master's for a linked ULN), else WSEC0208 "could not be verified", as the PLR answers.

use super::{find, register_failed, schema, Refusal, Simulator};
use crate::register::{Challenge, ChallengeKind, ChallengeStatus, NewChallenge, RegisterError};
use crate::register::{RegisterLookup, Supplied};
use uln_domain::demographics::uk_date;
use uln_domain::{PersonName, Uln};
use uln_lrs::{
    CreateDataChallenge, DataChallengeCreated, DataChallengeDetails, DataChallengeItem,
    DataChallengeList, ListDataChallenge, Response, ResponseCode,
};

pub(super) async fn create(
    sim: &Simulator,
    request: &CreateDataChallenge,
) -> Result<Response, Refusal> {
    let details = &request.details;
    let answer = |code, reference: Option<String>, description: String| {
        Response::DataChallengeCreated(DataChallengeCreated {
            response_code: code,
            data_challenge_reference: reference,
            response_description: Some(description),
        })
    };
    let Ok(uln) = Uln::parse(details.uln.as_deref().unwrap_or_default()) else {
        return Ok(answer(
            ResponseCode::InvalidUln,
            None,
            "the ULN is not valid".into(),
        ));
    };
    match check_learner(sim, &uln, details).await? {
        LearnerCheck::Matches => {}
        LearnerCheck::NoSuchLearner => {
            return Ok(answer(
                ResponseCode::NoMatch,
                None,
                "no learner has this ULN".into(),
            ))
        }
        LearnerCheck::Differs => {
            return Ok(answer(
                ResponseCode::NotVerified,
                None,
                "the learner's names, date of birth and gender are not the ULN's learner's".into(),
            ))
        }
    }
    let challenge = NewChallenge {
        uln,
        kind: kind(details.challenge_type.as_deref())?,
        event_ids: event_ids(details)?,
        corrected: corrected(details),
        note: details.additional_information.clone().unwrap_or_default(),
        contact: details.contact_name.clone(),
        raised_by: request.caller.credentials.user_name.clone(),
    };
    match sim.register.create_challenge(&challenge).await {
        Ok(created) => Ok(answer(
            ResponseCode::ExactMatch,
            Some(created.reference),
            "data challenge created".into(),
        )),
        Err(RegisterError::Refused { field, message }) if field == "uln" => {
            Ok(answer(ResponseCode::NoMatch, None, message))
        }
        Err(RegisterError::Refused { field, message }) => Ok(answer(
            ResponseCode::InvalidRequest,
            None,
            format!("{field}: {message}"),
        )),
        Err(e) => Err(register_failed(e)),
    }
}

pub(super) async fn list(
    sim: &Simulator,
    request: &ListDataChallenge,
) -> Result<Response, Refusal> {
    let from = schema::optional(request.date_created_start.as_deref(), |d| {
        schema::date("dateCreatedStart", d)
    })?;
    let until = schema::optional(request.date_created_end.as_deref(), |d| {
        schema::date("dateCreatedEnd", d)
    })?;
    let answer = |code, items| {
        Response::DataChallengeList(DataChallengeList {
            response_code: code,
            data_challenges: items,
        })
    };
    let Ok(uln) = Uln::parse(&request.uln) else {
        return Ok(answer(ResponseCode::InvalidUln, Vec::new()));
    };
    let lookup = sim.register.lookup(&uln, &by_uln_alone()?).await;
    let master = match lookup.map_err(register_failed)? {
        RegisterLookup::NotFound => return Ok(answer(ResponseCode::NoMatch, Vec::new())),
        RegisterLookup::Direct(l) | RegisterLookup::Linked(l) => l.uln,
    };
    // The register lists its newest challenges of every learner; this learner's are among them.
    let challenges = sim
        .register
        .challenges(None)
        .await
        .map_err(register_failed)?;
    let items = challenges
        .iter()
        .filter(|c| c.uln == master.as_str())
        .filter(|c| {
            let created = uk_date(c.created_at);
            from.is_none_or(|d| created >= d) && until.is_none_or(|d| created <= d)
        })
        .map(item)
        .collect();
    Ok(answer(ResponseCode::ExactMatch, items))
}

enum LearnerCheck {
    Matches,
    NoSuchLearner,
    Differs,
}

/// The challenge's learner details against the register's learner for the ULN.
async fn check_learner(
    sim: &Simulator,
    uln: &Uln,
    details: &DataChallengeDetails,
) -> Result<LearnerCheck, Refusal> {
    let required = |tag: &str, value: &Option<String>| {
        value
            .clone()
            .ok_or_else(|| Refusal::invalid(format!("cvc-complex-type: {tag} is required")))
    };
    let given = schema::name("givenName", &required("givenName", &details.given_name)?)?;
    let family = schema::name("familyName", &required("familyName", &details.family_name)?)?;
    let born = schema::date(
        "dateOfBirth",
        &required("dateOfBirth", &details.date_of_birth)?,
    )?;
    let gender = schema::gender("gender", &required("gender", &details.gender)?)?;
    let supplied = Supplied::names(given.clone(), family.clone());
    let lookup = sim.register.lookup(uln, &supplied).await;
    let lookup = lookup.map_err(register_failed)?;
    let Some(learner) = lookup.learner() else {
        return Ok(LearnerCheck::NoSuchLearner);
    };
    let same = find::named(learner, &given, &family)
        && learner.date_of_birth == born
        && learner.gender == gender;
    Ok(if same {
        LearnerCheck::Matches
    } else {
        LearnerCheck::Differs
    })
}

/// ListDataChallenge and RetrieveULNs carry the ULN and no names (the schemas ask for none).
/// The simulator's own register answers by ULN alone and ignores the names, so these stand for
/// "not given".
pub(super) fn by_uln_alone() -> Result<Supplied, Refusal> {
    let unnamed = PersonName::from_stored("(not given)").map_err(|_| Refusal {
        code: ResponseCode::UnknownException,
        details: None,
    })?;
    Ok(Supplied::names(unnamed.clone(), unnamed))
}

fn kind(challenge_type: Option<&str>) -> Result<ChallengeKind, Refusal> {
    match challenge_type.map(str::trim) {
        Some("IncorrectInformation") => Ok(ChallengeKind::IncorrectInformation),
        Some("NotLearners") => Ok(ChallengeKind::NotLearners),
        Some("Duplicate") => Ok(ChallengeKind::Duplicate),
        _ => Err(Refusal::invalid(
            "cvc-enumeration-valid: challengeType is not one of IncorrectInformation, NotLearners, Duplicate",
        )),
    }
}

fn kind_name(kind: ChallengeKind) -> &'static str {
    match kind {
        ChallengeKind::IncorrectInformation => "IncorrectInformation",
        ChallengeKind::NotLearners => "NotLearners",
        ChallengeKind::Duplicate => "Duplicate",
    }
}

fn status_name(status: ChallengeStatus) -> &'static str {
    match status {
        ChallengeStatus::Open => "Open",
        ChallengeStatus::InProgress => "InProgress",
        ChallengeStatus::Resolved => "Resolved",
        ChallengeStatus::Rejected => "Rejected",
    }
}

fn event_ids(details: &DataChallengeDetails) -> Result<Vec<i64>, Refusal> {
    [
        ("learningEvent1Id", &details.learning_event1_id),
        ("learningEvent2Id", &details.learning_event2_id),
    ]
    .into_iter()
    .filter_map(|(tag, id)| id.as_deref().map(|id| (tag, id)))
    .map(|(tag, id)| {
        id.trim()
            .parse()
            .map_err(|_| Refusal::invalid(format!("{tag} is not a learning event id")))
    })
    .collect()
}

/// The "supplied" values of an incorrect-information challenge, as the register's correctable
/// event fields.
fn corrected(details: &DataChallengeDetails) -> Option<serde_json::Map<String, serde_json::Value>> {
    let supplied = [
        ("qualification_code", &details.supplied_accreditation_number),
        ("title", &details.supplied_aim_title),
        ("level", &details.supplied_qualification_level),
        ("grade", &details.supplied_achieved_grade),
        ("awarding_organisation", &details.supplied_awarding_body),
        ("provider", &details.supplied_provider),
        ("award_date", &details.supplied_achieved_date),
        ("credits", &details.supplied_total_credits),
    ];
    let map: serde_json::Map<_, _> = supplied
        .into_iter()
        .filter_map(|(field, value)| {
            value
                .as_ref()
                .map(|v| (field.to_owned(), serde_json::Value::String(v.clone())))
        })
        .collect();
    (!map.is_empty()).then_some(map)
}

fn item(challenge: &Challenge) -> DataChallengeItem {
    DataChallengeItem {
        created_date: Some(uk_date(challenge.created_at).to_string()),
        reference_no: Some(challenge.reference.clone()),
        resolved_date: challenge.resolved_at.map(|t| uk_date(t).to_string()),
        status: Some(status_name(challenge.status).to_owned()),
        challenge_type: Some(kind_name(challenge.kind).to_owned()),
    }
}
