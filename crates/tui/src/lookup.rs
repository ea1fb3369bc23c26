//! PLR lookups and data challenges from the console.

use super::app::{App, Screen};
use super::keymap::{Action, Context};
use super::message::Effect;
use super::screens::plr::{PlrMode, PlrScreen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uln_api::{ChallengeView, ClientResult, PlrResponse};

impl App {
    /// Opens the lookup from wherever the operator is; a ULN may be given (`:plr 1234567890`).
    pub(super) fn open_plr(&mut self, uln: &str) {
        if self.screen != Screen::Plr {
            self.came_from = self.screen;
        }
        if !uln.trim().is_empty() || self.plr.mode != PlrMode::Query {
            self.plr = PlrScreen::with_uln(uln);
        }
        self.screen = Screen::Plr;
    }

    pub(super) fn open_challenges(&mut self) -> Vec<Effect> {
        if self.screen != Screen::Challenges {
            self.came_from = self.screen;
        }
        self.screen = Screen::Challenges;
        self.challenges.loading = true;
        vec![Effect::LoadChallenges]
    }

    /// Keys while typing the query or a challenge: characters are text.
    pub(super) fn plr_form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action_in(Context::Form, key);
        match (action, key.code) {
            (Some(Action::Quit), _) => return self.quit(),
            (Some(Action::Cancel), _) => match self.plr.mode {
                PlrMode::Challenge => self.plr.mode = PlrMode::Results,
                _ if self.plr.result.is_some() => self.plr.mode = PlrMode::Results,
                _ => self.screen = self.came_from,
            },
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => return self.plr_submit(),
            (Some(other), _) => self.plr.act(other),
            (None, KeyCode::Backspace) => self.plr.backspace(),
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.plr.type_char(c)
            }
            _ => {}
        }
        Vec::new()
    }

    fn plr_submit(&mut self) -> Vec<Effect> {
        if self.plr.busy {
            return Vec::new();
        }
        let effect = match self.plr.mode {
            PlrMode::Query => {
                self.plr
                    .lookup()
                    .map(
                        |(uln, family_name, date_of_birth, given_name)| Effect::LookupPlr {
                            uln,
                            family_name,
                            date_of_birth,
                            given_name,
                        },
                    )
            }
            PlrMode::Challenge => self
                .plr
                .challenge_request()
                .map(|(uln, request)| Effect::RaiseChallenge { uln, request }),
            PlrMode::Results => return Vec::new(),
        };
        match effect {
            Ok(effect) => {
                self.plr.busy = true;
                self.plr.error = None;
                vec![effect]
            }
            Err(why) => {
                self.plr.error = Some(why.clone());
                self.notify(why, true);
                Vec::new()
            }
        }
    }

    pub(super) fn plr_results_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            // Back from the results is a new lookup; back again leaves.
            Action::Back => self.plr.mode = PlrMode::Query,
            other => self.plr.act(other),
        }
        Vec::new()
    }

    pub(super) fn on_plr(&mut self, result: ClientResult<PlrResponse>) {
        self.plr.busy = false;
        match result {
            Ok(response) => {
                let has_events = !response.events.is_empty();
                // A found learner is plain on screen; only a refusal needs saying.
                if response.learner.is_none() {
                    self.notify(format!("{} {}", response.code, response.message), true);
                }
                self.plr.selected = self
                    .plr
                    .selected
                    .min(response.events.len().saturating_sub(1));
                self.plr.result = Some(response);
                if has_events && self.plr.mode == PlrMode::Query {
                    self.plr.mode = PlrMode::Results;
                }
            }
            Err(e) => {
                self.plr.error = Some(e.to_string());
                self.network_error("PLR lookup", &e);
            }
        }
    }

    pub(super) fn on_challenge_raised(
        &mut self,
        result: ClientResult<ChallengeView>,
    ) -> Vec<Effect> {
        self.plr.busy = false;
        match result {
            Ok(challenge) => {
                self.notify(
                    format!(
                        "data challenge {} raised ({})",
                        challenge.reference,
                        challenge.kind.label()
                    ),
                    false,
                );
                self.plr.mode = PlrMode::Results;
                // Reload the PLR so the event shows as under challenge.
                match self.plr.lookup() {
                    Ok((uln, family_name, date_of_birth, given_name)) => vec![Effect::LookupPlr {
                        uln,
                        family_name,
                        date_of_birth,
                        given_name,
                    }],
                    Err(_) => Vec::new(),
                }
            }
            Err(e) => {
                // The draft stays in the form so nothing typed is lost.
                self.plr.error = Some(e.to_string());
                self.network_error("challenge", &e);
                Vec::new()
            }
        }
    }
}
