//! The home screen: queues with their counts, and the current queue's exceptions by deadline.

mod changes;
mod cursor;
mod filtering;
mod marks;
mod masking;
mod rows;
mod shared;
mod table;
mod view;

pub use rows::{Anomalies, ExceptionRow, QueueRows};

use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent, Layer};
use crate::mask::{Personal, Revealable};
use crate::message::Effect;
use crate::screens::filter::FilterLine;
use crate::screens::help::HelpTopic;
use crate::search::FilterJob;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;
use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use uln_api::{Direction, QueueOrder, SortKey};
use uln_api::{Queue, QueueCounts, RecordFilter, SnoozeFilter};

/// Rows in the first page of a queue: a screenful or two, so the first frame comes at once.
pub const FIRST_PAGE_SIZE: u32 = 200;

/// Rows per request for the rest of the queue, loaded in the background: big pages, so that
/// 100,000 rows take about a dozen requests instead of hundreds. The server's upper limit.
pub const PAGE_SIZE: u32 = 10_000;

/// How many rows to ask for: a small first page (no cursor yet), then big ones.
pub fn page_size(cursor: Option<&str>) -> u32 {
    match cursor {
        None => FIRST_PAGE_SIZE,
        Some(_) => PAGE_SIZE,
    }
}

/// Queues smaller than this are filtered as the key is handled (well under a millisecond);
/// bigger ones in the background, so that typing never waits for the filter.
pub const INLINE_FILTER_BELOW: usize = 20_000;

pub struct QueueScreen {
    pub queues: Vec<QueueCounts>,
    /// Index into `queues`; 0 is "all".
    pub queue_index: usize,
    /// The queue to show once the queue list arrives (restored from the last run).
    pub pending_queue: Option<String>,
    pub rows: QueueRows,
    pub loading: bool,
    /// The next page starts the queue afresh; until it comes, the old rows stay readable.
    replacing: bool,
    pub generation: u64,
    pub filter: String,
    pub sort: SortKey,
    pub descending: bool,
    /// Open exceptions (the queues), or every record, closed ones too (`:all-records`), where a
    /// supervisor finds one to reopen.
    pub records: RecordFilter,
    /// Snoozed records left out until their time (the queues), or only they (`:snoozed`).
    pub snoozed: SnoozeFilter,
    /// `:mine`: only the records assigned to this operator (by name, as events name them).
    pub mine: Option<String>,
    /// Rows that pass the filter, as indices into `rows`: best match first, then in the queue's order.
    visible: Vec<usize>,
    /// The pattern `visible` was computed for: an extension of it only narrows `visible`.
    filtered_for: String,
    /// Filters over fewer candidates than this run at once; bigger ones in the background.
    pub inline_filter_below: usize,
    /// The newest filter generation; running jobs see it move on and stop, and results of older
    /// ones are dropped.
    filter_latest: Arc<AtomicU64>,
    /// Records the event stream changed while pages are loading, by id (see `changes`).
    touched: HashMap<i64, changes::Touched>,
    /// A background filter for the app to start, and whether one is running.
    filter_job: Option<FilterJob>,
    pub filter_running: bool,
    /// The record under the cursor: the cursor follows it as rows come and go.
    pub selected: Option<i64>,
    cursor: usize,
    offset: usize,
    page_height: usize,
    /// Where the rows were last drawn, for mouse clicks.
    rows_area: Rect,
    /// The rows marked for a bulk action.
    marks: marks::Marks,
    /// Whether this console's queues come from rows shared with other consoles (an SSH server's
    /// sessions), learnt from the first shared queue it is given.
    sharing: bool,
    /// The shared queue shown, if it is one (see `shared`).
    shared: Option<Arc<crate::feed::queues::SharedQueue>>,
    /// How far the shared queue had moved on when its rows were last taken (`Snapshot::changes`).
    shared_changes: u64,
}

impl Default for QueueScreen {
    fn default() -> Self {
        QueueScreen {
            queues: Vec::new(),
            queue_index: 0,
            records: RecordFilter::Open,
            snoozed: SnoozeFilter::Awake,
            mine: None,
            pending_queue: None,
            rows: QueueRows::default(),
            loading: false,
            replacing: false,
            generation: 0,
            filter: String::new(),
            sort: SortKey::Deadline,
            descending: false,
            visible: Vec::new(),
            filtered_for: String::new(),
            inline_filter_below: INLINE_FILTER_BELOW,
            filter_latest: Arc::default(),
            touched: HashMap::new(),
            filter_job: None,
            filter_running: false,
            selected: None,
            cursor: 0,
            offset: 0,
            page_height: 20,
            rows_area: Rect::default(),
            marks: marks::Marks::default(),
            sharing: false,
            shared: None,
            shared_changes: 0,
        }
    }
}

