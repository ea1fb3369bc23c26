//! The queue as shown, grouped by centre or by anomaly kind (`:group centre`, `:group anomaly`):
//! a header row per group with its counts, then its rows. `space` on a header marks (or unmarks)
//! the whole group, on a row that row; `B` opens the bulk action for the marks, or for the group
//! or row under the cursor when nothing is marked. The rows are the queue's, grouped again as
//! changes arrive (see `follow`), so a bulk action is sent at the versions the queue holds now;
//! the marks are the queue's own, so they stay when the grouping is left (`esc`, `:group off`).

use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent};
use crate::mask::Personal;
use crate::screens::queue::ExceptionRow;
use crate::theme::band_symbol;
use crate::view::countdown;
use crossterm::event::KeyEvent;
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use std::collections::{BTreeMap, BTreeSet};
use uln_api::BulkRecord;
use uln_domain::DeadlineBand;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Centre,
    Anomaly,
}

impl GroupBy {
    pub fn from_command(word: &str) -> Option<GroupBy> {
        match word {
            "centre" | "center" => Some(GroupBy::Centre),
            "anomaly" | "kind" => Some(GroupBy::Anomaly),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            GroupBy::Centre => "centre",
            GroupBy::Anomaly => "anomaly kind",
        }
    }
}

#[derive(Debug, Clone)]
struct GroupedRow {
    id: i64,
    version: i64,
    uln: String,
    learner: String,
    /// What the grouping does not already say: the anomalies by centre, the centre by anomaly.
    other: String,
    deadline: Timestamp,
}

#[derive(Debug, Clone)]
struct Group {
    name: String,
    rows: Vec<GroupedRow>,
}

/// A line of the grouped view: a group's header, or one of its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Header(usize),
    Row(usize, usize),
}

#[derive(Debug)]
pub struct GroupedQueue {
    pub by: GroupBy,
    groups: Vec<Group>,
    lines: Vec<Place>,
    /// The queue's marks, kept in step: every change is also sent to the queue.
    marked: BTreeSet<i64>,
    cursor: usize,
    offset: usize,
    page: usize,
}

fn anomalies(row: &ExceptionRow<'_>) -> String {
    let kinds: Vec<String> = row.anomalies().iter().map(|k| k.label()).collect();
    kinds.join(", ")
}

impl GroupedQueue {
    /// Groups `rows` (the queue as shown, in its order) by name, groups in name order.
    pub fn new<'a>(
        by: GroupBy,
        rows: impl Iterator<Item = ExceptionRow<'a>>,
        marked: impl Fn(i64) -> bool,
    ) -> GroupedQueue {
        let mut grouped = GroupedQueue {
            by,
            groups: Vec::new(),
            lines: Vec::new(),
            marked: BTreeSet::new(),
            cursor: 0,
            offset: 0,
            page: 20,
        };
        grouped.regroup(rows, marked);
        grouped
    }

    /// Groups the queue's rows as they are now, after a change to them: a record that left the
    /// queue leaves its group, a changed one moves, the counts follow. The cursor stays on its
    /// record, or on its group's header when the record left, or else where it was.
    pub fn follow<'a>(
        &mut self,
        rows: impl Iterator<Item = ExceptionRow<'a>>,
        marked: impl Fn(i64) -> bool,
    ) {
        let under = self.lines.get(self.cursor).copied();
        let was_row = match under {
            Some(Place::Row(g, r)) => Some(self.groups[g].rows[r].id),
            _ => None,
        };
        let was_group = under.map(|p| match p {
            Place::Header(g) | Place::Row(g, _) => self.groups[g].name.clone(),
        });
        self.regroup(rows, marked);
        let on_row = |place: &Place| match *place {
            Place::Row(g, r) => Some(self.groups[g].rows[r].id) == was_row,
            Place::Header(_) => false,
        };
        let on_header = |place: &Place| match *place {
            Place::Header(g) => Some(&self.groups[g].name) == was_group.as_ref(),
            Place::Row(..) => false,
        };
        let found = self
            .lines
            .iter()
            .position(on_row)
            .or_else(|| self.lines.iter().position(on_header));
        self.move_to(found.unwrap_or(self.cursor));
    }

    fn regroup<'a>(
        &mut self,
        rows: impl Iterator<Item = ExceptionRow<'a>>,
        marked: impl Fn(i64) -> bool,
    ) {
        let mut by_name: BTreeMap<String, Vec<GroupedRow>> = BTreeMap::new();
        self.marked.clear();
        for row in rows {
            let (name, other) = match self.by {
                GroupBy::Centre => (row.centre().to_owned(), anomalies(&row)),
                GroupBy::Anomaly => (anomalies(&row), row.centre().to_owned()),
            };
            if marked(row.id()) {
                self.marked.insert(row.id());
            }
            by_name.entry(name).or_default().push(GroupedRow {
                id: row.id(),
                version: row.version(),
                uln: row.uln().to_owned(),
                learner: format!("{} {}", row.given_name(), row.family_name()),
                other,
                deadline: row.deadline(),
            });
        }
        self.groups = by_name
            .into_iter()
            .map(|(name, rows)| Group { name, rows })
            .collect();
        self.lines.clear();
        for (g, group) in self.groups.iter().enumerate() {
            self.lines.push(Place::Header(g));
            self.lines
                .extend((0..group.rows.len()).map(|r| Place::Row(g, r)));
        }
    }

    pub const KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Mark,
        Action::MarkAll,
        Action::Bulk,
        Action::Back,
        Action::Command,
        Action::Help,
    ];

    fn rows_at(&self, place: Place) -> Vec<&GroupedRow> {
        match place {
            Place::Header(g) => self.groups[g].rows.iter().collect(),
            Place::Row(g, r) => vec![&self.groups[g].rows[r]],
        }
    }

    fn all_rows(&self) -> impl Iterator<Item = &GroupedRow> {
        self.groups.iter().flat_map(|g| &g.rows)
    }

    /// Marks these rows, or unmarks them when they are all marked already; the queue is told.
    fn toggle(&mut self, ids: Vec<i64>) -> Vec<Intent> {
        let on = !ids.iter().all(|id| self.marked.contains(id));
        for id in &ids {
            if on {
                self.marked.insert(*id);
            } else {
                self.marked.remove(id);
            }
        }
        vec![Intent::Mark { ids, on }]
    }

    /// The marked rows in the grouped order, or else the group or row under the cursor.
    pub fn bulk_records(&self) -> Vec<BulkRecord> {
        let at = |r: &GroupedRow| BulkRecord {
            id: r.id,
            version: r.version,
        };
        if self.marked.is_empty() {
            let place = self.lines.get(self.cursor).copied();
            return place.map_or_else(Vec::new, |p| self.rows_at(p).into_iter().map(at).collect());
        }
        self.all_rows()
            .filter(|r| self.marked.contains(&r.id))
            .map(at)
            .collect()
    }

    fn move_to(&mut self, to: usize) {
        self.cursor = to.min(self.lines.len().saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + self.page {
            self.offset = self.cursor + 1 - self.page;
        }
    }

    fn line(&self, place: Place, now: Timestamp) -> String {
        match place {
            Place::Header(g) => {
                let group = &self.groups[g];
                let marked = group
                    .rows
                    .iter()
                    .filter(|r| self.marked.contains(&r.id))
                    .count();
                let n = group.rows.len();
                let count = match marked {
                    0 => format!("{n}"),
                    m => format!("{n}, {m} marked"),
                };
                format!("▾ {} ({count})", group.name)
            }
            Place::Row(g, r) => {
                let row = &self.groups[g].rows[r];
                let mark = if self.marked.contains(&row.id) {
                    "✓"
                } else {
                    " "
                };
                let band = band_symbol(DeadlineBand::of(row.deadline, now));
                format!(
                    "  {mark} {band} {:<10}  {}  · {} · {}",
                    row.uln,
                    row.learner,
                    countdown(row.deadline, now),
                    row.other
                )
            }
        }
    }
}

