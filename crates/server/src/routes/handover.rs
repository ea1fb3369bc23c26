//! `/handover`: at the end of a shift, what an operator holds (the records assigned to them:
//! snoozed, due soon, overdue) and, in one action, all of it passed to a colleague.
//!
//! A handover is one assignment per record, each through the same version-guarded change as
//! `POST /exceptions/{id}/assign` with its own audit row; a record changed since the summary was
//! read is left as it is and reported as a conflict, the others still pass.

use super::assign::{assignment_audit, colleague, held_by, message};
use super::exceptions::{apply_change, Committed};
use super::refusals::{Invalid, JsonBody, NeedsRole, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, CurrentOperator};
use crate::store::{ExceptionQuery, Operator, QueueOrder, RecordStatus, Registration, Role};
use crate::{views, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;
use std::collections::HashSet;
use uln_api::{
    HandedOver, HandoverOutcome, HandoverReport, HandoverRequest, HandoverSummary, HeldRecord,
    RecordFilter, RecordVersion, SnoozeFilter,
};
use uln_domain::demographics::uk_date;

/// The most records a summary lists and a handover passes at once.
pub const MAX_HELD: u32 = 10_000;
/// "Due soon": by the end of this many UK days after today.
pub const DUE_SOON_DAYS: i64 = 7;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/handover", get(summary).post(hand_over))
        .route("/operators", get(super::assign::list))
}

/// Whose records: the caller's own, or, for a supervisor only, anyone's who has an account
/// (revoked ones too: handing over a leaver's records is what it is for).
async fn whose(
    state: &AppState,
    caller: &Operator,
    from: Option<&str>,
) -> Result<String, ApiError> {
    let Some(from) = from.filter(|f| *f != caller.name) else {
        return Ok(caller.name.clone());
    };
    if !caller.role.allows(Role::Supervisor) {
        return Err(ApiError::Forbidden(Role::Supervisor));
    }
    let known = state.store.operators().await?;
    if known.iter().any(|a| a.operator.name == from) {
        Ok(from.to_owned())
    } else {
        Err(ApiError::invalid_field(
            "from",
            "must be the name of an operator",
        ))
    }
}

/// The open records `operator` holds, by deadline; snoozed ones among them if `snoozed`.
async fn held(
    state: &AppState,
    operator: &str,
    snoozed: SnoozeFilter,
) -> Result<Vec<Registration>, ApiError> {
    let query = ExceptionQuery {
        records: RecordFilter::Open,
        snoozed,
        assigned_to: Some(operator.to_owned()),
        order: QueueOrder::default(),
        limit: MAX_HELD,
        ..ExceptionQuery::default()
    };
    Ok(state.store.list_exceptions(&query).await?)
}

/// The summary's counts of `records` at `now`.
fn summarise(
    operator: String,
    records: &[Registration],
    (snoozed, claimed): (&HashSet<i64>, i64),
    now: Timestamp,
) -> HandoverSummary {
    let soon = uk_date(now).saturating_add((DUE_SOON_DAYS).days());
    let overdue = records.iter().filter(|r| r.deadline <= now).count();
    let due_soon = records
        .iter()
        .filter(|r| r.deadline > now && uk_date(r.deadline) <= soon)
        .count();
    HandoverSummary {
        operator,
        held: records.len() as i64,
        snoozed: records.iter().filter(|r| snoozed.contains(&r.id)).count() as i64,
        due_soon: due_soon as i64,
        overdue: overdue as i64,
        claimed: Some(claimed),
        records: records
            .iter()
            .map(|r| HeldRecord {
                id: r.id,
                version: r.version,
                deadline: views::time(r.deadline),
                snoozed: snoozed.contains(&r.id),
            })
            .collect(),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryParams {
    /// Whose summary: the caller's when absent; a supervisor may ask for anyone's
    from: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/handover", tag = "exceptions", operation_id = "handover_summary",
    params(SummaryParams),
    responses((status = 200, body = HandoverSummary, description = "the open records the operator holds, and how many are snoozed, due within 7 UK days and overdue"),
        Secured, NeedsRole, Unreadable, Invalid))]
pub async fn summary(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiQuery(params): ApiQuery<SummaryParams>,
) -> Result<Json<HandoverSummary>, ApiError> {
    let caller = who.require(Role::Operator)?;
    let from = whose(&state, caller, params.from.as_deref()).await?;
    let records = held(&state, &from, SnoozeFilter::Any).await?;
    let snoozed = held(&state, &from, SnoozeFilter::Snoozed).await?;
    let snoozed: HashSet<i64> = snoozed.iter().map(|r| r.id).collect();
    let now = Timestamp::now();
    // Claims are few (one per record being worked, team-wide): counted here, not in SQL.
    let claims = state
        .store
        .live_claims(state.claims_lapse_before(now))
        .await?;
    let claimed = claims.iter().filter(|c| c.operator == from).count() as i64;
    Ok(Json(summarise(from, &records, (&snoozed, claimed), now)))
}

/// A record left as it was, and why.
fn conflict(id: i64, version: i64, why: &str) -> HandedOver {
    HandedOver {
        id,
        outcome: HandoverOutcome::Conflict,
        version,
        why: Some(why.to_owned()),
    }
}

/// Passes one record from `from` to `to` if it is still theirs, open, at `expected`.
async fn pass_one(
    state: &AppState,
    by: &str,
    (from, to): (&str, &str),
    wanted: RecordVersion,
    message: Option<String>,
) -> Result<HandedOver, ApiError> {
    let Some(current) = state.store.registration(wanted.id).await? else {
        return Ok(conflict(wanted.id, 0, "no such record"));
    };
    if current.status != RecordStatus::Open {
        return Ok(conflict(current.id, current.version, "closed meanwhile"));
    }
    if current.assigned_to.as_deref() != Some(from) {
        return Ok(conflict(
            current.id,
            current.version,
            "no longer held by them",
        ));
    }
    if current.version != wanted.version {
        return Ok(conflict(
            current.id,
            current.version,
            "changed since it was read",
        ));
    }
    let audit = assignment_audit(&current, by, Some(to), message, true);
    let update = held_by(&current, Some(to.to_owned()));
    Ok(
        match apply_change(state, &current, wanted.version, update, audit).await? {
            Committed::Updated(updated) => HandedOver {
                id: updated.id,
                outcome: HandoverOutcome::Done,
                version: updated.version,
                why: None,
            },
            Committed::Stale(now) => conflict(now.id, now.version, "changed since it was read"),
        },
    )
}

#[utoipa::path(post, path = "/api/v1/handover", tag = "exceptions", operation_id = "hand_over",
    request_body = HandoverRequest,
    responses((status = 200, body = HandoverReport, description = "per record: done (now the colleague's, audited as assigned) or conflict (left as it was, and why)"),
        Secured, NeedsRole, JsonBody))]
