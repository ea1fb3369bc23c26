//! What the app does with answers and events from outside: each goes to the layers it is for,
//! if they are still open; an answer for a layer the operator left is dropped.

use super::App;
use crate::layer::Layer;
use crate::message::{Effect, Message};
use uln_api::{
    ChangeEvent, ClientError, ClientResult, ExceptionDetail, ExceptionPage, RecordStatus,
};

impl App {
    pub(super) fn handle_message(&mut self, message: Message) -> Vec<Effect> {
        let rows_may_change = matches!(
            message,
            Message::Change(_)
                | Message::Page { .. }
                | Message::SharedQueue { .. }
                | Message::Filtered(_)
        );
        let effects = self.route_message(message);
        if rows_may_change {
            self.follow_queue_in_groups();
        }
        effects
    }

    fn route_message(&mut self, message: Message) -> Vec<Effect> {
        match message {
            Message::Tick(now) => {
                self.now = now;
                self.undo_tick(now);
                self.mask_if_idle();
                self.find(Layer::call_mut).for_each(|call| call.now = now);
                let mut effects = self.register_due(now);
                effects.extend(self.claims_on_tick());
                return effects;
            }
            Message::RegisterStatus(result) => self.on_register_status(result),
            Message::Filtered(result) => self.queue.filtered(result),
            Message::Queues(Ok(list)) => self.on_queues(list),
            Message::Queues(Err(e)) => self.report("queues", None, &e),
            Message::Page { generation, result } if generation == self.queue.generation => {
                return self.on_page(result)
            }
            Message::Page { .. } => {}
            Message::SharedQueue {
                generation,
                queue,
                claims,
            } => return self.on_shared_queue(generation, queue, claims),
            Message::Detail(result) => {
                let mut effects = self.register_news(&result);
                effects.extend(self.on_detail(*result));
                return effects;
            }
            Message::ReadAhead { id, ticket, result } => {
                return self.on_read_ahead(id, ticket, *result)
            }
            Message::Viewed { id, result } => self.on_viewed(id, result),
            Message::Revealed { subject, result } => self.on_revealed(&subject, result),
            Message::Change(change) => return self.on_change(change),
            Message::ClaimChanged(event) => return self.on_claim_changed(event),
            Message::Claimed {
                id,
                take_over,
                result,
            } => return self.on_claimed(id, take_over, result),
            Message::Written { write, result } => {
                let mut effects = self.register_news(&result);
                effects.extend(self.on_written(write, *result));
                return effects;
            }
            Message::Resync => return self.resync(),
            Message::Me(Ok(me)) => self.on_me(me),
            Message::Me(Err(e)) => self.report("who am I", None, &e),
            Message::LearnerSearch { id, result } => self.on_learner_search(id, *result),
            Message::Plr(result) => return self.on_plr(*result),
            Message::RegisterSearch(result) => self.on_register_search(*result),
            Message::ChallengeRaised(result) => return self.on_challenge_raised(*result),
            Message::Challenges(result) => self.on_challenges(result),
            Message::Dashboard(result) => self.on_dashboard(result),
            Message::Connection(online) => return self.on_connection(online),
            Message::ServerInUse(root) => {
                self.notify(format!("now connected to {root}"), false);
                self.connection.backend = root;
            }
            Message::OlderAudit { id, result } => {
                let screen = self.find(Layer::record_mut).find(|r| r.id == id);
                match (result, screen) {
                    (Ok(page), Some(screen)) => screen.add_older_audit(page),
                    (Ok(_), None) => {}
                    (Err(e), _) => self.report("older audit entries", Some(id), &e),
                }
            }
            Message::TokenRefused => self.on_token_refused(),
            Message::Exported { path, rows, result } => self.on_exported(&path, rows, result),
            Message::ExportRecorded { file, result } => {
                return self.on_export_recorded(*file, result)
            }
            Message::CallerChecked(result) => return self.on_caller_checked(*result),
            Message::CallRecorded(result) => self.on_call_recorded(result),
            Message::Calls(result) => self.on_calls(result),
            Message::Bulk {
                action,
                dry_run,
                result,
            } => return self.on_bulk(action, dry_run, *result),
            Message::Snoozed { id, result } => return self.on_snoozed(id, result),
            Message::NoteAdded { id, result } => return self.on_note_added(id, result),
            Message::NoteWritten(note) => return self.on_note_written(&note),
            Message::Undone { change, result } => return self.on_undone(change, *result),
            Message::CallerSearch(result) => self.on_caller_search(*result),
            Message::ImportRead(result) => self.on_import_read(*result),
            Message::ImportProgress(progress) => self.on_import_progress(progress),
            Message::ImportDone(result) => self.on_import_done(result),
            Message::Colleagues(result) => self.on_colleagues(result),
            Message::Assigned { id, result } => return self.on_assigned(id, *result),
            Message::Handover(result) => self.on_handover(result),
            Message::HandedOver(result) => return self.on_handed_over(result),
            Message::WorkFailed(what) => self.notify(format!("{what} failed; see the log"), true),
        }
        Vec::new()
    }

