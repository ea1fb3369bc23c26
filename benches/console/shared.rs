//! What a change costs when consoles share one queue (the SSH server's sessions): the shared
//! queue takes it in once (copying its rows if sessions hold them, which they always do), then
//! each session takes the new rows over and finds its cursor and filter again.

use super::{app_with, median, ms};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uln_api::{ChangeAction, ChangeEvent, RecordStatus, SortKey};
use uln_tui::app::App;
use uln_tui::feed::queues::{QueueKey, SharedQueue};
use uln_tui::message::Message;

const SESSIONS: usize = 20;

fn rejected(id: i64) -> ChangeEvent {
    ChangeEvent {
        record_id: id,
        status: RecordStatus::Rejected,
        version: i64::MAX,
        operator: "bench".into(),
        action: ChangeAction::Rejected,
        row: None,
    }
}

fn showing(queue: &Arc<SharedQueue>, n: usize) -> App {
    // An app over a tiny queue of its own, then given the shared one.
    let mut app = app_with(n.min(10));
    let generation = app.queue.generation;
    app.on_message(Message::SharedQueue {
        generation,
        queue: queue.clone(),
        claims: Vec::new(),
    });
    app
}

pub fn change_cost(n: usize) {
    let key = QueueKey {
        queue: None,
        sort: SortKey::Deadline,
        descending: false,
    };
    let queue = SharedQueue::loaded_with(key, super::synthetic::rows(n));
    let mut sessions: Vec<App> = (0..SESSIONS).map(|_| showing(&queue, n)).collect();
    // One session in four has a filter typed (it runs in the background over big queues).
    for app in sessions.iter_mut().step_by(4) {
        app.queue.set_filter("smith".into());
        if let Some(result) = app.queue.take_filter_job().and_then(|job| job.run()) {
            app.queue.filtered(result);
        }
    }
    let (mut shared, mut plain, mut filtered) = (Vec::new(), Vec::new(), Vec::new());
    for step in 0..5 {
        let id = sessions[1]
            .queue
            .visible_ids()
            .nth(n / 7 * step + 3)
            .expect("row");
        let change = rejected(id);
        let t = Instant::now();
        queue.apply(&change);
        shared.push(t.elapsed());
        for (i, app) in sessions.iter_mut().enumerate() {
            let t = Instant::now();
            app.on_message(Message::Change(change.clone()));
            let took = t.elapsed();
            if i % 4 == 0 {
                filtered.push(took)
            } else {
                plain.push(took)
            }
        }
    }
    let all: Duration = plain.iter().chain(&filtered).sum::<Duration>() / 5;
    println!(
        "shared {n:>9} rows, {SESSIONS} sessions: a change into the shared queue {} (median of 5)",
        ms(median(shared))
    );
    println!(
        "shared {n:>9} rows: each session takes it over {} unfiltered, {} with a filter (medians)",
        ms(median(plain)),
        ms(median(filtered))
    );
    println!(
        "shared {n:>9} rows: all {SESSIONS} sessions together {} a change",
        ms(all)
    );
}
