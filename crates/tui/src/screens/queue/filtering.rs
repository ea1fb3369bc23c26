//! Narrowing the queue as the filter is typed: at once for a small queue, in the background for
//! a big one, and by narrowing the last result when the pattern only grew.

use super::QueueScreen;
use crate::search::{FilterJob, Filtered};
use std::sync::atomic::Ordering;

impl QueueScreen {
    /// Recomputes `visible` for the current filter: by narrowing the last result when the pattern
    /// only grew, else by a scan of every row. Matches come best first (see `search`); rows that
    /// match equally well keep the queue's order (soonest deadline first by default), which in a
    /// triage queue is the point.
    pub(super) fn refilter(&mut self) {
        let pattern = self.filter.trim().to_owned();
        if pattern.is_empty() {
            self.settle_filter(pattern, (0..self.rows.len()).collect());
        } else if self.rows.len() < self.inline_filter_below {
            let visible = self.rows.search().filter_from(0, &pattern);
            self.settle_filter(pattern, visible);
        } else {
            self.start_filter(pattern, None);
        }
    }

    /// A filter result is in: it replaces whatever an older filter would have said.
    fn settle_filter(&mut self, pattern: String, visible: Vec<usize>) {
        self.filter_latest.fetch_add(1, Ordering::Relaxed);
        self.filter_job = None;
        self.filter_running = false;
        self.visible = visible;
        self.filtered_for = pattern;
        self.restore_cursor();
    }

    /// Leaves the filter to a background job; until it answers, the rows for the last pattern
    /// stay on screen.
    fn start_filter(&mut self, pattern: String, among: Option<Vec<usize>>) {
        self.filter_job = Some(FilterJob::new(
            pattern,
            self.rows.search().clone(),
            among,
            self.filter_latest.clone(),
        ));
        self.filter_running = true;
    }

    /// The background filter the app should start, if one was asked for since the last call.
    pub fn take_filter_job(&mut self) -> Option<FilterJob> {
        self.filter_job.take()
    }

    /// A background filter finished. Ignored unless it is the newest; rows that arrived while
    /// it ran are tested here.
    pub fn filtered(&mut self, result: Filtered) {
        if result.generation != self.filter_latest.load(Ordering::Relaxed) {
            return;
        }
        let mut visible = result.visible;
        if result.upto < self.rows.len() {
            // The rows that came meanwhile take their places in the ranking.
            visible.extend(result.upto..self.rows.len());
            visible = self.rows.search().filter_among(&visible, &result.pattern);
        }
        self.settle_filter(result.pattern, visible);
    }

    /// The filter text changed: the cursor goes to the first match.
    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.selected = None;
        self.cursor = 0;
        self.offset = 0;
        let pattern = self.filter.trim().to_owned();
        let grew = !self.filtered_for.is_empty() && pattern.starts_with(&self.filtered_for);
        if !grew {
            self.refilter();
        } else if self.visible.len() < self.inline_filter_below {
            // Every row matching the longer pattern matched the shorter one.
            let visible = self.rows.search().filter_among(&self.visible, &pattern);
            self.settle_filter(pattern, visible);
        } else {
            self.start_filter(pattern, Some(self.visible.clone()));
        }
    }
}
