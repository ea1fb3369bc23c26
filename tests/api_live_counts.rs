//! What a console keeps itself up to date from, without asking after each change: change events
//! that carry the record's queue row, and queue counts that follow every change.

mod common;

use common::{next_on_stream, registered_29_days_ago, suggested_amendment, Options, TestServer};
use futures_util::Stream;
use std::pin::Pin;
use std::time::Duration;
use uln_api::{
    ChangeAction, ChangeEvent, ExceptionSummary, ListQuery, QueueList, RecordStatus,
    RegistrationBatch, StreamEvent,
};

type Events = Pin<Box<dyn Stream<Item = StreamEvent> + Send>>;

async fn change(events: &mut Events, id: i64, action: ChangeAction) -> ChangeEvent {
    next_on_stream(
        &mut events.as_mut(),
        &format!("{action} of #{id}"),
        |e| match e {
            StreamEvent::Change(c) if c.record_id == id && c.action == action => Some(c),
            _ => None,
        },
    )
    .await
}

async fn counts(events: &mut Events) -> QueueList {
    next_on_stream(&mut events.as_mut(), "queue counts", |e| match e {
        StreamEvent::Queues(list) => Some(list),
        _ => None,
    })
    .await
}

/// The counts the stream sent after a change are those a recount gives.
async fn counts_follow(server: &TestServer, events: &mut Events) {
    let sent = counts(events).await;
    let recounted = server.as_viewer().queues().await.expect("the counts");
    assert_eq!(sent, recounted, "the counts sent equal a recount");
}

/// The queue row the list gives for record `id`.
async fn listed_row(server: &TestServer, id: i64) -> ExceptionSummary {
    let query = ListQuery {
        limit: Some(10_000),
        ..ListQuery::default()
    };
    let page = server.as_viewer().exceptions(&query).await.expect("a page");
    page.items
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("#{id} is not listed"))
}

#[tokio::test]
async fn a_change_carries_the_row_and_fresh_counts_follow_it() {
    let server = TestServer::start_with(Options {
        expiry_interval: Duration::from_millis(200),
        ..Options::default()
    })
    .await;
    let mut events: Events = Box::pin(server.as_viewer().events().await.expect("the stream"));

    // An amendment that resolves the record: it leaves the queues, so no row.
    let spelling = server.open_record_of_kind("spelling").await;
    let operator = server.as_operator();
    let detail = operator.exception(spelling.id).await.expect("the record");
    let fix = suggested_amendment(&detail);
    operator
        .amend(spelling.id, spelling.version, &fix, None)
        .await
        .expect("the amendment is accepted");
    let resolved = change(&mut events, spelling.id, ChangeAction::Amended).await;
    assert_eq!(
        (resolved.status, resolved.row),
        (RecordStatus::Resolved, None)
    );
    counts_follow(&server, &mut events).await;

    // Reopened by a supervisor, it is back in the queues: the event carries its row.
    server
        .as_supervisor()
        .reopen(
            spelling.id,
            resolved.version,
            Some("amended the wrong field"),
        )
        .await
        .expect("reopened");
    let reopened = change(&mut events, spelling.id, ChangeAction::Reopened).await;
    assert_eq!(reopened.row, Some(listed_row(&server, spelling.id).await));
    counts_follow(&server, &mut events).await;

    // New registrations join the queues: each event carries the row the list shows.
    let learner = server.learner_as_submitted().await;
    let shouting = uln_api::RegistrationSubmission {
        family_name: learner.family_name.to_uppercase() + "X",
        ..learner.clone()
    };
    let late = registered_29_days_ago(shouting.clone());
    let batch = RegistrationBatch {
        registrations: vec![shouting, late],
    };
    let results = operator.submit_registrations(&batch).await.expect("stored");
    let fresh = results.results[0].id.expect("an exception");
    let created = change(&mut events, fresh, ChangeAction::Created).await;
    assert_eq!(created.row, Some(listed_row(&server, fresh).await));
    counts_follow(&server, &mut events).await;

    // The late one expires under the four-week rule: it leaves the queues.
    let overdue = results.results[1].id.expect("an exception");
    let expired = change(&mut events, overdue, ChangeAction::Expired).await;
    assert_eq!((expired.status, expired.row), (RecordStatus::Expired, None));
    counts_follow(&server, &mut events).await;
}
