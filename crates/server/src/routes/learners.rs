//! `/learners`: PLR lookup for phone enquiries, search by demographics, and raising data challenges.

use super::refusals::{Invalid, JsonBody, NeedsRole, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentOperator};
use crate::register::{raised, DemographicQuery, IdentityCheck, NewChallenge};
use crate::store::{AuditAction, AuditRecord, Role};
use crate::{views, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use uln_api::{ChallengeRequest, ChallengeView, LearnerSearchResponse, PlrResponse};
use uln_domain::demographics::{
    parse_learner_date_of_birth, uk_date, DemographicError, MAX_NAME_CHARS,
};
use uln_domain::text::{self, TextKind};
use uln_domain::{Gender, PersonName, Postcode, Uln};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learners", get(search))
        .route("/learners/{uln}/plr", get(plr))
        .route("/learners/{uln}/challenges", post(raise_challenge))
        .route("/learners/{uln}/reveal", post(super::reveal::learner))
}

pub(super) fn parse_uln(text: &str) -> Result<Uln, ApiError> {
    Uln::parse(text)
        .map_err(|e| ApiError::invalid_field("uln", format!("WSEC0136 invalid ULN: {e}")))
}

/// The audit subject for actions on a learner rather than a registration.
pub fn learner_subject(uln: &str) -> String {
    format!("uln:{uln}")
}

/// A required query value, trimmed; None (and the reason in `errors`) when absent or too long.
fn required<'a>(
    errors: &mut Map<String, Value>,
    name: &str,
    value: &'a Option<String>,
) -> Option<&'a str> {
    let v = value.as_deref().filter(|v| !v.trim().is_empty());
    if v.is_none() {
        errors.insert(name.into(), "is required".into());
    }
    v.filter(|v| within_bound(errors, name, v))
}

/// Names and dates are searched as given, so a value longer than any name is refused, not run.
fn within_bound(errors: &mut Map<String, Value>, name: &str, value: &str) -> bool {
    let fits = value.chars().count() <= MAX_NAME_CHARS;
    if !fits {
        let why = format!("must be at most {MAX_NAME_CHARS} characters");
        errors.insert(name.into(), why.into());
    }
    fits
}

/// Parses a present value, noting why it is refused under `name`.
fn checked<T, E: std::fmt::Display>(
    errors: &mut Map<String, Value>,
    name: &str,
    parsed: Option<Result<T, E>>,
) -> Option<T> {
    match parsed? {
        Ok(v) => Some(v),
        Err(e) => {
            errors.insert(name.into(), e.to_string().into());
            None
        }
    }
}

/// A name the caller gave, as the domain reads it (normalised, readable, a name).
fn name(text: &str) -> Result<String, DemographicError> {
    PersonName::parse(text).map(String::from)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlrParams {
    /// Optional; checked when given
    #[param(max_length = 35)]
    given_name: Option<String>,
    /// Required: the caller's family name (current or previous)
    #[param(max_length = 35)]
    family_name: Option<String>,
    /// Required: YYYY-MM-DD
    #[param(format = Date)]
    date_of_birth: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/learners/{uln}/plr", tag = "learners", operation_id = "plr_lookup",
    params(("uln" = String, Path, pattern = "^[0-9]{10}$", description = "the learner's ULN: ten digits"), PlrParams),
    responses((status = 200, body = PlrResponse), Secured, Unreadable, Invalid))]
