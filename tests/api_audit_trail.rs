//! A record's audit trail: the detail carries only the latest entries and the count, however
//! often the record was viewed, and `/exceptions/{id}/audit` pages through every entry once.

mod common;

use common::{refusal, Options, TestServer};
use futures_util::future::join_all;
use uln_api::AuditAction as WireAction;
use uln_server::store::{AuditAction, AuditRecord};

/// Entries the detail carries (`AUDIT_IN_DETAIL` on the server).
const LATEST: usize = 20;

/// `views` views of record `id` and `reads_ahead` reads ahead, appended all at once as a busy
/// helpdesk would (the writer commits them in groups).
async fn busy_day(server: &TestServer, id: i64, views: usize, reads_ahead: usize) {
    let operators = ["vera-viewer", "olu-operator", "sam-supervisor"];
    let rows = (0..views)
        .map(|i| AuditRecord::on_registration(id, operators[i % 3], AuditAction::Viewed))
        .chain(
            (0..reads_ahead)
                .map(|_| AuditRecord::on_registration(id, "olu-operator", AuditAction::ReadAhead)),
        );
    let rows: Vec<AuditRecord> = rows.collect();
    let appended = join_all(rows.iter().map(|row| server.state.store.append_audit(row))).await;
    assert!(appended.iter().all(Result::is_ok), "every row is appended");
}

/// Ids of record `id`'s trail as operators see it (no reads ahead), newest first, as stored.
async fn stored_trail(server: &TestServer, id: i64) -> Vec<i64> {
    let all = server.state.store.audit_trail(id).await.expect("the trail");
    let mut ids: Vec<i64> = all
        .iter()
        .filter(|a| a.action != AuditAction::ReadAhead.name())
        .map(|a| a.id)
        .collect();
    ids.reverse();
    ids
}

#[tokio::test]
async fn a_record_viewed_hundreds_of_times_stays_small_and_counts_every_view() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    busy_day(&server, record.id, 400, 60).await;

    let detail = server
        .as_viewer()
        .exception(record.id)
        .await
        .expect("the record");
    let trail = stored_trail(&server, record.id).await;
    assert_eq!(
        detail.audit_total,
        trail.len() as i64,
        "every view and change counted"
    );
    assert_eq!(detail.audit.len(), LATEST, "only the latest entries");
    let shown: Vec<i64> = detail.audit.iter().rev().map(|a| a.id).collect();
    assert_eq!(
        shown,
        trail[..LATEST],
        "the latest, oldest first, no reads ahead"
    );
    let newest = detail.audit.last().expect("an entry");
    assert_eq!(
        (newest.action, newest.operator.as_str()),
        (WireAction::Viewed, "vera-viewer"),
        "this view is audited and shown"
    );
    let size = serde_json::to_vec(&detail).expect("serialises").len();
    assert!(size < 12_000, "the detail is {size} bytes");
}

#[tokio::test]
async fn paging_the_trail_gives_every_entry_once_newest_first_and_audits_each_read() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    busy_day(&server, record.id, 250, 30).await;
    let viewer = server.as_viewer();
    let views_before = server.audit_count(record.id, WireAction::Viewed).await;

    let (mut paged, mut before, mut pages) = (Vec::new(), None, 0);
    loop {
        let page = viewer
            .audit_page(record.id, before, Some(37))
            .await
            .expect("a page");
        pages += 1;
        assert!(page.entries.len() <= 37);
        paged.extend(page.entries.iter().map(|e| e.id));
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    // The first read is itself the newest entry it shows; later reads are newer than every page.
    let trail = stored_trail(&server, record.id).await;
    let first = paged[0];
    let expected: Vec<i64> = trail.into_iter().filter(|id| *id <= first).collect();
    assert_eq!(paged, expected, "every entry once, newest first");
    assert_eq!(
        server.audit_count(record.id, WireAction::Viewed).await,
        views_before + pages,
        "each read of the trail is a view"
    );
}

#[tokio::test]
async fn the_trail_refuses_an_out_of_range_limit_or_cursor_by_name_and_an_unknown_record() {
    let server = TestServer::start().await;
    let record = server.open_record_of_kind("spelling").await;
    let viewer = server.as_viewer();
    for (before, limit, field) in [
        (None, Some(0), "limit"),
        (None, Some(201), "limit"),
        (Some(0), None, "before"),
    ] {
        let (status, body) = refusal(viewer.audit_page(record.id, before, limit).await);
        assert_eq!(status, 422, "{field}");
        assert!(
            body.fields.is_some_and(|f| f.contains_key(field)),
            "{field} is named"
        );
    }
    let (status, _) = refusal(viewer.audit_page(999_999, None, None).await);
    assert_eq!(status, 404);
    let page = viewer
        .audit_page(record.id, None, Some(200))
        .await
        .expect("the largest page");
    assert_eq!(page.next_before, None, "a short trail is one page");
    assert_eq!(page.total, page.entries.len() as i64);
}

#[tokio::test]
async fn the_trail_route_is_documented_with_its_query_parameters() {
    let server = TestServer::start_with(Options {
        learners: 0,
        ..Options::default()
    })
    .await;
    // Raw: the document describes the API; it is not a wire type the client reads.
    let (_, doc) = server.get("/openapi.json", &server.viewer).await;
    let route = &doc["paths"]["/api/v1/exceptions/{id}/audit"]["get"];
    let params = route["parameters"]
        .as_array()
        .expect("documented parameters");
    let place = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["in"].clone())
    };
    assert_eq!(place("id"), Some("path".into()));
    assert_eq!(place("before"), Some("query".into()));
    assert_eq!(place("limit"), Some("query".into()));
    assert!(doc["components"]["schemas"]["AuditPage"].is_object());
}
