//! Snoozing a record: when it should come back (tomorrow 09:00, Thursday, next week, or a typed
//! UK date and time) and why. The backend brings a time too close to the deadline forward and
//! says so; the dialog keeps what was typed if sending fails.

use super::sending::{draw_dialog, Sending};
use crate::keymap::{Action, Context};
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::civil::{DateTime, Time, Weekday};
use jiff::Zoned;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use uln_domain::text::{self, TextKind};

/// When a snooze ends, as the operator chose it; resolved against the clock when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnoozeUntil {
    Tomorrow,
    Thursday,
    NextWeek,
    /// A UK date and time as typed: `2026-12-10 14:00`, or a date alone for 09:00.
    On(String),
}

/// Quick choices come back at the start of the working day.
const MORNING: Time = Time::constant(9, 0, 0, 0);

impl SnoozeUntil {
    /// The UK wall-clock time it means at `now` (a London time), or why a typed one is unreadable.
    pub fn resolve(&self, now: &Zoned) -> Result<DateTime, String> {
        let today = now.date();
        let next = |day: Weekday| today.nth_weekday(1, day).map_err(|e| e.to_string());
        let date = match self {
            SnoozeUntil::Tomorrow => today.tomorrow().map_err(|e| e.to_string())?,
            SnoozeUntil::Thursday => next(Weekday::Thursday)?,
            SnoozeUntil::NextWeek => next(Weekday::Monday)?,
            SnoozeUntil::On(typed) => return typed_time(typed),
        };
        Ok(date.to_datetime(MORNING))
    }
}

fn typed_time(typed: &str) -> Result<DateTime, String> {
    let typed = typed.trim();
    let unreadable =
        || format!("'{typed}' is not a date: type it as 2026-12-10 or 2026-12-10 14:00");
    if let Ok(date) = typed.parse::<jiff::civil::Date>() {
        return Ok(date.to_datetime(MORNING));
    }
    typed
        .replacen(' ', "T", 1)
        .parse::<DateTime>()
        .map_err(|_| unreadable())
}

/// The snooze margin as the operator reads it: the backend's number once it has said it, and
/// words that stay true without it (a backend may be started with any margin).
pub fn margin_words(hours: Option<u32>) -> String {
    match hours {
        Some(hours) => format!("{hours} h"),
        None => "the backend's margin".into(),
    }
}

const CHOICES: [(&str, SnoozeUntil); 3] = [
    ("tomorrow 09:00", SnoozeUntil::Tomorrow),
    ("Thursday 09:00", SnoozeUntil::Thursday),
    ("next week (Monday 09:00)", SnoozeUntil::NextWeek),
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    Until,
    Reason,
}

/// The dialog for the queue's selected row, at the version the queue holds (a stale one is
/// refused by the backend with the record as it is).
/// `row` is the selected row's id, version and status.
pub fn for_row(row: Option<(i64, i64, uln_api::RecordStatus)>) -> Intent {
    match row {
        Some((id, version, uln_api::RecordStatus::Open)) => {
            Intent::Open(crate::layer::Layer::Snooze(SnoozeDialog::new(id, version)))
        }
        Some(_) => Intent::notify("only open records can be snoozed", true),
        None => Intent::notify("no record selected", true),
    }
}

#[derive(Debug, Clone)]
pub struct SnoozeDialog {
    pub id: i64,
    pub version: i64,
    /// Index into the quick choices; one past them is the typed date.
    pub choice: usize,
    pub typed: String,
    pub reason: String,
    focus: Field,
    pub sending: Sending,
}

impl SnoozeDialog {
    pub const KEYS: &'static [Action] = &[
        Action::NextField,
        Action::PreviousField,
        Action::Submit,
        Action::Cancel,
    ];

    pub fn new(id: i64, version: i64) -> SnoozeDialog {
        SnoozeDialog {
            id,
            version,
            choice: 0,
            typed: String::new(),
            reason: String::new(),
            focus: Field::Reason,
            sending: Sending::default(),
        }
    }

    pub fn until(&self) -> SnoozeUntil {
        CHOICES
            .get(self.choice)
            .map_or_else(|| SnoozeUntil::On(self.typed.clone()), |(_, u)| u.clone())
    }

    fn send(&mut self) -> Vec<Intent> {
        if !self.sending.may_send() {
            return Vec::new();
        }
        if let SnoozeUntil::On(typed) = self.until() {
            if let Err(why) = typed_time(&typed) {
                self.sending.refuse(why);
                return Vec::new();
            }
        }
        match text::clean(&self.reason, TextKind::Note) {
            Ok(reason) => {
                self.sending.sent();
                let (id, version, until) = (self.id, self.version, self.until());
                vec![Intent::Effect(Effect::Snooze {
                    id,
                    version,
                    until,
                    reason,
                })]
            }
            Err(e) => {
                self.sending.refuse(format!("the reason {e}"));
                Vec::new()
            }
        }
    }

    fn step(&mut self, forward: bool) {
        let count = CHOICES.len() + 1;
        self.choice = if forward {
            (self.choice + 1) % count
        } else {
            (self.choice + count - 1) % count
        };
    }
}

impl Component for SnoozeDialog {
    fn title(&self) -> &'static str {
        "snooze"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        if let Some(taken) = self.sending.key(&key, action) {
            return taken.answer(|| self.send());
        }
        match (action, key.code) {
            // Tab moves between the time and the reason; the arrows choose the time.
            (_, KeyCode::Tab | KeyCode::BackTab) => {
                self.focus = match self.focus {
                    Field::Until => Field::Reason,
                    Field::Reason => Field::Until,
                };
            }
            (_, KeyCode::Down) => self.step(true),
            (_, KeyCode::Up) => self.step(false),
            (None, KeyCode::Backspace) => {
                let field = match self.focus {
                    Field::Until => &mut self.typed,
                    Field::Reason => &mut self.reason,
                };
                field.pop();
            }
            (None, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                match self.focus {
                    // Typing a date chooses it.
                    Field::Until => {
                        self.choice = CHOICES.len();
                        self.typed.push(c);
                    }
                    Field::Reason => self.reason.push(c),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let caret = |field: Field| if self.focus == field { "█" } else { "" };
        let mut lines = vec![Line::from("Back in the queue:")];
        let labels = CHOICES.iter().map(|(label, _)| label.to_string());
        let typed = format!("on a date (UK time): {}{}", self.typed, caret(Field::Until));
        for (i, label) in labels.chain([typed]).enumerate() {
            let line = format!("{} {label}", if i == self.choice { "▶" } else { " " });
            lines.push(if i == self.choice {
                Line::styled(line, cx.theme.selected())
            } else {
                Line::from(line)
            });
        }
        lines.push(Line::from(format!(
            "reason: {}{}",
            self.reason,
            caret(Field::Reason)
        )));
        lines.push(Line::from(""));
        let hint = format!(
            "↑/↓ when, tab to the date or reason, enter snoozes; never past {} before the deadline.",
            margin_words(cx.snooze_margin_hours)
        );
        lines.extend(self.sending.lines(hint, cx.theme));
        let title = format!(" Snooze #{} ", self.id);
        draw_dialog(area, buf, (72, 13), title, lines);
    }
}
