//! The end of a shift (`:handover`): what the operator holds (records assigned to them, how many
//! snoozed, due within 7 days, overdue) and one action that passes all of it to a colleague.
//! `A` chooses the colleague and a message, a confirmation says what will happen, and the answer
//! is a report per record: passed, or left because it changed since the summary was read.

use super::colleagues::ColleaguePicker;
use crate::keymap::{Action, Context, Keymap};
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crate::screens::help;
use crate::text_line::{edit_line, with_cursor};
use crate::view::{countdown, london_time};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_api::{HandoverOutcome, HandoverReport, HandoverRequest, HandoverSummary, RecordVersion};
use uln_domain::text::{self, TextKind};

/// Where the handover stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The summary (loading until it comes).
    Summary,
    /// Choosing the colleague and writing the message.
    Choosing {
        message_focused: bool,
    },
    /// Asked to confirm passing everything to `to`.
    Confirming {
        to: String,
        message: Option<String>,
    },
    Sending {
        to: String,
    },
    /// The backend's answer, record by record.
    Reported(HandoverReport),
}

#[derive(Debug)]
pub struct HandoverScreen {
    pub summary: Option<HandoverSummary>,
    pub step: Step,
    pub picker: ColleaguePicker,
    pub message: String,
    pub error: Option<String>,
}

impl HandoverScreen {
    const SUMMARY_KEYS: &'static [Action] = &[
        Action::Assign,
        Action::Refresh,
        Action::Back,
        Action::Command,
        Action::Help,
        Action::Quit,
    ];
    const CHOOSING_KEYS: &'static [Action] = &[
        Action::NextField,
        Action::PreviousField,
        Action::Submit,
        Action::Cancel,
    ];
    const CONFIRM_KEYS: &'static [Action] = &[Action::Confirm, Action::Cancel];

    pub fn loading() -> HandoverScreen {
        HandoverScreen {
            summary: None,
            step: Step::Summary,
            picker: ColleaguePicker::default(),
            message: String::new(),
            error: None,
        }
    }

    pub fn loaded(&mut self, summary: HandoverSummary) {
        self.picker.excluded = Some(summary.operator.clone());
        self.picker.refilter();
        self.summary = Some(summary);
    }

    /// The backend did not take the handover: back to the choice, with what was typed.
    pub fn failed(&mut self, why: String) {
        self.step = Step::Choosing {
            message_focused: false,
        };
        self.error = Some(why);
    }

    /// The handover as confirmed: everything the summary listed, each at the version read.
    fn request(&self, to: &str, message: Option<String>) -> HandoverRequest {
        let records = self.summary.iter().flat_map(|s| &s.records);
        HandoverRequest {
            to: to.to_owned(),
            message,
            from: None,
            records: Some(
                records
                    .map(|r| RecordVersion {
                        id: r.id,
                        version: r.version,
                    })
                    .collect(),
            ),
        }
    }

    fn choose(&mut self) -> Vec<Intent> {
        match &self.summary {
            None => return vec![Intent::notify("the summary is still loading", true)],
            Some(s) if s.records.is_empty() => {
                return vec![Intent::notify("you hold nothing to hand over", true)]
            }
            Some(_) => {}
        }
        self.step = Step::Choosing {
            message_focused: false,
        };
        vec![Intent::Effect(Effect::LoadColleagues)]
    }

    fn chosen(&mut self) {
        let Some(to) = self.picker.chosen().map(|c| c.name.clone()) else {
            self.error = Some("choose a colleague: type part of a name".into());
            return;
        };
        match text::clean_optional(Some(&self.message), TextKind::Note) {
            Ok(message) => {
                self.error = None;
                self.step = Step::Confirming { to, message };
            }
            Err(e) => self.error = Some(format!("the message {e}")),
        }
    }

    fn on_choosing_key(&mut self, key: KeyEvent, action: Option<Action>, on_message: bool) {
        match (action, key.code) {
            (Some(Action::Cancel), _) => self.step = Step::Summary,
            (Some(Action::Submit), _) | (None, KeyCode::Enter) => self.chosen(),
            (_, KeyCode::Tab | KeyCode::BackTab) => {
                self.step = Step::Choosing {
                    message_focused: !on_message,
                }
            }
            (_, KeyCode::Down) => self.picker.step(true),
            (_, KeyCode::Up) => self.picker.step(false),
            (None, _) if on_message => drop(edit_line(&mut self.message, &key)),
            (None, _) => self.picker.edit(&key),
            _ => {}
        }
    }
}

