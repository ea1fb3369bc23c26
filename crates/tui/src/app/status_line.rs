//! The status bar: where the console is connected, what just happened, and the undo countdown.

use super::App;
use crate::columns;
use crate::view::london_time;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

const SEPARATOR: &str = " · ";

impl App {
    /// Where the console is connected and what just happened, as much as fits whole in `room`
    /// cells: the notice and the DEMO badge first, then whether online, then the rest.
    pub(super) fn status_line(&self, room: usize) -> Line<'static> {
        let c = &self.connection;
        let mut parts: Vec<(u8, Span<'static>)> = Vec::new();
        let state = if c.online {
            Span::raw("● online")
        } else {
            Span::styled("○ OFFLINE, retrying", self.theme.error())
        };
        parts.push((4, Span::raw(c.backend.clone())));
        parts.push((3, Span::raw(c.operator.clone())));
        let online_width = state.width() + columns::width(SEPARATOR);
        parts.push((1, state));
        if let Some(t) = c.last_update {
            parts.push((2, Span::raw(format!("updated {}", london_time(t)))));
        }
        parts.extend(self.register_part());
        let undo = self.undo_part();
        // The notice leaves room for the undo countdown too: the key is no use unseen.
        let sep = columns::width(SEPARATOR);
        let online_width = online_width + undo.as_ref().map_or(0, |u| u.width() + sep);
        let badge = self.badge();
        let badge_width = badge.as_ref().map_or(0, |b| b.width() + 1);
        let room = room.saturating_sub(badge_width);
        if let Some(n) = &self.notice {
            // A notice longer than the line keeps its first words rather than being left out,
            // and leaves room for whether the console is online.
            let text = columns::fit_words(&n.text, room.saturating_sub(online_width));
            let style = if n.error {
                self.theme.error()
            } else {
                Style::new()
            };
            parts.push((0, Span::styled(text, style)));
        }
        parts.extend(undo.map(|u| (0, u)));
        let measured: Vec<(u8, usize)> = parts.iter().map(|(p, s)| (*p, s.width())).collect();
        let kept = columns::keep_by_priority(&measured, columns::width(SEPARATOR), room);
        let mut spans: Vec<Span<'static>> = badge.into_iter().collect();
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        let mut first = true;
        for ((_, part), kept) in parts.into_iter().zip(kept) {
            if kept {
                if !first {
                    spans.push(Span::raw(SEPARATOR));
                }
                spans.push(part);
                first = false;
            }
        }
        Line::from(spans)
    }
}
