//! How the PLR lookup looks: the query, then the learner and their events, then the challenge
//! being written.

use super::{ChallengeField, PlrMode, PlrScreen, QueryField, CHALLENGE_KINDS};
use crate::columns;
use crate::theme::Theme;
use crate::view::date_for_people;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};
use uln_api::{LearningEventView, PlrResponse};

/// The events' columns in the order shown: header, priority (lower is kept first on a narrow
/// terminal), and whether it is words that may be shortened (else shown whole or not at all).
const EVENT_COLUMNS: [(&str, u8, bool); 8] = [
    ("#", 0, false),
    ("Src", 7, false),
    ("Code", 5, false),
    ("Title", 1, true),
    ("Grade", 2, false),
    ("Awarded", 3, false),
    ("Status", 6, false),
    ("", 4, false),
];

/// Where a query field's verdict starts: after the marker and label (24) and the value (24).
const VERDICT_AT: usize = 48;

/// One event as the text of `EVENT_COLUMNS`.
fn event_cells(e: &LearningEventView) -> [String; 8] {
    [
        e.id.to_string(),
        e.source.to_string(),
        e.qualification_code.clone(),
        e.title.clone(),
        e.grade.clone().unwrap_or_else(|| "—".into()),
        e.award_date
            .as_deref()
            .map(date_for_people)
            .unwrap_or_else(|| "—".into()),
        e.status.to_string(),
        if e.under_challenge {
            "UNDER CHALLENGE".into()
        } else {
            String::new()
        },
    ]
}

pub struct PlrView<'a> {
    pub screen: &'a PlrScreen,
    pub theme: &'a Theme,
}

impl Widget for PlrView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [query_area, rest] =
            Layout::vertical([Constraint::Length(6), Constraint::Min(5)]).areas(area);
        self.query(usize::from(query_area.width.saturating_sub(2)))
            .render(query_area, buf);
        let Some(r) = &self.screen.result else {
            // The field being typed in, in full: beside it there may be room for its first words
            // only.
            let focused = self.screen.query.focus;
            let typing_error = (self.screen.mode == PlrMode::Query)
                .then(|| focused.check(self.screen.query.value(focused)).err())
                .flatten()
                .filter(|_| !self.screen.query.value(focused).is_empty())
                .map(|e| format!("{}: {e}", focused.label()));
            let text = self
                .screen
                .error
                .clone()
                .or(typing_error)
                .unwrap_or_else(|| {
                    "Enter the ULN and the caller's family name and date of birth, then ctrl-s."
                        .into()
                });
            Paragraph::new(text)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::ALL))
                .render(rest, buf);
            return;
        };
        let writing = self.screen.mode == PlrMode::Challenge;
        let [learner_area, events_area, challenge_area] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Min(4),
            Constraint::Length(if writing { 8 } else { 0 }),
        ])
        .areas(rest);
        self.learner(r).render(learner_area, buf);
        let events = self.events(r, events_area.width.saturating_sub(2));
        Widget::render(events, events_area, buf);
        if writing {
            self.challenge().render(challenge_area, buf);
        }
    }
}

