//! Phone calls: each is one audit row, and an operator's list holds their own, newest first.

use serde_json::json;
use uln_server::store::*;

pub async fn calls_are_audit_rows_listed_per_operator_newest_first(store: &dyn Store) {
    let call = |operator: &str, subject: &str, note: &str| {
        AuditRecord::on_subject(subject, operator, AuditAction::Call)
            .because(note)
            .with_changes(json!({ "outcome": "identified" }))
    };
    let first = store
        .append_audit_with_id(&call("olu", "uln:1174112637", "read out her PLR"))
        .await
        .unwrap();
    let other = store
        .append_audit_with_id(&call("sam", "call", "centre question"))
        .await
        .unwrap();
    let second = store
        .append_audit_with_id(&call("olu", "call", "general question"))
        .await
        .unwrap();
    assert!(first < other && other < second, "ids grow");
    let listed = store.recent_calls("olu", 20).await.unwrap();
    let ids: Vec<i64> = listed.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![second, first], "olu's own, newest first");
    assert_eq!(store.recent_calls("olu", 1).await.unwrap().len(), 1);
    let audited = store.audit_by_subject("uln:1174112637").await.unwrap();
    let row = audited
        .iter()
        .find(|a| a.id == first)
        .expect("the call's row");
    assert_eq!(
        (row.action.as_str(), row.reason.as_deref()),
        ("call", Some("read out her PLR"))
    );
}
