//! How the queue screen looks: the queues with their counts beside the current queue's table,
//! building only the rows on screen.

use super::ExceptionRow;
use super::QueueScreen;
use crate::theme::{band_symbol, Theme};
use crate::view::{countdown, london_day};
use fuzzy_matcher::FuzzyMatcher;
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, StatefulWidget, Table, Widget};
use uln_domain::DeadlineBand;

pub struct QueueView<'a> {
    pub theme: &'a Theme,
    pub now: Timestamp,
    /// The filter line is open: show its caret.
    pub typing_filter: bool,
}

/// Stateful because the table's height decides the page size and scroll offset.
impl StatefulWidget for QueueView<'_> {
    type State = QueueScreen;

    fn render(self, area: Rect, buf: &mut Buffer, queue: &mut QueueScreen) {
        let [queues_area, table_area] =
            Layout::horizontal([Constraint::Length(30), Constraint::Min(40)]).areas(area);
        self.queues(queue).render(queues_area, buf);
        self.table(queue, table_area, buf);
    }
}

impl QueueView<'_> {
    fn queues(&self, queue: &QueueScreen) -> Paragraph<'static> {
        let theme = self.theme;
        let lines: Vec<Line> = queue
            .queues
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let marker = if i == queue.queue_index { "▶ " } else { "  " };
                let style = if i == queue.queue_index {
                    theme.selected()
                } else {
                    Style::new()
                };
                let urgent = if q.overdue + q.due_within_48h > 0 {
                    format!(" !{}", q.overdue + q.due_within_48h)
                } else {
                    String::new()
                };
                Line::from(vec![
                    Span::styled(format!("{marker}{:<17}", q.queue.label()), style),
                    Span::raw(format!("{:>5}", q.open)),
                    Span::styled(urgent, theme.band(DeadlineBand::Under48h)),
                ])
            })
            .collect();
        let block = Block::default().borders(Borders::ALL).title(" Queues ");
        Paragraph::new(lines).block(block)
    }

    fn table(&self, queue: &mut QueueScreen, area: Rect, buf: &mut Buffer) {
        // Borders and the header row take three lines.
        queue.page_height = area.height.saturating_sub(3).max(1) as usize;
        queue.keep_cursor_visible();
        let block = self.block(queue);
        if queue.visible.is_empty() {
            let text = if queue.filter_running {
                "Filtering…"
            } else if queue.loading {
                "Loading…"
            } else if queue.rows.is_empty() {
                "No open exceptions in this queue."
            } else {
                "Nothing matches the filter."
            };
            Paragraph::new(text).block(block).render(area, buf);
            return;
        }
        let header = Row::new([
            "",
            "ULN",
            "Learner",
            "Centre",
            "Registered",
            "Removal in",
            "Anomalies",
        ])
        .style(self.theme.header());
        let widths = [
            Constraint::Length(2),
            Constraint::Length(11),
            Constraint::Min(18),
            Constraint::Min(16),
            Constraint::Length(11),
            Constraint::Length(10),
            Constraint::Min(14),
        ];
        let table = Table::new(self.rows(queue), widths)
            .header(header)
            .block(block);
        Widget::render(table, area, buf);
    }

    /// The queue's name, counts and order on top; the filter, if any, at the bottom.
    fn block(&self, queue: &QueueScreen) -> Block<'static> {
        let arrow = if queue.descending { "↓" } else { "↑" };
        let title = format!(
            " {} · {} shown{} · sorted by {} {arrow}{} ",
            queue
                .queue_name()
                .unwrap_or_else(|| "all open".into())
                .replace('_', " "),
            queue.visible.len(),
            if queue.visible.len() != queue.rows.len() {
                format!(" of {}", queue.rows.len())
            } else {
                String::new()
            },
            queue.sort.name().replace('_', " "),
            if queue.loading { " · loading…" } else { "" },
        );
        let block = Block::default().borders(Borders::ALL).title(title);
        if !self.typing_filter && queue.filter.is_empty() {
            return block;
        }
        block.title_bottom(format!(
            " /{}{}{} ",
            queue.filter,
            if self.typing_filter { "█" } else { "" },
            if queue.filter_running {
                "  filtering…"
            } else {
                ""
            }
        ))
    }

    /// Only the rows on screen are built.
    fn rows(&self, queue: &QueueScreen) -> Vec<Row<'static>> {
        let (theme, now) = (self.theme, self.now);
        queue
            .visible
            .iter()
            .enumerate()
            .skip(queue.offset)
            .take(queue.page_height)
            .map(|(i, &row)| {
                let r = queue.rows.get(row);
                let matched = queue.highlights(&r);
                let deadline = r.deadline();
                let band = DeadlineBand::of(deadline, now);
                let row_style = if i == queue.cursor {
                    theme.selected()
                } else {
                    Style::new()
                };
                let uln = r.uln();
                let learner = format!("{} {}", r.given_name(), r.family_name());
                let learner_offset = uln.chars().count() + 1;
                let centre_offset = learner_offset + learner.chars().count() + 1;
                Row::new([
                    Cell::from(Span::styled(band_symbol(band), theme.band(band))),
                    Cell::from(highlighted(uln, 0, &matched, theme)),
                    Cell::from(highlighted(&learner, learner_offset, &matched, theme)),
                    Cell::from(highlighted(r.centre(), centre_offset, &matched, theme)),
                    Cell::from(london_day(r.registered_at())),
                    Cell::from(Span::styled(countdown(deadline, now), theme.band(band))),
                    Cell::from(
                        r.anomalies()
                            .iter()
                            .map(|k| k.label())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ])
                .style(row_style)
            })
            .collect()
    }
}

impl QueueScreen {
    /// Where the filter matched in a row's search text, for highlighting: worked out only for the
    /// rows on screen.
    fn highlights(&self, r: &ExceptionRow<'_>) -> Vec<usize> {
        let pattern = self.filter.trim();
        if pattern.is_empty() {
            return Vec::new();
        }
        self.matcher
            .fuzzy_indices(r.text(), pattern)
            .map(|(_, m)| m)
            .unwrap_or_default()
    }
}

/// `text` with the characters the filter matched shown in the highlight style. `offset` is where
/// the text starts in the row's search text.
fn highlighted<'a>(text: &str, offset: usize, matched: &[usize], theme: &Theme) -> Line<'a> {
    if matched.is_empty() {
        return Line::from(text.to_owned());
    }
    let spans: Vec<Span> = text
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let style = if matched.binary_search(&(offset + i)).is_ok() {
                theme.highlight()
            } else {
                Style::new()
            };
            Span::styled(c.to_string(), style)
        })
        .collect();
    Line::from(spans)
}
