//! How the queue screen looks: the queues with their counts beside the current queue's table,
//! building only the rows on screen.

use super::table::{self, RowText};
use super::ExceptionRow;
use super::QueueScreen;
use crate::columns;
use crate::screens::help;
use crate::theme::Theme;
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, StatefulWidget, Table, Widget, Wrap};
use uln_api::{RecordFilter, SnoozeFilter};
use uln_domain::DeadlineBand;

pub struct QueueView<'a> {
    pub theme: &'a Theme,
    pub now: Timestamp,
    /// The filter line is open: show its caret.
    pub typing_filter: bool,
    /// Who is on which record: the rows say.
    pub claims: &'a crate::claims::Claims,
}

/// How much of the name of the operator on a record its row shows: enough to tell a team's
/// members apart, short enough that the column leaves the learner room at 80 columns.
const CLAIM_NAME_CHARS: usize = 8;

/// The narrowest table worth a sidebar beside it: band, countdown, ULN and a short name. Below
/// it the sidebar gives way; the table's title still names the queue and tab still moves.
const TABLE_BEFORE_SIDEBAR: u16 = 40;

/// Stateful because the table's height decides the page size and scroll offset.
impl StatefulWidget for QueueView<'_> {
    type State = QueueScreen;

    fn render(self, area: Rect, buf: &mut Buffer, queue: &mut QueueScreen) {
        let sidebar = Sidebar::of(queue);
        if area.width >= sidebar.width() + TABLE_BEFORE_SIDEBAR {
            let [queues_area, table_area] =
                Layout::horizontal([Constraint::Length(sidebar.width()), Constraint::Fill(1)])
                    .areas(area);
            sidebar
                .paragraph(queue, self.theme)
                .render(queues_area, buf);
            self.table(queue, table_area, buf);
        } else {
            self.table(queue, area, buf);
        }
    }
}

/// One queue in the sidebar, as shown: its name, how many are open and how many are due
/// within 48 hours or overdue ("" for none).
struct QueueLine {
    label: String,
    open: String,
    urgent: String,
}

/// The queues with their counts, as wide as the longest line, so no count is cut.
struct Sidebar {
    lines: Vec<QueueLine>,
}

impl Sidebar {
    const TITLE: &'static str = " Queues ";
    const MARKER: usize = 2;
    const BORDERS: usize = 2;

    fn of(queue: &QueueScreen) -> Sidebar {
        let lines = queue
            .queues
            .iter()
            .map(|q| {
                let urgent = q.overdue + q.due_within_48h;
                QueueLine {
                    label: q.queue.label(),
                    open: columns::count(q.open),
                    urgent: if urgent > 0 {
                        format!("!{}", columns::count(urgent))
                    } else {
                        String::new()
                    },
                }
            })
            .collect();
        Sidebar { lines }
    }

    /// The widest of one part of the lines.
    fn widest(&self, part: fn(&QueueLine) -> &str) -> usize {
        let widths = self.lines.iter().map(|l| columns::width(part(l)));
        widths.max().unwrap_or(0)
    }

    fn width(&self) -> u16 {
        let urgent = match self.widest(|l| &l.urgent) {
            0 => 0,
            w => w + 1,
        };
        let content =
            Self::MARKER + self.widest(|l| &l.label) + 1 + self.widest(|l| &l.open) + urgent;
        let inner = content.max(columns::width(Self::TITLE));
        u16::try_from(inner + Self::BORDERS).unwrap_or(u16::MAX)
    }

    fn paragraph(&self, queue: &QueueScreen, theme: &Theme) -> Paragraph<'static> {
        let (label_width, open_width) = (self.widest(|l| &l.label), self.widest(|l| &l.open));
        let lines: Vec<Line> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let here = i == queue.queue_index;
                let marker = if here { "▶ " } else { "  " };
                let style = if here { theme.selected() } else { Style::new() };
                let urgent = if line.urgent.is_empty() {
                    String::new()
                } else {
                    format!(" {}", line.urgent)
                };
                Line::from(vec![
                    Span::styled(format!("{marker}{:<label_width$}", line.label), style),
                    Span::raw(format!(" {:>open_width$}", line.open)),
                    Span::styled(urgent, theme.band(DeadlineBand::Under48h)),
                ])
            })
            .collect();
        let block = Block::default().borders(Borders::ALL).title(Self::TITLE);
        Paragraph::new(lines).block(block)
    }
}

impl QueueView<'_> {
    fn table(&self, queue: &mut QueueScreen, area: Rect, buf: &mut Buffer) {
        // Borders and the header row take three lines.
        queue.page_height = area.height.saturating_sub(3).max(1) as usize;
        // Inside the borders, below the header: where a click lands on a row.
        queue.rows_area = Rect {
            x: area.x.saturating_add(1),
            y: area.y.saturating_add(2),
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(3),
        };
        queue.keep_cursor_visible();
        let block = self.block(queue, area.width.saturating_sub(2));
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
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(block)
                .render(area, buf);
            return;
        }
        let rows = self.rows(queue);
        let inner = area.width.saturating_sub(2);
        let fitted = table::table(&rows, inner, self.theme);
        let table = Table::new(fitted.rows, fitted.widths)
            .header(fitted.header)
            .column_spacing(fitted.spacing)
            .block(block);
        Widget::render(table, area, buf);
    }

    /// The queue's name, counts and order on top, as many of them as fit whole in `width`; the
    /// filter, if any, at the bottom.
    fn block(&self, queue: &QueueScreen, width: u16) -> Block<'static> {
        let arrow = if queue.descending { "↓" } else { "↑" };
        let shown = columns::count(i64::try_from(queue.visible.len()).unwrap_or(i64::MAX));
        let total = columns::count(i64::try_from(queue.rows.len()).unwrap_or(i64::MAX));
        let mut parts = vec![
            match queue.records {
                _ if queue.snoozed == SnoozeFilter::Snoozed => {
                    "snoozed (back by themselves)".into()
                }
                _ if queue.mine.is_some() => "mine (assigned to me)".into(),
                RecordFilter::Open | RecordFilter::Unknown => queue
                    .queue_name()
                    .unwrap_or_else(|| "all open".into())
                    .replace('_', " "),
                RecordFilter::Closed => "closed records".into(),
                RecordFilter::All => "all records, closed too".into(),
            },
            if queue.visible.len() != queue.rows.len() {
                format!("{shown} shown of {total}")
            } else {
                format!("{shown} shown")
            },
            format!("sorted by {} {arrow}", queue.sort.name().replace('_', " ")),
        ];
        if queue.marked() > 0 {
            parts.insert(1, format!("{} marked", queue.marked()));
        }
        if queue.loading {
            parts.push("loading…".into());
        }
        let title = help::fit_hints(
            &parts.join(help::HINT_SEPARATOR),
            usize::from(width).saturating_sub(2),
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {title} "));
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
    fn rows<'q>(&self, queue: &'q QueueScreen) -> Vec<RowText<'q>> {
        queue
            .visible
            .iter()
            .enumerate()
            .skip(queue.offset)
            .take(queue.page_height)
            .map(|(i, &row)| {
                let r = queue.rows.get(row);
                let marked = (queue.marked() > 0).then(|| queue.is_marked(r.id()));
                let claim = self.claims.on(r.id(), self.now);
                let mut text = RowText::new(r, queue.highlights(&r), i == queue.cursor, self.now)
                    .with_claim(
                        claim.map(|c| crate::claims::compact(c, self.now, CLAIM_NAME_CHARS)),
                    );
                text.marked = marked;
                text
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
        crate::search::Pattern::parse(pattern).matched_chars(r.text())
    }
}
