//! Bulk: one action over a group of records, dry run first. The dry run changes nothing and says
//! what would apply and what would be skipped; the apply writes each record at its own version
//! (a stale one is a conflict while the rest are done), audits each change as the record's own
//! route does, and never amends a different-person record. Rejecting, snoozing and assigning a
//! group in bulk: `api_bulk_actions`.

mod common;

use common::{at_their_versions, changed_meanwhile, refusal, TestServer};
use jiff::{SignedDuration, Timestamp};
use uln_api::{
    AuditAction, BulkAction, BulkField, BulkOutcome, BulkRecord, ErrorCode, RejectReason,
    SuggestedAction, SuggestionKind, MAX_BULK_RECORDS,
};
use uln_server::store::Registration;

/// Open records of `kind` whose first suggestion is an amendment, so applying it resolves them.
async fn with_an_amendment_first(server: &TestServer, kind: &str, n: usize) -> Vec<Registration> {
    let operator = server.as_operator();
    let mut found = Vec::new();
    for record in server.open_records_of_kind(kind).await {
        let detail = operator.exception(record.id).await.unwrap();
        let first = detail.suggestions.first().map(|s| &s.action);
        if matches!(first, Some(SuggestedAction::Amend { .. })) {
            found.push(server.registration_now(record.id).await);
            if found.len() == n {
                return found;
            }
        }
    }
    panic!("not {n} open {kind} records with an amendment first")
}

#[tokio::test]
async fn a_dry_run_changes_nothing_and_says_what_would_apply_and_what_is_skipped() {
    let server = TestServer::start().await;
    let fixable = with_an_amendment_first(&server, "spelling", 2).await;
    let stranger = server.open_record_of_kind("different_person").await;
    let group = at_their_versions(&[&fixable[0], &stranger, &fixable[1]]);
    let viewed_before = server.audit_count(stranger.id, AuditAction::Viewed).await;

    let report = server
        .as_operator()
        .bulk(&BulkAction::ApplyTopSuggestion, &group, true)
        .await
        .expect("a dry run");

    assert!(report.dry_run);
    let outcomes: Vec<_> = report.records.iter().map(|r| (r.id, r.outcome)).collect();
    assert_eq!(
        outcomes,
        [
            (fixable[0].id, BulkOutcome::WouldApply),
            (stranger.id, BulkOutcome::Skipped),
            (fixable[1].id, BulkOutcome::WouldApply),
        ]
    );
    assert_eq!((report.totals.would_apply, report.totals.skipped), (2, 1));
    let first = &report.records[0];
    assert_eq!(first.suggestion, Some(SuggestionKind::Spelling));
    assert!(!first.changes.is_empty(), "what would change is shown");
    let skipped = &report.records[1];
    assert!(skipped.changes.is_empty());
    let why = skipped.reason.as_deref().unwrap_or_default();
    assert!(why.contains("different person"), "{why}");

    for record in [&fixable[0], &fixable[1], &stranger] {
        let now = server.registration_now(record.id).await;
        assert_eq!((now.version, now.status), (record.version, record.status));
        assert_eq!(now.demographics, record.demographics, "nothing written");
        assert_eq!(server.audit_count(record.id, AuditAction::Amended).await, 0);
    }
    assert_eq!(
        server.audit_count(stranger.id, AuditAction::Viewed).await,
        viewed_before + 1,
        "the preview shows the record: one view, not one row per field"
    );
}

#[tokio::test]
async fn an_apply_with_one_stale_version_commits_the_rest_and_never_amends_a_different_person() {
    let server = TestServer::start().await;
    let fixable = with_an_amendment_first(&server, "spelling", 3).await;
    let stranger = server.open_record_of_kind("different_person").await;
    let group = at_their_versions(&[&fixable[0], &fixable[1], &stranger, &fixable[2]]);
    let moved_on = changed_meanwhile(&server, &fixable[1]).await;
    let operator = server.as_operator();

    let report = operator
        .bulk(&BulkAction::ApplyTopSuggestion, &group, false)
        .await
        .expect("applied");

    let outcomes: Vec<_> = report.records.iter().map(|r| r.outcome).collect();
    use BulkOutcome::*;
    assert_eq!(outcomes, [Done, Conflict, Skipped, Done]);
    let conflict = &report.records[1];
    assert_eq!(conflict.version, Some(moved_on), "the version to retry at");
    assert!(conflict
        .reason
        .as_deref()
        .unwrap()
        .contains("changed since"));
    for (record, done) in [
        (&fixable[0], &report.records[0]),
        (&fixable[2], &report.records[3]),
    ] {
        let now = server.registration_now(record.id).await;
        assert_eq!(now.status, uln_server::store::RecordStatus::Resolved);
        assert_eq!(done.version, Some(now.version));
        assert!(!done.changes.is_empty(), "what did change");
    }
    let untouched = server.registration_now(fixable[1].id).await;
    assert_eq!(untouched.demographics, fixable[1].demographics);
    let stranger_now = server.registration_now(stranger.id).await;
    assert_eq!(
        (stranger_now.version, stranger_now.demographics),
        (stranger.version, stranger.demographics.clone())
    );
    assert_eq!(
        server.audit_count(stranger.id, AuditAction::Amended).await,
        0
    );
    assert_eq!(
        server.audit_count(stranger.id, AuditAction::Rejected).await,
        0
    );

    // Retrying the conflict at the version it now has.
    let retry = [BulkRecord {
        id: fixable[1].id,
        version: moved_on,
    }];
    let again = operator
        .bulk(&BulkAction::ApplyTopSuggestion, &retry, false)
        .await
        .unwrap();
    assert_eq!(again.records[0].outcome, Done);
}

