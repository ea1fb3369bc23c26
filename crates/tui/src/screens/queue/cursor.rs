//! Where the queue's cursor is, and keeping it on the record it was on as rows come and go;
//! the next and previous record for the record screen; a click on a row.

use super::QueueScreen;
use crate::layer::Intent;

impl QueueScreen {
    /// The ids in the order shown, for moving to the next or previous record from the record screen.
    pub fn neighbour(&self, id: i64, step: isize) -> Option<i64> {
        let at = self.visible.iter().position(|&row| self.rows.id(row) == id);
        let target = match at {
            Some(at) => at.checked_add_signed(step)?,
            // The record left the queue (resolved, say) while it was open: the cursor stayed
            // where it was, on the record that took its place, which is therefore the next one.
            None if step > 0 => self.cursor.checked_add_signed(step - 1)?,
            None => self.cursor.checked_add_signed(step)?,
        };
        self.visible.get(target).map(|&row| self.rows.id(row))
    }

    /// Puts the cursor on record `id` if it is shown.
    pub fn select(&mut self, id: i64) {
        self.selected = Some(id);
        self.restore_cursor();
    }

    /// Re-sorts all rows by the current column, then re-filters.
    pub fn refresh_view(&mut self) {
        self.rows.sort(self.order());
        self.refilter();
    }

    pub(super) fn restore_cursor(&mut self) {
        self.cursor = self
            .selected
            .and_then(|id| self.visible.iter().position(|&row| self.rows.id(row) == id))
            .unwrap_or_else(|| self.cursor.min(self.visible.len().saturating_sub(1)));
        self.selected = self.selected_row().map(|r| r.id());
        self.keep_cursor_visible();
    }

    pub(super) fn move_cursor(&mut self, to: usize) {
        self.cursor = to.min(self.visible.len().saturating_sub(1));
        self.selected = self.selected_row().map(|r| r.id());
        self.keep_cursor_visible();
    }

    pub(super) fn keep_cursor_visible(&mut self) {
        // Never scroll past the end: a shorter list (after filtering, say) still fills the page.
        self.offset = self
            .offset
            .min(self.visible.len().saturating_sub(self.page_height));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + self.page_height {
            self.offset = self.cursor + 1 - self.page_height;
        }
    }

    /// A click at a cell of the terminal: on a row, selects it; on the row already selected,
    /// opens it, so a double click opens the row it lands on.
    pub fn click(&mut self, column: u16, row: u16) -> Vec<Intent> {
        let area = self.rows_area;
        let inside = (area.x..area.x.saturating_add(area.width)).contains(&column)
            && (area.y..area.y.saturating_add(area.height)).contains(&row);
        let at = self.offset + usize::from(row.saturating_sub(area.y));
        if !inside || at >= self.visible.len() {
            return Vec::new();
        }
        if at == self.cursor && self.selected.is_some() {
            return self.selected.map(Intent::OpenRecord).into_iter().collect();
        }
        self.move_cursor(at);
        Vec::new()
    }
}
