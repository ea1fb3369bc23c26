//! Bulk and the identity guard: a different-person record walked by hand to within a slip of the
//! register's learner has an amendment as its first suggestion, and applying it in bulk is still
//! refused by the guard (judged on the details as registered), so it is skipped, never written.

mod common;

use common::TestServer;
use uln_api::{AuditAction, BulkAction, BulkOutcome, BulkRecord, RecordStatus, SuggestedAction};

/// The register's date of birth with one digit of the day mistyped: a recognisable slip.
fn one_digit_off(date: &str) -> String {
    let (month, day) = date.split_at(8);
    let fixed = match day {
        "01" => "02".to_owned(),
        "30" => "20".to_owned(),
        _ => {
            let (tens, units) = day.split_at(1);
            let units: u8 = units.parse().unwrap();
            let units = if units >= 1 { units - 1 } else { units + 1 };
            format!("{tens}{units}")
        }
    };
    format!("{month}{fixed}")
}

#[tokio::test]
async fn a_different_person_walked_to_a_slip_away_from_the_register_is_left_by_the_guard() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("different_person").await;
    let operator = server.as_operator();
    let detail = operator.exception(record.id).await.unwrap();
    let lrs = detail
        .authoritative
        .clone()
        .expect("the register's learner");
    // By hand, every field but the date of birth copied, that one a slip away from the register's.
    let walked = uln_api::LearnerFields {
        uln: Some(lrs.uln.clone()),
        given_name: Some(lrs.given_name.clone()),
        family_name: Some(lrs.family_name.clone()),
        date_of_birth: Some(one_digit_off(&lrs.date_of_birth)),
        gender: Some(lrs.gender.wire_name().to_owned()),
        postcode: lrs.postcode.clone(),
    };
    let step = operator
        .amend(record.id, detail.version, &walked, None)
        .await
        .expect("a step that leaves the record open");
    assert_eq!(step.status, RecordStatus::Open);
    let first = step.suggestions.first().map(|s| &s.action);
    assert!(
        matches!(first, Some(SuggestedAction::Amend { .. })),
        "its first suggestion is now an amendment: {:?}",
        step.suggestions
    );
    let group = [BulkRecord {
        id: record.id,
        version: step.version,
    }];
    for dry_run in [true, false] {
        let report = operator
            .bulk(&BulkAction::ApplyTopSuggestion, &group, dry_run)
            .await
            .unwrap();
        let answer = &report.records[0];
        assert_eq!(answer.outcome, BulkOutcome::Skipped, "dry run: {dry_run}");
        assert!(answer
            .reason
            .as_deref()
            .unwrap()
            .contains("different person"));
    }
    assert_eq!(server.audit_count(record.id, AuditAction::Amended).await, 1);
    assert_eq!(
        server.registration_now(record.id).await.version,
        step.version
    );
}
