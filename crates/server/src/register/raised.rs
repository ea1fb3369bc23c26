//! A raised data challenge as its audit row keeps it. The route writes the row once the register
//! confirms the challenge; a register that cannot list an organisation's challenges (the LRS
//! lists them per ULN) reads the rows back to know which to ask about, so the list survives a
//! restart and covers every server on the database.

use super::{Challenge, ChallengeKind, ChallengeStatus};
use crate::store::{AuditAction, AuditRecord, StoredAudit};
use jiff::Timestamp;
use serde_json::{json, Value};

/// The audit subject of a learner: `uln:` and the ULN.
const LEARNER_PREFIX: &str = "uln:";

/// The row that records `challenge` as raised by its operator. The reason is the reference and
/// the kind (as it always was); the changes hold what the register cannot give back, and the
/// time the register gave, which the row's own time may follow by a second.
pub fn audit_record(challenge: &Challenge) -> AuditRecord {
    AuditRecord::on_subject(
        format!("{LEARNER_PREFIX}{}", challenge.uln),
        &challenge.raised_by,
        AuditAction::ChallengeRaised,
    )
    .because(format!("{} {}", challenge.reference, challenge.kind.name()))
    .with_changes(json!({
        "event_ids": challenge.event_ids,
        "note": challenge.note,
        "contact": challenge.contact,
        "corrected": challenge.corrected,
        "created_at": challenge.created_at.as_second(),
    }))
}

/// The challenge a `challenge_raised` row records, as it stood when raised (open); None for a
/// row that is not one. Rows written before the note and contact were kept give them empty.
pub fn from_audit(row: &StoredAudit) -> Option<Challenge> {
    if row.action != AuditAction::ChallengeRaised.name() {
        return None;
    }
    let uln = row.subject.as_deref()?.strip_prefix(LEARNER_PREFIX)?;
    let (reference, kind) = row.reason.as_deref()?.split_once(' ')?;
    let changes = row.changes.as_ref();
    let field = |name: &str| changes.and_then(|c| c.get(name));
    Some(Challenge {
        reference: reference.to_owned(),
        uln: uln.to_owned(),
        kind: ChallengeKind::from_name(kind)?,
        event_ids: field("event_ids")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default(),
        corrected: field("corrected").and_then(Value::as_object).cloned(),
        note: field("note")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        contact: field("contact").and_then(Value::as_str).map(str::to_owned),
        status: ChallengeStatus::Open,
        created_at: field("created_at")
            .and_then(Value::as_i64)
            .and_then(|s| Timestamp::from_second(s).ok())
            .unwrap_or(row.at),
        resolved_at: None,
        raised_by: row.operator.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge() -> Challenge {
        let mut corrected = serde_json::Map::new();
        corrected.insert("grade".into(), json!("B"));
        Challenge {
            reference: "DC000042".into(),
            uln: "9276308686".into(),
            kind: ChallengeKind::IncorrectInformation,
            event_ids: vec![3, 7],
            corrected: Some(corrected),
            note: "the grade was B".into(),
            contact: Some("Exams office".into()),
            status: ChallengeStatus::Open,
            created_at: Timestamp::from_second(1_700_000_000).unwrap(),
            resolved_at: None,
            raised_by: "olu".into(),
        }
    }

    fn stored(record: AuditRecord, at: Timestamp) -> StoredAudit {
        StoredAudit {
            id: 1,
            registration_id: record.registration_id,
            subject: record.subject,
            at,
            operator: record.operator,
            action: record.action.name().to_owned(),
            reason: record.reason,
            changes: record.changes,
        }
    }

    #[test]
    fn a_raised_challenge_reads_back_from_its_audit_row() {
        let raised = challenge();
        let a_second_later = raised.created_at + jiff::SignedDuration::from_secs(1);
        let row = stored(audit_record(&raised), a_second_later);
        assert_eq!(from_audit(&row), Some(raised));
    }

    #[test]
    fn a_row_from_before_the_note_was_kept_reads_back_with_an_empty_note() {
        let raised = challenge();
        let raised_at = raised.created_at;
        let mut row = stored(audit_record(&raised), raised_at);
        row.changes = Some(json!({ "event_ids": [3, 7] }));
        let read = from_audit(&row).expect("still a challenge");
        assert_eq!((read.note.as_str(), read.contact), ("", None));
        assert_eq!((read.event_ids, read.created_at), (vec![3, 7], raised_at));
    }

    #[test]
    fn another_action_is_not_a_challenge() {
        let raised = challenge();
        let mut row = stored(audit_record(&raised), raised.created_at);
        row.action = AuditAction::PlrLookup.name().to_owned();
        assert_eq!(from_audit(&row), None);
    }
}
