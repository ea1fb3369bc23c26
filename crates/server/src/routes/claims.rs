//! `/exceptions/{id}/claim`: "Sam is on this record". Opening a record to work on it claims it
//! softly so that others see who is on it, live; the claim lapses once its holder stops renewing
//! it, and another operator may take it over, both being told.
//!
//! A claim is not a change to the learner's record: it takes no `If-Match`, bumps no version and
//! blocks no write (see `store::claims`). Claiming and taking over are on the record's trail;
//! renewals and releases are not, as they say nothing new about who worked the record.

use super::exceptions::{load, require_open};
use super::refusals::{ClaimedOrNotOpen, JsonBody, NeedsRole, NoSuchRecord, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, CurrentOperator};
use crate::store::{ClaimAsk, ClaimOutcome, Role};
use crate::{views, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use jiff::{SignedDuration, Timestamp};
use uln_api::{ClaimEvent, ClaimRequest, ClaimView};

/// How long a claim lasts without its holder renewing it, unless configured
/// (`serve --claim-idle-minutes`). Consoles renew about every minute while their operator works,
/// so this is how long an operator may sit idle (or have gone) before others see the record free.
pub const DEFAULT_CLAIM_IDLE: SignedDuration = SignedDuration::from_mins(5);

/// An idle limit given in whole minutes (the `serve` option).
pub fn idle_of_minutes(minutes: u32) -> SignedDuration {
    SignedDuration::from_mins(minutes.into())
}

#[utoipa::path(put, path = "/api/v1/exceptions/{id}/claim", tag = "exceptions", operation_id = "claim_exception",
    params(("id" = i64, Path, description = "record id")),
    request_body = ClaimRequest,
    responses((status = 200, body = ClaimView, description = "the caller is on the record: claimed (audited as claimed), renewed, or taken over (audited as claim_taken_over, naming whose it was); a `claim` event tells every console"),
        Secured, NeedsRole, NoSuchRecord, ClaimedOrNotOpen, JsonBody))]
#[tracing::instrument(skip_all, fields(record_id))]
pub async fn claim(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ClaimRequest>,
) -> Result<Json<ClaimView>, ApiError> {
    let operator = who.require(Role::Operator)?;
    let record = load(&state, id).await?;
    require_open(&record)?;
    let now = Timestamp::now();
    let ask = ClaimAsk {
        registration_id: id,
        operator: &operator.name,
        now,
        lapse_before: state.claims_lapse_before(now),
        take_over: body.take_over,
    };
    match state.store.claim(&ask).await? {
        ClaimOutcome::HeldBy(holder) => {
            Err(ApiError::Claimed(views::claim(&holder, state.claim_idle)))
        }
        ClaimOutcome::Held {
            claim,
            renewed,
            taken_over_from,
        } => {
            let view = views::claim(&claim, state.claim_idle);
            if !renewed {
                let taken = taken_over_from.is_some();
                tracing::info!(taken_over = taken, "record claimed");
            }
            // Renewals go out too: other consoles stop showing a claim at its `expires_at`.
            state.publish_claim(ClaimEvent {
                record_id: id,
                claim: Some(view.clone()),
                taken_over_from,
            });
            Ok(Json(view))
        }
    }
}

/// Who is on record `id` now, if anyone: what its detail shows.
pub(super) async fn claim_on(state: &AppState, id: i64) -> Result<Option<ClaimView>, ApiError> {
    let lapse_before = state.claims_lapse_before(Timestamp::now());
    let claim = state.store.claim_on(id, lapse_before).await?;
    Ok(claim.map(|c| views::claim(&c, state.claim_idle)))
}

#[utoipa::path(delete, path = "/api/v1/exceptions/{id}/claim", tag = "exceptions", operation_id = "release_claim",
    params(("id" = i64, Path, description = "record id")),
    responses((status = 204, description = "the caller is no longer on the record (releasing a claim they did not hold is fine); a `claim` event without a claim tells every console"),
        Secured, NeedsRole, Unreadable, NoSuchRecord))]
#[tracing::instrument(skip_all, fields(record_id))]
pub async fn release(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    let operator = who.require(Role::Operator)?;
    load(&state, id).await?;
    if state.store.release_claim(id, &operator.name).await? {
        tracing::info!("claim released");
        state.publish_claim(ClaimEvent {
            record_id: id,
            claim: None,
            taken_over_from: None,
        });
    }
    Ok(StatusCode::NO_CONTENT)
}