#[tracing::instrument(skip_all, fields(records = tracing::field::Empty))]
pub async fn hand_over(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiJson(body): ApiJson<HandoverRequest>,
) -> Result<Json<HandoverReport>, ApiError> {
    let caller = who.require(Role::Operator)?;
    let from = whose(&state, caller, body.from.as_deref()).await?;
    let message = message(body.message.as_deref())?;
    let to = colleague(&state, &body.to, "to").await?;
    if to == from {
        return Err(ApiError::invalid_field(
            "to",
            "must be someone other than the one handing over",
        ));
    }
    let wanted: Vec<RecordVersion> = match body.records {
        Some(list) if list.len() > MAX_HELD as usize => {
            return Err(ApiError::invalid_field(
                "records",
                format!("at most {MAX_HELD} at once"),
            ));
        }
        Some(list) => list,
        None => held(&state, &from, SnoozeFilter::Any)
            .await?
            .iter()
            .map(|r| RecordVersion {
                id: r.id,
                version: r.version,
            })
            .collect(),
    };
    tracing::Span::current().record("records", wanted.len());
    let mut records = Vec::with_capacity(wanted.len());
    for one in wanted {
        let pair = (from.as_str(), to.as_str());
        records.push(pass_one(&state, &caller.name, pair, one, message.clone()).await?);
    }
    Ok(Json(HandoverReport { from, to, records }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewRegistration;
    use uln_domain::{Demographics, Gender, PersonName, Postcode, VerifyCode};

    fn held_until(id: i64, deadline: &str) -> Registration {
        let new = NewRegistration {
            uln: "9276308686".into(),
            demographics: Demographics {
                given_name: PersonName::parse("Ann").expect("a name"),
                family_name: PersonName::parse("Lee").expect("a name"),
                date_of_birth: "2008-03-01".parse().expect("a date"),
                gender: Gender::parse("2").expect("a gender"),
                postcode: Postcode::parse("LS1 4AP").expect("a postcode"),
            },
            centre: "Leeds City College".into(),
            qualification: None,
            registered_at: "2026-11-01T09:00:00Z".parse().expect("a time"),
            deadline: deadline.parse().expect("a time"),
            status: RecordStatus::Open,
            verify_code: VerifyCode::NoMatch,
            failure_flags: Vec::new(),
            anomalies: Vec::new(),
        };
        new.stored_as(id)
    }

    #[test]
    fn due_soon_ends_with_the_seventh_uk_day_and_overdue_is_past_the_deadline() {
        // Thursday 03 Dec 2026, 10:00 in London (GMT): the seventh day after is Thursday 10 Dec.
        let now: Timestamp = "2026-12-03T10:00:00Z".parse().unwrap();
        let records = [
            held_until(1, "2026-12-03T09:59:59Z"),
            held_until(2, "2026-12-03T10:00:00Z"),
            held_until(3, "2026-12-03T10:00:01Z"),
            held_until(4, "2026-12-10T23:59:59Z"),
            held_until(5, "2026-12-11T00:00:00Z"),
        ];
        let snoozed = HashSet::from([5]);
        let summary = summarise("olu".into(), &records, (&snoozed, 0), now);
        assert_eq!(summary.held, 5);
        assert_eq!(summary.overdue, 2, "at its deadline is overdue");
        assert_eq!(
            summary.due_soon, 2,
            "until midnight ending the seventh UK day"
        );
        assert_eq!(summary.snoozed, 1);
    }
}
