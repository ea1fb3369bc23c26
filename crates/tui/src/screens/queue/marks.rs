//! Marking queue rows for a bulk action: one row, the range from the last mark, or every row
//! shown. Marks are record ids, so they follow the records as rows come and go; a record that
//! leaves the queue leaves the group.

use super::QueueScreen;
use crate::keymap::{Action, Keymap};
use crate::layer::Component;
use crate::screens::help;
use std::collections::BTreeSet;
use uln_api::BulkRecord;

#[derive(Debug, Default, Clone)]
pub struct Marks {
    ids: BTreeSet<i64>,
    /// Where the next range starts.
    last: Option<i64>,
}

impl QueueScreen {
    pub fn marked(&self) -> usize {
        self.marks.ids.len()
    }

    pub fn is_marked(&self, id: i64) -> bool {
        self.marks.ids.contains(&id)
    }

    pub fn clear_marks(&mut self) {
        self.marks = Marks::default();
    }

    pub(super) fn on_mark(&mut self, action: Action) {
        match action {
            Action::Mark => self.toggle_mark(),
            Action::MarkRange => self.mark_range(),
            _ => self.mark_all(),
        }
    }

    /// With rows marked, the footer starts with how many.
    pub(super) fn footer_with_marks(&self, keymap: &Keymap) -> String {
        let keys = help::footer(self.keys(), self.context(), keymap);
        match self.marked() {
            0 => keys,
            n => format!("{n} marked · {keys}"),
        }
    }

    /// Marks (or unmarks) these records, as a grouped view asks.
    pub fn set_marks(&mut self, ids: &[i64], on: bool) {
        for id in ids {
            if on {
                self.marks.ids.insert(*id);
            } else {
                self.marks.ids.remove(id);
            }
        }
    }

    /// Marks or unmarks the row under the cursor.
    pub fn toggle_mark(&mut self) {
        let Some(id) = self.selected else {
            return;
        };
        if !self.marks.ids.remove(&id) {
            self.marks.ids.insert(id);
            self.marks.last = Some(id);
        }
    }

    /// Marks every row shown from the last mark to the cursor (just the cursor's without one).
    pub fn mark_range(&mut self) {
        let Some(id) = self.selected else {
            return;
        };
        let from = self
            .marks
            .last
            .and_then(|last| self.visible_ids().position(|v| v == last))
            .unwrap_or(self.cursor);
        let (start, end) = (from.min(self.cursor), from.max(self.cursor));
        let range: Vec<i64> = self
            .visible_ids()
            .skip(start)
            .take(end + 1 - start)
            .collect();
        self.marks.ids.extend(range);
        self.marks.last = Some(id);
    }

    /// Marks every row shown; when they are all marked already, clears the marks.
    pub fn mark_all(&mut self) {
        let shown: Vec<i64> = self.visible_ids().collect();
        if !shown.is_empty() && shown.iter().all(|id| self.marks.ids.contains(id)) {
            self.clear_marks();
        } else {
            self.marks.ids.extend(shown);
        }
    }

    /// The marked records still in the queue in its order, at the versions it holds, or the
    /// selected record alone when nothing is marked.
    pub fn bulk_records(&self) -> Vec<BulkRecord> {
        let at = |row: super::ExceptionRow<'_>| BulkRecord {
            id: row.id(),
            version: row.version(),
        };
        if self.marks.ids.is_empty() {
            return self.selected_row().map(at).into_iter().collect();
        }
        (0..self.rows.len())
            .map(|i| self.rows.get(i))
            .filter(|row| self.marks.ids.contains(&row.id()))
            .map(at)
            .collect()
    }
}
