//! What an undo writes back. Every change an operator makes to a record goes through
//! `routes::exceptions::commit_change`, which keeps in the change's audit row the record's state
//! before it and the version the change produced, under a reserved key of `changes`. An undo
//! (`routes::undo`) writes that state back as a new version with an audit row of its own: a
//! compensating change, never a deletion. The key is the server's; clients never see it.

use crate::store::{AuditAction, AuditRecord, RecordUpdate, Registration, StoredAudit};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The reserved key of an audit row's `changes` holding the state an undo writes back.
pub const UNDO_TO: &str = "undo_to";

/// How long after a change its operator may undo it, unless configured
/// (`serve --undo-window-seconds`). The console counts 10 seconds down; the server allows 15 so
/// that an undo pressed in the last of those seconds still arrives in time after the round trip
/// and a clock a little apart.
pub const DEFAULT_WINDOW: SignedDuration = SignedDuration::from_secs(15);

/// A window given in whole seconds (the `serve` option); 0 refuses every undo.
pub fn window_of_seconds(seconds: u32) -> SignedDuration {
    SignedDuration::from_secs(seconds.into())
}

/// The changes an operator may take back within the window. Reopening stays a supervisor's, and
/// an undo is not itself undone.
pub const UNDOABLE: [AuditAction; 5] = [
    AuditAction::Amended,
    AuditAction::Rejected,
    AuditAction::Snoozed,
    AuditAction::Woken,
    AuditAction::Assigned,
];

/// What a change's audit row keeps for its undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedState {
    /// The version the change produced: the record must still be at it for the undo, so that
    /// nobody's later change is silently overwritten.
    pub version: i64,
    /// The record as it was before the change.
    pub record: RecordUpdate,
}

/// Keeps `current`, the record before the change `audit` describes, in the audit row.
pub fn keep_state_before(audit: &mut AuditRecord, current: &Registration, version_after: i64) {
    let saved = SavedState {
        version: version_after,
        record: RecordUpdate::unchanged(current),
    };
    let Ok(saved) = serde_json::to_value(saved) else {
        // Plain data always serialises; without it the change is still made, only not undoable.
        return;
    };
    let mut changes = match audit.changes.take() {
        Some(Value::Object(map)) => map,
        Some(other) => Map::from_iter([("change".to_owned(), other)]),
        None => Map::new(),
    };
    changes.insert(UNDO_TO.to_owned(), saved);
    audit.changes = Some(Value::Object(changes));
}

/// The state a change's audit row kept, if it kept one this build can read.
pub fn saved_state(row: &StoredAudit) -> Option<SavedState> {
    let saved = row.changes.as_ref()?.get(UNDO_TO)?;
    serde_json::from_value(saved.clone()).ok()
}

/// An audit row's changes as clients see them: field by field, without the saved state.
pub fn shown_changes(mut changes: Value) -> Value {
    if let Value::Object(map) = &mut changes {
        map.remove(UNDO_TO);
    }
    changes
}

/// The change event a write is announced as. An undo that leaves the record snoozed (a wake
/// undone) is a snooze to the queues, which then hide it as they hide any snooze.
pub fn announced_as(action: AuditAction, updated: &Registration) -> Option<uln_api::ChangeAction> {
    let snoozed = crate::views::snoozed_now(updated, jiff::Timestamp::now()).is_some();
    match action {
        AuditAction::Undone if snoozed => Some(uln_api::ChangeAction::Snoozed),
        _ => crate::wire::change_action(action),
    }
}

