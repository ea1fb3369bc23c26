//! `/registrations`: a centre or integration submits one registration or a batch; each row is
//! verified and stored as matched or as an exception, and answered with its own result.

use super::refusals::{JsonBody, NeedsRole, Secured};
use crate::assess::assess_many;
use crate::error::ApiError;
use crate::extract::{ApiJson, CurrentOperator};
use crate::store::{NewRegistration, RecordStatus, Role};
use crate::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value};
use uln_api::RegistrationOutcome;
use uln_api::{ChangeEvent, RegistrationResult, RegistrationResults, RegistrationSubmission};
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::{Demographics, Gender, PersonName, Postcode};

pub const MAX_BATCH: usize = 5000;
const MAX_CENTRE_CHARS: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new().route("/registrations", post(submit))
}

/// Validates one submitted row, collecting every bad field.
fn validate(
    row: &RegistrationSubmission,
    now: Timestamp,
) -> Result<(Demographics, Timestamp), Map<String, Value>> {
    let mut errors = Map::new();
    let mut bad = |field: &str, why: String| drop(errors.insert(field.into(), Value::String(why)));
    let given = PersonName::parse(&row.given_name)
        .map_err(|e| bad("given_name", e.to_string()))
        .ok();
    let family = PersonName::parse(&row.family_name)
        .map_err(|e| bad("family_name", e.to_string()))
        .ok();
    let dob = parse_date_of_birth(&row.date_of_birth)
        .map_err(|e| bad("date_of_birth", e.to_string()))
        .ok();
    let gender = Gender::parse(&row.gender)
        .map_err(|e| bad("gender", e.to_string()))
        .ok();
    let postcode = Postcode::parse(&row.postcode)
        .map_err(|e| bad("postcode", e.to_string()))
        .ok();
    let centre = row.centre.trim();
    if centre.is_empty() || centre.chars().count() > MAX_CENTRE_CHARS {
        bad("centre", format!("must be 1–{MAX_CENTRE_CHARS} characters"));
    }
    if row.uln.chars().count() > 20 {
        bad("uln", "is far too long to be a ULN".into());
    }
    let registered_at = match row.registered_at.as_deref() {
        None => Some(now),
        Some(text) => match text.parse::<Timestamp>() {
            Ok(t) if t > now + SignedDuration::from_mins(5) => {
                bad("registered_at", "is in the future".into());
                None
            }
            Ok(t) => Some(t),
            Err(_) => {
                bad(
                    "registered_at",
                    "must be an RFC 3339 time, e.g. 2026-11-01T09:30:00Z".into(),
                );
                None
            }
        },
    };
    match (given, family, dob, gender, postcode, registered_at) {
        (
            Some(given_name),
            Some(family_name),
            Some(date_of_birth),
            Some(gender),
            Some(postcode),
            Some(at),
        ) if errors.is_empty() => Ok((
            Demographics {
                given_name,
                family_name,
                date_of_birth,
                gender,
                postcode,
            },
            at,
        )),
        _ => Err(errors),
    }
}

fn parse_rows(body: Value) -> Result<Vec<Value>, ApiError> {
    match body {
        Value::Object(mut map) if map.contains_key("registrations") => {
            match map.remove("registrations") {
                Some(Value::Array(rows)) => Ok(rows),
                _ => Err(ApiError::invalid_field(
                    "registrations",
                    "must be an array of registrations",
                )),
            }
        }
        single @ Value::Object(_) => Ok(vec![single]),
        _ => Err(ApiError::BadRequest {
            code: uln_api::ErrorCode::MalformedBody,
            message: "send one registration object or {\"registrations\": [...]}".into(),
        }),
    }
}

#[utoipa::path(post, path = "/api/v1/registrations", tag = "registrations", operation_id = "submit_registrations",
    request_body(content = uln_api::RegistrationRequest, description = "a batch (at most 5,000 rows), or a single RegistrationSubmission"),
    responses((status = 200, body = RegistrationResults, description = "one result per row, in order; invalid rows say why"),
        Secured, NeedsRole, JsonBody))]
