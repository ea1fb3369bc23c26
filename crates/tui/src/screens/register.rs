//! The register searched by a learner's details, from anywhere: a form (names and date of birth
//! as the register requires, gender and postcode to narrow), then the learners it found. On a
//! learner, `enter` opens their PLR lookup with the ULN filled in; opened from a record, `a` puts
//! the ULN in that record's amend form, for review, as the record's own search does.

mod form;
mod view;

pub use form::{SearchField, SearchForm};

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::mask::{Personal, Revealable, Subject};
use crate::message::Effect;
use crate::screens::help;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use uln_api::{ClientError, LearnerFields, LearnerSearchResponse, LearnerView};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchMode {
    Form,
    Results,
}

#[derive(Debug)]
pub struct RegisterSearch {
    pub mode: SearchMode,
    pub form: SearchForm,
    /// The record it was opened from, whose amend form can take a learner's ULN.
    pub record: Option<i64>,
    pub answer: Option<LearnerSearchResponse>,
    pub cursor: usize,
    pub busy: bool,
    pub error: Option<String>,
}

impl RegisterSearch {
    pub const FORM_KEYS: &'static [Action] = &[
        Action::Submit,
        Action::NextField,
        Action::PreviousField,
        Action::Cancel,
        Action::Quit,
    ];
    pub const RESULT_KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Open,
        Action::Copy,
        Action::SearchRegister,
        Action::Back,
        Action::Help,
        Action::Quit,
    ];
    /// Opened from a record: a learner's ULN can go to its amend form as well.
    pub const RECORD_RESULT_KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Open,
        Action::Amend,
        Action::Copy,
        Action::SearchRegister,
        Action::Back,
        Action::Help,
        Action::Quit,
    ];

    /// An empty form; from a record, `record` with its names and date of birth filled in.
    pub fn new(record: Option<(i64, SearchForm)>) -> RegisterSearch {
        let (record, form) = match record {
            Some((id, form)) => (Some(id), form),
            None => (None, SearchForm::default()),
        };
        RegisterSearch {
            mode: SearchMode::Form,
            form,
            record,
            answer: None,
            cursor: 0,
            busy: false,
            error: None,
        }
    }

    pub fn learners(&self) -> &[LearnerView] {
        self.answer.as_ref().map_or(&[], |a| a.learners.as_slice())
    }

    pub fn selected(&self) -> Option<&LearnerView> {
        self.learners().get(self.cursor)
    }

    /// The register answered.
    pub fn answered(&mut self, answer: LearnerSearchResponse) {
        self.busy = false;
        self.answer = Some(answer);
        self.cursor = 0;
        self.mode = SearchMode::Results;
    }

    /// The search failed; what was typed stays in the form.
    pub fn failed(&mut self, error: &ClientError) {
        self.busy = false;
        self.error = Some(error.to_string());
    }

    fn submit(&mut self) -> Vec<Intent> {
        if self.busy {
            return Vec::new();
        }
        match self.form.query() {
            Ok(query) => {
                self.busy = true;
                self.error = None;
                vec![Intent::Effect(Effect::SearchRegister(query))]
            }
            Err(why) => {
                self.error = Some(why.clone());
                vec![Intent::notify(why, true)]
            }
        }
    }

    fn form_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (action, key.code) {
            (Some(Action::Quit), _) => return vec![Intent::Quit],
            (Some(Action::Cancel), _) if self.answer.is_some() => self.mode = SearchMode::Results,
            (Some(Action::Cancel), _) => return vec![Intent::Close],
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => return self.submit(),
            (Some(Action::NextField), _) => self.form.move_focus(1),
            (Some(Action::PreviousField), _) => self.form.move_focus(SearchField::ALL.len() - 1),
            (None, KeyCode::Backspace) => self.form.backspace(),
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.form.type_char(c);
                self.error = None;
            }
            _ => {}
        }
        Vec::new()
    }

    fn results_action(&mut self, action: Action) -> Vec<Intent> {
        let last = self.learners().len().saturating_sub(1);
        let uln = self.selected().map(|l| l.uln.clone());
        match (action, uln) {
            (Action::Up, _) => self.cursor = self.cursor.saturating_sub(1),
            (Action::Down, _) => self.cursor = (self.cursor + 1).min(last),
            (Action::Open, Some(uln)) => return vec![Intent::Close, Intent::PlrLookup(uln)],
            (Action::Amend, Some(uln)) if self.record.is_some() => {
                let amendment = LearnerFields {
                    uln: Some(uln),
                    ..LearnerFields::default()
                };
                return vec![Intent::Close, Intent::Amend(Some(amendment))];
            }
            (Action::Copy, Some(uln)) => {
                return vec![Intent::Copy {
                    what: "ULN",
                    text: uln,
                }]
            }
            // Another search: the same details, to change.
            (Action::SearchRegister, _) => self.mode = SearchMode::Form,
            (Action::Back, _) => return vec![Intent::Close],
            (Action::Help, _) => return vec![Intent::Help],
            (Action::Quit, _) => return vec![Intent::Quit],
            _ => {}
        }
        Vec::new()
    }
}

impl Component for RegisterSearch {
    fn personal(&self, values: &mut Personal) {
        let found = self.answer.iter().flat_map(|a| &a.learners);
        found.for_each(|l| {
            values.learner_view(l);
        });
    }

    fn revealable(&self) -> Option<Revealable> {
        let learner = self.selected()?;
        let mut values = Personal::default();
        values.learner_view(learner);
        Some(Revealable {
            subject: Subject::Learner(learner.uln.clone()),
            values,
        })
    }

    fn title(&self) -> &'static str {
        "search the register"
    }

    fn keys(&self) -> &'static [Action] {
        match (self.mode, self.record) {
            (SearchMode::Form, _) => Self::FORM_KEYS,
            (SearchMode::Results, None) => Self::RESULT_KEYS,
            (SearchMode::Results, Some(_)) => Self::RECORD_RESULT_KEYS,
        }
    }

    fn context(&self) -> Context {
        match self.mode {
            SearchMode::Form => Context::Form,
            SearchMode::Results => Context::Normal,
        }
    }

    fn footer(&self, keymap: &Keymap) -> String {
        let keys = help::footer(self.keys(), self.context(), keymap);
        match self.mode {
            SearchMode::Form => format!("type to edit · {keys}"),
            SearchMode::Results => keys,
        }
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (self.mode, action) {
            (SearchMode::Results, Some(action)) => self.results_action(action),
            (SearchMode::Results, None) => Vec::new(),
            (SearchMode::Form, _) => self.form_key(key, action),
        }
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        view::SearchView {
            screen: self,
            theme: cx.theme,
        }
        .render(area, buf);
    }
}
