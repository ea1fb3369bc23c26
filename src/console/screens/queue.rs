//! The home screen: queues with their counts, and the current queue's exceptions by deadline.

use crate::api::{ExceptionSummary, QueueCounts};
use crate::console::keymap::Action;
use crate::console::message::Effect;
use crate::console::theme::{band_symbol, Theme};
use crate::console::view::{countdown, london_date};
use crate::domain::DeadlineBand;
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use jiff::Timestamp;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// Rows fetched per request while the queue loads in the background.
pub const PAGE_SIZE: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Deadline,
    Registered,
    Centre,
    FamilyName,
}

impl SortColumn {
    pub fn next(self) -> SortColumn {
        match self {
            SortColumn::Deadline => SortColumn::Registered,
            SortColumn::Registered => SortColumn::Centre,
            SortColumn::Centre => SortColumn::FamilyName,
            SortColumn::FamilyName => SortColumn::Deadline,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortColumn::Deadline => "deadline",
            SortColumn::Registered => "registered",
            SortColumn::Centre => "centre",
            SortColumn::FamilyName => "family_name",
        }
    }

    pub fn from_name(name: &str) -> Option<SortColumn> {
        [
            SortColumn::Deadline,
            SortColumn::Registered,
            SortColumn::Centre,
            SortColumn::FamilyName,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }
}

/// A row that passes the filter, with the character positions the filter matched in its
/// search text (ULN, given name, family name, centre, separated by single spaces).
#[derive(Debug, Clone)]
struct Visible {
    row: usize,
    matched: Vec<usize>,
}

pub struct QueueScreen {
    pub queues: Vec<QueueCounts>,
    /// Index into `queues`; 0 is "all".
    pub queue_index: usize,
    /// The queue to show once the queue list arrives (restored from the last run).
    pub pending_queue: Option<String>,
    pub rows: Vec<ExceptionSummary>,
    pub loading: bool,
    /// The next page starts the queue afresh; until it comes, the old rows stay readable.
    replacing: bool,
    pub generation: u64,
    pub filter: String,
    pub filtering: bool,
    pub sort: SortColumn,
    pub descending: bool,
    visible: Vec<Visible>,
    /// The record under the cursor: the cursor follows it as rows come and go.
    pub selected: Option<i64>,
    cursor: usize,
    offset: usize,
    page_height: usize,
    matcher: SkimMatcherV2,
}

impl Default for QueueScreen {
    fn default() -> Self {
        QueueScreen {
            queues: Vec::new(),
            queue_index: 0,
            pending_queue: None,
            rows: Vec::new(),
            loading: false,
            replacing: false,
            generation: 0,
            filter: String::new(),
            filtering: false,
            sort: SortColumn::Deadline,
            descending: false,
            visible: Vec::new(),
            selected: None,
            cursor: 0,
            offset: 0,
            page_height: 20,
            matcher: SkimMatcherV2::default(),
        }
    }
}

fn search_text(r: &ExceptionSummary) -> String {
    format!(
        "{} {} {} {}",
        r.uln.as_deref().unwrap_or("-"),
        r.given_name,
        r.family_name,
        r.centre
    )
}

impl QueueScreen {
    pub const KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Filter,
        Action::NextQueue,
        Action::PreviousQueue,
        Action::SortNext,
        Action::ReverseOrder,
        Action::Refresh,
        Action::PlrLookup,
        Action::Command,
        Action::Help,
        Action::Quit,
    ];

    /// The queue shown: None for all open exceptions.
    pub fn queue_name(&self) -> Option<String> {
        if self.queues.is_empty() {
            return self.pending_queue.clone();
        }
        self.queues
            .get(self.queue_index)
            .map(|q| q.queue.clone())
            .filter(|q| q != "all")
    }

    /// Starts loading the current queue afresh; earlier pages still in flight are ignored.
    pub fn reload(&mut self) -> Effect {
        self.generation += 1;
        self.loading = true;
        self.replacing = true;
        Effect::LoadPage {
            generation: self.generation,
            queue: self.queue_name(),
            cursor: None,
        }
    }

