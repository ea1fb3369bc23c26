//! PLR lookup for a learner or centre on the phone: ULN (checked as typed), the caller's family name
//! and date of birth; then the learner and their learning events, where an event can be challenged.

use crate::keymap::Action;
use crate::theme::Theme;
use crate::view::date_for_people;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;
use uln_api::{ChallengeKind, ChallengeRequest, PlrResponse};
use uln_domain::demographics::{format_date_for_people, parse_date_of_birth};
use uln_domain::{PersonName, Uln};

const QUERY: [&str; 4] = [
    "ULN",
    "Family name",
    "Date of birth",
    "Given name (optional)",
];
pub const CHALLENGE_KINDS: [(ChallengeKind, &str); 3] = [
    (ChallengeKind::IncorrectInformation, "incorrect information"),
    (ChallengeKind::NotLearners, "not the learner's"),
    (ChallengeKind::Duplicate, "duplicate"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlrMode {
    Query,
    Results,
    Challenge,
}

/// A data challenge being written against the selected event.
#[derive(Debug, Clone, Default)]
pub struct ChallengeDraft {
    pub kind: usize,
    /// incorrect_information: which event field, and its corrected value.
    pub field: String,
    pub value: String,
    /// duplicate: the other event's id.
    pub other_event: String,
    pub note: String,
    pub focus: usize,
}

pub struct PlrScreen {
    pub mode: PlrMode,
    pub query: [String; 4],
    pub focus: usize,
    pub result: Option<PlrResponse>,
    pub selected: usize,
    pub challenge: ChallengeDraft,
    pub busy: bool,
    pub error: Option<String>,
}

impl Default for PlrScreen {
    fn default() -> Self {
        PlrScreen {
            mode: PlrMode::Query,
            query: Default::default(),
            focus: 0,
            result: None,
            selected: 0,
            challenge: ChallengeDraft::default(),
            busy: false,
            error: None,
        }
    }
}

fn check_query(field: usize, value: &str) -> Result<String, String> {
    match field {
        0 => Uln::parse(value)
            .map(|u| u.to_string())
            .map_err(|e| e.to_string()),
        1 => PersonName::parse(value)
            .map(|n| n.to_string())
            .map_err(|e| e.to_string()),
        2 => parse_date_of_birth(value)
            .map(format_date_for_people)
            .map_err(|e| e.to_string()),
        _ => Ok(String::new()),
    }
}

impl PlrScreen {
    pub const QUERY_KEYS: &'static [Action] = &[
        Action::Submit,
        Action::NextField,
        Action::PreviousField,
        Action::Cancel,
    ];
    pub const RESULT_KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Challenge,
        Action::Back,
        Action::Command,
        Action::Help,
        Action::Quit,
    ];
    pub const CHALLENGE_KEYS: &'static [Action] = &[
        Action::Submit,
        Action::NextField,
        Action::PreviousField,
        Action::Cancel,
    ];

    pub fn with_uln(uln: &str) -> PlrScreen {
        let mut screen = PlrScreen::default();
        screen.query[0] = uln.trim().to_owned();
        screen.focus = if uln.trim().is_empty() { 0 } else { 1 };
        screen
    }

    pub fn keys(&self) -> &'static [Action] {
        match self.mode {
            PlrMode::Query => Self::QUERY_KEYS,
            PlrMode::Results => Self::RESULT_KEYS,
            PlrMode::Challenge => Self::CHALLENGE_KEYS,
        }
    }

    /// The lookup to send, or why it cannot be sent yet.
    pub fn lookup(&self) -> Result<(String, String, String, Option<String>), String> {
        for (field, label) in QUERY.iter().enumerate().take(3) {
            check_query(field, &self.query[field]).map_err(|e| format!("{label}: {e}"))?;
        }
        let given = Some(self.query[3].trim().to_owned()).filter(|g| !g.is_empty());
        Ok((
            self.query[0].trim().to_owned(),
            self.query[1].trim().to_owned(),
            self.query[2].trim().to_owned(),
            given,
        ))
    }

    fn challenge_fields(&self) -> usize {
        match self.challenge.kind {
            0 => 4,
            2 => 3,
            _ => 2,
        }
    }

    pub fn type_char(&mut self, c: char) {
        match self.mode {
            PlrMode::Query => self.query[self.focus].push(c),
            PlrMode::Challenge => {
                let d = &mut self.challenge;
                match (d.kind, d.focus) {
                    (_, 0) => {
                        if let Some(k) = c.to_digit(10).filter(|k| (1..=3).contains(k)) {
                            d.kind = k as usize - 1;
                        }
                    }
                    (0, 1) => d.field.push(c),
                    (0, 2) => d.value.push(c),
                    (2, 1) => d.other_event.push(c),
                    _ => d.note.push(c),
                }
            }
            PlrMode::Results => {}
        }
        self.error = None;
    }

    pub fn backspace(&mut self) {
        match self.mode {
            PlrMode::Query => drop(self.query[self.focus].pop()),
            PlrMode::Challenge => {
                let d = &mut self.challenge;
                let text = match (d.kind, d.focus) {
                    (_, 0) => return,
                    (0, 1) => &mut d.field,
                    (0, 2) => &mut d.value,
                    (2, 1) => &mut d.other_event,
                    _ => &mut d.note,
                };
                text.pop();
            }
            PlrMode::Results => {}
        }
    }

    pub fn act(&mut self, action: Action) {
        let events = self.result.as_ref().map_or(0, |r| r.events.len());
        match (self.mode, action) {
            (PlrMode::Query, Action::NextField) => self.focus = (self.focus + 1) % QUERY.len(),
            (PlrMode::Query, Action::PreviousField) => {
                self.focus = (self.focus + QUERY.len() - 1) % QUERY.len()
            }
            (PlrMode::Results, Action::Down) => {
                self.selected = (self.selected + 1).min(events.saturating_sub(1))
            }
            (PlrMode::Results, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (PlrMode::Results, Action::Challenge) if events > 0 => {
                self.challenge = ChallengeDraft::default();
                self.mode = PlrMode::Challenge;
            }
            (PlrMode::Challenge, Action::NextField) => {
                self.challenge.focus = (self.challenge.focus + 1) % self.challenge_fields()
            }
            (PlrMode::Challenge, Action::PreviousField) => {
                let n = self.challenge_fields();
                self.challenge.focus = (self.challenge.focus + n - 1) % n;
            }
            _ => {}
        }
    }

    /// The challenge to send for the selected event, or why not yet.
    pub fn challenge_request(&self) -> Result<(String, ChallengeRequest), String> {
        let result = self.result.as_ref().ok_or("no PLR shown")?;
        let learner = result.learner.as_ref().ok_or("no learner shown")?;
        let event = result.events.get(self.selected).ok_or("select an event")?;
        let d = &self.challenge;
        if d.note.trim().is_empty() {
            return Err("a note is required: say what is wrong".into());
        }
        let (kind, _) = CHALLENGE_KINDS[d.kind];
        let mut event_ids = vec![event.id];
        let mut corrected = None;
        match kind {
            ChallengeKind::IncorrectInformation => {
                if d.field.trim().is_empty() || d.value.trim().is_empty() {
                    return Err(
                        "give the field to correct (e.g. grade) and its corrected value".into(),
                    );
                }
                let mut map = serde_json::Map::new();
                map.insert(d.field.trim().to_owned(), d.value.trim().into());
                corrected = Some(map);
            }
            ChallengeKind::Duplicate => {
                let other: i64 = d
                    .other_event
                    .trim()
                    .parse()
                    .map_err(|_| "give the other event's id (the # column)")?;
                event_ids.push(other);
            }
            _ => {}
        }
        Ok((
            learner.uln.clone(),
            ChallengeRequest {
                kind,
                event_ids,
                corrected,
                note: d.note.trim().into(),
                contact: None,
            },
        ))
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let [query_area, rest] =
            Layout::vertical([Constraint::Length(6), Constraint::Min(5)]).areas(area);
        let query_lines: Vec<Line> = QUERY
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let focused = self.mode == PlrMode::Query && self.focus == i;
                let value = &self.query[i];
                let verdict = match (value.is_empty(), check_query(i, value)) {
                    (true, _) => Span::raw(""),
                    (false, Ok(read)) if !read.is_empty() && read != *value => {
                        Span::styled(format!(" ✓ {read}"), theme.matched())
                    }
                    (false, Ok(_)) => Span::styled(" ✓", theme.matched()),
                    (false, Err(e)) => Span::styled(format!(" ✗ {e}"), theme.differs()),
                };
                Line::from(vec![
                    Span::styled(
                        format!("{} {:<22}", if focused { "▶" } else { " " }, label),
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
        let title = if self.busy {
            " PLR lookup · looking up… "
        } else {
            " PLR lookup "
        };
        frame.render_widget(
            Paragraph::new(query_lines).block(Block::default().borders(Borders::ALL).title(title)),
            query_area,
        );

        let Some(r) = &self.result else {
            let text = self.error.clone().unwrap_or_else(|| {
                "Enter the ULN and the caller's family name and date of birth, then ctrl-s.".into()
            });
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .block(Block::default().borders(Borders::ALL)),
                rest,
            );
            return;
        };
        let challenge_height = if self.mode == PlrMode::Challenge {
            8
        } else {
            0
        };
        let [learner_area, events_area, challenge_area] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Min(4),
            Constraint::Length(challenge_height),
        ])
        .areas(rest);
        let mut learner_lines = vec![Line::from(vec![
            Span::styled(
                format!("{} ", r.code),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(r.message.clone()),
        ])];
        if let Some(l) = &r.learner {
            learner_lines.push(Line::from(format!(
                "{} {} · ULN {} · born {} · {}",
                l.given_name,
                l.family_name,
                l.uln,
                date_for_people(&l.date_of_birth),
                l.postcode.clone().unwrap_or_default()
            )));
        }
        if let Some(e) = &self.error {
            learner_lines.push(Line::styled(e.clone(), theme.error()));
        }
        frame.render_widget(
            Paragraph::new(learner_lines)
                .block(Block::default().borders(Borders::ALL).title(" Learner ")),
            learner_area,
        );

        let rows: Vec<Row> = r
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let style = if i == self.selected && self.mode != PlrMode::Query {
                    theme.selected()
                } else {
                    Style::new()
                };
                Row::new([
                    Cell::from(e.id.to_string()),
                    Cell::from(e.source.to_string()),
                    Cell::from(e.qualification_code.clone()),
                    Cell::from(e.title.clone()),
                    Cell::from(e.grade.clone().unwrap_or_else(|| "—".into())),
                    Cell::from(
                        e.award_date
                            .as_deref()
                            .map(date_for_people)
                            .unwrap_or_else(|| "—".into()),
                    ),
                    Cell::from(e.status.to_string()),
                    Cell::from(if e.under_challenge {
                        "UNDER CHALLENGE"
                    } else {
                        ""
                    }),
                ])
                .style(style)
            })
            .collect();
        let widths = [
            Constraint::Length(7),
            Constraint::Length(4),
            Constraint::Length(11),
            Constraint::Min(30),
            Constraint::Length(12),
            Constraint::Length(12),
            Constraint::Length(11),
            Constraint::Length(16),
        ];
        let header = Row::new([
            "#", "Src", "Code", "Title", "Grade", "Awarded", "Status", "",
        ])
        .style(theme.header());
        frame.render_widget(
            Table::new(rows, widths).header(header).block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Learning events (c: challenge the selected event) "),
            ),
            events_area,
        );
        if self.mode == PlrMode::Challenge {
            self.draw_challenge(frame, challenge_area, theme);
        }
    }

    fn draw_challenge(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let d = &self.challenge;
        let mark = |i: usize| if d.focus == i { "▶" } else { " " };
        let cursor = |i: usize| if d.focus == i { "█" } else { "" };
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
        let mut lines = vec![Line::from(format!(
            "{} Kind (1-3): {}",
            mark(0),
            kinds.join(" ")
        ))];
        match d.kind {
            0 => {
                lines.push(Line::from(format!(
                    "{} Field:  {}{}   (grade, award_date, title, …)",
                    mark(1),
                    d.field,
                    cursor(1)
                )));
                lines.push(Line::from(format!(
                    "{} Correct value: {}{}",
                    mark(2),
                    d.value,
                    cursor(2)
                )));
                lines.push(Line::from(format!(
                    "{} Note:   {}{}",
                    mark(3),
                    d.note,
                    cursor(3)
                )));
            }
            2 => {
                lines.push(Line::from(format!(
                    "{} Other event #: {}{}",
                    mark(1),
                    d.other_event,
                    cursor(1)
                )));
                lines.push(Line::from(format!(
                    "{} Note:   {}{}",
                    mark(2),
                    d.note,
                    cursor(2)
                )));
            }
            _ => lines.push(Line::from(format!(
                "{} Note:   {}{}",
                mark(1),
                d.note,
                cursor(1)
            ))),
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .title(" Raise a data challenge · ctrl-s to send · esc to cancel ")
            .border_style(theme.highlight());
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}
