//! The amend form: prefilled with the supplied values, validated as you type with the domain's own
//! rules, a key to take the LRS value, and submission with the version read. A draft is never
//! lost: it survives cancel, errors, an unreachable backend and a version conflict.

use crate::keymap::Action;
use crate::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::BTreeMap;
use uln_api::{AuditAction, AuthoritativeDetails, ExceptionDetail, LearnerFields};
use uln_domain::demographics::{format_date_for_people, parse_date_of_birth};
use uln_domain::{Gender, PersonName, Postcode, Uln};

pub const FIELDS: [(&str, &str); 6] = [
    ("uln", "ULN"),
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("date_of_birth", "Date of birth"),
    ("gender", "Gender"),
    ("postcode", "Postcode"),
];
const NOTE: usize = FIELDS.len();

#[derive(Debug, Clone)]
pub struct AmendForm {
    pub id: i64,
    /// The version the operator's edits are based on; a 412 moves it to the current one.
    pub version: i64,
    pub original: [String; 6],
    pub values: [String; 6],
    pub note: String,
    pub focus: usize,
    pub lrs: Option<AuthoritativeDetails>,
    /// What the server said about fields it refused.
    pub server_errors: BTreeMap<String, String>,
    /// Set after a 412: the record as the other operator left it.
    pub conflict: Option<Box<ExceptionDetail>>,
    /// Set after a 412: what the other operator changed (field, before, after).
    pub their_changes: Vec<(usize, String, String)>,
    pub submitting: bool,
}

fn supplied_values(d: &ExceptionDetail) -> [String; 6] {
    let s = &d.supplied;
    [
        s.uln.clone().unwrap_or_default(),
        s.given_name.clone(),
        s.family_name.clone(),
        s.date_of_birth.clone(),
        s.gender.to_string(),
        s.postcode.clone(),
    ]
}

fn lrs_value(l: &AuthoritativeDetails, field: usize) -> Option<String> {
    Some(match field {
        0 => l.uln.clone(),
        1 => l.given_name.clone(),
        2 => l.family_name.clone(),
        3 => l.date_of_birth.clone(),
        4 => l.gender.to_string(),
        5 => l.postcode.clone()?,
        _ => return None,
    })
}

/// Why a value is invalid, or a confirmation of how it will be read.
pub fn check(field: usize, value: &str) -> Result<String, String> {
    match field {
        0 => Uln::parse(value)
            .map(|u| u.to_string())
            .map_err(|e| e.to_string()),
        1 | 2 => PersonName::parse(value)
            .map(|n| n.to_string())
            .map_err(|e| e.to_string()),
        3 => parse_date_of_birth(value)
            .map(format_date_for_people)
            .map_err(|e| e.to_string()),
        4 => Gender::parse(value)
            .map(|g| format!("{} {}", g.code(), g.describe()))
            .map_err(|e| e.to_string()),
        5 => Postcode::parse(value)
            .map(|p| p.to_string())
            .map_err(|e| e.to_string()),
        _ => Ok(String::new()),
    }
}

