//! The register searched by a record's supplied details: what a "ULN not found" or malformed ULN
//! suggestion asks for. The operator picks the learner and the amendment form opens with that
//! learner's ULN, to review before it is sent.

use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent};
use crate::mask::{Personal, Revealable, Subject};
use crate::theme::Theme;
use crate::view::{date_for_people, gender_word};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_api::{LearnerFields, LearnerSearchResponse, LearnerView, SuppliedDetails};

#[derive(Debug, Clone)]
pub struct MatchesDialog {
    /// The record the search is for.
    pub id: i64,
    pub supplied: SuppliedDetails,
    /// None until the register answers.
    pub answer: Option<LearnerSearchResponse>,
    pub cursor: usize,
}

impl MatchesDialog {
    pub const KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Open,
        Action::Back,
        Action::Help,
        Action::Quit,
    ];

    pub fn new(id: i64, supplied: SuppliedDetails) -> MatchesDialog {
        MatchesDialog {
            id,
            supplied,
            answer: None,
            cursor: 0,
        }
    }

    fn learners(&self) -> &[LearnerView] {
        self.answer.as_ref().map_or(&[], |a| a.learners.as_slice())
    }

    pub fn selected(&self) -> Option<&LearnerView> {
        self.learners().get(self.cursor)
    }

    /// The register answered: the learners to choose from.
    pub fn answered(&mut self, answer: LearnerSearchResponse) {
        self.answer = Some(answer);
        self.cursor = 0;
    }

    /// One register learner as a line: each detail marked ✓ where it equals the supplied one, so
    /// the operator sees at a glance why the register offered them.
    fn line(&self, learner: &LearnerView, selected: bool, theme: &Theme) -> Line<'static> {
        let s = &self.supplied;
        let mark = |same: bool| if same { "✓" } else { "✗" };
        let same_text = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let postcode = learner.postcode.clone().unwrap_or_else(|| "—".into());
        let text = format!(
            "{} {}  {} {} {}  {} {}  {} {}  {} {}",
            if selected { "▶" } else { " " },
            learner.uln,
            learner.given_name,
            learner.family_name,
            mark(
                same_text(&learner.given_name, &s.given_name)
                    && same_text(&learner.family_name, &s.family_name)
            ),
            date_for_people(&learner.date_of_birth),
            mark(learner.date_of_birth == s.date_of_birth),
            gender_word(learner.gender),
            mark(learner.gender == s.gender),
            postcode,
            mark(same_text(&postcode, &s.postcode)),
        );
        if selected {
            Line::styled(text, theme.selected())
        } else {
            Line::from(text)
        }
    }

    fn lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let s = &self.supplied;
        let mut lines = vec![Line::from(format!(
            "Supplied: {} {} · {} · {} · {}",
            s.given_name,
            s.family_name,
            date_for_people(&s.date_of_birth),
            gender_word(s.gender),
            s.postcode
        ))];
        match &self.answer {
            None => lines.push(Line::from("Searching the register…")),
            Some(answer) => {
                lines.push(Line::from(vec![
                    Span::styled(answer.code.to_string(), theme.muted()),
                    Span::raw(format!(" {}", answer.message)),
                ]));
                lines.push(Line::from(""));
                for (i, learner) in answer.learners.iter().enumerate() {
                    lines.push(self.line(learner, i == self.cursor, theme));
                }
                lines.push(Line::from(""));
                lines.push(if answer.learners.is_empty() {
                    Line::from("No learner to choose: ask the centre to check the details, or reject the ULN. esc closes.")
                } else {
                    Line::from("↑/↓ choose · enter amends this record's ULN to the learner's (you review it first) · esc closes")
                });
            }
        }
        lines
    }
}

impl Component for MatchesDialog {
    fn personal(&self, values: &mut Personal) {
        values.supplied(&self.supplied);
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
        "register search"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn on_key(&mut self, _key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let last = self.learners().len().saturating_sub(1);
        match action {
            Some(Action::Up) => self.cursor = self.cursor.saturating_sub(1),
            Some(Action::Down) => self.cursor = (self.cursor + 1).min(last),
            Some(Action::Open) => {
                if let Some(learner) = self.selected() {
                    let amendment = LearnerFields {
                        uln: Some(learner.uln.clone()),
                        ..LearnerFields::default()
                    };
                    return vec![Intent::Close, Intent::Amend(Some(amendment))];
                }
            }
            Some(Action::Back) => return vec![Intent::Close],
            Some(Action::Help) => return vec![Intent::Help],
            Some(Action::Quit) => return vec![Intent::Quit],
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let lines = self.lines(cx.theme);
        // As tall as the lines, with room for the borders and the closing line's wrap.
        let height = (lines.len() as u16 + 3).min(area.height);
        let popup = crate::view::centred(area, 96, height);
        Clear.render(popup, buf);
        let block = Block::default().borders(Borders::ALL).title(format!(
            " #{}: the register searched by the supplied details ",
            self.id
        ));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(popup, buf);
    }
}
