//! The backend's answers to a bulk action: the dry run opens the preview (in place of the
//! dialog, or of the report whose failures are retried), the apply opens the report.

use super::messages::log_failure;
use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use crate::screens::bulk::{BulkRequestAction, BulkScreen, Stage};
use uln_api::{BulkReport, ClientResult};

impl App {
    pub(super) fn on_bulk(
        &mut self,
        action: BulkRequestAction,
        dry_run: bool,
        result: ClientResult<BulkReport>,
    ) -> Vec<Effect> {
        let report = match result {
            Ok(report) => report,
            Err(e) => {
                log_failure("bulk", None, &e);
                let why = format!("bulk action not done: {e}");
                for dialog in self.find(Layer::bulk_choose_mut) {
                    dialog.error = Some(why.clone());
                }
                self.notify(why, true);
                return Vec::new();
            }
        };
        // Whatever step answered, its screen is replaced by the next one.
        self.layers.retain(|e| {
            !matches!(
                e.layer,
                Layer::BulkChoose(_) | Layer::BulkConfirm(_) | Layer::Bulk(_)
            )
        });
        if dry_run {
            self.open(Layer::Bulk(Box::new(BulkScreen::new(
                Stage::Preview,
                action,
                report,
            ))));
            return Vec::new();
        }
        let t = report.totals;
        self.notify(
            format!(
                "bulk {}: {} done · {} conflict · {} refused · {} skipped",
                action.label(),
                t.done,
                t.conflict,
                t.refused,
                t.skipped
            ),
            t.conflict + t.refused > 0,
        );
        self.queue.clear_marks();
        // The marks are spent, and the report is read over the queue the changes will update.
        self.layers.retain(|e| !matches!(e.layer, Layer::Groups(_)));
        self.open(Layer::Bulk(Box::new(BulkScreen::new(
            Stage::Report,
            action,
            report,
        ))));
        vec![Effect::LoadQueues]
    }
}