/// Field by field, before and after, what writing `after` over `before` changes: the undo's own
/// audit row, in the form of every other change's.
pub fn changes_between(before: &RecordUpdate, after: &RecordUpdate) -> Map<String, Value> {
    let mut changes = Map::new();
    let mut note = |field: &str, was: Value, now: Value| {
        if was != now {
            changes.insert(field.into(), json!({ "before": was, "after": now }));
        }
    };
    note("uln", json!(before.uln), json!(after.uln));
    let (b, a) = (&before.demographics, &after.demographics);
    note(
        "given_name",
        json!(b.given_name.as_str()),
        json!(a.given_name.as_str()),
    );
    note(
        "family_name",
        json!(b.family_name.as_str()),
        json!(a.family_name.as_str()),
    );
    let dob = |d: &RecordUpdate| json!(d.demographics.date_of_birth.to_string());
    note("date_of_birth", dob(before), dob(after));
    note("gender", json!(b.gender.code()), json!(a.gender.code()));
    note(
        "postcode",
        json!(b.postcode.as_str()),
        json!(a.postcode.as_str()),
    );
    note(
        "status",
        json!(before.status.name()),
        json!(after.status.name()),
    );
    let code = |u: &RecordUpdate| json!(u.verify_code.code());
    note("verify_code", code(before), code(after));
    let reason = |u: &RecordUpdate| json!(u.reject_reason.map(|r| r.name()));
    note("reject_reason", reason(before), reason(after));
    let until = |u: &RecordUpdate| json!(u.snoozed_until.map(crate::views::time));
    note("snoozed_until", until(before), until(after));
    note(
        "assigned_to",
        json!(before.assigned_to),
        json!(after.assigned_to),
    );
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_state_is_kept_beside_the_changes_and_never_shown() {
        let mut audit = AuditRecord::on_registration(7, "olu", AuditAction::Rejected)
            .with_changes(json!({ "status": { "before": "open", "after": "rejected" } }));
        let record = crate::store::Registration { id: 7, ..sample() };
        keep_state_before(&mut audit, &record, 4);
        let row = StoredAudit {
            id: 1,
            registration_id: Some(7),
            subject: None,
            at: jiff::Timestamp::now(),
            operator: "olu".into(),
            action: "rejected".into(),
            reason: None,
            changes: audit.changes.clone(),
        };
        let saved = saved_state(&row).expect("kept");
        assert_eq!(saved.version, 4);
        assert_eq!(saved.record, RecordUpdate::unchanged(&record));
        let shown = shown_changes(row.changes.unwrap());
        assert_eq!(
            shown,
            json!({ "status": { "before": "open", "after": "rejected" } })
        );
    }

    #[test]
    fn a_state_kept_before_a_field_existed_still_reads() {
        let mut saved = serde_json::to_value(SavedState {
            version: 2,
            record: RecordUpdate::unchanged(&sample()),
        })
        .unwrap();
        saved["record"]
            .as_object_mut()
            .unwrap()
            .remove("snoozed_until");
        let row = StoredAudit {
            id: 1,
            registration_id: Some(1),
            subject: None,
            at: jiff::Timestamp::now(),
            operator: "olu".into(),
            action: "amended".into(),
            reason: None,
            changes: Some(json!({ UNDO_TO: saved })),
        };
        assert_eq!(
            saved_state(&row).map(|s| s.record.snoozed_until),
            Some(None)
        );
    }

    fn sample() -> Registration {
        use uln_domain::{Demographics, Gender, PersonName, Postcode, VerifyCode};
        let new = crate::store::NewRegistration {
            uln: "1234567890".into(),
            demographics: Demographics {
                given_name: PersonName::parse("Ada").unwrap(),
                family_name: PersonName::parse("Lovelace").unwrap(),
                date_of_birth: jiff::civil::date(2007, 2, 3),
                gender: Gender::Female,
                postcode: Postcode::parse("LS1 4AP").unwrap(),
            },
            centre: "Leeds".into(),
            qualification: None,
            registered_at: jiff::Timestamp::now(),
            deadline: jiff::Timestamp::now(),
            status: crate::store::RecordStatus::Open,
            verify_code: VerifyCode::SimilarMatch,
            failure_flags: vec![],
            anomalies: vec![],
        };
        new.stored_as(1)
    }
}
