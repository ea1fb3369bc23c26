//! The phone-call panel: a running timer; the caller's identity gathered and checked against the
//! register first (ULN, family name, date of birth, then their given name when those are not
//! enough); the learner's PLR only once the register confirms who is calling; and a wrap-up note,
//! required, that joins the audit trail. esc always leads back: a call with anything typed asks
//! before it is dropped unrecorded, and esc again drops it (as a quit with an unsent amendment
//! does), so esc pressed again and again still reaches the queue.

mod keys;
mod view;

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::mask::{Personal, Revealable};
use crate::screens::help;
use crate::screens::plr::{PlrMode, PlrScreen, QueryField};
use crossterm::event::KeyEvent;
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use uln_api::{
    CallList, CallOutcome, CallRequest, CallView, ClientError, LearnerSearchResponse, PlrResponse,
    RegisterCode,
};
use uln_domain::text::{self, TextKind};
use uln_domain::Uln;

/// Where the call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallStep {
    /// Gathering and checking who the caller is.
    Identify,
    /// The register confirmed the caller: their PLR.
    Plr,
    /// Choosing among the register's learners found by the caller's name and date of birth.
    Search,
    /// Writing the wrap-up note.
    WrapUp,
    /// Asked whether to drop the call unrecorded: esc again drops it, any other key goes back
    /// to this step.
    Abandon(Resume),
}

/// A step a call can be taken back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    Identify,
    Search,
    Plr,
    WrapUp,
}

impl From<Resume> for CallStep {
    fn from(step: Resume) -> CallStep {
        match step {
            Resume::Identify => CallStep::Identify,
            Resume::Search => CallStep::Search,
            Resume::Plr => CallStep::Plr,
            Resume::WrapUp => CallStep::WrapUp,
        }
    }
}

/// What the register said about who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    NotChecked,
    Checking,
    /// Not confirmed: the register's code and why, and how many checks so far.
    NotConfirmed {
        code: RegisterCode,
        message: String,
        checks: u32,
    },
    /// Confirmed as the learner with this ULN (a linked ULN's master, if the register said so).
    Confirmed {
        uln: String,
    },
}

/// The operator's recent calls, as the backend lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecentCalls {
    Loading,
    Shown(Vec<CallView>),
    Unavailable,
}

/// The note the call ends with.
#[derive(Debug, Clone, Default)]
pub struct WrapUp {
    pub note: String,
    /// Sent, waiting for the backend: no second send.
    pub sending: bool,
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct CallPanel {
    pub started_at: Timestamp,
    /// The console's clock as last told (every second): a wrap-up is stamped with it.
    pub now: Timestamp,
    pub step: CallStep,
    pub identity: Identity,
    /// Identity checks the register has answered during this call.
    pub checks_answered: u32,
    /// The identity form and, once the caller is confirmed, their PLR: the lookup screen's own
    /// state, so the events and challenges work as they do there.
    pub plr: PlrScreen,
    pub wrap_up: WrapUp,
    pub recent: RecentCalls,
    /// The register's answer to the last search for the caller, and the learner chosen.
    pub matches: Option<(LearnerSearchResponse, usize)>,
    /// A search is in flight: no second one until it answers.
    pub searching: bool,
}

impl CallPanel {
    /// Ending the call comes early in each list: the footer keeps the first that fit.
    pub const IDENTIFY_KEYS: &'static [Action] = &[
        Action::Submit,
        Action::EndCall,
        Action::NextField,
        Action::PreviousField,
        Action::SearchRegister,
        Action::Cancel,
        Action::Quit,
    ];
    pub const PLR_KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::EndCall,
        Action::Challenge,
        Action::Back,
        Action::Help,
        Action::Quit,
    ];
    pub const SEARCH_KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Open,
        Action::Back,
        Action::Help,
        Action::Quit,
    ];
    pub const WRAP_UP_KEYS: &'static [Action] = &[Action::Submit, Action::Cancel, Action::Quit];
    pub const ABANDON_KEYS: &'static [Action] = &[Action::Back];

    pub fn new(started_at: Timestamp) -> CallPanel {
        CallPanel {
            started_at,
            now: started_at,
            step: CallStep::Identify,
            identity: Identity::NotChecked,
            checks_answered: 0,
            plr: PlrScreen::with_uln(""),
            wrap_up: WrapUp::default(),
            recent: RecentCalls::Loading,
            matches: None,
            searching: false,
        }
    }

    /// `mm:ss` since the call started (`h:mm:ss` past the hour).
    pub fn timer(&self, now: Timestamp) -> String {
        let seconds = now.duration_since(self.started_at).as_secs().max(0);
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        if h > 0 {
            format!("{h}:{m:02}:{s:02}")
        } else {
            format!("{m:02}:{s:02}")
        }
    }

    /// Whether the register confirmed the caller: until then no PLR answer may reach the panel.
    pub fn caller_confirmed(&self) -> bool {
        matches!(self.identity, Identity::Confirmed { .. })
    }

    /// Whether dropping the call would lose anything the operator did.
    pub fn has_work(&self) -> bool {
        let typed = QueryField::ALL
            .iter()
            .any(|f| !self.plr.query.value(*f).is_empty());
        typed
            || self.identity != Identity::NotChecked
            || self.matches.is_some()
            || !self.wrap_up.note.trim().is_empty()
    }

    /// The register answered the identity check.
    pub fn checked(&mut self, response: PlrResponse) {
        self.checks_answered += 1;
        let confirmed = matches!(
            response.code,
            RegisterCode::ExactMatch | RegisterCode::MasterSubstituted | RegisterCode::NotSharing
        );
        if !confirmed {
            self.identity = Identity::NotConfirmed {
                code: response.code,
                message: response.message,
                checks: self.checks_answered,
            };
            // The details asked for next: the given name is the one the check can also take.
            self.plr.query.focus = QueryField::GivenName;
            return;
        }
        let asked = self.plr.query.value(QueryField::Uln).trim().to_owned();
        let uln = response.learner.as_ref().map_or(asked, |l| l.uln.clone());
        self.identity = Identity::Confirmed { uln };
        self.plr.answered(response);
        self.step = CallStep::Plr;
    }

    /// The identity check could not be made (the backend refused or was unreachable).
    /// The check could not be made: `why` in words for the operator when known (the LRS closed,
    /// say), else the error as it came.
    pub fn check_failed(&mut self, error: &ClientError, why: Option<String>) {
        self.identity = Identity::NotChecked;
        match why {
            Some(why) => self.plr.failed_because(why),
            None => self.plr.failed(error),
        }
    }

    pub fn calls_listed(&mut self, list: CallList) {
        self.recent = RecentCalls::Shown(list.calls);
    }

    /// The wrap-up could not be sent; the note stays for another try.
    pub fn send_failed(&mut self, error: &ClientError) {
        self.wrap_up.sending = false;
        self.wrap_up.error = Some(error.to_string());
    }

    /// The register answered the search; what to tell the operator when it found no one.
    pub fn register_answered(&mut self, answer: LearnerSearchResponse) -> Option<String> {
        self.searching = false;
        if answer.learners.is_empty() {
            return Some(format!("register: {} {}", answer.code, answer.message));
        }
        self.matches = Some((answer, 0));
        self.step = CallStep::Search;
        None
    }

    /// How the call ended, and the learner it was about if the caller gave a ULN.
    pub fn outcome(&self) -> (CallOutcome, Option<String>) {
        let typed = self.plr.query.value(QueryField::Uln);
        let typed = Uln::parse(typed).ok().map(|u| u.to_string());
        match &self.identity {
            Identity::Confirmed { uln } => (CallOutcome::Identified, Some(uln.clone())),
            _ if typed.is_some() => (CallOutcome::NotIdentified, typed),
            _ => (CallOutcome::NoUln, None),
        }
    }

    /// The wrap-up to send, or why not yet: the note follows the backend's text rules.
    fn wrap_up_request(&self, now: Timestamp) -> Result<CallRequest, String> {
        let note = text::clean(&self.wrap_up.note, TextKind::Note)
            .map_err(|e| format!("Wrap-up note: {e}"))?;
        let (outcome, uln) = self.outcome();
        Ok(CallRequest {
            uln,
            started_at: self.started_at.to_string(),
            ended_at: now.max(self.started_at).to_string(),
            outcome,
            note,
        })
    }
}

