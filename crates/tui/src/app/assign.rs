//! Assignment and handover in the console: the team list for the dialogs, the backend's answers,
//! the `:mine` view and the `:handover` screen, and the notice when a colleague gives the
//! operator a record.

use super::messages::log_failure;
use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use crate::screens::handover::{HandoverScreen, Step};
use uln_api::{
    ChangeAction, ChangeEvent, ClientResult, ColleagueList, ExceptionDetail, HandoverReport,
    HandoverSummary, RecordFilter, SnoozeFilter,
};

impl App {
    /// `:mine`: the queue screen listing only the open records assigned to this operator.
    pub(super) fn show_mine(&mut self) -> Vec<Effect> {
        let Some(me) = self.claims.me().map(str::to_owned) else {
            self.notify("who you are is not known yet: try again in a moment", true);
            return Vec::new();
        };
        self.queue.records = RecordFilter::Open;
        self.queue.snoozed = SnoozeFilter::Awake;
        self.queue.mine = Some(me);
        self.queue.queue_index = 0;
        self.queue.selected = None;
        self.close_all();
        vec![self.queue.reload()]
    }

    /// `:handover`: the summary of what the operator holds, loading.
    pub(super) fn open_handover(&mut self) -> Vec<Effect> {
        if matches!(self.top_layer(), Some(Layer::Handover(_))) {
            self.close();
        }
        self.open(Layer::Handover(Box::new(HandoverScreen::loading())));
        vec![Effect::LoadHandover]
    }

    pub(super) fn on_colleagues(&mut self, result: ClientResult<ColleagueList>) {
        match result {
            Ok(list) => {
                for dialog in self.find(Layer::assign_mut) {
                    dialog.picker.loaded(list.operators.clone());
                }
                for screen in self.find(Layer::handover_mut) {
                    screen.picker.loaded(list.operators.clone());
                }
                for dialog in self.find(Layer::bulk_choose_mut) {
                    dialog.picker.loaded(list.operators.clone());
                }
            }
            Err(e) => {
                log_failure("colleagues", None, &e);
                let why = format!("the team could not be listed: {e}");
                for dialog in self.find(Layer::assign_mut) {
                    dialog.sending.failed(why.clone());
                }
                self.notify(why, true);
            }
        }
    }

    pub(super) fn on_assigned(
        &mut self,
        id: i64,
        result: ClientResult<ExceptionDetail>,
    ) -> Vec<Effect> {
        match result {
            Ok(detail) => {
                self.layers
                    .retain(|e| !matches!(&e.layer, Layer::Assign(d) if d.id == id));
                let text = match &detail.assigned_to {
                    Some(to) => format!("#{id} assigned to {to}"),
                    None => format!("#{id} taken back: nobody holds it"),
                };
                self.notify(text, false);
                self.offer_undo(id, detail.version, super::undo::ChangeKind::Assignment);
                for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
                    record.detail = Some(detail.clone());
                }
                vec![Effect::LoadQueues]
            }
            Err(e) => {
                log_failure("assign", Some(id), &e);
                // Changed meanwhile: the record as it is now is shown, and the dialog is sent
                // at its version next time, the operator having seen it.
                let current = e.current_record().cloned();
                let why = match &current {
                    Some(now) => format!(
                        "the record changed meanwhile (now version {}); enter assigns it as it is now",
                        now.version
                    ),
                    None => format!("not assigned, kept: {e}"),
                };
                for dialog in self.find(Layer::assign_mut).filter(|d| d.id == id) {
                    if let Some(now) = &current {
                        dialog.version = now.version;
                    }
                    dialog.sending.failed(why.clone());
                }
                if let Some(now) = current {
                    for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
                        record.detail = Some(now.clone());
                    }
                }
                self.notify(why, true);
                Vec::new()
            }
        }
    }

    pub(super) fn on_handover(&mut self, result: ClientResult<HandoverSummary>) {
        match result {
            Ok(summary) => {
                for screen in self.find(Layer::handover_mut) {
                    screen.loaded(summary.clone());
                }
            }
            Err(e) => self.report("handover summary", None, &e),
        }
    }

    pub(super) fn on_handed_over(&mut self, result: ClientResult<HandoverReport>) -> Vec<Effect> {
        match result {
            Ok(report) => {
                let text = format!(
                    "{} of {} records handed over to {}",
                    report.done(),
                    report.records.len(),
                    report.to
                );
                self.notify(text, report.done() < report.records.len());
                for screen in self.find(Layer::handover_mut) {
                    screen.step = Step::Reported(report.clone());
                }
                vec![Effect::LoadQueues]
            }
            Err(e) => {
                log_failure("handover", None, &e);
                let why = format!("nothing handed over, choice kept: {e}");
                for screen in self.find(Layer::handover_mut) {
                    screen.failed(why.clone());
                }
                self.notify(why, true);
                Vec::new()
            }
        }
    }

    /// A colleague gave this operator a record: said at once, wherever they are.
    pub(super) fn notice_assigned_to_me(&mut self, change: &ChangeEvent) {
        let Some(me) = self.claims.me().map(str::to_owned) else {
            return;
        };
        let to_me = change
            .row
            .as_ref()
            .is_some_and(|r| r.assigned_to.as_deref() == Some(me.as_str()));
        if change.action == ChangeAction::Assigned && to_me && change.operator != me {
            let text = format!(
                "#{} assigned to you by {}",
                change.record_id, change.operator
            );
            self.notify(text, false);
        }
    }
}