impl AmendForm {
    pub const KEYS: &'static [Action] = &[
        Action::Submit,
        Action::TakeLrsValue,
        Action::NextField,
        Action::PreviousField,
        Action::Cancel,
    ];

    pub fn new(d: &ExceptionDetail) -> AmendForm {
        let values = supplied_values(d);
        AmendForm {
            id: d.id,
            version: d.version,
            original: values.clone(),
            values,
            note: String::new(),
            focus: 1,
            lrs: d.authoritative.clone(),
            server_errors: BTreeMap::new(),
            conflict: None,
            their_changes: Vec::new(),
            submitting: false,
        }
    }

    /// Sets the fields a suggestion would change, leaving the rest as supplied.
    pub fn apply(&mut self, amendment: &LearnerFields) {
        let proposed = [
            &amendment.uln,
            &amendment.given_name,
            &amendment.family_name,
            &amendment.date_of_birth,
            &amendment.gender,
            &amendment.postcode,
        ];
        for (i, value) in proposed.into_iter().enumerate() {
            if let Some(v) = value {
                self.values[i] = v.clone();
            }
        }
        self.focus = (0..FIELDS.len())
            .find(|&i| self.values[i] != self.original[i])
            .unwrap_or(1);
    }

    pub fn type_char(&mut self, c: char) {
        match self.focus {
            NOTE => self.note.push(c),
            i => self.values[i].push(c),
        }
        self.server_errors.clear();
    }

    pub fn backspace(&mut self) {
        match self.focus {
            NOTE => drop(self.note.pop()),
            i => drop(self.values[i].pop()),
        }
    }

    pub fn act(&mut self, action: Action) {
        match action {
            Action::NextField => self.focus = (self.focus + 1) % (NOTE + 1),
            Action::PreviousField => self.focus = (self.focus + NOTE) % (NOTE + 1),
            Action::TakeLrsValue => {
                if let Some(v) = self.lrs.as_ref().and_then(|l| lrs_value(l, self.focus)) {
                    self.values[self.focus] = v;
                }
            }
            _ => {}
        }
    }

    pub fn changed(&self) -> Vec<usize> {
        (0..FIELDS.len())
            .filter(|&i| self.values[i].trim() != self.original[i].trim())
            .collect()
    }

    pub fn invalid(&self) -> Vec<usize> {
        self.changed()
            .into_iter()
            .filter(|&i| check(i, &self.values[i]).is_err())
            .collect()
    }

    /// The flat amendment to send: only the changed fields.
    pub fn amendment(&self) -> LearnerFields {
        let mut f = LearnerFields::default();
        for i in self.changed() {
            let v = Some(self.values[i].trim().to_owned());
            match i {
                0 => f.uln = v,
                1 => f.given_name = v,
                2 => f.family_name = v,
                3 => f.date_of_birth = v,
                4 => f.gender = v,
                _ => f.postcode = v,
            }
        }
        f
    }

    /// After a 412: rebase on the record as it is now, keeping the operator's own edits, so one
    /// more submit re-applies them.
    pub fn rebase(&mut self, current: ExceptionDetail) {
        let mine: Vec<(usize, String)> = self
            .changed()
            .into_iter()
            .map(|i| (i, self.values[i].clone()))
            .collect();
        let theirs = supplied_values(&current);
        self.their_changes = (0..FIELDS.len())
            .filter(|&i| theirs[i].trim() != self.original[i].trim())
            .map(|i| (i, self.original[i].clone(), theirs[i].clone()))
            .collect();
        self.original = theirs;
        self.values = self.original.clone();
        for (i, v) in mine {
            self.values[i] = v;
        }
        self.version = current.version;
        self.lrs = current.authoritative.clone();
        self.conflict = Some(Box::new(current));
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let [form_area, info_area] =
            Layout::vertical([Constraint::Length(10), Constraint::Length(9)]).areas(area);
        let mut lines = Vec::new();
        for (i, (name, label)) in FIELDS.iter().enumerate() {
            let value = &self.values[i];
            let focused = self.focus == i;
            let changed = value.trim() != self.original[i].trim();
            let verdict = match (changed, check(i, value)) {
                (false, Ok(read_as)) if read_as != *value => {
                    Span::styled(format!(" {read_as}"), theme.muted())
                }
                (false, _) => Span::styled(" unchanged", theme.muted()),
                (true, Ok(read_as)) => Span::styled(
                    format!(" ✓ {read_as} · was {}", self.original[i]),
                    theme.matched(),
                ),
                (true, Err(why)) => Span::styled(format!(" ✗ {why}"), theme.differs()),
            };
            let server = self
                .server_errors
                .get(*name)
                .map(|e| Span::styled(format!("  server: {e}"), theme.error()));
            let lrs = self
                .lrs
                .as_ref()
                .and_then(|l| lrs_value(l, i))
                .map(|v| Span::styled(format!("  (LRS: {v})"), theme.muted()));
            let cursor = if focused { "█" } else { "" };
            let mut spans = vec![
                Span::styled(
                    format!("{} {:<14}", if focused { "▶" } else { " " }, label),
                    if focused {
                        theme.selected()
                    } else {
                        Style::new()
                    },
                ),
                Span::styled(
                    format!("{:<28}", format!("{value}{cursor}")),
                    if changed {
                        Style::new().add_modifier(Modifier::BOLD)
                    } else {
                        Style::new()
                    },
                ),
                verdict,
            ];
            spans.extend(lrs);
            spans.extend(server);
            lines.push(Line::from(spans));
        }
        let focused = self.focus == NOTE;
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {:<14}", if focused { "▶" } else { " " }, "Note"),
                if focused {
                    theme.selected()
                } else {
                    Style::new()
                },
            ),
            Span::raw(format!("{}{}", self.note, if focused { "█" } else { "" })),
        ]));
        let title = format!(
            " Amend #{} (version {}){} ",
            self.id,
            self.version,
            if self.submitting {
                " · sending…"
            } else {
                ""
            }
        );
        frame.render_widget(
            Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
            form_area,
        );

        let mut info = Vec::new();
        if let Some(current) = &self.conflict {
            info.push(Line::styled(
                format!("Someone else changed this record (now version {}, {}). Your edits are kept below; submit again to apply them on top.", current.version, current.status),
                theme.error(),
            ));
            for (i, before, after) in &self.their_changes {
                info.push(Line::from(format!(
                    "  they changed {}: {before} → {after}",
                    FIELDS[*i].1
                )));
            }
            for i in self.changed() {
                info.push(Line::styled(
                    format!(
                        "  your edit    {}: {} → {}",
                        FIELDS[i].1, self.original[i], self.values[i]
                    ),
                    Style::new().add_modifier(Modifier::BOLD),
                ));
            }
            if let Some(last) = current
                .audit
                .iter()
                .rev()
                .find(|a| a.action != AuditAction::Viewed)
            {
                info.push(Line::from(format!(
                    "  last change: {} by {} ({})",
                    last.action,
                    last.operator,
                    last.reason.clone().unwrap_or_default()
                )));
            }
        } else {
            let changed = self.changed().len();
            let invalid = self.invalid().len();
            info.push(Line::from(match (changed, invalid) {
                (0, _) => "Nothing changed yet.".to_owned(),
                (n, 0) => format!("{n} field(s) changed and valid: ready to submit."),
                (n, bad) => format!("{n} field(s) changed; {bad} not valid yet."),
            }));
        }
        frame.render_widget(
            Paragraph::new(info)
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::ALL)),
            info_area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::detail;

    #[test]
    fn the_form_starts_as_supplied_and_sends_only_changes() {
        let mut form = AmendForm::new(&detail());
        assert!(form.changed().is_empty());
        form.focus = 2;
        form.act(Action::TakeLrsValue);
        assert_eq!(form.values[2], "Hughes");
        assert_eq!(
            form.amendment(),
            LearnerFields {
                family_name: Some("Hughes".into()),
                ..LearnerFields::default()
            }
        );
    }

    #[test]
    fn invalid_values_are_caught_as_typed() {
        let mut form = AmendForm::new(&detail());
        form.focus = 0;
        form.backspace();
        assert_eq!(form.values[0], "927630868");
        assert_eq!(form.invalid(), vec![0], "nine digits are not a ULN");
        form.type_char('6');
        assert!(
            form.invalid().is_empty(),
            "9276308686 has the right check digit"
        );
        form.backspace();
        form.type_char('5');
        assert_eq!(
            check(0, &form.values[0]),
            Err("the check digit (last digit) should be 6, not 5".into())
        );
        assert!(check(3, "2007-02-30").is_err());
        assert_eq!(check(3, "2007-02-03"), Ok("03 Feb 2007".into()));
        assert_eq!(check(5, "ls14ap"), Ok("LS1 4AP".into()));
    }

    #[test]
    fn a_conflict_keeps_my_edits_on_top_of_theirs() {
        let mut form = AmendForm::new(&detail());
        form.focus = 2;
        form.act(Action::TakeLrsValue);
        let mut theirs = detail();
        theirs.version = 4;
        theirs.supplied.postcode = "M1 1AE".into();
        form.rebase(theirs);
        assert_eq!(form.version, 4);
        assert_eq!(form.values[2], "Hughes", "my edit is kept");
        assert_eq!(form.values[5], "M1 1AE", "their edit is the new base");
        assert_eq!(
            form.their_changes,
            vec![(5, "LS1 4AP".to_owned(), "M1 1AE".to_owned())]
        );
        assert_eq!(
            form.amendment(),
            LearnerFields {
                family_name: Some("Hughes".into()),
                ..LearnerFields::default()
            }
        );
    }
}
