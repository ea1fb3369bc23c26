//! A queue shared with the other consoles of an SSH server moved on: this console takes its rows
//! over (see `crate::feed::queues`).

use super::App;
use crate::feed::queues::SharedQueue;
use crate::message::Effect;
use std::sync::Arc;
use uln_api::ClaimView;

impl App {
    pub(super) fn on_shared_queue(
        &mut self,
        generation: u64,
        queue: Arc<SharedQueue>,
        claims: Vec<(i64, ClaimView)>,
    ) -> Vec<Effect> {
        if generation != self.queue.generation {
            return Vec::new();
        }
        // As from pages of its own: who is on which record, and that the backend answered.
        for (id, claim) in claims {
            self.claims.heard(id, Some(claim));
        }
        match self.queue.adopt(generation, queue) {
            Some(e) => self.report("queue", None, &e),
            None => self.heard_from_backend(),
        }
        Vec::new()
    }
}
