//! What the queue tells masking (`crate::mask`): the names it may draw, and the row a reveal
//! shows.

use super::QueueScreen;
use crate::mask::{Personal, Revealable, Subject};

/// Rows either side of the cursor whose names masking looks for: more than any terminal is tall.
const MASK_WINDOW: usize = 300;

impl QueueScreen {
    /// The rows near the cursor: all a terminal can show, without reading a million rows a frame.
    pub(super) fn personal_near_cursor(&self, values: &mut Personal) {
        let from = self.cursor.saturating_sub(MASK_WINDOW);
        for row in self.visible_rows().skip(from).take(2 * MASK_WINDOW) {
            values
                .name(row.given_name())
                .name(row.family_name())
                .uln(row.uln());
        }
    }

    /// The selected row's record, for a reveal.
    pub(super) fn selected_revealable(&self) -> Option<Revealable> {
        let row = self.selected_row()?;
        let mut values = Personal::default();
        let born = row
            .date_of_birth()
            .map(|d| d.to_string())
            .unwrap_or_default();
        values.learner(
            Some(row.uln()),
            row.given_name(),
            row.family_name(),
            &born,
            None,
        );
        Some(Revealable {
            subject: Subject::Record(row.id()),
            values,
        })
    }
}