impl Component for GroupedQueue {
    fn title(&self) -> &'static str {
        "grouped queue"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, _key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let page = self.page.max(1);
        match action {
            Some(Action::Up) => self.move_to(self.cursor.saturating_sub(1)),
            Some(Action::Down) => self.move_to(self.cursor + 1),
            Some(Action::PageUp) => self.move_to(self.cursor.saturating_sub(page)),
            Some(Action::PageDown) => self.move_to(self.cursor + page),
            Some(Action::Top) => self.move_to(0),
            Some(Action::Bottom) => self.move_to(usize::MAX),
            Some(Action::Open) => {
                if let Some(Place::Row(g, r)) = self.lines.get(self.cursor).copied() {
                    return vec![Intent::OpenRecord(self.groups[g].rows[r].id)];
                }
            }
            Some(Action::Mark) => {
                if let Some(place) = self.lines.get(self.cursor).copied() {
                    let ids = self.rows_at(place).iter().map(|r| r.id).collect();
                    return self.toggle(ids);
                }
            }
            Some(Action::MarkAll) => {
                let ids = self.all_rows().map(|r| r.id).collect();
                return self.toggle(ids);
            }
            Some(Action::Bulk) => {
                return vec![crate::screens::bulk::choose_for(self.bulk_records())]
            }
            Some(Action::Back) => return vec![Intent::Close],
            Some(Action::Command) => return vec![Intent::CommandLine],
            Some(Action::Help) => return vec![Intent::Help],
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.page = usize::from(area.height.saturating_sub(2)).max(1);
        self.move_to(self.cursor);
        let records: usize = self.groups.iter().map(|g| g.rows.len()).sum();
        let mut title = format!(
            " Grouped by {}: {records} records in {} groups ",
            self.by.name(),
            self.groups.len()
        );
        if !self.marked.is_empty() {
            title.push_str(&format!("· {} marked ", self.marked.len()));
        }
        let lines: Vec<Line> = self
            .lines
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(self.page)
            .map(|(i, place)| {
                let text = self.line(*place, cx.now);
                match (i == self.cursor, place) {
                    (true, _) => Line::styled(text, cx.theme.selected()),
                    (false, Place::Header(_)) => Line::styled(text, cx.theme.header()),
                    (false, Place::Row(..)) => Line::from(text),
                }
            })
            .collect();
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(title))
            .render(area, buf);
    }

    fn personal(&self, values: &mut Personal) {
        for place in self.lines.iter().skip(self.offset).take(self.page) {
            if let Place::Row(g, r) = place {
                let row = &self.groups[*g].rows[*r];
                values.name(&row.learner).uln(&row.uln);
            }
        }
    }
}
