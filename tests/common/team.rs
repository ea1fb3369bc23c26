//! Helpers for the assignment and handover tests: colleagues with tokens of their own, records
//! to give them, and what each lists as theirs.

use super::TestServer;
use jiff::{SignedDuration, Timestamp};
use uln_api::{ApiClient, ListQuery};
use uln_server::store::{Registration, Role};

/// A colleague with a token of their own.
pub async fn colleague(server: &TestServer, name: &str, role: Role) -> ApiClient {
    let token = uln_server::auth::new_token().expect("a token");
    let hash = uln_server::auth::hash_token(&token);
    server
        .state
        .store
        .add_operator(name, role, &hash)
        .await
        .expect("the operator is added");
    server.client(&token)
}

/// Open records whose deadline is further than `days` away (so a snooze is not cut), by id.
pub async fn open_records(server: &TestServer, days: i64, n: usize) -> Vec<Registration> {
    let later = Timestamp::now() + SignedDuration::from_hours(24 * days);
    let mut found = server.open_records_of_kind("spelling").await;
    found.retain(|r| r.deadline > later);
    assert!(
        found.len() >= n,
        "{n} open records {days} days from their deadline"
    );
    found.truncate(n);
    found
}

/// The ids `client` lists as its own ("mine"), following every page of `limit`.
pub async fn mine(client: &ApiClient, limit: u32) -> Vec<i64> {
    let mut query = ListQuery {
        assigned_to: Some("me".into()),
        limit: Some(limit),
        ..ListQuery::default()
    };
    let mut ids = Vec::new();
    loop {
        let page = client.exceptions(&query).await.expect("a page of mine");
        ids.extend(page.items.iter().map(|r| r.id));
        match page.next_cursor {
            Some(cursor) => query.cursor = Some(cursor),
            None => return ids,
        }
    }
}

pub async fn assign_to(client: &ApiClient, r: &Registration, to: &str) -> i64 {
    let detail = client.assign(r.id, r.version, Some(to), None).await;
    detail.expect("assigned").version
}
