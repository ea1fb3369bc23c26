//! The bulk action's record-by-record screens: the dry run's preview (what would change, what
//! would be skipped and why, the totals), the question before it is applied, and the report of
//! what became of each record, whose conflicts and refusals can be tried again.

use super::BulkRequestAction;
use crate::keymap::{Action, Keymap};
use crate::layer::{Component, Cx, Intent, Layer};
use crate::mask::Personal;
use crate::message::Effect;
use crate::screens::help;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use uln_api::{BulkChange, BulkField, BulkOutcome, BulkRecord, BulkRecordOutcome, BulkReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The dry run: nothing written yet.
    Preview,
    /// After the apply.
    Report,
}

#[derive(Debug)]
pub struct BulkScreen {
    pub stage: Stage,
    pub action: BulkRequestAction,
    pub report: BulkReport,
    /// The first record shown.
    offset: usize,
}

impl BulkScreen {
    const PREVIEW_KEYS: &'static [Action] = &[Action::Up, Action::Down, Action::Back, Action::Help];
    const REPORT_KEYS: &'static [Action] = &[
        Action::Up,
        Action::Down,
        Action::Refresh,
        Action::Back,
        Action::Help,
    ];

    pub fn new(stage: Stage, action: BulkRequestAction, report: BulkReport) -> BulkScreen {
        BulkScreen {
            stage,
            action,
            report,
            offset: 0,
        }
    }

    /// The records the preview would apply to, at the versions they were previewed at.
    pub fn to_apply(&self) -> Vec<BulkRecord> {
        self.records_where(|o| o == BulkOutcome::WouldApply)
    }

    /// The report's conflicts and refusals, at the versions the backend now has for them.
    pub fn failures(&self) -> Vec<BulkRecord> {
        self.records_where(|o| matches!(o, BulkOutcome::Conflict | BulkOutcome::Refused))
    }

    fn records_where(&self, wanted: impl Fn(BulkOutcome) -> bool) -> Vec<BulkRecord> {
        self.report
            .records
            .iter()
            .filter(|r| wanted(r.outcome))
            .filter_map(|r| r.version.map(|version| BulkRecord { id: r.id, version }))
            .collect()
    }

    fn totals(&self) -> String {
        let t = &self.report.totals;
        let parts = match self.stage {
            Stage::Preview => vec![(t.would_apply, "would apply"), (t.skipped, "skipped")],
            Stage::Report => vec![
                (t.done, "done"),
                (t.conflict, "conflict"),
                (t.refused, "refused"),
                (t.skipped, "skipped"),
            ],
        };
        // Counts of none are left out, so the title fits 80 columns; the first always shows.
        let said: Vec<String> = parts
            .iter()
            .enumerate()
            .filter(|(i, (n, _))| *i == 0 || *n > 0)
            .map(|(_, (n, what))| format!("{n} {what}"))
            .collect();
        said.join(" · ")
    }

    /// The records from the offset, each in lines of at most `width` columns.
    fn lines(&self, width: usize) -> Vec<Line<'static>> {
        self.report
            .records
            .iter()
            .skip(self.offset)
            .flat_map(|r| record_lines(r, width))
            .collect()
    }
}

/// A record's line, and, when its outcome is too long, continuation lines indented under the
/// outcome text so the record's id stands alone in its column. Changes are kept whole on a line
/// where they fit, so a value is not broken across lines.
fn record_lines(r: &BulkRecordOutcome, width: usize) -> Vec<Line<'static>> {
    let head = format!("#{:<6} {:<11} ", r.id, r.outcome.label());
    let room = width.saturating_sub(head.chars().count()).max(1);
    let parts: Vec<String> = if r.changes.is_empty() {
        vec![r.reason.clone().unwrap_or_default()]
    } else {
        r.changes.iter().map(change_text).collect()
    };
    let mut joined: Vec<String> = Vec::new();
    for part in parts {
        match joined.last_mut() {
            Some(last) if last.chars().count() + 2 + part.chars().count() <= room => {
                last.push_str("; ");
                last.push_str(&part);
            }
            _ => joined.push(part),
        }
    }
    let indent = " ".repeat(head.chars().count());
    joined
        .iter()
        .flat_map(|text| crate::columns::wrap(&Line::from(text.clone()), room))
        .enumerate()
        .map(|(i, piece)| {
            let lead = if i == 0 { head.clone() } else { indent.clone() };
            let mut spans = vec![lead.into()];
            spans.extend(piece.spans);
            Line::from(spans)
        })
        .collect()
}

