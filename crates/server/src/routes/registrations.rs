//! `/registrations`: a centre or integration submits one registration or a batch; each row is
//! verified and stored as matched or as an exception, and answered with its own result.

use super::refusals::{JsonBody, NeedsRole, Secured};
use crate::error::ApiError;
use crate::extract::{ApiJson, CurrentOperator};
use crate::pending::{announce_exception, verify_submitted};
use crate::register::RegisterError;
use crate::store::{NewRegistration, RecordStatus, Role, SubmittedRegistration};
use crate::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use jiff::Timestamp;
use serde_json::{Map, Value};
use uln_api::RegistrationOutcome;
use uln_api::{RegistrationResult, RegistrationResults, RegistrationSubmission};
use uln_domain::deadline::parse_registered_at;
use uln_domain::demographics::{parse_learner_date_of_birth, uk_date};
use uln_domain::text::{self, TextKind};
use uln_domain::{Demographics, Gender, PersonName, Postcode};

pub use uln_api::registrations::MAX_BATCH;

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
    let submitted: Vec<SubmittedRegistration> = valid
        .iter()
        .map(|(_, row)| SubmittedRegistration {
            uln: row.uln.clone(),
            demographics: row.demographics.clone(),
            centre: row.centre.clone(),
            qualification: row.qualification.clone(),
            registered_at: row.registered_at,
            deadline: state.removal_period.deadline(row.registered_at),
        })
        .collect();
    let slots: Vec<usize> = valid.into_iter().map(|(slot, _)| slot).collect();
    let stored = match verify_submitted(&state, &submitted).await {
        Ok(verified) => {
            store_verified(&state, &operator.name, verified, &slots, &mut results).await?
        }
        // Closed, down or refusing our account: held for the register, verified when it
        // answers again. Nothing a centre sent is lost because of the LRS.
        Err(why @ (RegisterError::Unavailable(_) | RegisterError::Misconfigured(_))) => {
            tracing::warn!(rows = slots.len(), %why, "registrations held: verification pending");
            state
                .store
                .insert_pending(&submitted, &operator.name)
                .await?;
            for slot in &slots {
                results[*slot].outcome = RegistrationOutcome::Pending;
            }
            slots.len()
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(rows = results.len(), stored, "registrations submitted");
    Ok(Json(RegistrationResults { results }))
}

/// Stores verified rows and fills their results; returns how many were stored.
async fn store_verified(
    state: &AppState,
    operator: &str,
    verified: Vec<NewRegistration>,
    slots: &[usize],
    results: &mut [RegistrationResult],
) -> Result<usize, ApiError> {
    for (slot, row) in slots.iter().zip(&verified) {
        let result = &mut results[*slot];
        result.outcome = match row.status {
            RecordStatus::Matched => RegistrationOutcome::Matched,
            _ => RegistrationOutcome::Exception,
        };
        result.verification_code = Some(row.verify_code.into());
        result.anomalies = row.anomalies.iter().map(|k| (*k).into()).collect();
    }
    let ids = state
        .store
        .insert_registrations(&verified, Some(operator))
        .await?;
    for ((slot, row), id) in slots.iter().zip(&verified).zip(ids) {
        results[*slot].id = Some(id);
        announce_exception(state, row, id, operator);
    }
    Ok(verified.len())
}