impl Component for CallPanel {
    fn personal(&self, values: &mut Personal) {
        self.plr.personal(values);
        let found = self.matches.iter().flat_map(|(answer, _)| &answer.learners);
        found.for_each(|l| {
            values.learner_view(l);
        });
    }

    fn revealable(&self) -> Option<Revealable> {
        self.plr.revealable()
    }

    fn title(&self) -> &'static str {
        "phone call"
    }

    fn keys(&self) -> &'static [Action] {
        match self.step {
            CallStep::Identify => Self::IDENTIFY_KEYS,
            CallStep::Plr if self.plr.mode == PlrMode::Challenge => PlrScreen::CHALLENGE_KEYS,
            CallStep::Plr => Self::PLR_KEYS,
            CallStep::Search => Self::SEARCH_KEYS,
            CallStep::WrapUp => Self::WRAP_UP_KEYS,
            CallStep::Abandon(_) => Self::ABANDON_KEYS,
        }
    }

    fn context(&self) -> Context {
        match self.step {
            CallStep::Plr if self.plr.mode != PlrMode::Challenge => Context::Normal,
            CallStep::Abandon(_) | CallStep::Search => Context::Normal,
            _ => Context::Form,
        }
    }

    fn footer(&self, keymap: &Keymap) -> String {
        let keys = help::footer(self.keys(), self.context(), keymap);
        match self.step {
            CallStep::Abandon(_) => {
                format!("{keys}, dropping the call unrecorded · any other key returns to it")
            }
            _ if self.context() == Context::Form => format!("type to edit · {keys}"),
            _ => keys,
        }
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match self.step {
            CallStep::Identify => self.identify_key(key, action),
            CallStep::Plr => self.plr_key(key, action),
            CallStep::Search => self.search_key(action),
            CallStep::WrapUp => self.wrap_up_key(key, action),
            CallStep::Abandon(back) => self.abandon_key(action, back),
        }
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        view::render(self, area, buf, cx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timer_shows_minutes_and_seconds_then_hours() {
        let start: Timestamp = "2026-11-24T12:00:00Z".parse().unwrap();
        let panel = CallPanel::new(start);
        let at = |s: i64| start + jiff::SignedDuration::from_secs(s);
        assert_eq!(panel.timer(start), "00:00");
        assert_eq!(panel.timer(at(65)), "01:05");
        assert_eq!(panel.timer(at(3_725)), "1:02:05");
        assert_eq!(
            panel.timer(at(-5)),
            "00:00",
            "a clock set back shows no time"
        );
    }
}