    fn on_queues(&mut self, list: uln_api::QueueList) {
        self.heard_from_backend();
        let current = self
            .queue
            .pending_queue
            .take()
            .or_else(|| self.queue.queue_name());
        self.queue.queues = list.queues;
        self.queue.queue_index = current
            .and_then(|name| {
                self.queue
                    .queues
                    .iter()
                    .position(|q| q.queue.wire_name() == name)
            })
            .unwrap_or(0);
    }

    /// The event stream connected or dropped. Back after it dropped: catch up on what changed
    /// meanwhile. Judged by the stream, not by `online`, which any other answer meanwhile sets.
    fn on_connection(&mut self, online: bool) -> Vec<Effect> {
        self.connection.online = online;
        let was_lost = std::mem::replace(&mut self.stream_lost, !online);
        if !(online && was_lost) {
            return Vec::new();
        }
        let mut effects = vec![Effect::LoadQueues, self.queue.reload()];
        effects.extend(self.read_ahead_again());
        effects
    }

    fn on_token_refused(&mut self) {
        self.connection.online = false;
        tracing::warn!("the backend refused our token");
        self.notify(
            "the backend refused your token (revoked?): no live updates; ask a supervisor",
            true,
        );
    }

    /// The event stream says changes were missed: reload everything shown, since any of it may
    /// be stale. A form being filled keeps its own version, so a reload never overwrites an edit.
    fn resync(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadQueues, self.queue.reload()];
        let records: Vec<i64> = self.find(Layer::record_mut).map(|r| r.id).collect();
        effects.extend(records.into_iter().map(Effect::LoadDetail));
        effects.extend(self.read_ahead_again());
        effects
    }

    pub(super) fn heard_from_backend(&mut self) {
        self.connection.online = true;
        self.connection.last_update = Some(self.now);
    }

    fn on_page(&mut self, result: ClientResult<ExceptionPage>) -> Vec<Effect> {
        match result {
            Ok(page) => {
                self.heard_from_backend();
                for row in &page.items {
                    self.claims.heard(row.id, row.claim.as_deref().cloned());
                }
                self.queue
                    .add_page(page.items, page.next_cursor)
                    .into_iter()
                    .collect()
            }
            Err(e) => {
                self.queue.loading = false;
                self.report("queue", None, &e);
                Vec::new()
            }
        }
    }

    fn on_detail(&mut self, result: ClientResult<ExceptionDetail>) -> Vec<Effect> {
        match result {
            Ok(detail) => return self.on_detail_read(detail),
            Err(e) => {
                let record = self.find(Layer::record_mut).next();
                let id = record.map(|r| {
                    r.error = Some(e.to_string());
                    r.id
                });
                self.report("record", id, &e);
            }
        }
        Vec::new()
    }

    /// A change made anywhere: the queue updates itself from the event's row, at no request;
    /// the counts of every queue follow on the stream (`Message::Queues`).
    fn on_change(&mut self, change: ChangeEvent) -> Vec<Effect> {
        // An event is news from the backend as much as a page is: "updated" moves with it.
        self.heard_from_backend();
        let id = change.record_id;
        // Our own write, already shown: its echo on the stream must not replace the outcome
        // notice or reload what we hold.
        let shown = self.find(Layer::record_mut).any(|r| r.id == id);
        let known = self.find(Layer::record_mut).any(|r| {
            r.detail
                .as_ref()
                .is_some_and(|d| d.id == id && d.version >= change.version)
        });
        // A form open on the record warns at once; our own write's echo is not someone else's.
        for form in self.find(Layer::amend_mut) {
            if form.id == id && change.version > form.version && !form.submitting {
                form.changed_elsewhere = Some(change.clone());
            }
        }
        let left = self.queue.apply_change(&change);
        if change.status != RecordStatus::Open && left && !known {
            let text = format!("#{id} {} by {}", change.status.label(), change.operator);
            self.notify(text, false);
        }
        if change.action == uln_api::ChangeAction::Woken && change.operator.starts_with("system:") {
            self.notify(format!("#{id} is back from snooze"), false);
        }
        self.notice_assigned_to_me(&change);
        let mut effects = if shown && !known {
            vec![Effect::LoadDetail(id)]
        } else {
            Vec::new()
        };
        if self.queue.needs_reload_for(id) {
            effects.push(self.queue.reload());
        }
        // After the queue took the change in: the neighbours to read are the ones now shown.
        effects.extend(self.read_ahead_changed(&change));
        effects
    }

    /// Recorded first, written second: no export of learners' details goes unaudited.
    fn on_export_recorded(
        &mut self,
        file: crate::message::ExportFile,
        result: uln_api::ClientResult<uln_api::ExportRecorded>,
    ) -> Vec<Effect> {
        match result {
            Ok(_) => vec![Effect::WriteExport(file)],
            Err(e) => {
                let text = format!("nothing written: the export could not be recorded: {e}");
                self.notify(text, true);
                Vec::new()
            }
        }
    }

    fn on_exported(&mut self, path: &std::path::Path, rows: usize, result: Result<(), String>) {
        match result {
            // The count only: the path may name a learner or a centre.
            Ok(()) => {
                tracing::info!(rows, "queue exported");
                let text = format!(
                    "{rows} rows written to {} (readable by you only)",
                    path.display()
                );
                self.notify(text, false);
            }
            Err(why) => {
                tracing::warn!("queue export failed");
                self.notify(format!("not written: {}: {why}", path.display()), true);
            }
        }
    }

    /// Shows a failure to the operator and logs it.
    pub(super) fn report(
        &mut self,
        what: &'static str,
        record_id: Option<i64>,
        error: &ClientError,
    ) {
        if error.is_unreachable() {
            self.connection.online = false;
        }
        log_failure(what, record_id, error);
        self.notify(format!("{what}: {error}"), true);
    }
}

/// Logs a failure by ids and codes only: never the error's text, which may quote what was sent
/// (a ULN, a name, a date of birth).
pub(super) fn log_failure(what: &'static str, record_id: Option<i64>, error: &ClientError) {
    match error {
        ClientError::Unreachable(_) => {
            tracing::warn!(what, record_id, "backend unreachable")
        }
        ClientError::NoAnswer(_) => {
            tracing::warn!(what, record_id, "no answer from the backend")
        }
        ClientError::Api { status, body } => {
            tracing::warn!(what, record_id, status, code = %body.code, "backend refused")
        }
        ClientError::Decode(_) => tracing::warn!(what, record_id, "unexpected reply"),
    }
}
