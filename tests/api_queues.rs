//! Queue counts, queue pages and text search against the real server, as the console reads them.

mod common;

use common::{registered_29_days_ago, Options, TestServer};
use std::collections::HashSet;
use std::time::Duration;
use uln_api::{
    AnomalyKind, ApiClient, ExceptionSummary, ListQuery, Queue, RegistrationBatch,
    RegistrationOutcome, RejectReason, RejectRequest, SortKey,
};

#[tokio::test]
async fn queues_count_open_overdue_and_due_soon_per_kind() {
    // The expiry job runs once at start and not again during the test, so what is overdue stays
    // open to be counted.
    let server = TestServer::start_with(Options {
        expiry_interval: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    let mut late = registered_29_days_ago(server.learner_as_submitted().await);
    late.uln = "12345".into();
    // Registered 29 days ago with a malformed ULN: an open exception past its deadline.
    let submitted = server
        .as_operator()
        .submit_registrations(&RegistrationBatch {
            registrations: vec![late],
        })
        .await
        .expect("the batch is accepted");
    assert_eq!(
        submitted.results[0].outcome,
        RegistrationOutcome::Exception,
        "{submitted:?}"
    );
    let queues = server.as_viewer().queues().await.unwrap().queues;
    assert_eq!(queues[0].queue, Queue::All);
    let all = queues[0].open;
    assert!(all > 100);
    let per_kind_max = queues[1..].iter().map(|q| q.open).max().unwrap();
    assert!(per_kind_max <= all && per_kind_max > 0);
    let counts = |queue: Queue| {
        queues
            .iter()
            .find(|q| q.queue == queue)
            .unwrap_or_else(|| panic!("a {queue} queue"))
    };
    // The seeder leaves nothing overdue, so the late submission is the only one.
    assert_eq!(counts(Queue::All).overdue, 1);
    assert_eq!(counts(Queue::Kind(AnomalyKind::MalformedUln)).overdue, 1);
    assert_eq!(counts(Queue::Kind(AnomalyKind::LinkedUln)).overdue, 0);
    for q in &queues {
        assert!(q.due_within_48h <= q.due_within_7d);
        assert!(q.overdue <= q.open);
    }
    let page = server
        .as_viewer()
        .exceptions(&ListQuery {
            queue: Some(Queue::Kind(AnomalyKind::LinkedUln).wire_name().into()),
            limit: Some(500),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        page.items.len() as i64,
        counts(Queue::Kind(AnomalyKind::LinkedUln)).open
    );
}

/// Every row of a queue, following the cursor from page to page.
async fn all_pages(client: &ApiClient, query: ListQuery) -> Vec<ExceptionSummary> {
    let mut items = Vec::new();
    let mut query = query;
    loop {
        let page = client.exceptions(&query).await.expect("a page");
        items.extend(page.items);
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return items,
        }
    }
}

fn sorted_by(key: SortKey, descending: bool, limit: u32) -> ListQuery {
    ListQuery {
        sort: Some(key.name().into()),
        descending,
        limit: Some(limit),
        ..ListQuery::default()
    }
}

/// The text a row is sorted by, compared byte by byte as the server does.
fn sort_text(row: &ExceptionSummary, key: SortKey) -> &str {
    match key {
        SortKey::Deadline => &row.deadline,
        SortKey::Registered => &row.registered_at,
        SortKey::Centre => &row.centre,
        SortKey::FamilyName => &row.family_name,
    }
}

#[tokio::test]
async fn pages_follow_the_sort_order_without_gaps_or_repeats() {
    let server = TestServer::start().await;
    let viewer = server.as_viewer();
    for (key, descending, limit) in [
        (SortKey::Deadline, false, 37),
        (SortKey::FamilyName, true, 50),
        (SortKey::Centre, false, 64),
    ] {
        let items = all_pages(&viewer, sorted_by(key, descending, limit)).await;
        let ids: HashSet<i64> = items.iter().map(|i| i.id).collect();
        assert_eq!(ids.len(), items.len(), "no repeats by {key:?}");
        let queues = viewer.queues().await.unwrap().queues;
        assert_eq!(items.len() as i64, queues[0].open, "no gaps by {key:?}");
        let keys: Vec<&str> = items.iter().map(|i| sort_text(i, key)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if descending {
            sorted.reverse();
        }
        assert_eq!(keys, sorted, "ordered by {key:?}");
    }
}

fn ids(rows: &[ExceptionSummary]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

#[tokio::test]
async fn paging_stays_correct_while_records_are_resolved() {
    let server = TestServer::start().await;
    let viewer = server.as_viewer();
    let first_twenty = ListQuery {
        limit: Some(20),
        ..ListQuery::default()
    };
    let first = viewer.exceptions(&first_twenty).await.unwrap();
    let cursor = first.next_cursor.expect("a second page");
    let seen = ids(&first.items);
    // Another operator rejects records on the page already read; the next page must not shift.
    let withdrew = RejectRequest {
        reason: RejectReason::CentreWithdrew,
        note: None,
    };
    for row in &first.items[..5] {
        server
            .as_operator()
            .reject(row.id, row.version, &withdrew)
            .await
            .expect("the rejection is accepted");
    }
    let unchanged_world = viewer
        .exceptions(&ListQuery {
            limit: Some(40),
            ..ListQuery::default()
        })
        .await
        .unwrap();
    let expected: Vec<i64> = ids(&unchanged_world.items)
        .into_iter()
        .filter(|id| !seen.contains(id))
        .take(20)
        .collect();
    let second = viewer
        .exceptions(&ListQuery {
            cursor: Some(cursor),
            ..first_twenty
        })
        .await
        .unwrap();
    assert_eq!(ids(&second.items), expected);
}

#[tokio::test]
async fn text_search_finds_by_centre_and_treats_wildcards_literally() {
    let server = TestServer::start().await;
    let viewer = server.as_viewer();
    let academy = ListQuery {
        text: Some("Academy".into()),
        limit: Some(500),
        ..ListQuery::default()
    };
    let items = all_pages(&viewer, academy).await;
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| format!(
        "{} {} {} {}",
        i.uln.as_deref().unwrap_or_default(),
        i.given_name,
        i.family_name,
        i.centre
    )
    .contains("Academy")));
    let percent_signs = ListQuery {
        text: Some("%%".into()),
        ..ListQuery::default()
    };
    let none = viewer.exceptions(&percent_signs).await.unwrap();
    assert_eq!(none.items, []);
}

#[tokio::test]
async fn expensive_reads_wait_their_turn_and_never_starve_a_record_open() {
    let server = TestServer::start().await;
    let viewer = server.as_viewer();
    let record = server.open_record_of_kind("spelling").await;
    // Every slot for expensive reads is taken, as by a burst of queue loads.
    let slots = server.state.heavy_reads.clone();
    let taken = slots
        .acquire_many(slots.available_permits() as u32)
        .await
        .unwrap();
    // Raw: the typed client waits while the server is busy; this is what the server says.
    let (status, body) =
        common::raw_refusal(server.request(reqwest::Method::GET, "/exceptions", &server.viewer))
            .await;
    assert_eq!(
        (status, body.code),
        (503, uln_api::ErrorCode::Busy),
        "a queue page that cannot get a slot is told to retry, never a 500"
    );
    let waiting = tokio::spawn(async move { viewer.exceptions(&ListQuery::default()).await });
    server
        .as_viewer()
        .exception(record.id)
        .await
        .expect("a record still opens");
    drop(taken);
    let page = waiting
        .await
        .unwrap()
        .expect("the page once a slot is free");
    assert!(!page.items.is_empty());
}

#[tokio::test]
async fn a_search_longer_than_anyone_types_is_refused_naming_the_field_never_a_500() {
    let server = TestServer::start().await;
    let viewer = server.as_viewer();
    let longest = ListQuery {
        text: Some("é".repeat(200)),
        ..ListQuery::default()
    };
    viewer
        .exceptions(&longest)
        .await
        .expect("200 characters are searched");
    for length in [201, 2_000] {
        let too_long = ListQuery {
            text: Some("a".repeat(length)),
            ..ListQuery::default()
        };
        let (status, body) = common::refusal(viewer.exceptions(&too_long).await);
        assert_eq!(
            (status, body.code),
            (422, uln_api::ErrorCode::Invalid),
            "{length}"
        );
        assert!(body.fields.is_some_and(|f| f.contains_key("q")), "{length}");
    }
    // Longer than any URI of this API: refused before the route, still in JSON.
    let huge = ListQuery {
        text: Some("a".repeat(50_000)),
        ..ListQuery::default()
    };
    let (status, body) = common::refusal(viewer.exceptions(&huge).await);
    assert_eq!((status, body.code), (414, uln_api::ErrorCode::UriTooLong));
}

#[tokio::test]
async fn the_bearer_scheme_is_accepted_in_lower_case() {
    let server = TestServer::start().await;
    // Raw: the typed client always writes "Bearer"; other clients need not.
    let request = server
        .client
        .get(format!("{}/queues", server.base))
        .header("authorization", format!("bearer {}", server.viewer));
    let (status, body) = common::send(request).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
}
