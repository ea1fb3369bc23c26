//! The cores of the changes an operator makes to one record — amend, reject — each taking
//! (state, operator, id, version, request) and answering a checked plan that is then committed.
//! The single-record routes commit the plan at once; `/bulk` shows it first (a dry run) and
//! commits each record's own, so the checks, the update and the audit row are the same code.

use super::amendment::{apply_amendment, Applied, ParsedAmendment};
use super::exceptions::DetailResponse;
use super::exceptions::{assess_details, assess_record, commit, load_at_version, require_open};
use super::identity_guard::{self, IdentityClaim};
use crate::assess::Assessment;
use crate::error::ApiError;
use crate::store::{AuditAction, AuditRecord, Operator, RecordStatus, RecordUpdate, Registration};
use crate::AppState;
use serde_json::{json, Value};
use uln_api::RejectRequest;
use uln_domain::text::{clean_optional, TextKind};
use uln_domain::RejectReason;

/// Where a change was asked for: its audit row says so when it came with others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The record's own route.
    Single,
    /// `POST /bulk`: the row is the single route's, its reason starting `bulk:` and its changes
    /// carrying `"bulk": true`.
    Bulk,
}

impl Origin {
    /// Marks `audit` as coming from a bulk action, when it does.
    pub fn mark(self, audit: AuditRecord) -> AuditRecord {
        if self == Origin::Single {
            return audit;
        }
        let reason = audit
            .reason
            .as_deref()
            .map_or_else(|| "bulk action".to_owned(), |r| format!("bulk: {r}"));
        let mut changes = audit.changes.clone().unwrap_or_else(|| json!({}));
        if let Some(map) = changes.as_object_mut() {
            map.insert("bulk".into(), Value::Bool(true));
        }
        audit.because(reason).with_changes(changes)
    }
}

/// A change to one record, checked against it as it is at the version read, ready to commit.
pub struct PlannedChange {
    pub current: Registration,
    pub expected: i64,
    pub update: RecordUpdate,
    pub audit: AuditRecord,
    pub assessment: Assessment,
}

impl PlannedChange {
    /// Stores it at the version read (412 if the record moved on since), audited and published.
    pub async fn commit(self, state: &AppState) -> DetailResponse {
        let PlannedChange {
            current,
            expected,
            update,
            audit,
            assessment,
        } = self;
        commit(state, &current, expected, update, audit, &assessment).await
    }
}

/// Amends record `id`, read at `expected`: the amended details are verified, and an amendment
/// that would match the register to a different person is refused (409) unless identity was
/// confirmed with the centre.
pub async fn plan_amendment(
    state: &AppState,
    operator: &Operator,
    id: i64,
    expected: i64,
    request: ParsedAmendment,
    origin: Origin,
) -> Result<PlannedChange, ApiError> {
    let ParsedAmendment {
        amendment,
        note,
        identity,
    } = request;
    let current = load_at_version(state, id, expected).await?;
    require_open(&current)?;
    let Applied {
        uln,
        demographics,
        mut changes,
    } = apply_amendment(&current, &amendment);
    let assessment =
        assess_details(state, &current, uln.as_deref().unwrap_or(""), &demographics).await?;
    identity_guard::check_amendment(state, &current, &assessment, identity).await?;
    let update = RecordUpdate {
        uln,
        demographics,
        status: assessment.status(RecordStatus::Resolved),
        verify_code: assessment.verification.code,
        failure_flags: assessment.verification.failure_flags.clone(),
        anomalies: assessment.anomalies.clone(),
        reject_reason: None,
        ..RecordUpdate::unchanged(&current)
    };
    let outcome = assessment.verification.code.code();
    let note = match (identity, note) {
        // The confirmation is the first thing the audit row says, in its reason and its changes.
        (IdentityClaim::ConfirmedWithCentre, Some(note)) => {
            changes.insert("identity_confirmed".into(), Value::Bool(true));
            Some(format!("identity confirmed with the centre: {note}"))
        }
        (_, note) => note,
    };
    let reason = match note {
        Some(note) => format!("{note}; now {outcome}"),
        None => format!("now {outcome}"),
    };
    let audit = AuditRecord::on_registration(id, &operator.name, AuditAction::Amended)
        .because(reason)
        .with_changes(Value::Object(changes));
    Ok(PlannedChange {
        current,
        expected,
        update,
        audit: origin.mark(audit),
        assessment,
    })
}

/// A reject body, checked: a known reason, a clean note, and a note when the reason is `other`.
#[derive(Debug, Clone)]
pub struct Rejection {
    pub reason: RejectReason,
    pub note: Option<String>,
}

impl Rejection {
    pub fn check(body: &RejectRequest) -> Result<Rejection, ApiError> {
        let reason = body.reason.to_domain().ok_or_else(|| {
            let names: Vec<&str> = RejectReason::ALL.iter().map(|r| r.name()).collect();
            ApiError::invalid_field("reason", format!("must be one of {}", names.join(", ")))
        })?;
        let note = clean_optional(body.note.as_deref(), TextKind::Note)
            .map_err(|e| ApiError::invalid_field("note", e.to_string()))?;
        if reason == RejectReason::Other && note.is_none() {
            return Err(ApiError::invalid_field(
                "note",
                "a note is required when the reason is 'other'",
            ));
        }
        Ok(Rejection { reason, note })
    }
}

/// Rejects record `id`'s ULN, read at `expected`.
pub async fn plan_rejection(
    state: &AppState,
    operator: &Operator,
    id: i64,
    expected: i64,
    request: Rejection,
    origin: Origin,
) -> Result<PlannedChange, ApiError> {
    let Rejection { reason, note } = request;
    let current = load_at_version(state, id, expected).await?;
    require_open(&current)?;
    let assessment = assess_record(state, &current).await?;
    let update = RecordUpdate {
        status: RecordStatus::Rejected,
        reject_reason: Some(reason),
        ..RecordUpdate::unchanged(&current)
    };
    let because = match note {
        Some(n) => format!("{}: {n}", reason.name()),
        None => reason.name().to_owned(),
    };
    let audit = AuditRecord::on_registration(id, &operator.name, AuditAction::Rejected)
        .because(because)
        .with_changes(json!({ "status": { "before": "open", "after": "rejected" } }));
    Ok(PlannedChange {
        current,
        expected,
        update,
        audit: origin.mark(audit),
        assessment,
    })
}
