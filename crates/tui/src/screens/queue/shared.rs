//! A queue shown from the rows shared by the consoles of an SSH server (`crate::feed::queues`)
//! rather than from pages of its own. The rows are taken over whole, never copied; this console's
//! filter, cursor and marks are its own and are found again over each new set of rows. Changes
//! are not applied here: the shared queue took each in before this console heard of it, so the
//! console only takes the rows again.

use super::QueueScreen;
use crate::feed::queues::{QueueKey, SharedQueue, Snapshot};
use crate::screens::queue::QueueRows;
use std::collections::HashMap;
use std::sync::Arc;
use uln_api::{ClientError, RecordFilter, SnoozeFilter};

impl QueueScreen {
    /// The key of the queue shown, if it is one consoles share (see `QueueKey::of`).
    pub fn shared_key(&self) -> Option<QueueKey> {
        let shareable = self.records == RecordFilter::Open
            && self.snoozed == SnoozeFilter::Awake
            && self.mine.is_none();
        shareable.then(|| QueueKey {
            queue: self.queue_name(),
            sort: self.sort,
            descending: self.descending,
        })
    }

    /// Whether the rows shown are the shared queue's very own (for tests and measurements).
    pub fn shares_rows_with(&self, queue: &SharedQueue) -> bool {
        self.rows.shares_storage_with(&queue.snapshot().rows)
    }

    /// The shared queue asked for with `generation` moved on (or is first heard of): its rows
    /// are taken over. Why its load failed, if it did.
    pub fn adopt(&mut self, generation: u64, queue: Arc<SharedQueue>) -> Option<ClientError> {
        if generation != self.generation {
            return None;
        }
        self.sharing = true;
        let snapshot = queue.snapshot();
        self.shared = Some(queue);
        self.take_snapshot(snapshot)
    }

    /// A change heard of, if this console shows a shared queue: Some(whether the record left the
    /// queue shown). None if the queue is this console's own, which applies the change itself.
    pub(super) fn shared_change(&mut self, id: i64) -> Option<bool> {
        if !self.sharing {
            return None;
        }
        let key = self.shared_key()?;
        if self.shared.as_ref().is_none_or(|q| *q.key() != key) {
            // The queue asked for is still to come, with this change in it.
            return Some(false);
        }
        let was = self.rows.position(id);
        let snapshot = self.shared.as_ref()?.snapshot();
        if snapshot.changes == self.shared_changes + 1 && !self.replacing {
            self.take_one_change(id, was, snapshot);
        } else {
            // Several changes at once (or pages): the rows are taken over whole.
            let _ = self.take_snapshot(snapshot);
        }
        Some(was.is_some() && self.rows.position(id).is_none())
    }

    /// The shared rows moved on by exactly the change to record `id`, which was at `was`: the
    /// rows shown follow it as a queue of its own follows a change (`shown_without`,
    /// `shown_with`), rather than being found again among all the rows. A row that left before
    /// the cursor and came back after it is found by its record too.
    fn take_one_change(&mut self, id: i64, was: Option<usize>, snapshot: Snapshot) {
        self.shared_changes = snapshot.changes;
        self.loading = snapshot.loading;
        if self.rows.shares_storage_with(&snapshot.rows) {
            return;
        }
        if let Some(at) = was {
            self.shown_without(at);
        }
        self.rows = snapshot.rows;
        if let Some(at) = self.rows.position(id) {
            self.shown_with(at);
        }
        self.after_change();
    }

    /// Another queue is asked for: the shared one shown is let go, so that it is freed once no
    /// console shows it.
    pub(super) fn let_go_of_shared(&mut self) {
        if self.shared.as_ref().map(|q| q.key()) != self.shared_key().as_ref() {
            self.shared = None;
        }
    }

    fn take_snapshot(&mut self, snapshot: Snapshot) -> Option<ClientError> {
        if self.replacing && snapshot.loading && snapshot.rows.is_empty() {
            // Nothing loaded yet: the rows shown stay readable until the first page comes.
            return None;
        }
        self.replacing = false;
        self.loading = snapshot.loading;
        self.shared_changes = snapshot.changes;
        self.touched.clear();
        self.take_rows(snapshot.rows);
        snapshot.failed
    }

    /// Shows `rows` in place of the rows shown, with this console's filter and cursor.
    fn take_rows(&mut self, rows: QueueRows) {
        if self.rows.shares_storage_with(&rows) {
            return;
        }
        let filtered = !self.filter.trim().is_empty();
        if filtered && rows.len() >= self.inline_filter_below {
            // The filter runs in the background: until it answers, the matches shown are the
            // last ones, found again among the new rows by record.
            let at: HashMap<i64, usize> = (0..rows.len()).map(|i| (rows.id(i), i)).collect();
            let matches = self.visible.iter().map(|&row| self.rows.id(row));
            self.visible = matches.filter_map(|id| at.get(&id).copied()).collect();
            self.rows = rows;
            self.restore_cursor();
        } else {
            self.rows = rows;
        }
        self.refilter();
    }
}
