//! Opening records and walking the queue (`n`/`p`) without waiting: the neighbours of the record
//! shown are read ahead, so the next one is shown from memory. A record not read yet keeps the
//! current one on screen, marked, until it can replace it: there is never a blank frame between
//! two records.
//!
//! Reading is not viewing: every read here is unaudited, and the view is audited (`MarkViewed`)
//! when a record comes on screen, and only then.

use super::messages::log_failure;
use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use crate::screens::record::RecordScreen;
use uln_api::{ChangeEvent, ClientResult, ExceptionDetail};

impl App {
    /// Opens record `id` from the queue: at once if it was read ahead.
    pub(super) fn open_record(&mut self, id: i64) -> Vec<Effect> {
        let mut screen = RecordScreen::new(id);
        let cached = self.read_ahead.get(id).cloned();
        let read = cached.is_some();
        if let Some(detail) = cached {
            screen.show(detail);
        }
        self.open(Layer::Record(Box::new(screen)));
        if read {
            self.came_on_screen(id)
        } else {
            vec![Effect::LoadDetail(id)]
        }
    }

    /// From the record on top to its neighbour in the queue, as shown; from the record being
    /// read, if the operator is already on the way to one.
    pub(super) fn walk(&mut self, step: isize) -> Vec<Effect> {
        let Some(Layer::Record(record)) = self.top_layer() else {
            return Vec::new();
        };
        let from = record.awaiting.unwrap_or(record.id);
        let Some(id) = self.queue.neighbour(from, step) else {
            let end = if step > 0 { "last" } else { "first" };
            self.notify(format!("{end} record of the queue"), false);
            return Vec::new();
        };
        if let Some(detail) = self.read_ahead.get(id).cloned() {
            return self.replace_on_top(detail);
        }
        if let Some(record) = self.find(Layer::record_mut).next() {
            record.awaiting = Some(id);
        }
        self.read(id).into_iter().collect()
    }

    /// Shows `detail` on the record screen on top, in place of the record there.
    fn replace_on_top(&mut self, detail: ExceptionDetail) -> Vec<Effect> {
        let id = detail.id;
        let Some(record) = self.find(Layer::record_mut).next() else {
            return Vec::new();
        };
        if let Some(left) = record.show(detail) {
            // Kept, so walking back to it waits on nothing either.
            self.read_ahead.offer(left);
        }
        self.came_on_screen(id)
    }

    /// Record `id` came on screen: the view is audited, and its neighbours are read ahead.
    pub(super) fn came_on_screen(&mut self, id: i64) -> Vec<Effect> {
        self.queue.select(id);
        let mut effects = vec![Effect::MarkViewed(id)];
        effects.extend(self.read_neighbours(id));
        effects
    }

    fn read_neighbours(&mut self, id: i64) -> Vec<Effect> {
        let neighbours: Vec<i64> = [-1, 1]
            .into_iter()
            .filter_map(|step| self.queue.neighbour(id, step))
            .collect();
        neighbours
            .into_iter()
            .filter_map(|n| self.read(n))
            .collect()
    }

    /// Reads record `id` ahead unless it is held or already being read.
    fn read(&mut self, id: i64) -> Option<Effect> {
        let ticket = self.read_ahead.start(id)?;
        Some(Effect::ReadAhead { id, ticket })
    }

    /// What the record screen on top needs read: the record it waits for and the neighbours of
    /// the one it shows. After a change or a resync dropped some of it.
    fn read_around_shown(&mut self) -> Vec<Effect> {
        let Some(record) = self.find(Layer::record_mut).next() else {
            return Vec::new();
        };
        let (shown, awaiting) = (record.detail.as_ref().map(|d| d.id), record.awaiting);
        let mut effects: Vec<Effect> = awaiting.and_then(|id| self.read(id)).into_iter().collect();
        if let Some(id) = shown {
            effects.extend(self.read_neighbours(id));
        }
        effects
    }

    /// A record read ahead answered. Kept unless a change overtook it; shown at once if the
    /// operator is waiting for it.
    pub(super) fn on_read_ahead(
        &mut self,
        id: i64,
        ticket: u64,
        result: ClientResult<ExceptionDetail>,
    ) -> Vec<Effect> {
        let waited = |app: &mut App| {
            app.find(Layer::record_mut)
                .next()
                .is_some_and(|r| r.awaiting == Some(id))
        };
        match result {
            Ok(detail) => {
                self.heard_from_backend();
                self.claims.heard(id, detail.claim.clone());
                if !self.read_ahead.answered(ticket, detail) {
                    // Overtaken: the read that replaced it will answer.
                    return Vec::new();
                }
                match self.read_ahead.get(id).cloned() {
                    Some(detail) if waited(self) => self.replace_on_top(detail),
                    _ => Vec::new(),
                }
            }
            Err(error) => {
                if !self.read_ahead.finished(id, ticket) {
                    return Vec::new();
                }
                if waited(self) {
                    // The operator stays on the record shown, told why the next did not come.
                    if let Some(record) = self.find(Layer::record_mut).next() {
                        record.awaiting = None;
                    }
                    self.report("record", Some(id), &error);
                } else {
                    // Nobody asked to see it yet: walking to it will read it again.
                    log_failure("read ahead", Some(id), &error);
                }
                Vec::new()
            }
        }
    }

    /// The backend's answer to a view audit. A failure is shown and logged like any other; the
    /// record stays shown (the operator has already seen it).
    pub(super) fn on_viewed(&mut self, id: i64, result: ClientResult<()>) {
        if let Err(error) = result {
            self.report("view audit", Some(id), &error);
        }
    }

    /// A change made anywhere: a copy read ahead older than it is dropped and read again if it
    /// is still next to the record shown, so walking never shows a stale record.
    pub(super) fn read_ahead_changed(&mut self, change: &ChangeEvent) -> Vec<Effect> {
        if self.read_ahead.changed(change.record_id, change.version) {
            return self.read_around_shown();
        }
        Vec::new()
    }

    /// Changes may have been missed: everything read ahead is dropped and read again.
    pub(super) fn read_ahead_again(&mut self) -> Vec<Effect> {
        self.read_ahead.clear();
        self.read_around_shown()
    }

    /// A record read for a screen (opened, refreshed, reloaded after a change) answered. A
    /// screen showing it for the first time has just put it in front of the operator.
    pub(super) fn on_detail_read(&mut self, detail: ExceptionDetail) -> Vec<Effect> {
        self.heard_from_backend();
        let id = detail.id;
        self.claims.heard(id, detail.claim.clone());
        let mut first_shown = false;
        for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
            first_shown |= record.detail.is_none();
            record.detail = Some(detail.clone());
        }
        if first_shown {
            self.came_on_screen(id)
        } else {
            Vec::new()
        }
    }
}