fn change_text(c: &BulkChange) -> String {
    let value = |v: &Option<String>| match (c.field, v) {
        (BulkField::DateOfBirth, Some(iso)) => crate::view::date_for_people(iso),
        (BulkField::SnoozedUntil, Some(t)) => crate::view::london_date(t),
        (_, Some(v)) => v.clone(),
        (_, None) => "–".into(),
    };
    format!(
        "{}: {} → {}",
        c.field.label(),
        value(&c.before),
        value(&c.after)
    )
}

impl Component for BulkScreen {
    fn title(&self) -> &'static str {
        match self.stage {
            Stage::Preview => "bulk preview",
            Stage::Report => "bulk report",
        }
    }

    fn keys(&self) -> &'static [Action] {
        match self.stage {
            Stage::Preview => Self::PREVIEW_KEYS,
            Stage::Report => Self::REPORT_KEYS,
        }
    }

    fn meanings(&self) -> &'static [(Action, &'static str)] {
        match self.stage {
            Stage::Preview => &[],
            // The failures are not retried blind: they are previewed at their versions now.
            Stage::Report => &[(Action::Refresh, "preview the failures again")],
        }
    }

    fn footer(&self, keymap: &Keymap) -> String {
        match self.stage {
            Stage::Preview => format!(
                "y apply… · {}",
                help::footer(self.keys(), self.context(), keymap)
            ),
            Stage::Report => {
                help::footer_with(self.keys(), self.meanings(), self.context(), keymap)
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match action {
            Some(Action::Up) => self.offset = self.offset.saturating_sub(1),
            Some(Action::Down) => {
                self.offset = (self.offset + 1).min(self.report.records.len().saturating_sub(1))
            }
            Some(Action::Back) => return vec![Intent::Close],
            Some(Action::Help) => return vec![Intent::Help],
            Some(Action::Refresh) => return self.retry(),
            _ if self.stage == Stage::Preview && key.code == KeyCode::Char('y') => {
                let records = self.to_apply();
                if records.is_empty() {
                    return vec![Intent::notify("nothing in the preview would apply", true)];
                }
                let confirm = ConfirmBulk {
                    action: self.action.clone(),
                    records,
                };
                return vec![Intent::Open(Layer::BulkConfirm(confirm))];
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, _cx: &Cx) {
        let title = match self.stage {
            Stage::Preview => format!(
                " Bulk preview: {} — {} ",
                self.action.label(),
                self.totals()
            ),
            Stage::Report => format!(" Bulk report: {} — {} ", self.action.label(), self.totals()),
        };
        // Inside the border.
        let mut lines = self.lines(usize::from(area.width.saturating_sub(2)));
        if self.stage == Stage::Preview {
            lines.insert(
                0,
                Line::from("Nothing is written until you press y and confirm."),
            );
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title))
            .render(area, buf);
    }

    fn opaque(&self) -> bool {
        true
    }

    fn personal(&self, values: &mut Personal) {
        for change in self.report.records.iter().flat_map(|r| &r.changes) {
            for value in [&change.before, &change.after].into_iter().flatten() {
                match change.field {
                    BulkField::GivenName | BulkField::FamilyName => values.name(value),
                    BulkField::DateOfBirth => values.date_of_birth(value),
                    BulkField::Uln => values.uln(value),
                    BulkField::Postcode => values.postcode(value),
                    _ => values,
                };
            }
        }
    }
}

impl BulkScreen {
    /// The failures previewed again at the versions the backend has now: nothing is retried
    /// blind, since a record that changed may no longer want the same change.
    fn retry(&self) -> Vec<Intent> {
        let records = self.failures();
        if records.is_empty() {
            return vec![Intent::notify("no conflicts or refusals to retry", false)];
        }
        vec![Intent::Effect(Effect::Bulk {
            action: self.action.clone(),
            records,
            dry_run: true,
        })]
    }
}

/// Asked before a bulk action is applied: y applies, any other key goes back to the preview.
#[derive(Debug)]
pub struct ConfirmBulk {
    pub action: BulkRequestAction,
    pub records: Vec<BulkRecord>,
}

impl Component for ConfirmBulk {
    fn title(&self) -> &'static str {
        "apply bulk action"
    }

    fn keys(&self) -> &'static [Action] {
        &[Action::Confirm, Action::Cancel]
    }

    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Form
    }

    fn footer(&self, keymap: &Keymap) -> String {
        format!(
            "{} {} record(s)? y or {} · any other key goes back",
            self.action.label(),
            self.records.len(),
            help::footer(self.keys(), self.context(), keymap)
        )
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if key.code == KeyCode::Char('y') || action == Some(Action::Confirm) {
            return vec![
                Intent::Close,
                Intent::Effect(Effect::Bulk {
                    action: self.action.clone(),
                    records: self.records.clone(),
                    dry_run: false,
                }),
            ];
        }
        vec![Intent::Close]
    }

    fn render(&mut self, _area: Rect, _buf: &mut Buffer, _cx: &Cx) {}
}
