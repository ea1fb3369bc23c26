//! `/bulk`: one action over a group of records, first as a dry run, then for real.
//!
//! Each record goes through the same core as its own route (`record_change.rs`, `snooze.rs`), at
//! the version the client read it at, and commits or not on its own: a stale one is a `conflict`
//! while the others proceed. A dry run writes nothing to the records, but it shows their data, so
//! each record it reads is audited as viewed (one row per record). An applied change is audited
//! exactly as its own route audits it, marked as coming from a bulk action.
//!
//! A different-person record is never amended in bulk: applying the top suggestion skips every
//! record whose suggestions ask to confirm identity (even when a rejection ranks first: deciding
//! who the learner is belongs on the record's own screen), and bulk never states an identity
//! confirmation, so the identity guard refuses any amendment that would match someone else; that
//! refusal is a `skipped` too.

mod outcome;

use super::amendment::ParsedAmendment;
use super::assign::{self, plan_assignment, PlannedAssignment};
use super::exceptions::{assess_record, load_at_version, require_open};
use super::identity_guard::IdentityClaim;
use super::record_change::{plan_amendment, plan_rejection, Origin, PlannedChange, Rejection};
use super::refusals::{JsonBody, NeedsRole, Secured};
use super::snooze::{plan_snooze, PlannedSnooze, SnoozeAsked};
use crate::error::ApiError;
use crate::extract::{ApiJson, CurrentOperator};
use crate::store::{AuditAction, AuditRecord, Operator, Role};
use crate::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use outcome::{changes_of, failed};
use serde_json::{Map, Value};
use std::collections::HashSet;
use tracing::Instrument;
use uln_api::{
    BulkAction, BulkOutcome, BulkRecord, BulkRecordOutcome, BulkReport, BulkRequest, BulkTotals,
    ErrorCode, RejectRequest, SnoozeRequest, SuggestionKind, MAX_BULK_RECORDS,
};
use uln_domain::diagnosis::withholds_fixes;
use uln_domain::SuggestedAction;

pub fn router() -> Router<AppState> {
    Router::new().route("/bulk", post(bulk))
}

/// Said of a record whose identity is in question: it is left for its own screen.
const IDENTITY_IN_QUESTION: &str = "the evidence says this may be a different person: confirm identity with the centre on the record's own screen; never amended in bulk";

#[utoipa::path(post, path = "/api/v1/bulk", tag = "exceptions", operation_id = "bulk_action",
    request_body = BulkRequest,
    responses((status = 200, body = BulkReport, description = "one outcome per record, in the order sent; a dry run changes nothing and is audited as viewing each record, an applied change as its own route audits it (reason `bulk: …`, changes `\"bulk\": true`)"),
        (status = 400, description = "more than 500 records (`too_many_records`), or a malformed body", body = uln_api::ErrorEnvelope),
        Secured, NeedsRole, JsonBody))]
#[tracing::instrument(skip_all, fields(records = body.records.len(), dry_run = body.dry_run))]
pub async fn bulk(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiJson(body): ApiJson<BulkRequest>,
) -> Result<Json<BulkReport>, ApiError> {
    let operator = who.require(Role::Operator)?;
    check_records(&body.records)?;
    let action = CheckedAction::check(&state, &body.action).await?;
    let mut records = Vec::with_capacity(body.records.len());
    for &record in &body.records {
        let span = tracing::info_span!("bulk_record", record_id = record.id);
        let outcome = one(&state, operator, &action, record, body.dry_run)
            .instrument(span)
            .await;
        records.push(outcome);
    }
    let totals = BulkTotals::of(&records);
    tracing::info!(
        done = totals.done,
        conflict = totals.conflict,
        refused = totals.refused,
        "bulk action"
    );
    Ok(Json(BulkReport {
        dry_run: body.dry_run,
        records,
        totals,
    }))
}

