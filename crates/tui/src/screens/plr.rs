//! PLR lookup for a learner or centre on the phone: ULN (checked as typed), the caller's family name
//! and date of birth; then the learner and their learning events, where an event can be challenged.
//! One screen in three steps, each with its own keys: esc from a challenge goes back to the
//! events, and from the query or the events leaves the screen; `L` on the events starts the next
//! caller's lookup, empty.

mod challenge;
mod query;
mod view;

pub use challenge::{ChallengeDraft, ChallengeField, CHALLENGE_KINDS};
pub use query::{PlrQuery, QueryField, QueryForm};
pub use view::PlrView;

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::mask::{Personal, Revealable, Subject};
use crate::message::Effect;
use crate::screens::help;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use uln_api::{ChallengeView, ClientError, PlrResponse};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlrMode {
    /// Typing who to look up.
    Query,
    /// Choosing among the learner's events.
    Results,
    /// Writing a challenge on the chosen event.
    Challenge,
}

#[derive(Debug)]
pub struct PlrScreen {
    pub mode: PlrMode,
    pub query: QueryForm,
    pub result: Option<PlrResponse>,
    pub selected: usize,
    /// Rows the screen had when last drawn, for half-page moves.
    height: u16,
    pub challenge: ChallengeDraft,
    /// A lookup or challenge is in flight: no second one until it answers.
    pub busy: bool,
    pub error: Option<String>,
}

impl PlrScreen {
    pub const QUERY_KEYS: &'static [Action] = &[
        Action::Submit,
        Action::NextField,
        Action::PreviousField,
        Action::Command,
        Action::Cancel,
        Action::Quit,
    ];
    pub const RESULT_KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::Challenge,
        Action::PlrLookup,
        Action::SearchRegister,
        Action::Copy,
        Action::Back,
        Action::Command,
        Action::Help,
        Action::Quit,
        Action::Call,
    ];
    pub const CHALLENGE_KEYS: &'static [Action] = &[
        Action::Submit,
        Action::NextField,
        Action::PreviousField,
        Action::Cancel,
        Action::Quit,
    ];

    pub fn with_uln(uln: &str) -> PlrScreen {
        PlrScreen {
            mode: PlrMode::Query,
            query: QueryForm::with_uln(uln),
            result: None,
            selected: 0,
            height: 0,
            challenge: ChallengeDraft::default(),
            busy: false,
            error: None,
        }
    }

    /// The lookup the screen shows, to send again after a challenge so the event shows as
    /// under challenge.
    pub fn lookup(&self) -> Option<PlrQuery> {
        self.query.query().ok()
    }

    fn submit(&mut self) -> Vec<Intent> {
        if self.busy {
            return Vec::new();
        }
        let effect = match self.mode {
            PlrMode::Query => self.query.query().map(Effect::LookupPlr),
            PlrMode::Challenge => self.challenge_request(),
            PlrMode::Results => return Vec::new(),
        };
        match effect {
            Ok(effect) => {
                self.busy = true;
                self.error = None;
                vec![Intent::Effect(effect)]
            }
            Err(why) => {
                self.error = Some(why.clone());
                vec![Intent::notify(why, true)]
            }
        }
    }

    /// The challenge to send for the selected event, or why not yet.
    fn challenge_request(&self) -> Result<Effect, String> {
        let result = self.result.as_ref().ok_or("no PLR shown")?;
        let learner = result.learner.as_ref().ok_or("no learner shown")?;
        let event = result.events.get(self.selected).ok_or("select an event")?;
        Ok(Effect::RaiseChallenge {
            uln: learner.uln.clone(),
            request: self.challenge.request(event)?,
        })
    }

    /// The PLR answered; returns what to tell the operator, if anything.
    pub fn answered(&mut self, response: PlrResponse) -> Option<String> {
        self.busy = false;
        let has_events = !response.events.is_empty();
        // A found learner is plain on screen; only a refusal needs saying.
        let refusal = response
            .learner
            .is_none()
            .then(|| format!("{} {}", response.code, response.message));
        self.selected = self.selected.min(response.events.len().saturating_sub(1));
        self.result = Some(response);
        if has_events && self.mode == PlrMode::Query {
            self.mode = PlrMode::Results;
        }
        refusal
    }

    /// A challenge was raised: back to the events, reloaded so it shows as under challenge.
    pub fn challenge_raised(&mut self, _challenge: &ChallengeView) -> Vec<Intent> {
        self.busy = false;
        self.mode = PlrMode::Results;
        self.lookup()
            .map(|q| Intent::Effect(Effect::LookupPlr(q)))
            .into_iter()
            .collect()
    }

    /// A lookup or challenge failed; what was typed stays in the form.
    pub fn failed(&mut self, error: &ClientError) {
        self.failed_because(error.to_string());
    }

    /// The lookup could not be made, for the reason given (in words for the operator).
    pub fn failed_because(&mut self, why: String) {
        self.busy = false;
        self.error = Some(why);
    }

    /// The events table takes most of the screen below the learner: half the screen's rows
    /// is about half a page of events.
    fn half_page(&self) -> usize {
        usize::from(self.height / 2).max(1)
    }

    fn results_action(&mut self, action: Action) -> Vec<Intent> {
        let events = self.result.as_ref().map_or(0, |r| r.events.len());
        match action {
            // The footer says "esc back": back to where the lookup was opened from. The next
            // caller's lookup is `L`, which starts empty.
            Action::Back => return vec![Intent::Close],
            Action::PlrLookup => return vec![Intent::PlrLookup(String::new())],
            Action::SearchRegister => return vec![Intent::SearchRegister],
            Action::Copy => {
                let uln = self.result.as_ref().and_then(|r| r.learner.as_ref());
                return vec![match uln {
                    Some(learner) => Intent::Copy {
                        what: "ULN",
                        text: learner.uln.clone(),
                    },
                    None => Intent::notify("no learner found: no ULN to copy", true),
                }];
            }
            Action::Down => self.selected = (self.selected + 1).min(events.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::HalfPageDown => {
                self.selected = (self.selected + self.half_page()).min(events.saturating_sub(1))
            }
            Action::HalfPageUp => self.selected = self.selected.saturating_sub(self.half_page()),
            Action::Challenge if events > 0 => {
                self.challenge = ChallengeDraft::default();
                self.mode = PlrMode::Challenge;
            }
            Action::Command => return vec![Intent::CommandLine],
            Action::Help => return vec![Intent::Help],
            Action::Quit => return vec![Intent::Quit],
            _ => {}
        }
        Vec::new()
    }

    /// Keys while typing the query or a challenge: characters are text.
    fn form_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let challenge = self.mode == PlrMode::Challenge;
        match (action, key.code) {
            (Some(Action::Quit), _) => return vec![Intent::Quit],
            (Some(Action::Cancel), _) if challenge => self.mode = PlrMode::Results,
            (Some(Action::Cancel), _) => return vec![Intent::Close],
            (Some(Action::Command), _) => return vec![Intent::CommandLine],
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => return self.submit(),
            (Some(Action::NextField), _) if challenge => self.challenge.move_focus(1),
            (Some(Action::PreviousField), _) if challenge => {
                let n = self.challenge.fields().len();
                self.challenge.move_focus(n - 1)
            }
            (Some(Action::NextField), _) => self.query.next(),
            (Some(Action::PreviousField), _) => self.query.previous(),
            (None, KeyCode::Backspace) if challenge => self.challenge.backspace(),
            (None, KeyCode::Backspace) => self.query.backspace(),
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                if challenge {
                    self.challenge.type_char(c)
                } else {
                    self.query.type_char(c)
                }
                self.error = None;
            }
            _ => {}
        }
        Vec::new()
    }
}

