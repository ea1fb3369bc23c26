//! Keeping the queue in step with the backend without asking it again: pages as they arrive, and
//! each change event's row put in its place, moved, or taken out. A change costs a console no
//! request; the counts of every queue come on the event stream too.
//!
//! While pages are still loading, an event may overtake a page asked for before it. So the
//! events since the load began are remembered by record (`Touched`): a page's row no newer than
//! what an event said is dropped, and a row an event placed beyond the pages loaded so far is
//! merged with the pages that follow, never lost or listed twice.

use super::rows::{Entry, ExceptionRow};
use super::QueueScreen;
use crate::message::Effect;
use uln_api::{
    ChangeAction, ChangeEvent, ExceptionSummary, Queue, RecordFilter, RecordStatus, SnoozeFilter,
};

/// What the event stream said about a record since the queue began loading.
#[derive(Debug, Clone)]
pub(super) struct Touched {
    version: i64,
    /// The row, if it belongs to the queue shown after the change.
    row: Option<ExceptionSummary>,
}

impl QueueScreen {
    /// Whether `row` is listed in the queue shown: open, and in `all` or with the queue's anomaly.
    fn belongs(&self, row: &ExceptionSummary) -> bool {
        let queue = self.queue_name().and_then(|name| Queue::from_wire(&name));
        // `:mine` lists the operator's own: a record given to someone else leaves it.
        let mine = self
            .mine
            .as_ref()
            .is_none_or(|me| row.assigned_to.as_deref() == Some(me.as_str()));
        mine && row.status == RecordStatus::Open
            && match queue {
                None | Some(Queue::All) => true,
                Some(Queue::Kind(kind)) => row.anomalies.contains(&kind),
            }
    }

    /// Brings the queue up to date with a change made anywhere. True if the record left it.
    pub fn apply_change(&mut self, change: &ChangeEvent) -> bool {
        let id = change.record_id;
        if let Some(left) = self.shared_change(id) {
            return left;
        }
        if self.records != RecordFilter::Open || self.snoozed != SnoozeFilter::Awake {
            // Events carry rows of open records only; the all-records view asks again instead
            // (see `needs_reload_for`).
            return false;
        }
        // A snoozed record leaves the queue until its time; waking brings its row back.
        let row = change
            .row
            .as_ref()
            .filter(|r| self.belongs(r) && change.action != ChangeAction::Snoozed);
        // Without a row an open record cannot be placed (a server from before rows were sent on
        // events); its place is left as it was.
        let snoozed = change.action == ChangeAction::Snoozed;
        if row.is_none() && change.row.is_none() && change.status == RecordStatus::Open && !snoozed
        {
            return false;
        }
        if self.loading {
            let touched = Touched {
                version: change.version,
                row: row.cloned(),
            };
            self.touched.insert(id, touched);
        }
        match row {
            Some(row) => {
                self.upsert(row);
                false
            }
            None => self.remove_older(id, change.version),
        }
    }

    /// Whether a change to record `id` means the all-records view must be asked for again: it
    /// lists records whose closing no event row describes.
    pub fn needs_reload_for(&self, id: i64) -> bool {
        let own_view = self.records == RecordFilter::Open && self.snoozed == SnoozeFilter::Awake;
        !own_view && self.rows.position(id).is_some()
    }

    /// Puts `row` in its place in the queue's order, replacing an older version of it.
    pub fn upsert(&mut self, row: &ExceptionSummary) {
        if let Some(at) = self.rows.position(row.id) {
            if self.rows.get(at).version() >= row.version {
                return;
            }
            self.remove_at(at);
        }
        let (entry, text) = Entry::from_summary(row);
        let at = self
            .rows
            .insertion_point(self.order(), ExceptionRow::new(&entry, &text));
        self.rows.insert(at, entry, &text);
        self.shown_with(at);
        self.after_change();
    }

    /// A row came in at `at`: the rows shown from there on are the same records one further
    /// down, and the new one is shown where it ranks if it matches. Not while a filter runs: that
    /// numbers rows as they were, and is asked again (`after_change`).
    pub(super) fn shown_with(&mut self, at: usize) {
        for row in &mut self.visible {
            if *row >= at {
                *row += 1;
            }
        }
        if self.filter_running {
            return;
        }
        let place = if self.filtered_for.is_empty() {
            Some(self.visible.partition_point(|&row| row < at))
        } else {
            self.rows
                .search()
                .place_in(&self.visible, at, &self.filtered_for)
        };
        if let Some(place) = place {
            self.visible.insert(place, at);
        }
    }