impl Component for HandoverScreen {
    fn title(&self) -> &'static str {
        "handover"
    }

    fn keys(&self) -> &'static [Action] {
        match self.step {
            Step::Summary | Step::Reported(_) => Self::SUMMARY_KEYS,
            Step::Choosing { .. } => Self::CHOOSING_KEYS,
            Step::Confirming { .. } => Self::CONFIRM_KEYS,
            Step::Sending { .. } => &[],
        }
    }

    fn context(&self) -> Context {
        match self.step {
            Step::Choosing { .. } | Step::Confirming { .. } => Context::Form,
            _ => Context::Normal,
        }
    }

    fn footer(&self, keymap: &Keymap) -> String {
        let keys = help::footer(self.keys(), self.context(), keymap);
        match self.step {
            Step::Confirming { .. } => format!("y or {keys}"),
            _ => keys,
        }
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match self.step.clone() {
            Step::Summary | Step::Reported(_) => match action {
                Some(Action::Assign) => self.choose(),
                Some(Action::Refresh) => {
                    self.step = Step::Summary;
                    vec![Intent::Effect(Effect::LoadHandover)]
                }
                Some(Action::Back) => vec![Intent::Close],
                Some(Action::Command) => vec![Intent::CommandLine],
                Some(Action::Help) => vec![Intent::Help],
                Some(Action::Quit) => vec![Intent::Quit],
                _ => Vec::new(),
            },
            Step::Choosing { message_focused } => {
                self.on_choosing_key(key, action, message_focused);
                Vec::new()
            }
            Step::Confirming { to, message } => {
                if key.code == KeyCode::Char('y') || action == Some(Action::Confirm) {
                    let request = self.request(&to, message);
                    self.step = Step::Sending { to };
                    return vec![Intent::Effect(Effect::HandOver(request))];
                }
                // Anything else goes back to the choice, with what was typed.
                self.step = Step::Choosing {
                    message_focused: false,
                };
                Vec::new()
            }
            Step::Sending { .. } => Vec::new(),
        }
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let lines = match &self.step {
            Step::Summary => summary_lines(self.summary.as_ref(), cx),
            Step::Choosing { message_focused } => {
                let mut lines = vec![Line::from("Hand everything you hold to:")];
                lines.extend(self.picker.lines(!message_focused, cx.theme));
                let message = if *message_focused {
                    with_cursor(&self.message)
                } else {
                    self.message.clone()
                };
                lines.push(Line::from(format!("message: {message}")));
                lines.push(Line::styled(
                    "type to find, ↑/↓ choose, tab to the message, enter goes on; esc goes back.",
                    cx.theme.muted(),
                ));
                lines
            }
            Step::Confirming { to, .. } => {
                let n = self.summary.as_ref().map_or(0, |s| s.records.len());
                vec![
                    Line::from(format!("Pass all {n} records you hold to {to}?")),
                    Line::from("Each goes at the version listed; one changed since is left."),
                    Line::styled("y hands over; any other key goes back.", cx.theme.muted()),
                ]
            }
            Step::Sending { to } => vec![Line::from(format!("Handing over to {to}…"))],
            Step::Reported(report) => report_lines(report, cx),
        };
        let mut lines = lines;
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), cx.theme.error()));
        }
        Clear.render(area, buf);
        let title = match &self.summary {
            Some(s) => format!(" Handover: {} ", s.operator),
            None => " Handover ".to_owned(),
        };
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title))
            .render(area, buf);
    }
}

fn summary_lines(summary: Option<&HandoverSummary>, cx: &Cx) -> Vec<Line<'static>> {
    let Some(s) = summary else {
        return vec![Line::styled("Loading what you hold…", cx.theme.muted())];
    };
    let claimed = match s.claimed {
        Some(n) => n.to_string(),
        None => "not counted yet".into(),
    };
    let mut lines = vec![
        Line::from(format!("Open records assigned to you: {}", s.held)),
        Line::from(format!(
            "snoozed {} · due within 7 days {} · overdue {} · claimed {claimed}",
            s.snoozed, s.due_soon, s.overdue
        )),
        Line::from(""),
    ];
    for r in &s.records {
        let deadline = r.deadline.parse().ok();
        let when = deadline.map(london_time).unwrap_or_default();
        let left = deadline.map(|d| countdown(d, cx.now)).unwrap_or_default();
        let snoozed = if r.snoozed { " · snoozed" } else { "" };
        lines.push(Line::from(format!(
            "#{:<8} due {when} ({left}){snoozed}",
            r.id
        )));
    }
    if s.records.is_empty() {
        lines.push(Line::styled("Nothing to hand over.", cx.theme.muted()));
    } else {
        let key = cx.keymap.primary(Action::Assign).map(|k| k.to_string());
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!(
                "{} passes all of them to a colleague, each at the version read here.",
                key.unwrap_or_default()
            ),
            cx.theme.muted(),
        ));
    }
    lines
}

fn report_lines(report: &HandoverReport, cx: &Cx) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(format!(
            "Handed over to {}: {} of {} records",
            report.to,
            report.done(),
            report.records.len()
        )),
        Line::from(""),
    ];
    for r in &report.records {
        lines.push(match r.outcome {
            HandoverOutcome::Done => Line::from(format!("#{:<8} passed", r.id)),
            _ => Line::styled(
                format!(
                    "#{:<8} left with you: {}",
                    r.id,
                    r.why.as_deref().unwrap_or("refused")
                ),
                cx.theme.error(),
            ),
        });
    }
    lines
}