impl Component for PlrScreen {
    fn personal(&self, values: &mut Personal) {
        if let Some(learner) = self.result.as_ref().and_then(|r| r.learner.as_ref()) {
            values.authoritative(learner);
        }
    }

    /// A learner looked up has no record: the reveal is audited by their ULN, as the lookup was.
    fn revealable(&self) -> Option<Revealable> {
        let learner = self.result.as_ref()?.learner.as_ref()?;
        let mut values = Personal::default();
        values.authoritative(learner);
        Some(Revealable {
            subject: Subject::Learner(learner.uln.clone()),
            values,
        })
    }

    fn title(&self) -> &'static str {
        "PLR lookup"
    }

    fn keys(&self) -> &'static [Action] {
        match self.mode {
            PlrMode::Query => Self::QUERY_KEYS,
            PlrMode::Results => Self::RESULT_KEYS,
            PlrMode::Challenge => Self::CHALLENGE_KEYS,
        }
    }

    fn context(&self) -> Context {
        match self.mode {
            PlrMode::Results => Context::Normal,
            PlrMode::Query | PlrMode::Challenge => Context::Form,
        }
    }

    fn footer(&self, keymap: &Keymap) -> String {
        let keys = help::footer(self.keys(), self.context(), keymap);
        match self.context() {
            Context::Form => format!("type to edit · {keys}"),
            Context::Normal => keys,
        }
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (self.mode, action) {
            (PlrMode::Results, Some(action)) => self.results_action(action),
            (PlrMode::Results, None) => Vec::new(),
            _ => self.form_key(key, action),
        }
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.height = area.height;
        view::PlrView {
            screen: self,
            theme: cx.theme,
        }
        .render(area, buf);
    }
}