async fn amended_row(server: &TestServer, id: i64) -> uln_server::store::StoredAudit {
    let trail = server.state.store.audit_trail(id).await.unwrap();
    trail
        .into_iter()
        .find(|a| a.action == AuditAction::Amended.wire_name())
        .expect("one amended row")
}

#[tokio::test]
async fn a_bulk_amendment_is_audited_as_the_single_route_audits_it_marked_as_bulk() {
    let server = TestServer::start().await;
    let fixable = with_an_amendment_first(&server, "spelling", 2).await;
    let operator = server.as_operator();
    let single = operator.exception(fixable[0].id).await.unwrap();
    operator
        .amend(
            single.id,
            single.version,
            &common::suggested_amendment(&single),
            Some("top suggestion (spelling)"),
        )
        .await
        .unwrap();
    let suggested = common::suggested_amendment(&operator.exception(fixable[1].id).await.unwrap());
    let group = at_their_versions(&[&fixable[1]]);
    let report = operator
        .bulk(&BulkAction::ApplyTopSuggestion, &group, false)
        .await
        .unwrap();
    assert_eq!(report.records[0].outcome, BulkOutcome::Done);

    let (by_hand, in_bulk) = (
        amended_row(&server, fixable[0].id).await,
        amended_row(&server, fixable[1].id).await,
    );
    assert_eq!(in_bulk.operator, by_hand.operator);
    let reason = in_bulk.reason.clone().unwrap();
    assert_eq!(
        reason,
        format!("bulk: {}", by_hand.reason.clone().unwrap()),
        "the single route's reason, marked"
    );
    let changes = in_bulk.changes.clone().unwrap();
    assert_eq!(changes["bulk"], true);
    let fields = |c: &serde_json::Value| {
        let mut keys: Vec<String> = c.as_object().unwrap().keys().cloned().collect();
        // The marker, and the state an undo writes back (the server's, never shown).
        keys.retain(|k| k != "bulk" && k != uln_server::undo::UNDO_TO);
        keys.sort();
        keys
    };
    let suggested = serde_json::to_value(&suggested).unwrap();
    let mut expected: Vec<String> = suggested.as_object().unwrap().keys().cloned().collect();
    expected.sort();
    assert_eq!(
        fields(&changes),
        expected,
        "the fields of its own top suggestion"
    );
    let shown: Vec<BulkField> = report.records[0].changes.iter().map(|c| c.field).collect();
    assert_eq!(
        shown.len(),
        fields(&changes).len(),
        "the report says what the row says"
    );
}

#[tokio::test]
async fn too_many_records_is_a_400_and_bad_groups_and_actions_name_the_field() {
    let server = TestServer::start().await;
    let operator = server.as_operator();
    let record = server.open_record_of_kind("spelling").await;
    let one = BulkRecord {
        id: record.id,
        version: record.version,
    };
    let too_many: Vec<BulkRecord> = (1..=MAX_BULK_RECORDS as i64 + 1)
        .map(|id| BulkRecord { id, version: 1 })
        .collect();
    let (status, body) = refusal(
        operator
            .bulk(&BulkAction::ApplyTopSuggestion, &too_many, true)
            .await,
    );
    assert_eq!((status, body.code), (400, ErrorCode::TooManyRecords));
    assert!(body.message.contains("at most 500"), "{}", body.message);

    let other_without_note = BulkAction::Reject {
        reason: RejectReason::Other,
        note: None,
    };
    let past = BulkAction::Snooze {
        until: (Timestamp::now() - SignedDuration::from_hours(1)).to_string(),
        reason: "centre".into(),
    };
    let cases = [
        (BulkAction::ApplyTopSuggestion, vec![], "records"),
        (BulkAction::ApplyTopSuggestion, vec![one, one], "records"),
        (other_without_note, vec![one], "action.note"),
        (past, vec![one], "action.until"),
    ];
    for (action, records, field) in cases {
        let (status, body) = refusal(operator.bulk(&action, &records, false).await);
        assert_eq!((status, body.code), (422, ErrorCode::Invalid), "{field}");
        assert!(body.fields.unwrap().contains_key(field), "{field}");
    }
    let (status, _) = refusal(
        server
            .as_viewer()
            .bulk(&BulkAction::ApplyTopSuggestion, &[one], true)
            .await,
    );
    assert_eq!(status, 403);
    assert_eq!(
        server.registration_now(record.id).await.version,
        record.version
    );
}
