//! The phone-call panel's moves that need the app: opening it from anywhere (or going back to
//! the call already open), and the backend's answers for it.

use super::messages::log_failure;
use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use crate::screens::call::CallPanel;
use uln_api::{CallList, CallView, ClientResult, LearnerSearchResponse, PlrResponse};

impl App {
    /// Whether the screen would look different at `now`: countdowns move each minute, a call's
    /// timer and the undo countdown each second.
    pub fn shows_change_at(&self, now: jiff::Timestamp) -> bool {
        let call_open = self.layers().any(|l| matches!(l, Layer::Call(_)));
        call_open
            || self.undo_countdown_moves(now)
            || now.as_second() / 60 != self.now.as_second() / 60
    }

    /// One call at a time: with a call open, the key goes back to it, closing what is over it.
    pub(super) fn open_call(&mut self) -> Vec<Effect> {
        if self.layers().any(|l| matches!(l, Layer::Call(_))) {
            while !matches!(self.top_layer(), Some(Layer::Call(_))) {
                self.close();
            }
            return Vec::new();
        }
        self.open(Layer::Call(Box::new(CallPanel::new(self.now))));
        vec![Effect::LoadCalls]
    }

    pub(super) fn on_caller_checked(&mut self, result: ClientResult<PlrResponse>) -> Vec<Effect> {
        let explained = result
            .as_ref()
            .err()
            .and_then(|e| self.explain_unavailable(e));
        let call = self.find(Layer::call_mut).next();
        match (result, call) {
            (Ok(response), Some(call)) => call.checked(response),
            (Ok(_), None) => {}
            (Err(e), call) => {
                if let Some(call) = call {
                    call.check_failed(&e, explained);
                }
                self.report("identity check", None, &e);
                return self.register_refused(&e);
            }
        }
        vec![]
    }

    /// The wrap-up is in the audit trail: the call is over and its panel closes.
    pub(super) fn on_call_recorded(&mut self, result: ClientResult<CallView>) {
        match result {
            Ok(call) => {
                if self.layers().any(|l| matches!(l, Layer::Call(_))) {
                    while !matches!(self.top_layer(), Some(Layer::Call(_))) {
                        self.close();
                    }
                    self.close();
                }
                tracing::info!(call_id = call.id, "call recorded");
                let text = format!("call #{} recorded ({})", call.id, call.outcome.label());
                self.notify(text, false);
            }
            Err(e) => {
                if let Some(call) = self.find(Layer::call_mut).next() {
                    call.send_failed(&e);
                }
                log_failure("call wrap-up", None, &e);
                self.notify(format!("call wrap-up not sent, note kept: {e}"), true);
            }
        }
    }

    pub(super) fn on_caller_search(&mut self, result: ClientResult<LearnerSearchResponse>) {
        let call = self.find(Layer::call_mut).next();
        match (result, call) {
            (Ok(answer), Some(call)) => {
                if let Some(none) = call.register_answered(answer) {
                    self.notify(none, true);
                }
            }
            (Ok(_), None) => {}
            (Err(e), call) => {
                if let Some(call) = call {
                    call.searching = false;
                }
                self.report("register search", None, &e);
            }
        }
    }

    pub(super) fn on_calls(&mut self, result: ClientResult<CallList>) {
        let call = self.find(Layer::call_mut).next();
        match (result, call) {
            (Ok(list), Some(call)) => call.calls_listed(list),
            (Ok(_), None) => {}
            (Err(e), call) => {
                if let Some(call) = call {
                    call.recent = crate::screens::call::RecentCalls::Unavailable;
                }
                self.report("recent calls", None, &e);
            }
        }
    }
}