    /// The row at `at` is gone: the matches stay matches, and those after it move up by one. So
    /// even while a filter runs, every row shown is still there.
    pub(super) fn shown_without(&mut self, at: usize) {
        self.visible.retain(|&row| row != at);
        for row in &mut self.visible {
            if *row > at {
                *row -= 1;
            }
        }
    }

    /// After rows came or went: a running filter, which numbers rows as they were, is asked
    /// again; otherwise the cursor finds its record.
    pub(super) fn after_change(&mut self) {
        if self.filter_running {
            self.refilter();
        } else {
            self.restore_cursor();
        }
    }

    /// Takes record `id` out unless what the queue holds is newer than `version`.
    fn remove_older(&mut self, id: i64, version: i64) -> bool {
        match self.rows.position(id) {
            Some(at) if self.rows.get(at).version() <= version => {
                self.remove_at(at);
                true
            }
            _ => false,
        }
    }

    /// Takes record `id` out of the queue; false if it was not in it.
    pub fn remove(&mut self, id: i64) -> bool {
        let Some(at) = self.rows.position(id) else {
            return false;
        };
        self.remove_at(at);
        true
    }

    fn remove_at(&mut self, at: usize) {
        self.rows.remove(at);
        self.shown_without(at);
        self.after_change();
    }

    /// Adds a loaded page; asks for the next one if there is more. Pages are asked for in the
    /// order shown, so a page goes after the rows already loaded; only rows events put beyond
    /// them are merged with it.
    pub fn add_page(
        &mut self,
        items: Vec<ExceptionSummary>,
        next: Option<String>,
    ) -> Option<Effect> {
        let replacing = std::mem::take(&mut self.replacing);
        if replacing {
            self.rows.clear();
            self.visible.clear();
        }
        let page: Vec<(Entry, String)> = self
            .not_overtaken(items)
            .iter()
            .map(Entry::from_summary)
            .collect();
        let tail = if replacing {
            // Rows events brought since the reload began, which its pages may lack.
            let mut early: Vec<(Entry, String)> = self
                .touched
                .values()
                .filter_map(|t| t.row.as_ref())
                .map(Entry::from_summary)
                .collect();
            let order = self.order();
            early.sort_by(|a, b| order.compare(&view(a), &view(b)));
            early
        } else {
            let from = page.first().map_or(self.rows.len(), |first| {
                self.rows.insertion_point(self.order(), view(first))
            });
            self.rows.split_off(from)
        };
        let from = self.rows.len();
        let moved = !tail.is_empty();
        self.merge(page, tail);
        if replacing || (self.filter_running && moved) {
            // The running filter numbers rows as they were: ask again.
            self.refilter();
        } else {
            // `visible` is for `filtered_for`, which a running filter has not replaced yet; rows
            // from `from` on are new or moved, and tested here.
            self.visible.retain(|&row| row < from);
            self.visible.extend(from..self.rows.len());
            if !self.filtered_for.is_empty() {
                // Ranked, so the new rows may go anywhere among the matches.
                let candidates = std::mem::take(&mut self.visible);
                self.visible = self
                    .rows
                    .search()
                    .filter_among(&candidates, &self.filtered_for);
            }
            self.restore_cursor();
        }
        match next {
            Some(cursor) => Some(self.page_after(cursor)),
            None => {
                self.loading = false;
                self.touched.clear();
                None
            }
        }
    }

    /// A page's rows, less those an event since the load began has overtaken. A row newer than
    /// the event replaces what the event put in the queue.
    fn not_overtaken(&mut self, items: Vec<ExceptionSummary>) -> Vec<ExceptionSummary> {
        if self.touched.is_empty() {
            return items;
        }
        let mut fresh = Vec::with_capacity(items.len());
        for item in items {
            match self.touched.get(&item.id) {
                Some(t) if t.version >= item.version => continue,
                Some(_) => {
                    self.touched.remove(&item.id);
                    self.remove(item.id);
                }
                None => {}
            }
            fresh.push(item);
        }
        fresh
    }

    /// Appends two runs of rows, each in the queue's order, merged into that order.
    fn merge(&mut self, page: Vec<(Entry, String)>, tail: Vec<(Entry, String)>) {
        let order = self.order();
        let mut page = page.into_iter().peekable();
        let mut tail = tail.into_iter().peekable();
        loop {
            let take_page = match (page.peek(), tail.peek()) {
                (Some(p), Some(t)) => order.compare(&view(p), &view(t)).is_le(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_page { page.next() } else { tail.next() };
            if let Some((entry, text)) = next {
                self.rows.push(entry, &text);
            }
        }
    }
}

fn view((entry, text): &(Entry, String)) -> ExceptionRow<'_> {
    ExceptionRow::new(entry, text)
}
