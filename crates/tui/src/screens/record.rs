//! The compare screen: supplied vs LRS side by side, what the verification said in plain English,
//! the ranked suggestions, the deadline and the audit trail.

use crate::keymap::Action;
use crate::theme::{band_symbol, Theme};
use crate::view::{countdown, date_for_people, gender_word, london_date};
use jiff::Timestamp;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;
use uln_api::{ExceptionDetail, FieldMatch, Gender, RecordStatus};
use uln_domain::DeadlineBand;

#[derive(Default)]
pub struct RecordScreen {
    pub id: Option<i64>,
    pub detail: Option<ExceptionDetail>,
    pub error: Option<String>,
    scroll: u16,
}

/// How a comparison mark reads without colour.
fn mark(state: Option<FieldMatch>) -> &'static str {
    match state {
        Some(FieldMatch::Match) => "✓ match",
        Some(FieldMatch::Similar) => "~ similar",
        Some(FieldMatch::Differs) => "✗ differs",
        Some(FieldMatch::Unknown) => "? unknown",
        None => "",
    }
}

fn gender_label(gender: Gender) -> String {
    format!("{gender} {}", gender_word(gender))
}

/// The supplied value with the characters that differ from the LRS value emphasised.
fn diff_spans(supplied: &str, lrs: &str, emphasis: Style) -> Line<'static> {
    let theirs: Vec<char> = lrs.chars().collect();
    let spans: Vec<Span> = supplied
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let same = theirs.get(i) == Some(&c);
            Span::styled(c.to_string(), if same { Style::new() } else { emphasis })
        })
        .collect();
    Line::from(spans)
}

