//! Claims as the app runs them: the record open on the record screen is claimed for this
//! operator (unless someone else is on it: then they are named, and `T` takes it over), renewed
//! about every minute while the operator presses keys, and released when they leave it. Other
//! operators' claims arrive on the event stream and with pages and records, and are shown on the
//! queue's rows and the record's header (`crate::claims`).

use super::messages::log_failure;
use super::App;
use crate::claims::{Mine, MineState, RENEW_EVERY};
use crate::keymap::Action;
use crate::layer::Layer;
use crate::message::Effect;
use uln_api::{ClaimEvent, ClaimView, ClientError, ClientResult, ErrorCode, RecordStatus};

impl App {
    /// The backend said who this operator is (and the snooze margin its dialog states): their
    /// own claims can be told from others' from now on.
    pub(super) fn on_me(&mut self, me: uln_api::Me) {
        self.connection.operator = format!("{} ({})", me.name, me.role.label());
        self.claims.set_me(&me.name);
        self.keymap.set_role(me.role);
        self.snooze_margin_hours = me.snooze_margin_hours;
    }

    /// The open record this operator should be on: the record screen's, when it is an open
    /// record, their role works records and the backend has said who they are.
    fn record_to_claim(&self) -> Option<i64> {
        if !self.claims.knows_me() {
            return None;
        }
        let screen = self.layers().rev().find_map(|l| match l {
            Layer::Record(r) => Some(r),
            _ => None,
        })?;
        let detail = screen.detail.as_ref()?;
        let works = self.keymap.offers(Action::TakeOver);
        (detail.status == RecordStatus::Open && works).then_some(detail.id)
    }

    /// After every key and message: claims the record the operator is on and releases the one
    /// they left (esc, walking with n/p, the record closed meanwhile), whatever moved them.
    pub(super) fn claims_follow_screen(&mut self) -> Vec<Effect> {
        let wanted = self.record_to_claim();
        if wanted == self.claims.mine.as_ref().map(|m| m.id) {
            return Vec::new();
        }
        let mut effects = Vec::new();
        if let Some(left) = self.claims.mine.take() {
            if left.state != MineState::HeldByOther {
                self.claims.heard(left.id, None);
                effects.push(Effect::ReleaseClaim(left.id));
            }
        }
        if let Some(id) = wanted {
            effects.push(self.ask_for(id, false));
        }
        effects
    }

    fn ask_for(&mut self, id: i64, take_over: bool) -> Effect {
        let renewed_at = self.claims.mine.as_ref().and_then(|m| m.renewed_at);
        self.claims.mine = Some(Mine {
            id,
            state: MineState::Asking,
            renewed_at,
        });
        Effect::Claim { id, take_over }
    }

    /// `T` on the record: take it over from whoever is on it. Never done without the key.
    pub(super) fn take_over(&mut self) -> Vec<Effect> {
        let now = self.now;
        match self.claims.mine.clone() {
            // Someone else is on it: the header says so and offers T, whether or not the
            // answer to this console's own first ask has come yet.
            Some(Mine { id, state, .. })
                if state == MineState::HeldByOther
                    || (state == MineState::Asking && self.claims.others_on(id, now).is_some()) =>
            {
                self.claims.taking_over_from =
                    self.claims.others_on(id, now).map(|c| c.operator.clone());
                let effect = self.ask_for(id, true);
                if let Some(mine) = self.claims.mine.as_mut() {
                    mine.state = MineState::TakingOver;
                }
                vec![effect]
            }
            Some(_) => {
                self.notify("you are on this record already", false);
                Vec::new()
            }
            None => {
                self.notify("nothing to take over: only open records are claimed", true);
                Vec::new()
            }
        }
    }

