//! A console's side of a queue shared with the other consoles of its process: it is told each
//! time the queue moves on while loading, and takes the rows over (`QueueScreen::adopt`). Changes
//! need no telling: the shared queue takes each in before any console hears of it.

use crate::feed::queues::{QueueKey, SharedQueues};
use crate::message::Message;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

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
