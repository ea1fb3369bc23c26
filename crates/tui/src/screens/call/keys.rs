//! The call panel's keys, step by step: checking the caller, the PLR, the wrap-up, and the
//! question asked before a call is dropped.

use super::{CallPanel, CallStep, Identity, Resume};
use crate::keymap::Action;
use crate::layer::{Component, Intent};
use crate::message::Effect;
use crate::screens::plr::{PlrMode, QueryField};
use crate::text_line::edit_line;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl CallPanel {
    /// esc: back out of the call, asking first if anything would be lost.
    pub(super) fn leave(&mut self, from: Resume) -> Vec<Intent> {
        if self.has_work() {
            self.step = CallStep::Abandon(from);
            Vec::new()
        } else {
            vec![Intent::Close]
        }
    }

    pub(super) fn send_wrap_up(&mut self) -> Vec<Intent> {
        if self.wrap_up.sending {
            return Vec::new();
        }
        match self.wrap_up_request(self.now) {
            Ok(request) => {
                self.wrap_up.sending = true;
                self.wrap_up.error = None;
                vec![Intent::Effect(Effect::RecordCall(request))]
            }
            Err(why) => {
                self.wrap_up.error = Some(why.clone());
                vec![Intent::notify(why, true)]
            }
        }
    }

    /// The register searched by the caller's given name, family name and date of birth, for a
    /// caller who does not know their ULN or gave one the check did not confirm.
    fn search_register(&mut self) -> Vec<Intent> {
        if self.searching {
            return Vec::new();
        }
        let fields = [
            QueryField::GivenName,
            QueryField::FamilyName,
            QueryField::DateOfBirth,
        ];
        let [given, family, born] = fields.map(|field| {
            let value = self.plr.query.value(field).trim().to_owned();
            match field.check(&value) {
                Ok(_) if value.is_empty() => {
                    Err(format!("{}: needed to search the register", field.label()))
                }
                Ok(_) => Ok(value),
                Err(why) => Err(format!("{}: {why}", field.label())),
            }
        });
        match (given, family, born) {
            (Ok(given_name), Ok(family_name), Ok(date_of_birth)) => {
                self.searching = true;
                vec![Intent::Effect(Effect::SearchForCaller {
                    given_name,
                    family_name,
                    date_of_birth,
                })]
            }
            (Err(why), _, _) | (_, Err(why), _) | (_, _, Err(why)) => {
                self.plr.error = Some(why.clone());
                vec![Intent::notify(why, true)]
            }
        }
    }

    /// Choosing a learner the register found: their ULN goes into the form, to be checked with
    /// the caller's details like any other (the PLR still opens only after the check).
    pub(super) fn search_key(&mut self, action: Option<Action>) -> Vec<Intent> {
        let Some((answer, selected)) = self.matches.as_mut() else {
            self.step = CallStep::Identify;
            return Vec::new();
        };
        let last = answer.learners.len().saturating_sub(1);
        match action {
            Some(Action::Down) => *selected = (*selected + 1).min(last),
            Some(Action::Up) => *selected = selected.saturating_sub(1),
            Some(Action::Open) => {
                let uln = answer.learners.get(*selected).map(|l| l.uln.clone());
                self.plr.query.set(QueryField::Uln, uln.unwrap_or_default());
                self.step = CallStep::Identify;
                let text = "ULN taken from the register: check the caller with ctrl-s";
                return vec![Intent::notify(text, false)];
            }
            Some(Action::Back) => self.step = CallStep::Identify,
            Some(Action::Help) => return vec![Intent::Help],
            Some(Action::Quit) => return vec![Intent::Quit],
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn check_identity(&mut self) -> Vec<Intent> {
        if self.identity == Identity::Checking {
            return Vec::new();
        }
        match self.plr.query.query() {
            Ok(query) => {
                self.identity = Identity::Checking;
                self.plr.error = None;
                vec![Intent::Effect(Effect::CheckCaller(query))]
            }
            Err(why) => {
                self.plr.error = Some(why.clone());
                vec![Intent::notify(why, true)]
            }
        }
    }

    pub(super) fn identify_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (action, key.code) {
            (Some(Action::Quit), _) => return vec![Intent::Quit],
            (Some(Action::Cancel), _) => return self.leave(Resume::Identify),
            (Some(Action::EndCall), _) => self.step = CallStep::WrapUp,
            (Some(Action::SearchRegister), _) => return self.search_register(),
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => return self.check_identity(),
            (Some(Action::NextField), _) => self.plr.query.next(),
            (Some(Action::PreviousField), _) => self.plr.query.previous(),
            (None, KeyCode::Backspace) => self.plr.query.backspace(),
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.plr.query.type_char(c);
                self.plr.error = None;
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn plr_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if self.plr.mode == PlrMode::Challenge {
            return self.plr.on_key(key, action);
        }
        match action {
            Some(Action::Back) => self.leave(Resume::Plr),
            Some(Action::EndCall) => {
                self.step = CallStep::WrapUp;
                Vec::new()
            }
            Some(Action::Help) => vec![Intent::Help],
            Some(action) => self.plr.on_key(key, Some(action)),
            None => Vec::new(),
        }
    }

    pub(super) fn wrap_up_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (action, key.code) {
            (Some(Action::Quit), _) => return vec![Intent::Quit],
            (Some(Action::Submit), _) => return self.send_wrap_up(),
            // Back to the call, the note kept: the caller may have one more question.
            (Some(Action::Cancel), _) => {
                self.step = match self.identity {
                    Identity::Confirmed { .. } => CallStep::Plr,
                    _ => CallStep::Identify,
                }
            }
            // Typing into the note answers whatever was said about it.
            (None, _) if edit_line(&mut self.wrap_up.note, &key) => self.wrap_up.error = None,
            _ => {}
        }
        Vec::new()
    }

    /// esc again drops the call unrecorded; any other key goes back to it.
    pub(super) fn abandon_key(&mut self, action: Option<Action>, back: Resume) -> Vec<Intent> {
        if action == Some(Action::Back) {
            return vec![
                Intent::Close,
                Intent::notify("call abandoned: nothing recorded but the lookups", false),
            ];
        }
        self.step = back.into();
        Vec::new()
    }
}