impl RecordScreen {
    pub const KEYS: &'static [Action] = &[
        Action::Back,
        Action::NextRecord,
        Action::PreviousRecord,
        Action::Up,
        Action::Down,
        Action::Amend,
        Action::Reject,
        Action::Verify,
        Action::Reopen,
        Action::Refresh,
        Action::PlrLookup,
        Action::Command,
        Action::Help,
        Action::Quit,
    ];

    pub fn open(&mut self, id: i64) {
        if self.id != Some(id) {
            self.detail = None;
            self.scroll = 0;
        }
        self.id = Some(id);
        self.error = None;
    }

    pub fn act(&mut self, action: Action) {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            _ => {}
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, now: Timestamp) {
        let Some(d) = &self.detail else {
            let text = self
                .error
                .clone()
                .unwrap_or_else(|| "Loading record…".into());
            frame.render_widget(
                Paragraph::new(text).block(Block::default().borders(Borders::ALL)),
                area,
            );
            return;
        };
        let deadline: Timestamp = d.deadline.parse().unwrap_or(now);
        let band = DeadlineBand::of(deadline, now);
        let [head, compare, lower] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(13),
            Constraint::Min(6),
        ])
        .areas(area);

        let countdown_span = if d.status == RecordStatus::Open {
            let text = format!("{} {}", band_symbol(band).trim(), countdown(deadline, now));
            Span::styled(
                format!("removal in {}", text.trim_start()),
                theme.band(band),
            )
        } else {
            Span::raw("no removal pending")
        };
        let header = Line::from(vec![
            Span::styled(
                format!(" #{} ", d.id),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(
                "{} · {} · registered {} · ",
                d.status,
                d.centre,
                london_date(&d.registered_at)
            )),
            countdown_span,
            Span::raw(format!(" · version {}", d.version)),
        ]);
        frame.render_widget(
            Paragraph::new(header).block(Block::default().borders(Borders::ALL).title(" Record ")),
            head,
        );

        let lrs = d.authoritative.as_ref();
        let cmp = d.comparison.as_ref();
        let lrs_text = |f: &dyn Fn(&uln_api::AuthoritativeDetails) -> String| {
            lrs.map(f).unwrap_or_else(|| "—".into())
        };
        let rows_spec: Vec<(&str, String, String, Option<FieldMatch>)> = vec![
            (
                "ULN",
                d.supplied.uln.clone().unwrap_or_else(|| "(removed)".into()),
                lrs_text(&|l| l.uln.clone()),
                None,
            ),
            (
                "Given name",
                d.supplied.given_name.clone(),
                lrs_text(&|l| l.given_name.clone()),
                cmp.map(|c| c.given_name),
            ),
            (
                "Family name",
                d.supplied.family_name.clone(),
                lrs_text(&|l| l.family_name.clone()),
                cmp.map(|c| c.family_name),
            ),
            (
                "Date of birth",
                date_for_people(&d.supplied.date_of_birth),
                lrs_text(&|l| date_for_people(&l.date_of_birth)),
                cmp.map(|c| c.date_of_birth),
            ),
            (
                "Gender",
                gender_label(d.supplied.gender),
                lrs_text(&|l| gender_label(l.gender)),
                cmp.map(|c| c.gender),
            ),
            (
                "Postcode",
                d.supplied.postcode.clone(),
                lrs_text(&|l| l.postcode.clone().unwrap_or_else(|| "—".into())),
                cmp.map(|c| c.postcode),
            ),
            (
                "Preferred name",
                String::new(),
                lrs_text(&|l| l.preferred_given_name.clone().unwrap_or_default()),
                None,
            ),
            (
                "Middle names",
                String::new(),
                lrs_text(&|l| l.middle_names.clone().unwrap_or_default()),
                None,
            ),
            (
                "Previous family",
                String::new(),
                lrs_text(&|l| l.previous_family_name.clone().unwrap_or_default()),
                None,
            ),
            (
                "Linked ULNs",
                String::new(),
                lrs_text(&|l| l.linked_ulns.join(", ")),
                None,
            ),
        ];
        let rows: Vec<Row> = rows_spec
            .into_iter()
            .map(|(label, supplied, theirs, state)| {
                let style = match state {
                    Some(FieldMatch::Match) => theme.matched(),
                    Some(FieldMatch::Similar) => theme.similar(),
                    Some(FieldMatch::Differs) => theme.differs(),
                    Some(FieldMatch::Unknown) | None => Style::new(),
                };
                let supplied_cell =
                    if matches!(state, Some(FieldMatch::Similar | FieldMatch::Differs)) {
                        diff_spans(
                            &supplied,
                            &theirs,
                            theme.differs().add_modifier(Modifier::UNDERLINED),
                        )
                    } else {
                        Line::from(supplied)
                    };
                Row::new([
                    Cell::from(label),
                    Cell::from(supplied_cell),
                    Cell::from(theirs),
                    Cell::from(Span::styled(mark(state), style)),
                ])
            })
            .collect();
        let table = Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Percentage(36),
                Constraint::Percentage(36),
                Constraint::Length(10),
            ],
        )
        .header(Row::new(["", "Supplied", "LRS", ""]).style(theme.header()))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Supplied vs LRS "),
        );
        frame.render_widget(table, compare);

        let mut lines: Vec<Line> = Vec::new();
        let v = &d.verification;
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", v.code),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(v.description.clone()),
        ]));
        for flag in &v.failure_flags {
            let text = flag
                .to_domain()
                .map_or("not known to this console", |f| f.describe());
            lines.push(Line::from(format!("  {flag}: {text}")));
        }
        lines.push(Line::from(""));
        if !d.suggestions.is_empty() {
            lines.push(Line::styled(
                "Suggestions: press the number to apply (you review before it is sent)",
                theme.muted(),
            ));
        }
        if d.suggestions.is_empty() {
            lines.push(Line::styled(
                "No suggestions: the record is not open.",
                theme.muted(),
            ));
        }
        for (i, s) in d.suggestions.iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{}. {} ({}%) ", i + 1, s.kind.label(), s.confidence),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(s.reason.clone()),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(Line::styled("Audit trail", theme.header()));
        for a in d.audit.iter().rev().take(8) {
            let at =
                a.at.parse::<Timestamp>()
                    .map(crate::view::london_time)
                    .unwrap_or_else(|_| a.at.clone());
            lines.push(Line::from(format!(
                "  {at}  {:<10} {}  {}",
                a.action,
                a.operator,
                a.reason.clone().unwrap_or_default()
            )));
        }
        let lower_block = Block::default()
            .borders(Borders::ALL)
            .title(" Verification · suggestions · audit ");
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(lower_block),
            lower,
        );
    }
}
