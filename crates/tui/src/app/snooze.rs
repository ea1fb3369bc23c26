//! The backend's answer to a snooze, and the news of snoozes ending.

use super::messages::log_failure;
use super::undo::ChangeKind;
use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use crate::screens::snooze::margin_words;
use crate::view::london_time;
use uln_api::{ClientResult, Snoozed};

impl App {
    pub(super) fn on_snoozed(&mut self, id: i64, result: ClientResult<Snoozed>) -> Vec<Effect> {
        match result {
            Ok(snoozed) => {
                self.layers
                    .retain(|e| !matches!(&e.layer, Layer::Snooze(d) if d.id == id));
                let until = snoozed
                    .until
                    .as_deref()
                    .and_then(|t| t.parse().ok())
                    .map(london_time)
                    .unwrap_or_default();
                let cut = if snoozed.cut_to_margin {
                    let margin = margin_words(self.snooze_margin_hours);
                    format!(" (brought forward: {margin} before its deadline)")
                } else {
                    String::new()
                };
                let (text, kind) = match snoozed.until {
                    Some(_) => (
                        format!("#{id} snoozed until {until}{cut}"),
                        ChangeKind::Snooze,
                    ),
                    None => (format!("#{id} woken: back in the queue"), ChangeKind::Wake),
                };
                self.offer_undo(id, snoozed.version, kind);
                self.notify(text, false);
                for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
                    if let Some(detail) = record.detail.as_mut() {
                        detail.version = snoozed.version;
                    }
                }
                // The trail and the version as the backend has them now.
                vec![Effect::LoadDetail(id)]
            }
            Err(e) => {
                log_failure("snooze", Some(id), &e);
                let why = format!("not snoozed, kept: {e}");
                for dialog in self.find(Layer::snooze_mut).filter(|d| d.id == id) {
                    dialog.sending.failed(why.clone());
                }
                self.notify(why, true);
                Vec::new()
            }
        }
    }
}