impl QueueScreen {
    pub const KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::HalfPageUp,
        Action::HalfPageDown,
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
        Action::SearchRegister,
        Action::Copy,
        Action::Snooze,
        Action::Assign,
        Action::Command,
        Action::Help,
        Action::Quit,
        Action::Call,
        Action::Dashboard,
        Action::Mark,
        Action::MarkRange,
        Action::MarkAll,
        Action::Bulk,
        Action::Undo,
    ];

    /// The queue shown: None for all open exceptions.
    pub fn queue_name(&self) -> Option<String> {
        if self.queues.is_empty() {
            return self.pending_queue.clone();
        }
        self.queues
            .get(self.queue_index)
            .map(|q| q.queue)
            .filter(|q| *q != Queue::All)
            .map(|q| q.to_string())
    }

    /// Starts loading the current queue afresh; earlier pages still in flight are ignored.
    /// Pages are asked for in the order shown, so each is appended without re-sorting.
    pub fn reload(&mut self) -> Effect {
        self.generation += 1;
        self.loading = true;
        self.replacing = true;
        // Events from before this load are in its pages.
        self.touched.clear();
        self.let_go_of_shared();
        self.page_request(None)
    }

    /// The page after `cursor`.
    fn page_after(&self, cursor: String) -> Effect {
        self.page_request(Some(cursor))
    }

    fn page_request(&self, cursor: Option<String>) -> Effect {
        Effect::LoadPage {
            generation: self.generation,
            queue: self.queue_name(),
            cursor,
            sort: self.sort,
            descending: self.descending,
            records: self.records,
            snoozed: self.snoozed,
            assigned_to: self.mine.as_ref().map(|_| "me".to_owned()),
        }
    }

    /// The order the server pages in, so a page boundary and the screen never disagree.
    fn order(&self) -> QueueOrder {
        let direction = if self.descending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        QueueOrder::new(self.sort, direction)
    }

    /// The records shown, in order.
    pub fn visible_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.visible.iter().map(|&row| self.rows.id(row))
    }

    /// The rows shown, in order: what the export writes.
    pub fn visible_rows(&self) -> impl Iterator<Item = ExceptionRow<'_>> + '_ {
        self.visible.iter().map(|&row| self.rows.get(row))
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    pub fn selected_row(&self) -> Option<ExceptionRow<'_>> {
        self.visible.get(self.cursor).map(|&row| self.rows.get(row))
    }

    /// The selected record's id, version and status: what a write from the queue is sent at.
    fn selected_state(&self) -> Option<(i64, i64, uln_api::RecordStatus)> {
        let row = self.selected_row()?;
        Some((row.id(), row.version(), row.status()))
    }

    /// Handles a navigation action; returns effects for the app to run.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        let page = self.page_height.max(1);
        match action {
            Action::Up => self.move_cursor(self.cursor.saturating_sub(1)),
            Action::Down => self.move_cursor(self.cursor + 1),
            Action::PageUp => self.move_cursor(self.cursor.saturating_sub(page)),
            Action::PageDown => self.move_cursor(self.cursor + page),
            Action::HalfPageUp => self.move_cursor(self.cursor.saturating_sub(page.div_ceil(2))),
            Action::HalfPageDown => self.move_cursor(self.cursor + page.div_ceil(2)),
            Action::Top => self.move_cursor(0),
            Action::Bottom => self.move_cursor(usize::MAX),
            Action::SortNext | Action::ReverseOrder => {
                if action == Action::SortNext {
                    self.sort = self.sort.next();
                } else {
                    self.descending = !self.descending;
                }
                self.refresh_view();
                if self.loading || self.sharing {
                    // Pages still to come would arrive in the old order: ask again in the new one.
                    // A shared queue in the new order is another query, loaded once for all.
                    return vec![self.reload()];
                }
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
                // Marks are of the rows shown: another queue starts with none.
                self.clear_marks();
                // A queue is of open exceptions: tab leaves the all-records view.
                self.records = RecordFilter::Open;
                self.snoozed = SnoozeFilter::Awake;
                self.mine = None;
                return vec![self.reload()];
            }
            Action::Refresh => return vec![Effect::LoadQueues, self.reload()],
            _ => {}
        }
        Vec::new()
    }
}

impl Component for QueueScreen {
    fn personal(&self, values: &mut Personal) {
        self.personal_near_cursor(values);
    }

    fn revealable(&self) -> Option<Revealable> {
        self.selected_revealable()
    }

    fn title(&self) -> &'static str {
        "queue"
    }

    fn footer(&self, keymap: &crate::keymap::Keymap) -> String {
        self.footer_with_marks(keymap)
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    /// It shows countdowns, so its help says what their marks mean.
    fn help_topics(&self) -> &'static [HelpTopic] {
        &[HelpTopic::Bands]
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, _key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let Some(action) = action else {
            return Vec::new();
        };
        match action {
            Action::Open => self
                .selected_row()
                .map(|r| Intent::OpenRecord(r.id()))
                .into_iter()
                .collect(),
            Action::Filter => vec![Intent::Open(Layer::Filter(FilterLine::new(
                self.filter.clone(),
            )))],
            Action::PlrLookup => vec![Intent::PlrLookup(String::new())],
            Action::SearchRegister => vec![Intent::SearchRegister],
            Action::Copy => vec![match self.selected_row().map(|r| r.uln()) {
                Some(uln) if uln != "-" => Intent::Copy {
                    what: "ULN",
                    text: uln.to_owned(),
                },
                Some(_) => Intent::notify("this registration has no ULN to copy", true),
                None => Intent::notify("no record selected", true),
            }],
            Action::Snooze => vec![crate::screens::snooze::for_row(self.selected_state())],
            Action::Assign => crate::screens::assign::for_row(self.selected_state()),
            Action::Command => vec![Intent::CommandLine],
            Action::Help => vec![Intent::Help],
            Action::Quit => vec![Intent::Quit],
            Action::Mark | Action::MarkRange | Action::MarkAll => {
                self.on_mark(action);
                Vec::new()
            }
            Action::Bulk => vec![crate::screens::bulk::choose_for(self.bulk_records())],
            other => self.act(other).into_iter().map(Intent::Effect).collect(),
        }
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        view::QueueView {
            theme: cx.theme,
            now: cx.now,
            typing_filter: cx.typing_filter,
            claims: cx.claims,
        }
        .render(area, buf, self);
    }
}
