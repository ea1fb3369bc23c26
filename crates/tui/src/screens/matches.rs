//! The register searched by a record's supplied details: what a "ULN not found" or malformed ULN
//! suggestion asks for. The operator picks the learner and the amendment form opens with that
//! learner's ULN, to review before it is sent.

use crate::keymap::Action;
use crate::theme::Theme;
use crate::view::{date_for_people, gender_word};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use uln_api::{LearnerSearchResponse, LearnerView, SuppliedDetails};

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
    pub const KEYS: &'static [Action] = &[Action::Up, Action::Down, Action::Open, Action::Back];

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

    pub fn act(&mut self, action: Action) {
        let last = self.learners().len().saturating_sub(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            _ => {}
        }
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

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
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
        // As tall as the lines, with room for the borders and the closing line's wrap.
        let height = (lines.len() as u16 + 3).min(area.height);
        let [popup] = Layout::vertical([Constraint::Length(height)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::horizontal([Constraint::Length(96)])
            .flex(Flex::Center)
            .areas(popup);
        frame.render_widget(Clear, popup);
        let block = Block::default().borders(Borders::ALL).title(format!(
            " #{}: the register searched by the supplied details ",
            self.id
        ));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            popup,
        );
    }
}