    /// Every second: renews this operator's claim once a minute has passed since the last
    /// renewal, if they pressed a key since (an idle operator's claim lapses on the backend);
    /// claims the record again once another operator's claim on it has lapsed, if this operator
    /// pressed a key within the last minute.
    pub(super) fn claims_on_tick(&mut self) -> Vec<Effect> {
        let now = self.now;
        let Some(mine) = self.claims.mine.clone() else {
            return Vec::new();
        };
        match mine.state {
            MineState::Held => {
                let due = mine.renewed_at.is_none_or(|at| now >= at + RENEW_EVERY);
                let active = self
                    .masking
                    .last_input
                    .zip(mine.renewed_at)
                    .is_some_and(|(input, renewed)| input > renewed);
                if due && active {
                    return vec![self.ask_for(mine.id, false)];
                }
            }
            // Only for an operator at work: two idle consoles on one record would otherwise take
            // it in turns each time the other's claim lapsed.
            MineState::HeldByOther if self.claims.others_on(mine.id, now).is_none() => {
                let recent = self
                    .masking
                    .last_input
                    .is_some_and(|input| input + RENEW_EVERY > now);
                if recent {
                    return vec![self.ask_for(mine.id, false)];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The backend's answer to a claim, a renewal or a takeover.
    pub(super) fn on_claimed(
        &mut self,
        id: i64,
        take_over: bool,
        result: ClientResult<ClaimView>,
    ) -> Vec<Effect> {
        let asked = self.claims.mine.as_ref().is_some_and(|m| m.id == id);
        let taking_over = self
            .claims
            .mine
            .as_ref()
            .is_some_and(|m| m.id == id && m.state == MineState::TakingOver);
        if taking_over && !take_over {
            // The first ask's answer, overtaken by the take-over: that answer decides.
            return Vec::new();
        }
        match result {
            // Left before the answer came: not theirs to keep.
            Ok(_) if !asked => return vec![Effect::ReleaseClaim(id)],
            Ok(claim) => {
                let before = self
                    .claims
                    .others_on(id, self.now)
                    .map(|c| c.operator.clone());
                let from = self.claims.taking_over_from.take().or(before);
                self.claims.heard(id, Some(claim));
                self.claims.mine = Some(Mine {
                    id,
                    state: MineState::Held,
                    renewed_at: Some(self.now),
                });
                if let (true, Some(from)) = (take_over, from) {
                    self.notify(format!("You took over from {from}"), false);
                }
            }
            Err(ClientError::Api { body, .. }) if asked && body.code == ErrorCode::Claimed => {
                self.claims.heard(id, body.claim.clone().map(|c| *c));
                if let Some(mine) = self.claims.mine.as_mut() {
                    mine.state = MineState::HeldByOther;
                }
                if let Some(holder) = body.claim {
                    let text = format!("{} is on #{id}: T takes it over", holder.operator);
                    self.notify(text, false);
                }
            }
            Err(e) => {
                // Not claimed (closed meanwhile, or the backend did not answer): the record is
                // still shown and worked; the claim is only a courtesy to the others.
                if asked {
                    self.claims.mine = None;
                }
                log_failure("claim", Some(id), &e);
                if take_over {
                    self.notify(format!("not taken over: {e}"), true);
                }
            }
        }
        Vec::new()
    }

    /// Someone claimed, renewed, took over or released a record, here or on another console.
    pub(super) fn on_claim_changed(&mut self, event: ClaimEvent) -> Vec<Effect> {
        let id = event.record_id;
        self.claims.heard(id, event.claim.clone());
        let Some(mine) = self.claims.mine.clone().filter(|m| m.id == id) else {
            return Vec::new();
        };
        match (&event.claim, mine.state) {
            // Our own claim's echo.
            (Some(c), _) if self.claims.is_me(&c.operator) => {}
            (Some(c), MineState::Held | MineState::Asking) => {
                if let Some(m) = self.claims.mine.as_mut() {
                    m.state = MineState::HeldByOther;
                }
                let from_me = event.taken_over_from.as_deref();
                let text = if from_me.is_some_and(|f| self.claims.is_me(f)) {
                    format!("{} took over this record", c.operator)
                } else {
                    // Not taken from us: our claim had lapsed while we were idle.
                    format!("{} is on this record now: yours had lapsed", c.operator)
                };
                self.notify(text, true);
            }
            // The one who was on it left: the operator looking at it is on it now.
            (None, MineState::HeldByOther) => return vec![self.ask_for(id, false)],
            _ => {}
        }
        Vec::new()
    }
}
