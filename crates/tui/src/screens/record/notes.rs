//! The record's notes as the screen lists them (when, who, what, oldest first), and who holds
//! it with the message that came with the assignment.

use crate::theme::Theme;
use crate::view::london_time;
use jiff::Timestamp;
use ratatui::text::Line;
use uln_api::{ExceptionDetail, NoteView};

/// The notes' heading and lines; nothing at all on a record without notes, so the screen stays
/// as it was for the many records nobody has written on.
pub fn lines(d: &ExceptionDetail, theme: &Theme) -> Vec<Line<'static>> {
    if d.notes.is_empty() {
        return Vec::new();
    }
    let total = d.notes_total.max(d.notes.len() as i64);
    let heading = if total > d.notes.len() as i64 {
        format!(
            "Notes: latest {} of {total} (all in the audit trail)",
            d.notes.len()
        )
    } else {
        format!("Notes ({total}, N to add)")
    };
    let mut lines = vec![Line::styled(heading, theme.header())];
    lines.extend(d.notes.iter().map(note_line));
    lines.push(Line::from(""));
    lines
}

fn note_line(n: &NoteView) -> Line<'static> {
    let at =
        n.at.parse::<Timestamp>()
            .map(london_time)
            .unwrap_or_else(|_| n.at.clone());
    Line::from(format!("  {at}  {}  {}", n.operator, n.text))
}

/// Who holds the record, who gave it to them and when, and the message; nothing when nobody
/// holds it.
pub fn assignment(d: &ExceptionDetail, theme: &Theme) -> Vec<Line<'static>> {
    let Some(holder) = &d.assigned_to else {
        return Vec::new();
    };
    let mut text = format!("Assigned to {holder}");
    if let Some(a) = &d.assignment {
        let at =
            a.at.parse::<Timestamp>()
                .map(london_time)
                .unwrap_or_default();
        text.push_str(&format!(" by {}, {at}", a.by));
        if let Some(message) = &a.message {
            text.push_str(&format!(": {message}"));
        }
    }
    vec![Line::styled(text, theme.header()), Line::from("")]
}