fn check_records(records: &[BulkRecord]) -> Result<(), ApiError> {
    if records.len() > MAX_BULK_RECORDS {
        return Err(ApiError::BadRequest {
            code: ErrorCode::TooManyRecords,
            message: format!(
                "records: at most {MAX_BULK_RECORDS} in one bulk request, {} sent; send them in several",
                records.len()
            ),
        });
    }
    if records.is_empty() {
        return Err(ApiError::invalid_field(
            "records",
            "name at least one record",
        ));
    }
    let mut seen = HashSet::new();
    if let Some(twice) = records.iter().find(|r| !seen.insert(r.id)) {
        let why = format!("record {} is named twice", twice.id);
        return Err(ApiError::invalid_field("records", why));
    }
    Ok(())
}

/// The action with its body checked once for the whole group, as its own route checks it.
enum CheckedAction {
    ApplyTopSuggestion,
    Reject(Rejection),
    Snooze(SnoozeAsked),
    Assign {
        to: Option<String>,
        message: Option<String>,
    },
}

impl CheckedAction {
    async fn check(state: &AppState, action: &BulkAction) -> Result<CheckedAction, ApiError> {
        Ok(match action {
            BulkAction::Assign { to, message } => {
                let message = assign::message(message.as_deref()).map_err(under_action)?;
                let to = match to.as_deref() {
                    Some(name) => Some(assign::colleague(state, name, "action.to").await?),
                    None => None,
                };
                CheckedAction::Assign { to, message }
            }
            BulkAction::ApplyTopSuggestion => CheckedAction::ApplyTopSuggestion,
            BulkAction::Reject { reason, note } => {
                let body = RejectRequest {
                    reason: *reason,
                    note: note.clone(),
                };
                CheckedAction::Reject(Rejection::check(&body).map_err(under_action)?)
            }
            BulkAction::Snooze { until, reason } => {
                let body = SnoozeRequest {
                    until: until.clone(),
                    reason: reason.clone(),
                };
                let asked = SnoozeAsked::check(&body).map_err(under_action)?;
                if asked.until <= jiff::Timestamp::now() {
                    return Err(ApiError::invalid_field(
                        "action.until",
                        "must be in the future",
                    ));
                }
                CheckedAction::Snooze(asked)
            }
        })
    }
}

/// A refusal of the action's fields, named as they are in the bulk body (`action.note`).
fn under_action(e: ApiError) -> ApiError {
    match e {
        ApiError::Invalid { fields, .. } => {
            let fields: Map<String, Value> = fields
                .into_iter()
                .map(|(name, why)| (format!("action.{name}"), why))
                .collect();
            ApiError::invalid_fields(fields)
        }
        other => other,
    }
}

/// One record's change, checked and ready to commit, or why it is left alone.
enum Plan {
    Change(Box<PlannedChange>),
    Snooze(Box<PlannedSnooze>),
    Assign(Box<PlannedAssignment>),
    Skip(&'static str),
}

impl Plan {
    fn audit(&self) -> Option<&AuditRecord> {
        match self {
            Plan::Change(p) => Some(&p.audit),
            Plan::Snooze(p) => Some(&p.audit),
            Plan::Assign(p) => Some(&p.audit),
            Plan::Skip(_) => None,
        }
    }

