//! `:import PATH`: a centre's registration batch sent from the console, as `uln-console import`
//! sends it. The file is read first and the operator sees what will be sent (rows, rows that
//! cannot be read, columns left out, where results go) before `y` sends it; then a progress bar;
//! then what became of the rows. The results file holds each row's outcome and reasons: the
//! screen shows counts only, so nothing personal is on it.

use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::tasks::import::{ImportPlan, ImportProgress, ImportSummary};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Widget, Wrap};
use std::path::PathBuf;

#[derive(Debug)]
pub enum ImportStep {
    Reading(PathBuf),
    /// Read, waiting for the operator's `y`.
    Ready(Box<ImportPlan>),
    /// The file could not be imported at all; nothing was sent.
    Unreadable(String),
    Sending(Sending),
    Done(Result<ImportSummary, String>),
}

/// An import under way, as its progress messages tell it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sending {
    pub path: PathBuf,
    pub rows: usize,
    pub batches: usize,
    pub batch: usize,
    pub sent: usize,
    /// The latest retry, said until the batch is answered.
    pub retry: Option<String>,
}

#[derive(Debug)]
pub struct ImportScreen {
    pub step: ImportStep,
}

impl ImportScreen {
    pub const KEYS: &'static [Action] = &[Action::Confirm, Action::Cancel];

    pub fn reading(path: PathBuf) -> ImportScreen {
        ImportScreen {
            step: ImportStep::Reading(path),
        }
    }

    pub fn running(&self) -> bool {
        matches!(self.step, ImportStep::Sending(_))
    }

    pub fn read(&mut self, result: Result<ImportPlan, String>) {
        self.step = match result {
            Ok(plan) => ImportStep::Ready(Box::new(plan)),
            Err(why) => ImportStep::Unreadable(why),
        };
    }

    pub fn progress(&mut self, progress: ImportProgress) {
        let ImportStep::Sending(s) = &mut self.step else {
            return;
        };
        match progress {
            ImportProgress::Starting { rows, batches } => (s.rows, s.batches) = (rows, batches),
            ImportProgress::Sending { batch } => s.batch = batch,
            ImportProgress::Answered { rows } => {
                s.sent += rows;
                s.retry = None;
            }
            ImportProgress::Retrying { attempt, wait, why } => {
                s.retry = Some(format!(
                    "batch {} failed ({why}); trying again in {:.1}s (retry {attempt})",
                    s.batch,
                    wait.as_secs_f32()
                ));
            }
        }
    }

    pub fn done(&mut self, result: Result<ImportSummary, String>) {
        self.step = ImportStep::Done(result);
    }

    /// `y`: the plan goes to be sent, and the screen follows it.
    fn send(&mut self) -> Vec<Intent> {
        let step = std::mem::replace(&mut self.step, ImportStep::Sending(Sending::default()));
        match step {
            ImportStep::Ready(plan) => {
                self.step = ImportStep::Sending(Sending {
                    path: plan.path.clone(),
                    ..Sending::default()
                });
                vec![Intent::Effect(Effect::RunImport(plan))]
            }
            other => {
                self.step = other;
                Vec::new()
            }
        }
    }

    fn lines(&self) -> Vec<Line<'static>> {
        match &self.step {
            ImportStep::Reading(path) => vec![Line::from(format!("Reading {}…", path.display()))],
            ImportStep::Ready(plan) => ready_lines(plan),
            ImportStep::Unreadable(why) => vec![
                Line::from(why.clone()),
                Line::from(""),
                Line::from("Nothing was sent. esc goes back."),
            ],
            ImportStep::Sending(s) => {
                let mut lines = vec![Line::from(format!(
                    "Sending {}: batch {} of {}, {} of {} rows answered.",
                    s.path.display(),
                    s.batch,
                    s.batches,
                    s.sent,
                    s.rows
                ))];
                lines.extend(s.retry.clone().map(Line::from));
                lines.push(Line::from(""));
                lines.push(Line::from(
                    "esc leaves this screen; the import goes on and you are told when it ends.",
                ));
                lines
            }
            ImportStep::Done(Ok(summary)) => summary_lines(summary),
            ImportStep::Done(Err(why)) => vec![Line::from(why.clone())],
        }
    }
}

