//! What `/bulk` says of each record: the field-by-field change its audit row holds, and what a
//! refusal of the record's own route means for it in a group.

use super::IDENTITY_IN_QUESTION;
use crate::error::ApiError;
use crate::store::AuditRecord;
use serde_json::Value;
use uln_api::{BulkChange, BulkField, BulkOutcome, BulkRecordOutcome, ErrorCode};

/// What a refusal of the record's own route means for it in a bulk: changed since it was read
/// (`conflict`), a different person (`skipped`), or refused; in a dry run all are `skipped`.
pub(super) fn failed(
    mut answer: BulkRecordOutcome,
    e: ApiError,
    dry_run: bool,
) -> BulkRecordOutcome {
    let (outcome, reason) = match e {
        ApiError::PreconditionFailed(current) => {
            answer.version = Some(current.version);
            let why = format!(
                "changed since it was read (now version {}): read it again and retry",
                current.version
            );
            (BulkOutcome::Conflict, why)
        }
        ApiError::Conflict {
            code: ErrorCode::IdentityUnconfirmed,
            ..
        } => (BulkOutcome::Skipped, IDENTITY_IN_QUESTION.to_owned()),
        ApiError::NotFound(_) => {
            answer.version = None;
            (BulkOutcome::Refused, "no such exception".to_owned())
        }
        ApiError::Conflict { message, .. } | ApiError::BadRequest { message, .. } => {
            (BulkOutcome::Refused, message)
        }
        ApiError::Invalid { message, fields } => {
            let said: Vec<String> = fields
                .iter()
                .map(|(name, why)| format!("{name} {}", why.as_str().unwrap_or("is refused")))
                .collect();
            let why = if said.is_empty() {
                message
            } else {
                said.join("; ")
            };
            (BulkOutcome::Refused, why)
        }
        ApiError::RegisterUnavailable(why) => (BulkOutcome::Refused, why),
        ApiError::Busy => (
            BulkOutcome::Refused,
            "the server was busy: retry".to_owned(),
        ),
        ApiError::Internal(e) => {
            tracing::error!(error = %crate::error::loggable(&e), "bulk: the record failed");
            let why = "the server failed on this record; the error is logged".to_owned();
            (BulkOutcome::Refused, why)
        }
        other => (BulkOutcome::Refused, format!("refused ({other:?})")),
    };
    answer.outcome = if dry_run {
        BulkOutcome::Skipped
    } else {
        outcome
    };
    answer.reason = Some(reason);
    answer
}

/// The audit row's changes, as the wire's field-by-field before and after.
pub(super) fn changes_of(audit: &AuditRecord) -> Vec<BulkChange> {
    let Some(changes) = audit.changes.as_ref().and_then(Value::as_object) else {
        return Vec::new();
    };
    let text = |v: &Value| v.as_str().map(str::to_owned);
    changes
        .iter()
        .filter_map(|(name, change)| {
            let field = BulkField::from_wire(name)?;
            let change = change.as_object()?;
            Some(BulkChange {
                field,
                before: change.get("before").and_then(text),
                after: change.get("after").and_then(text),
            })
        })
        .collect()
}