    /// Commits it; the record's new version.
    async fn commit(self, state: &AppState) -> Result<i64, ApiError> {
        match self {
            Plan::Change(p) => Ok(p.commit(state).await?.1 .0.version),
            Plan::Snooze(p) => Ok(p.commit(state).await?.version),
            Plan::Assign(p) => Ok(p.commit(state).await?.version),
            Plan::Skip(_) => Err(ApiError::Internal(anyhow::anyhow!(
                "a skip is never committed"
            ))),
        }
    }
}

async fn one(
    state: &AppState,
    operator: &Operator,
    action: &CheckedAction,
    record: BulkRecord,
    dry_run: bool,
) -> BulkRecordOutcome {
    let mut answer = BulkRecordOutcome {
        id: record.id,
        outcome: BulkOutcome::Skipped,
        version: Some(record.version),
        suggestion: None,
        changes: Vec::new(),
        reason: None,
    };
    let planned = plan(state, operator, action, record, &mut answer.suggestion).await;
    if dry_run && !matches!(planned, Err(ApiError::NotFound(_))) {
        // The preview shows the record's data: seeing it is a view, whatever it says.
        let viewed = AuditRecord::on_registration(record.id, &operator.name, AuditAction::Viewed)
            .because("bulk dry run");
        if let Err(e) = state.store.append_audit(&viewed).await {
            return failed(answer, e.into(), dry_run);
        }
    }
    let plan = match planned {
        Ok(Plan::Skip(why)) => {
            answer.reason = Some(why.to_owned());
            return answer;
        }
        Ok(plan) => plan,
        Err(e) => return failed(answer, e, dry_run),
    };
    answer.changes = plan.audit().map(changes_of).unwrap_or_default();
    if dry_run {
        answer.outcome = BulkOutcome::WouldApply;
        return answer;
    }
    match plan.commit(state).await {
        Ok(version) => {
            answer.outcome = BulkOutcome::Done;
            answer.version = Some(version);
            answer
        }
        Err(e) => failed(
            BulkRecordOutcome {
                changes: Vec::new(),
                ..answer
            },
            e,
            dry_run,
        ),
    }
}

/// The record's change under this action, through the same core as its own route.
async fn plan(
    state: &AppState,
    operator: &Operator,
    action: &CheckedAction,
    record: BulkRecord,
    suggestion: &mut Option<SuggestionKind>,
) -> Result<Plan, ApiError> {
    let BulkRecord { id, version } = record;
    match action {
        CheckedAction::ApplyTopSuggestion => {
            top_suggestion(state, operator, record, suggestion).await
        }
        CheckedAction::Reject(rejection) => {
            let planned = plan_rejection(
                state,
                operator,
                id,
                version,
                rejection.clone(),
                Origin::Bulk,
            );
            Ok(Plan::Change(Box::new(planned.await?)))
        }
        CheckedAction::Snooze(asked) => {
            let planned = plan_snooze(state, operator, id, version, asked.clone(), Origin::Bulk);
            Ok(Plan::Snooze(Box::new(planned.await?)))
        }
        CheckedAction::Assign { to, message } => {
            let (to, message) = (to.clone(), message.clone());
            let planned =
                plan_assignment(state, operator, (id, version), to, message, Origin::Bulk);
            Ok(Plan::Assign(Box::new(planned.await?)))
        }
    }
}

/// The record's own first suggestion, when it is an amendment or a rejection and the record's
/// identity is not in question.
async fn top_suggestion(
    state: &AppState,
    operator: &Operator,
    record: BulkRecord,
    suggestion: &mut Option<SuggestionKind>,
) -> Result<Plan, ApiError> {
    let BulkRecord { id, version } = record;
    let current = load_at_version(state, id, version).await?;
    require_open(&current)?;
    let assessment = assess_record(state, &current).await?;
    let Some(top) = assessment.suggestions.first() else {
        return Ok(Plan::Skip(
            "no suggestion to apply: the record's details leave nothing to fix",
        ));
    };
    *suggestion = Some(top.kind.into());
    if withholds_fixes(&assessment.suggestions) {
        return Ok(Plan::Skip(IDENTITY_IN_QUESTION));
    }
    let note = Some(format!("top suggestion ({})", top.kind.name()));
    Ok(match &top.action {
        SuggestedAction::Amend { amendment } => {
            let request = ParsedAmendment {
                amendment: amendment.clone(),
                note,
                // Never confirmed in bulk: the identity guard stays armed.
                identity: IdentityClaim::NotStated,
            };
            let planned = plan_amendment(state, operator, id, version, request, Origin::Bulk);
            Plan::Change(Box::new(planned.await?))
        }
        SuggestedAction::Reject { reason } => {
            let rejection = Rejection { reason: *reason, note };
            let planned = plan_rejection(state, operator, id, version, rejection, Origin::Bulk);
            Plan::Change(Box::new(planned.await?))
        }
        SuggestedAction::ConfirmIdentity => Plan::Skip(IDENTITY_IN_QUESTION),
        SuggestedAction::SearchByDemographics => Plan::Skip(
            "the first suggestion is to search the LRS by the learner's details: not a change to make in bulk",
        ),
        SuggestedAction::AskCentre => {
            Plan::Skip("the first suggestion is to ask the centre: only the centre can fix this")
        }
        SuggestedAction::ChallengeDuplicate { .. } => Plan::Skip(
            "the first suggestion is a duplicate data challenge on the PLR: raise it from the record",
        ),
    })
}