fn ready_lines(plan: &ImportPlan) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(format!(
            "Send {} registrations from {} to the backend?",
            plan.readable,
            plan.path.display()
        )),
        Line::from(""),
    ];
    if plan.unreadable > 0 {
        let (rows, are) = match plan.unreadable {
            1 => ("row", "it is"),
            _ => ("rows", "they are"),
        };
        lines.push(Line::from(format!(
            "{} {rows} cannot be read: {are} not sent, and the results file says why.",
            plan.unreadable
        )));
    }
    if !plan.ignored.is_empty() {
        lines.push(Line::from(format!(
            "Columns left out (not registration fields): {}",
            plan.ignored.join(", ")
        )));
    }
    lines.push(Line::from(format!(
        "Each row's result goes to {}{}",
        plan.results.display(),
        if plan.replace {
            ", which exists: y replaces it."
        } else {
            "."
        }
    )));
    lines.push(Line::from(""));
    lines.push(Line::from("y sends · esc cancels"));
    lines
}

fn summary_lines(summary: &ImportSummary) -> Vec<Line<'static>> {
    let total: usize = summary.counts.iter().map(|(_, n)| n).sum();
    let mut lines = vec![
        Line::from(format!("Import finished: {total} rows.")),
        Line::from(""),
    ];
    for (outcome, n) in &summary.counts {
        let name = outcome.name().replace('_', " ");
        lines.push(Line::from(format!("  {name:<12} {n:>7}")));
    }
    lines.push(Line::from(""));
    if summary.unsent() > 0 {
        lines.push(Line::from(format!(
            "{} rows were not sent or not confirmed: the results file says which and why.",
            summary.unsent()
        )));
    }
    lines.push(Line::from(format!(
        "Each row's result: {}",
        summary.results.display()
    )));
    lines
}

impl Component for ImportScreen {
    fn title(&self) -> &'static str {
        "import"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    /// Read like a form, so `y` and the confirm key are the other confirmations' keys.
    fn context(&self) -> Context {
        Context::Form
    }

    fn footer(&self, keymap: &Keymap) -> String {
        let back = keymap
            .primary(Action::Cancel)
            .map_or("esc".to_owned(), |k| k.to_string());
        match self.step {
            ImportStep::Ready(_) => format!("y send · {back} cancel"),
            _ => format!("{back} back"),
        }
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let ready = matches!(self.step, ImportStep::Ready(_));
        if ready && (key.code == KeyCode::Char('y') || action == Some(Action::Confirm)) {
            return self.send();
        }
        match (action, key.code) {
            (Some(Action::Back | Action::Cancel), _) | (None, KeyCode::Esc) => {
                let mut intents = vec![Intent::Close];
                if self.running() {
                    intents.push(Intent::notify(
                        "the import goes on: you are told when it ends",
                        false,
                    ));
                }
                intents
            }
            _ => Vec::new(),
        }
    }

    fn opaque(&self) -> bool {
        true
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(" Import a registration batch ");
        let inner = block.inner(area);
        block.render(area, buf);
        let [gauge, _, text] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inner);
        if let ImportStep::Sending(s) = &self.step {
            let ratio = match s.rows {
                0 => 0.0,
                rows => s.sent as f64 / rows as f64,
            };
            Gauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(format!("{}/{} rows", s.sent, s.rows))
                .gauge_style(cx.theme.selected())
                .render(gauge.inner(ratatui::layout::Margin::new(1, 0)), buf);
        }
        Paragraph::new(self.lines())
            .wrap(Wrap { trim: false })
            .render(text.inner(ratatui::layout::Margin::new(1, 0)), buf);
    }
}