    /// Adds a loaded page; asks for the next one if there is more.
    pub fn add_page(
        &mut self,
        items: Vec<ExceptionSummary>,
        next: Option<String>,
    ) -> Option<Effect> {
        if std::mem::take(&mut self.replacing) {
            self.rows = items;
        } else {
            self.rows.extend(items);
        }
        self.refresh_view();
        match next {
            Some(cursor) => Some(Effect::LoadPage {
                generation: self.generation,
                queue: self.queue_name(),
                cursor: Some(cursor),
            }),
            None => {
                self.loading = false;
                None
            }
        }
    }

    pub fn remove(&mut self, id: i64) -> bool {
        let before = self.rows.len();
        self.rows.retain(|r| r.id != id);
        let removed = self.rows.len() != before;
        if removed {
            self.refresh_view();
        }
        removed
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    pub fn selected_row(&self) -> Option<&ExceptionSummary> {
        self.visible.get(self.cursor).map(|v| &self.rows[v.row])
    }

    /// The ids in the order shown, for moving to the next or previous record from the record screen.
    pub fn neighbour(&self, id: i64, step: isize) -> Option<i64> {
        let at = self
            .visible
            .iter()
            .position(|v| self.rows[v.row].id == id)?;
        let target = at.checked_add_signed(step)?;
        self.visible.get(target).map(|v| self.rows[v.row].id)
    }

    /// Re-sorts and re-filters, then puts the cursor back on the selected record.
    pub fn refresh_view(&mut self) {
        let key = |r: &ExceptionSummary| -> String {
            match self.sort {
                SortColumn::Deadline => r.deadline.clone(),
                SortColumn::Registered => r.registered_at.clone(),
                SortColumn::Centre => r.centre.clone(),
                SortColumn::FamilyName => r.family_name.clone(),
            }
        };
        let descending = self.descending;
        self.rows.sort_by(|a, b| {
            let order = key(a).cmp(&key(b)).then(a.id.cmp(&b.id));
            if descending {
                order.reverse()
            } else {
                order
            }
        });
        let pattern = self.filter.trim();
        self.visible = if pattern.is_empty() {
            (0..self.rows.len())
                .map(|row| Visible {
                    row,
                    matched: Vec::new(),
                })
                .collect()
        } else {
            // The filter narrows; it does not re-rank. In a triage queue the sort order (soonest
            // deadline first by default) is the point, so matches keep it.
            self.rows
                .iter()
                .enumerate()
                .filter_map(|(row, r)| {
                    self.matcher
                        .fuzzy_indices(&search_text(r), pattern)
                        .map(|(_, matched)| Visible { row, matched })
                })
                .collect()
        };
        self.cursor = self
            .selected
            .and_then(|id| self.visible.iter().position(|v| self.rows[v.row].id == id))
            .unwrap_or_else(|| self.cursor.min(self.visible.len().saturating_sub(1)));
        self.selected = self.selected_row().map(|r| r.id);
        self.keep_cursor_visible();
    }

    fn move_cursor(&mut self, to: usize) {
        self.cursor = to.min(self.visible.len().saturating_sub(1));
        self.selected = self.selected_row().map(|r| r.id);
        self.keep_cursor_visible();
    }

    fn keep_cursor_visible(&mut self) {
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

    /// The filter text changed: the cursor goes to the first match.
    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.selected = None;
        self.cursor = 0;
        self.offset = 0;
        self.refresh_view();
    }

    /// Handles a navigation action; returns effects for the app to run.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        let page = self.page_height.max(1);
        match action {
            Action::Up => self.move_cursor(self.cursor.saturating_sub(1)),
            Action::Down => self.move_cursor(self.cursor + 1),
            Action::PageUp => self.move_cursor(self.cursor.saturating_sub(page)),
            Action::PageDown => self.move_cursor(self.cursor + page),
            Action::Top => self.move_cursor(0),
            Action::Bottom => self.move_cursor(usize::MAX),
            Action::SortNext => {
                self.sort = self.sort.next();
                self.refresh_view();
            }
            Action::ReverseOrder => {
                self.descending = !self.descending;
                self.refresh_view();
            }
            Action::NextQueue | Action::PreviousQueue if !self.queues.is_empty() => {
                let n = self.queues.len();
                self.queue_index = if action == Action::NextQueue {
                    (self.queue_index + 1) % n
                } else {
                    (self.queue_index + n - 1) % n
                };
                self.selected = None;
                self.cursor = 0;
                return vec![self.reload()];
            }
            Action::Refresh => return vec![Effect::LoadQueues, self.reload()],
            Action::Filter => self.filtering = true,
            _ => {}
        }
        Vec::new()
    }