pub async fn submit(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<RegistrationResults>, ApiError> {
    let operator = who.require(Role::Operator)?;
    let rows = parse_rows(body)?;
    if rows.len() > MAX_BATCH {
        return Err(ApiError::invalid_field(
            "registrations",
            format!("at most {MAX_BATCH} rows per batch"),
        ));
    }
    let now = Timestamp::now();
    let mut results: Vec<RegistrationResult> = Vec::with_capacity(rows.len());
    // Rows that pass validation, by their slot in `results`; all are then verified in one go.
    let mut valid = Vec::new();
    for (index, raw) in rows.into_iter().enumerate() {
        let parsed = serde_json::from_value::<RegistrationSubmission>(raw).map_err(|e| {
            let mut m = Map::new();
            m.insert("row".into(), Value::String(e.to_string()));
            m
        });
        let checked = parsed.and_then(|row| validate(&row, now).map(|ok| (row, ok)));
        results.push(RegistrationResult {
            index,
            outcome: RegistrationOutcome::Invalid,
            id: None,
            verification_code: None,
            anomalies: vec![],
            errors: None,
        });
        match checked {
            Ok((row, (demographics, registered_at))) => {
                valid.push((results.len() - 1, row, demographics, registered_at));
            }
            Err(errors) => results.last_mut().expect("just pushed").errors = Some(errors),
        }
    }
    let ulns: Vec<String> = valid
        .iter()
        .map(|(_, row, ..)| row.uln.trim().to_owned())
        .collect();
    let supplied: Vec<(&str, &Demographics)> = valid
        .iter()
        .zip(&ulns)
        .map(|((_, _, demographics, _), uln)| (uln.as_str(), demographics))
        .collect();
    let assessments = assess_many(state.register.as_ref(), &supplied).await?;
    let mut accepted: Vec<(usize, NewRegistration)> = Vec::with_capacity(valid.len());
    for (((slot, row, demographics, registered_at), uln), a) in
        valid.into_iter().zip(ulns).zip(assessments)
    {
        let result = &mut results[slot];
        result.outcome = if a.verification.is_match() {
            RegistrationOutcome::Matched
        } else {
            RegistrationOutcome::Exception
        };
        result.verification_code = Some(a.verification.code.into());
        result.anomalies = a.anomalies.iter().map(|k| (*k).into()).collect();
        accepted.push((
            slot,
            NewRegistration {
                uln,
                demographics,
                centre: row.centre.trim().to_owned(),
                registered_at,
                deadline: state.removal_period.deadline(registered_at),
                status: a.status(RecordStatus::Matched),
                verify_code: a.verification.code,
                failure_flags: a.verification.failure_flags.clone(),
                anomalies: a.anomalies.clone(),
            },
        ));
    }
    let new_rows: Vec<NewRegistration> = accepted.iter().map(|(_, r)| r.clone()).collect();
    let ids = state
        .store
        .insert_registrations(&new_rows, Some(&operator.name))
        .await?;
    for ((slot, row), id) in accepted.iter().zip(ids) {
        results[*slot].id = Some(id);
        announce_exception(&state, row, id, &operator.name);
    }
    tracing::info!(
        rows = results.len(),
        stored = accepted.len(),
        "registrations submitted"
    );
    Ok(Json(RegistrationResults { results }))
}

/// A new open exception goes on the event stream with its queue row, so consoles add it in place.
fn announce_exception(state: &AppState, row: &NewRegistration, id: i64, operator: &str) {
    if row.status == RecordStatus::Open {
        state.publish(ChangeEvent {
            record_id: id,
            status: uln_api::RecordStatus::Open,
            version: 1,
            operator: operator.to_owned(),
            action: uln_api::ChangeAction::Created,
            row: Some(crate::views::exception_summary(&row.stored_as(id))),
        });
    }
}
