//! `/registrations`: a centre or integration submits one registration or a batch; each row is
//! verified and stored as matched or as an exception, and answered with its own result.

use super::refusals::{JsonBody, NeedsRole, Secured};
use crate::assess::assess_many;
use crate::duplicates::{with_duplicates_in_batch, Subject};
use crate::error::ApiError;
use crate::extract::{ApiJson, CurrentOperator};
use crate::store::{NewRegistration, RecordStatus, Role};
use crate::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use jiff::Timestamp;
use serde_json::{Map, Value};
use uln_api::RegistrationOutcome;
use uln_api::{ChangeEvent, RegistrationResult, RegistrationResults, RegistrationSubmission};
use uln_domain::deadline::parse_registered_at;
use uln_domain::demographics::{parse_learner_date_of_birth, uk_date};
use uln_domain::text::{self, TextKind};
use uln_domain::{Demographics, Gender, PersonName, Postcode};

pub const MAX_BATCH: usize = 5000;

pub fn router() -> Router<AppState> {
    Router::new().route("/registrations", post(submit))
}

/// A submitted row that passed validation: what gets stored, cleaned as the domain cleans it.
struct ValidRow {
    uln: String,
    demographics: Demographics,
    centre: String,
    qualification: Option<String>,
    registered_at: Timestamp,
}

/// Validates one submitted row, collecting every bad field.
fn validate(row: &RegistrationSubmission, now: Timestamp) -> Result<ValidRow, Map<String, Value>> {
    let mut errors = Map::new();
    let mut bad = |field: &str, why: String| drop(errors.insert(field.into(), Value::String(why)));
    let given = PersonName::parse(&row.given_name)
        .map_err(|e| bad("given_name", e.to_string()))
        .ok();
    let family = PersonName::parse(&row.family_name)
        .map_err(|e| bad("family_name", e.to_string()))
        .ok();
    let dob = parse_learner_date_of_birth(&row.date_of_birth, uk_date(now))
        .map_err(|e| bad("date_of_birth", e.to_string()))
        .ok();
    let gender = Gender::parse(&row.gender)
        .map_err(|e| bad("gender", e.to_string()))
        .ok();
    let postcode = Postcode::parse(&row.postcode)
        .map_err(|e| bad("postcode", e.to_string()))
        .ok();
    let centre = text::clean(&row.centre, TextKind::Centre)
        .map_err(|e| bad("centre", e.to_string()))
        .ok();
    // A missing ULN is kept as supplied (blank): it is an exception to work, not a bad row.
    let uln = text::clean_optional(Some(&row.uln), TextKind::SuppliedUln)
        .map_err(|e| bad("uln", e.to_string()))
        .ok();
    let qualification = row
        .qualification
        .as_deref()
        .map(qualification_code)
        .transpose()
        .map_err(|why| bad("qualification", why))
        .ok();
    let registered_at = match row.registered_at.as_deref() {
        None => Some(now),
        Some(text) => parse_registered_at(text, now)
            .map_err(|e| bad("registered_at", e.to_string()))
            .ok(),
    };
    match (
        given,
        family,
        dob,
        gender,
        postcode,
        centre,
        uln,
        qualification,
        registered_at,
    ) {
        (
            Some(given_name),
            Some(family_name),
            Some(date_of_birth),
            Some(gender),
            Some(postcode),
            Some(centre),
            Some(uln),
            Some(qualification),
            Some(registered_at),
        ) if errors.is_empty() => Ok(ValidRow {
            uln: uln.unwrap_or_default(),
            demographics: Demographics {
                given_name,
                family_name,
                date_of_birth,
                gender,
                postcode,
            },
            centre,
            qualification,
            registered_at,
        }),
        _ => Err(errors),
    }
}

/// An Ofqual qualification number as registered: three digits, four digits and a check character
/// (`601/4447/6`), in capitals.
fn qualification_code(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    let parts: Vec<&str> = code.split('/').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts[..] {
        [a, b, c]
            if digits(a, 3)
                && digits(b, 4)
                && c.len() == 1
                && c.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            Ok(code)
        }
        _ => Err("must be an Ofqual qualification number such as 601/4447/6".into()),
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
        let checked = parsed.and_then(|row| validate(&row, now));
        results.push(RegistrationResult {
            index,
            outcome: RegistrationOutcome::Invalid,
            id: None,
            verification_code: None,
            anomalies: vec![],
            errors: None,
        });
        match checked {
            Ok(row) => valid.push((results.len() - 1, row)),
            Err(errors) => results.last_mut().expect("just pushed").errors = Some(errors),
        }
    }
    let supplied: Vec<(&str, &Demographics)> = valid
        .iter()
        .map(|(_, row)| (row.uln.as_str(), &row.demographics))
        .collect();
    let assessments = assess_many(state.register.as_ref(), &supplied).await?;
    let subjects: Vec<Subject<'_>> = valid
        .iter()
        .map(|(_, row)| Subject {
            id: None,
            uln: &row.uln,
            qualification: row.qualification.as_deref(),
            details: &row.demographics,
        })
        .collect();
    let assessments =
        with_duplicates_in_batch(state.store.as_ref(), &subjects, assessments).await?;
    drop(subjects);
    let mut accepted: Vec<(usize, NewRegistration)> = Vec::with_capacity(valid.len());
    for ((slot, row), a) in valid.into_iter().zip(assessments) {
        let result = &mut results[slot];
        // An extra registration of a learner stays an exception even if its details verify.
        result.outcome = if a.status(RecordStatus::Matched) == RecordStatus::Matched {
            RegistrationOutcome::Matched
        } else {
            RegistrationOutcome::Exception
        };
        result.verification_code = Some(a.verification.code.into());
        result.anomalies = a.anomalies.iter().map(|k| (*k).into()).collect();
        accepted.push((
            slot,
            NewRegistration {
                uln: row.uln,
                demographics: row.demographics,
                centre: row.centre,
                qualification: row.qualification,
                registered_at: row.registered_at,
                deadline: state.removal_period.deadline(row.registered_at),
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
