//! How the amend form looks: a line per field with its verdict, then either a summary or, after
//! a version conflict, what the other operator changed beside the operator's own edits.

use super::{AmendField, AmendForm, Focus, FormField};
use crate::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use uln_api::AuditAction;

pub struct AmendView<'a> {
    pub form: &'a AmendForm,
    pub theme: &'a Theme,
    pub now: jiff::Timestamp,
}

impl Widget for AmendView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [form_area, info_area] =
            Layout::vertical([Constraint::Length(10), Constraint::Length(9)]).areas(area);
        let form = self.form;
        let mut lines: Vec<Line> = AmendField::ALL
            .into_iter()
            .map(|f| self.field_line(f))
            .collect();
        lines.push(self.note_line());
        // The countdown stays in sight while typing: the deadline is why the form is urgent.
        let removal = form.deadline.map_or_else(String::new, |deadline| {
            let band = uln_domain::DeadlineBand::of(deadline, self.now);
            format!(
                " · removal in {} {}",
                crate::theme::band_symbol(band).trim(),
                crate::view::countdown(deadline, self.now)
            )
        });
        let title = format!(
            " Amend #{} (version {}){removal}{} ",
            form.id,
            form.version,
            if form.submitting {
                " · sending…"
            } else {
                ""
            }
        );
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(title))
            .render(form_area, buf);
        let info = match (&form.conflict, &form.changed_elsewhere) {
            _ if !form.can_still_send() => vec![Line::styled(form.closed_reason(), self.theme.error())],
            (Some(_), _) => self.conflict_lines(),
            (None, Some(change)) => vec![
                Line::styled(
                    format!("{} changed this record meanwhile (now version {}): your submit is checked against it and shows their changes first.", change.operator, change.version),
                    self.theme.error(),
                ),
                self.summary_line(),
            ],
            (None, None) => vec![self.summary_line()],
        };
        Paragraph::new(info)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL))
            .render(info_area, buf);
    }
}

impl AmendView<'_> {
    fn label(&self, focused: bool, label: &str) -> Span<'static> {
        Span::styled(
            format!("{} {:<14}", if focused { "▶" } else { " " }, label),
            if focused {
                self.theme.selected()
            } else {
                Style::new()
            },
        )
    }

    fn field_line(&self, field: AmendField) -> Line<'static> {
        let (form, theme) = (self.form, self.theme);
        let value = form.value(field);
        let original = form.original(field);
        let focused = form.focus == Focus::Field(field);
        let changed = value.trim() != original.trim();
        let verdict = match (changed, field.check(value)) {
            (false, Ok(read_as)) if read_as != value => {
                Span::styled(format!(" {read_as}"), theme.muted())
            }
            (false, _) => Span::styled(" unchanged", theme.muted()),
            (true, Ok(read_as)) => {
                Span::styled(format!(" ✓ {read_as} · was {original}"), theme.matched())
            }
            (true, Err(why)) => Span::styled(format!(" ✗ {why}"), theme.differs()),
        };
        let server = form
            .server_errors
            .get(field.wire_name())
            .map(|e| Span::styled(format!("  server: {e}"), theme.error()));
        let lrs = form
            .lrs
            .as_ref()
            .and_then(|l| field.of_lrs(l))
            .map(|v| Span::styled(format!("  (LRS: {v})"), theme.muted()));
        let cursor = if focused { "█" } else { "" };
        let mut spans = vec![
            self.label(focused, field.label()),
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
        Line::from(spans)
    }

    fn note_line(&self) -> Line<'static> {
        let focused = self.form.focus == Focus::Note;
        Line::from(vec![
            self.label(focused, "Note"),
            Span::raw(format!(
                "{}{}",
                self.form.note,
                if focused { "█" } else { "" }
            )),
        ])
    }

    fn summary_line(&self) -> Line<'static> {
        let changed = self.form.changed().len();
        let invalid = self.form.invalid().len();
        Line::from(match (changed, invalid) {
            (0, _) => "Nothing changed yet.".to_owned(),
            (n, 0) => format!("{n} field(s) changed and valid: ready to submit."),
            (n, bad) => format!("{n} field(s) changed; {bad} not valid yet."),
        })
    }

    /// Their changes and mine, side by side, so one more submit is an informed one.
    fn conflict_lines(&self) -> Vec<Line<'static>> {
        let form = self.form;
        let Some(current) = &form.conflict else {
            return Vec::new();
        };
        let mut info = vec![Line::styled(
            format!("Someone else changed this record (now version {}, {}). Your edits are kept below; submit again to apply them on top.", current.version, current.status),
            self.theme.error(),
        )];
        for (field, before, after) in &form.their_changes {
            info.push(Line::from(format!(
                "  they changed {}: {before} → {after}",
                field.label()
            )));
        }
        for field in form.changed() {
            info.push(Line::styled(
                format!(
                    "  your edit    {}: {} → {}",
                    field.label(),
                    form.original(field),
                    form.value(field)
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
        info
    }
}