impl PlrView<'_> {
    /// The query's fields in `width` cells; a verdict too long for its line keeps its first
    /// words (the field being typed in shows it in full below).
    fn query(&self, width: usize) -> Paragraph<'static> {
        let (screen, theme) = (self.screen, self.theme);
        let lines: Vec<Line> = QueryField::ALL
            .into_iter()
            .map(|field| {
                let focused = screen.mode == PlrMode::Query && screen.query.focus == field;
                let value = screen.query.value(field);
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
                Line::from(vec![
                    Span::styled(
                        format!("{} {:<22}", if focused { "▶" } else { " " }, field.label()),
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
            " PLR lookup · looking up… "
        } else {
            " PLR lookup "
        };
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title))
    }

    fn learner(&self, r: &PlrResponse) -> Paragraph<'static> {
        let mut lines = vec![Line::from(vec![
            Span::styled(
                format!("{} ", r.code),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(r.message.clone()),
        ])];
        if let Some(l) = &r.learner {
            lines.push(Line::from(format!(
                "{} {} · ULN {} · born {} · {}",
                l.given_name,
                l.family_name,
                l.uln,
                date_for_people(&l.date_of_birth),
                l.postcode.clone().unwrap_or_default()
            )));
        }
        if let Some(e) = &self.screen.error {
            lines.push(Line::styled(e.clone(), self.theme.error()));
        }
        // Wrapped by words, so a narrow terminal never cuts the ULN or the date of birth.
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL).title(" Learner "))
    }

    /// The learner's events in `width` cells: ids, award dates and grades are never cut (the
    /// second event of a duplicate is chosen by its id); columns that do not fit are left out by
    /// priority, and titles shortened by whole words.
    fn events(&self, r: &PlrResponse, width: u16) -> Table<'static> {
        let cells: Vec<[String; 8]> = r.events.iter().map(event_cells).collect();
        let needs = columns::measure(&EVENT_COLUMNS, &cells);
        // A title shortened to its first words says nothing: it keeps 30 cells, the rest go.
        let widths = columns::fit_narrowest_first(&needs, width, 30);
        let spacing = columns::spacing(&widths, width);
        let shown: Vec<(usize, usize)> = (0..EVENT_COLUMNS.len())
            .filter(|&i| widths[i] > 0)
            .map(|i| (i, usize::from(widths[i])))
            .collect();
        let rows: Vec<Row> = cells
            .iter()
            .enumerate()
            .map(|(i, event)| {
                let chosen = i == self.screen.selected && self.screen.mode != PlrMode::Query;
                let row = shown
                    .iter()
                    .map(|&(c, room)| Cell::from(columns::fit_words(&event[c], room)));
                Row::new(row.collect::<Vec<_>>()).style(if chosen {
                    self.theme.selected()
                } else {
                    Style::new()
                })
            })
            .collect();
        let header =
            Row::new(shown.iter().map(|&(c, _)| EVENT_COLUMNS[c].0)).style(self.theme.header());
        let constraints = shown.iter().map(|&(c, _)| Constraint::Length(widths[c]));
        Table::new(rows, constraints)
            .header(header)
            .column_spacing(spacing)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Learning events (c: challenge the selected event) "),
            )
    }

    fn challenge(&self) -> Paragraph<'static> {
        let d = &self.screen.challenge;
        let kinds: Vec<String> = CHALLENGE_KINDS
            .iter()
            .enumerate()
            .map(|(i, (_, label))| {
                if i == d.kind {
                    format!("[{} {label}]", i + 1)
                } else {
                    format!(" {} {label} ", i + 1)
                }
            })
            .collect();
        let line = |field: ChallengeField, label: &str, text: &str, hint: &str| {
            let focused = d.focus == field;
            // The kind is chosen by digit, not typed, so it shows no cursor.
            let typed_here = focused && field != ChallengeField::Kind;
            Line::from(format!(
                "{} {label}{text}{}{hint}",
                if focused { "▶" } else { " " },
                if typed_here { "█" } else { "" },
            ))
        };
        let lines: Vec<Line> = d
            .fields()
            .iter()
            .map(|field| match field {
                ChallengeField::Kind => {
                    line(ChallengeField::Kind, "Kind (1-3): ", &kinds.join(" "), "")
                }
                ChallengeField::Field => line(
                    ChallengeField::Field,
                    "Field:  ",
                    &d.field,
                    "   (grade, award_date, title, …)",
                ),
                ChallengeField::Value => {
                    line(ChallengeField::Value, "Correct value: ", &d.value, "")
                }
                ChallengeField::OtherEvent => line(
                    ChallengeField::OtherEvent,
                    "Other event #: ",
                    &d.other_event,
                    "",
                ),
                ChallengeField::Note => line(ChallengeField::Note, "Note:   ", &d.note, ""),
            })
            .collect();
        let block = Block::default()
            .borders(Borders::ALL)
            .title(" Raise a data challenge · ctrl-s to send · esc to cancel ")
            .border_style(self.theme.highlight());
        Paragraph::new(lines).block(block)
    }
}
