//! Undo: for a few seconds after this console's amendment, rejection, snooze, wake or
//! assignment, the status bar counts down (`u undo · 9s`) and `u` takes the change back. Only the
//! last change is offered; the backend decides (its window is longer, to cover the round trip),
//! and after the window a supervisor's reopen is the way back.

use super::messages::log_failure;
use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use jiff::{SignedDuration, Timestamp};
use ratatui::text::Span;
use uln_api::{ClientError, ClientResult, ErrorCode, ExceptionDetail};

/// How long the console offers an undo. The backend allows a little more (15 seconds by
/// default), so an undo pressed in the last second still arrives in time.
pub const UNDO_OFFERED_FOR: SignedDuration = SignedDuration::from_secs(10);

/// What kind of change can be taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Amendment,
    Rejection,
    Snooze,
    Wake,
    Assignment,
}

impl ChangeKind {
    fn noun(self) -> &'static str {
        match self {
            ChangeKind::Amendment => "amendment",
            ChangeKind::Rejection => "rejection",
            ChangeKind::Snooze => "snooze",
            ChangeKind::Wake => "wake",
            ChangeKind::Assignment => "assignment",
        }
    }
}

/// One change this console made: record `id`, and the version the change produced (the undo is
/// sent at it, so a change made since is never undone unseen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UndoableChange {
    pub id: i64,
    pub version: i64,
    pub kind: ChangeKind,
}

/// The change on offer, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UndoOffer {
    pub change: UndoableChange,
    pub until: Timestamp,
}

impl UndoOffer {
    /// Whole seconds left at `now`, rounded up: 10 when just made, 1 in its last second.
    fn seconds_left(&self, now: Timestamp) -> i64 {
        let left = self.until.duration_since(now).as_millis();
        i64::try_from((left + 999).div_euclid(1000)).unwrap_or(0)
    }
}

impl App {
    /// This console changed a record: that change, and only it, can be undone for a while.
    pub(super) fn offer_undo(&mut self, id: i64, version: i64, kind: ChangeKind) {
        let change = UndoableChange { id, version, kind };
        self.undo = Some(UndoOffer {
            change,
            until: self.now + UNDO_OFFERED_FOR,
        });
    }

    /// The offer runs out with the clock: the hint disappears.
    pub(super) fn undo_tick(&mut self, now: Timestamp) {
        if self.undo.is_some_and(|offer| offer.seconds_left(now) <= 0) {
            self.undo = None;
        }
    }

    /// Whether the countdown would read differently at `now`.
    pub(super) fn undo_countdown_moves(&self, now: Timestamp) -> bool {
        self.undo
            .is_some_and(|offer| offer.seconds_left(now) != offer.seconds_left(self.now))
    }

    /// `u`: sends the undo of the change on offer, or says why there is none.
    pub(super) fn undo_last(&mut self) -> Vec<Effect> {
        match self.undo.take() {
            Some(offer) => {
                let UndoableChange { id, kind, .. } = offer.change;
                self.notify(format!("undoing the {} of #{id}…", kind.noun()), false);
                vec![Effect::Undo(offer.change)]
            }
            None => {
                self.notify(
                    "nothing to undo: a change can be undone for 10 seconds; after that a \
                     supervisor can reopen a closed record",
                    true,
                );
                Vec::new()
            }
        }
    }

    /// The status bar's countdown, while a change is on offer.
    pub(super) fn undo_part(&self) -> Option<Span<'static>> {
        let offer = self.undo?;
        let left = offer.seconds_left(self.now);
        let key = self
            .keymap
            .footer_label(crate::keymap::Context::Normal, crate::keymap::Action::Undo);
        (left > 0).then(|| Span::styled(format!("{key} undo · {left}s"), self.theme.highlight()))
    }

    pub(super) fn on_undone(
        &mut self,
        change: UndoableChange,
        result: ClientResult<ExceptionDetail>,
    ) -> Vec<Effect> {
        let UndoableChange { id, kind, .. } = change;
        match result {
            Ok(detail) => {
                self.notify(format!("Undone: {} of #{id}", kind.noun()), false);
                for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
                    record.detail = Some(detail.clone());
                }
                vec![Effect::LoadQueues, self.queue.reload()]
            }
            Err(error) => {
                log_failure("undo", Some(id), &error);
                if let Some(current) = error.current_record().cloned() {
                    for record in self.find(Layer::record_mut).filter(|r| r.id == id) {
                        record.detail = Some(current.clone());
                    }
                }
                self.notify(refusal(kind, id, &error), true);
                Vec::new()
            }
        }
    }
}

/// Why the backend did not undo it, plainly.
fn refusal(kind: ChangeKind, id: i64, error: &ClientError) -> String {
    let what = format!("the {} of #{id}", kind.noun());
    match error {
        ClientError::Api { body, .. } if body.code == ErrorCode::UndoWindowPassed => format!(
            "too late to undo {what}: the time for it has passed; a supervisor can reopen the record"
        ),
        ClientError::Api { body, .. } if body.code == ErrorCode::NothingToUndo => {
            format!("{what} was not undone: {}", body.message)
        }
        _ if error.current_record().is_some() => {
            format!("{what} was not undone: the record has changed since")
        }
        _ if error.is_unreachable() => {
            format!("{what} was not undone: the backend is unreachable")
        }
        _ => format!("{what} was not undone: {error}"),
    }
}
