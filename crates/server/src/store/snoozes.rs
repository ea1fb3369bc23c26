//! What both stores write when a snooze runs out.

use super::{AuditAction, AuditRecord};
use serde_json::json;

/// The audit row of a record woken because its snooze ran out.
pub(crate) fn woken_by(id: i64, operator: &str) -> AuditRecord {
    AuditRecord::on_registration(id, operator, AuditAction::Woken)
        .because("the snooze ran out")
        .with_changes(json!({ "snoozed_until": { "after": null } }))
}