pub async fn plr(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(uln): ApiPath<String>,
    ApiQuery(params): ApiQuery<PlrParams>,
) -> Result<Json<PlrResponse>, ApiError> {
    let operator = who.require(Role::Viewer)?;
    let mut errors = Map::new();
    let uln = match Uln::parse(&uln) {
        Ok(u) => Some(u),
        Err(e) => {
            errors.insert("uln".into(), format!("WSEC0136 invalid ULN: {e}").into());
            None
        }
    };
    let today = uk_date(Timestamp::now());
    let family = required(&mut errors, "family_name", &params.family_name).map(name);
    let family = checked(&mut errors, "family_name", family);
    let dob = required(&mut errors, "date_of_birth", &params.date_of_birth)
        .map(|d| parse_learner_date_of_birth(d, today));
    let dob = checked(&mut errors, "date_of_birth", dob);
    let given = params
        .given_name
        .as_deref()
        .filter(|g| !g.trim().is_empty());
    let given = checked(&mut errors, "given_name", given.map(name));
    let (Some(uln), Some(family_name), Some(date_of_birth)) = (uln, family, dob) else {
        return Err(ApiError::invalid_fields(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::invalid_fields(errors));
    }
    let identity = IdentityCheck {
        given_name: given,
        family_name,
        date_of_birth,
    };
    let outcome = state.register.fetch_plr(&uln, &identity).await?;
    state
        .store
        .append_audit(
            &AuditRecord::on_subject(
                learner_subject(uln.as_str()),
                &operator.name,
                AuditAction::PlrLookup,
            )
            .because(outcome.code.code()),
        )
        .await?;
    Ok(Json(PlrResponse {
        code: outcome.code.into(),
        message: outcome.code.describe().to_owned(),
        learner: outcome.learner.as_ref().map(views::authoritative),
        events: outcome.events.iter().map(views::event).collect(),
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Required
    #[param(max_length = 35)]
    given_name: Option<String>,
    /// Required
    #[param(max_length = 35)]
    family_name: Option<String>,
    /// Required: YYYY-MM-DD
    #[param(format = Date)]
    date_of_birth: Option<String>,
    /// `0` not known, `1` male, `2` female, `9` not specified
    #[param(value_type = Option<uln_api::Gender>)]
    gender: Option<String>,
    postcode: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/learners", tag = "learners", operation_id = "search_learners",
    params(SearchParams),
    responses((status = 200, body = LearnerSearchResponse), Secured, Unreadable, Invalid))]
pub async fn search(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<LearnerSearchResponse>, ApiError> {
    let operator = who.require(Role::Viewer)?;
    let mut errors = Map::new();
    let given = required(&mut errors, "given_name", &p.given_name).map(name);
    let given = checked(&mut errors, "given_name", given);
    let family = required(&mut errors, "family_name", &p.family_name).map(name);
    let family = checked(&mut errors, "family_name", family);
    let mut query = DemographicQuery::default();
    let today = uk_date(Timestamp::now());
    let dob = required(&mut errors, "date_of_birth", &p.date_of_birth)
        .map(|d| parse_learner_date_of_birth(d, today));
    query.date_of_birth = checked(&mut errors, "date_of_birth", dob);
    if let Some(g) = p.gender.as_deref().filter(|g| !g.is_empty()) {
        match Gender::parse(g) {
            Ok(g) => query.gender = Some(g),
            Err(e) => drop(errors.insert("gender".into(), e.to_string().into())),
        }
    }
    if let Some(pc) = p.postcode.as_deref().filter(|p| !p.trim().is_empty()) {
        match Postcode::parse(pc) {
            Ok(pc) => query.postcode = Some(pc),
            Err(e) => drop(errors.insert("postcode".into(), e.to_string().into())),
        }
    }
    let (Some(given), Some(family)) = (given, family) else {
        return Err(ApiError::invalid_fields(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::invalid_fields(errors));
    }
    query.given_name = given;
    query.family_name = family;
    let outcome = state.register.find_by_demographics(&query).await?;
    let found: Vec<&str> = outcome.learners.iter().map(|l| l.uln.as_str()).collect();
    state
        .store
        .append_audit(
            &AuditRecord::on_subject("learner_search", &operator.name, AuditAction::LearnerSearch)
                .because(outcome.code.code())
                .with_changes(json!({ "returned_ulns": found })),
        )
        .await?;
    Ok(Json(LearnerSearchResponse {
        code: outcome.code.into(),
        message: outcome.code.describe().to_owned(),
        learners: outcome.learners.iter().map(views::learner).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/learners/{uln}/challenges", tag = "challenges", operation_id = "raise_challenge",
    params(("uln" = String, Path, pattern = "^[0-9]{10}$", description = "the learner's ULN: ten digits")), request_body = ChallengeRequest,
    responses((status = 201, body = ChallengeView), Secured, NeedsRole, JsonBody))]
pub async fn raise_challenge(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(uln): ApiPath<String>,
    ApiJson(body): ApiJson<ChallengeRequest>,
) -> Result<(StatusCode, Json<ChallengeView>), ApiError> {
    let operator = who.require(Role::Operator)?;
    let uln = parse_uln(&uln)?;
    let kind = crate::wire::challenge_kind(body.kind).ok_or_else(|| {
        ApiError::invalid_field(
            "kind",
            "must be incorrect_information, not_learners or duplicate",
        )
    })?;
    let ChallengeText {
        note,
        contact,
        corrected,
    } = challenge_text(&body)?;
    let challenge = NewChallenge {
        uln: uln.clone(),
        kind,
        event_ids: body.event_ids,
        corrected,
        note,
        contact,
        raised_by: operator.name.clone(),
    };
    let created = state.register.create_challenge(&challenge).await?;
    // The challenge lives in the register; our audit row follows its confirmation, and is what
    // the LRS adapter lists challenges from (`register::raised`).
    state
        .store
        .append_audit(&raised::audit_record(&created))
        .await?;
    tracing::info!(reference = %created.reference, "data challenge raised");
    Ok((StatusCode::CREATED, Json(views::challenge(&created))))
}

/// The challenge's description, contact and corrected values as the domain cleans them; every
/// refusal is named (a corrected value as `corrected.FIELD`).
fn challenge_text(body: &ChallengeRequest) -> Result<ChallengeText, ApiError> {
    let mut errors = Map::new();
    let note = checked(
        &mut errors,
        "note",
        Some(text::clean(&body.note, TextKind::Note)),
    );
    let contact = checked(
        &mut errors,
        "contact",
        Some(text::clean_optional(
            body.contact.as_deref(),
            TextKind::Contact,
        )),
    );
    let mut corrected = body.corrected.clone();
    for (field, value) in corrected.iter_mut().flatten() {
        if let Value::String(given) = value {
            let name = format!("corrected.{field}");
            let cleaned = text::clean(given, TextKind::EventValue);
            if let Some(cleaned) = checked(&mut errors, &name, Some(cleaned)) {
                *given = cleaned;
            }
        }
    }
    match (note, contact) {
        (Some(note), Some(contact)) if errors.is_empty() => Ok(ChallengeText {
            note,
            contact,
            corrected,
        }),
        _ => Err(ApiError::invalid_fields(errors)),
    }
}

/// A challenge's free text, cleaned.
struct ChallengeText {
    note: String,
    contact: Option<String>,
    corrected: Option<Map<String, Value>>,
}
