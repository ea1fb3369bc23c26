//! A console's side of a queue shared with the other consoles of its process: it is told each
//! time the queue moves on while loading, and takes the rows over (`QueueScreen::adopt`). Changes
//! need no telling: the shared queue takes each in before any console hears of it.

use crate::feed::queues::{QueueKey, SharedQueues};
use crate::message::{Effect, Message};
use crate::screens::queue::page_size;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use uln_api::ListQuery;

/// Passes on the queue for `key` as it loads, until the console asks for another (the task is
/// then aborted) or goes away.
pub(super) async fn follow(
    queues: Arc<SharedQueues>,
    key: QueueKey,
    generation: u64,
    tx: UnboundedSender<Message>,
) {
    let queue = queues.queue(key);
    let mut loaded = queue.loaded();
    loop {
        loaded.mark_unchanged();
        let message = Message::SharedQueue {
            generation,
            queue: queue.clone(),
            claims: queues.live_claims(),
        };
        if tx.send(message).is_err() || loaded.changed().await.is_err() {
            return;
        }
    }
}

/// The request for the queue page `effect` asks for (an empty one for any other effect).
pub(crate) fn list_query(effect: &Effect) -> ListQuery {
    let Effect::LoadPage {
        queue,
        cursor,
        sort,
        descending,
        records,
        snoozed,
        assigned_to,
        ..
    } = effect
    else {
        return ListQuery::default();
    };
    ListQuery {
        limit: Some(page_size(cursor.as_deref())),
        records: (*records != uln_api::RecordFilter::Open).then_some(*records),
        snoozed: (*snoozed != uln_api::SnoozeFilter::Awake).then_some(*snoozed),
        queue: queue.clone(),
        cursor: cursor.clone(),
        sort: Some(sort.name().to_owned()),
        descending: *descending,
        assigned_to: assigned_to.clone(),
        ..ListQuery::default()
    }
}