    pub fn draw(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, now: Timestamp) {
        let [queues_area, table_area] =
            Layout::horizontal([Constraint::Length(30), Constraint::Min(40)]).areas(area);
        self.draw_queues(frame, queues_area, theme);
        self.draw_table(frame, table_area, theme, now);
    }

    fn draw_queues(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let lines: Vec<Line> = self
            .queues
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let marker = if i == self.queue_index { "▶ " } else { "  " };
                let style = if i == self.queue_index {
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
                    Span::styled(format!("{marker}{:<17}", q.queue.replace('_', " ")), style),
                    Span::raw(format!("{:>5}", q.open)),
                    Span::styled(urgent, theme.band(DeadlineBand::Under48h)),
                ])
            })
            .collect();
        let block = Block::default().borders(Borders::ALL).title(" Queues ");
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }

    fn draw_table(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, now: Timestamp) {
        // Borders and the header row take three lines.
        self.page_height = area.height.saturating_sub(3).max(1) as usize;
        self.keep_cursor_visible();
        let arrow = if self.descending { "↓" } else { "↑" };
        let title = format!(
            " {} · {} shown{} · sorted by {} {arrow}{} ",
            self.queue_name()
                .unwrap_or_else(|| "all open".into())
                .replace('_', " "),
            self.visible.len(),
            if self.visible.len() != self.rows.len() {
                format!(" of {}", self.rows.len())
            } else {
                String::new()
            },
            self.sort.name().replace('_', " "),
            if self.loading { " · loading…" } else { "" },
        );
        let header = Row::new([
            "",
            "ULN",
            "Learner",
            "Centre",
            "Registered",
            "Removal in",
            "Anomalies",
        ])
        .style(theme.header());
        let rows: Vec<Row> = self
            .visible
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(self.page_height)
            .map(|(i, v)| {
                let r = &self.rows[v.row];
                let deadline: Timestamp = r.deadline.parse().unwrap_or(now);
                let band = DeadlineBand::of(deadline, now);
                let row_style = if i == self.cursor {
                    theme.selected()
                } else {
                    Style::new()
                };
                let uln = r.uln.clone().unwrap_or_else(|| "-".into());
                let learner = format!("{} {}", r.given_name, r.family_name);
                let learner_offset = uln.chars().count() + 1;
                let centre_offset = learner_offset + learner.chars().count() + 1;
                Row::new([
                    Cell::from(Span::styled(band_symbol(band), theme.band(band))),
                    Cell::from(highlighted(&uln, 0, &v.matched, theme)),
                    Cell::from(highlighted(&learner, learner_offset, &v.matched, theme)),
                    Cell::from(highlighted(&r.centre, centre_offset, &v.matched, theme)),
                    Cell::from(london_date(&r.registered_at)),
                    Cell::from(Span::styled(countdown(deadline, now), theme.band(band))),
                    Cell::from(r.anomalies.join(", ").replace('_', " ")),
                ])
                .style(row_style)
            })
            .collect();
        let widths = [
            Constraint::Length(2),
            Constraint::Length(11),
            Constraint::Min(18),
            Constraint::Min(16),
            Constraint::Length(11),
            Constraint::Length(10),
            Constraint::Min(14),
        ];
        let filter_line = if self.filtering || !self.filter.is_empty() {
            Some(format!(
                " /{}{} ",
                self.filter,
                if self.filtering { "█" } else { "" }
            ))
        } else {
            None
        };
        let mut block = Block::default().borders(Borders::ALL).title(title);
        if let Some(f) = filter_line {
            block = block.title_bottom(f);
        }
        if self.visible.is_empty() {
            let text = if self.loading {
                "Loading…"
            } else if self.rows.is_empty() {
                "No open exceptions in this queue."
            } else {
                "Nothing matches the filter."
            };
            frame.render_widget(Paragraph::new(text).block(block), area);
            return;
        }
        frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
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
