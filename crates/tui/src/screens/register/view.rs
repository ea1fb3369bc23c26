//! How the register search looks: the form with each field's verdict as typed, then the
//! learners found, one a line with their ULN and details.

use super::{RegisterSearch, SearchField, SearchMode};
use crate::columns;
use crate::theme::Theme;
use crate::view::{date_for_people, gender_word};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use uln_api::LearnerView;

/// Where a field's verdict starts: after the marker and label (22) and the value (24).
const VERDICT_AT: usize = 46;

pub struct SearchView<'a> {
    pub screen: &'a RegisterSearch,
    pub theme: &'a Theme,
}

impl Widget for SearchView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [form_area, rest] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(4)]).areas(area);
        self.form(usize::from(form_area.width.saturating_sub(2)))
            .render(form_area, buf);
        Paragraph::new(self.below())
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL))
            .render(rest, buf);
    }
}

impl SearchView<'_> {
    fn form(&self, width: usize) -> Paragraph<'static> {
        let (screen, theme) = (self.screen, self.theme);
        let lines: Vec<Line> = SearchField::ALL
            .into_iter()
            .map(|field| {
                let focused = screen.mode == SearchMode::Form && screen.form.focus == field;
                let value = screen.form.value(field);
                let verdict = match (value.is_empty(), field.check(value)) {
                    (true, _) => Span::raw(""),
                    (false, Ok(read)) if !read.is_empty() && read != value => {
                        Span::styled(format!(" ✓ {read}"), theme.matched())
                    }
                    (false, Ok(_)) => Span::styled(" ✓", theme.matched()),
                    (false, Err(e)) => Span::styled(
                        format!(
                            " {}",
                            columns::fit_words(
                                &format!("✗ {e}"),
                                width.saturating_sub(VERDICT_AT + 1)
                            )
                        ),
                        theme.differs(),
                    ),
                };
                let marker = if focused { "▶" } else { " " };
                Line::from(vec![
                    Span::styled(
                        format!("{marker} {:<20}", field.label()),
                        if focused {
                            theme.selected()
                        } else {
                            Style::new()
                        },
                    ),
                    Span::raw(format!(
                        "{:<24}",
                        format!("{value}{}", if focused { "█" } else { "" })
                    )),
                    verdict,
                ])
            })
            .collect();
        let title = if screen.busy {
            " Search the register · searching… "
        } else {
            " Search the register "
        };
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title))
    }

    /// Below the form: what to do, the error, or the learners found.
    fn below(&self) -> Vec<Line<'static>> {
        let screen = self.screen;
        if let Some(error) = &screen.error {
            return vec![Line::styled(error.clone(), self.theme.error())];
        }
        let Some(answer) = &screen.answer else {
            return vec![Line::from(
                "Enter the learner's given name, family name and date of birth (gender and postcode narrow the search), then ctrl-s.",
            )];
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(answer.code.to_string(), self.theme.muted()),
                Span::raw(format!(" {}", answer.message)),
            ]),
            Line::from(""),
        ];
        for (i, learner) in answer.learners.iter().enumerate() {
            let selected = screen.mode == SearchMode::Results && i == screen.cursor;
            lines.push(self.learner(learner, selected));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(match (answer.learners.is_empty(), screen.record) {
            (true, _) => "No learner found: check the details with the caller or centre.".to_owned(),
            (false, None) => "enter opens the learner's PLR lookup with their ULN filled in".to_owned(),
            (false, Some(id)) => format!(
                "enter opens the learner's PLR lookup with their ULN filled in · a puts their ULN in #{id}'s amend form, for you to review"
            ),
        }));
        lines
    }

    fn learner(&self, learner: &LearnerView, selected: bool) -> Line<'static> {
        let text = format!(
            "{} {}  {} {}  {}  {}  {}",
            if selected { "▶" } else { " " },
            learner.uln,
            learner.given_name,
            learner.family_name,
            date_for_people(&learner.date_of_birth),
            gender_word(learner.gender),
            learner.postcode.as_deref().unwrap_or("—"),
        );
        if selected {
            Line::styled(text, self.theme.selected())
        } else {
            Line::from(text)
        }
    }
}
