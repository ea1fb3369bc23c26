//! `POST /exports` against the real server: a queue view about to be written to a file is
//! recorded in the audit trail first, and a request that makes no sense is refused by field.

mod common;

use common::{refusal, TestServer};
use uln_api::{ExportRequest, Queue, RecordFilter};

fn export() -> ExportRequest {
    ExportRequest {
        queue: Queue::All,
        records: RecordFilter::Open,
        filter: Some("calder".into()),
        sort: "deadline".into(),
        descending: false,
        rows: 12,
    }
}

#[tokio::test]
async fn an_export_is_audited_with_the_operator_the_view_and_the_rows() {
    let server = TestServer::start().await;
    let recorded = server.as_viewer().record_export(&export()).await.unwrap();
    let trail = server.state.store.audit_by_subject("export").await.unwrap();
    let row = trail
        .iter()
        .find(|a| a.id == recorded.id)
        .expect("the audit row");
    assert_eq!(
        (row.action.as_str(), row.operator.as_str()),
        ("exported", "vera-viewer")
    );
    let changes = row.changes.as_ref().unwrap();
    assert_eq!(changes["rows"], 12);
    assert_eq!(changes["filter"], "calder");
    assert_eq!(changes["queue"], "all");
}

#[tokio::test]
async fn a_bad_sort_an_unreadable_filter_or_too_many_rows_is_refused_and_nothing_recorded() {
    let server = TestServer::start().await;
    let bad = ExportRequest {
        sort: "shoe size".into(),
        filter: Some("\u{202e}calder".into()),
        rows: 20_000_000,
        ..export()
    };
    let (status, body) = refusal(server.as_operator().record_export(&bad).await);
    assert_eq!(status, 422);
    let fields = body.fields.unwrap();
    for field in ["sort", "filter", "rows"] {
        assert!(fields.contains_key(field), "{field}: {fields:?}");
    }
    assert!(server
        .state
        .store
        .audit_by_subject("export")
        .await
        .unwrap()
        .is_empty());
}
