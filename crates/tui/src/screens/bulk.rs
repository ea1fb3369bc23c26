//! A bulk action over the queue's marked rows (or the selected one): choose the action, see the
//! backend's dry run record by record, confirm, apply, and read what became of each record, with
//! the failures to retry. Each record is sent at the version the queue holds for it.

mod outcomes;

pub use outcomes::{BulkScreen, ConfirmBulk, Stage};

use crate::keymap::{Action, Context};
use crate::layer::{Component, Cx, Intent, Layer};
use crate::message::Effect;
use crate::screens::colleagues::ColleaguePicker;
use crate::screens::snooze::SnoozeUntil;
use crate::text_line::{edit_line, with_cursor};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_api::{BulkRecord, RejectReason};
use uln_domain::text::{self, TextKind};

/// The dialog for these records, or why there is none.
pub fn choose_for(records: Vec<BulkRecord>) -> Intent {
    if records.is_empty() {
        return Intent::notify("nothing marked and no record selected", true);
    }
    if records.len() > uln_api::MAX_BULK_RECORDS {
        let why = format!(
            "{} marked: a bulk action takes at most {} records",
            records.len(),
            uln_api::MAX_BULK_RECORDS
        );
        return Intent::notify(why, true);
    }
    Intent::Open(Layer::BulkChoose(BulkChoose::new(records)))
}

/// The actions offered, in the dialog's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkChoice {
    ApplyTopSuggestion,
    Reject,
    Snooze,
    Assign,
}

const CHOICES: [BulkChoice; 4] = [
    BulkChoice::ApplyTopSuggestion,
    BulkChoice::Reject,
    BulkChoice::Snooze,
    BulkChoice::Assign,
];

const SNOOZE_CHOICES: [(&str, SnoozeUntil); 3] = [
    ("tomorrow 09:00", SnoozeUntil::Tomorrow),
    ("Thursday 09:00", SnoozeUntil::Thursday),
    ("next week (Monday 09:00)", SnoozeUntil::NextWeek),
];

/// Choosing the action: ↑/↓ the action, ←/→ its reason, time or colleague, and a line of text
/// (the rejection's note, the snooze's reason, part of the colleague's name).
#[derive(Debug, Clone)]
pub struct BulkChoose {
    pub records: Vec<BulkRecord>,
    pub choice: usize,
    pub reason: usize,
    pub until: usize,
    pub text: String,
    /// Whom to assign the records to: the team is asked for when assigning is first chosen.
    pub picker: ColleaguePicker,
    team_asked: bool,
    pub error: Option<String>,
}

impl BulkChoose {
    pub const KEYS: &'static [Action] = &[Action::NextField, Action::PreviousField, Action::Cancel];

    pub fn new(records: Vec<BulkRecord>) -> BulkChoose {
        BulkChoose {
            records,
            choice: 0,
            reason: 0,
            until: 0,
            text: String::new(),
            picker: ColleaguePicker::default(),
            team_asked: false,
            error: None,
        }
    }

    pub fn chosen(&self) -> BulkChoice {
        CHOICES[self.choice]
    }

    /// The dry run of the chosen action, once its fields are right.
    fn dry_run(&mut self) -> Vec<Intent> {
        let action = match self.chosen() {
            BulkChoice::ApplyTopSuggestion => BulkRequestAction::ApplyTopSuggestion,
            BulkChoice::Reject => {
                let reason = RejectReason::ALL[self.reason];
                let note = match text::clean_optional(Some(&self.text), TextKind::Note) {
                    Ok(note) => note,
                    Err(e) => return self.refuse(format!("the note {e}")),
                };
                if reason == RejectReason::Other && note.is_none() {
                    return self.refuse("a note is needed when the reason is 'other'".into());
                }
                BulkRequestAction::Reject { reason, note }
            }
            BulkChoice::Snooze => match text::clean(&self.text, TextKind::Note) {
                Ok(reason) => BulkRequestAction::Snooze {
                    until: SNOOZE_CHOICES[self.until].1.clone(),
                    reason,
                },
                Err(e) => return self.refuse(format!("the reason {e}")),
            },
            BulkChoice::Assign => match self.picker.chosen() {
                Some(colleague) => BulkRequestAction::Assign {
                    to: colleague.name.clone(),
                },
                None => return self.refuse("choose a colleague: type part of a name".into()),
            },
        };
        self.error = None;
        vec![Intent::Effect(Effect::Bulk {
            action,
            records: self.records.clone(),
            dry_run: true,
        })]
    }

    fn refuse(&mut self, why: String) -> Vec<Intent> {
        self.error = Some(why);
        Vec::new()
    }

    fn step(&mut self, forward: bool) {
        let (at, count) = match self.chosen() {
            BulkChoice::Reject => (&mut self.reason, RejectReason::ALL.len()),
            BulkChoice::Snooze => (&mut self.until, SNOOZE_CHOICES.len()),
            BulkChoice::Assign => return self.picker.step(forward),
            BulkChoice::ApplyTopSuggestion => return,
        };
        *at = if forward {
            (*at + 1) % count
        } else {
            (*at + count - 1) % count
        };
    }

    fn lines(&self) -> Vec<Line<'static>> {
        let n = self.records.len();
        let mut lines = vec![Line::from(format!(
            "{n} record{}: choose the action (nothing changes before the preview)",
            if n == 1 { "" } else { "s" }
        ))];
        for (i, choice) in CHOICES.iter().enumerate() {
            let label = match choice {
                BulkChoice::ApplyTopSuggestion => {
                    "apply each record's own top suggestion".to_owned()
                }
                BulkChoice::Reject => {
                    format!(
                        "reject the ULN, reason ‹{}›",
                        RejectReason::ALL[self.reason].label()
                    )
                }
                BulkChoice::Snooze => format!("snooze until ‹{}›", SNOOZE_CHOICES[self.until].0),
                BulkChoice::Assign => match self.picker.chosen() {
                    Some(c) => format!("assign to ‹{} ({})›", c.name, c.role.label()),
                    None => "assign to a colleague".to_owned(),
                },
            };
            let at = if i == self.choice { "▶" } else { " " };
            lines.push(Line::from(format!("{at} {}. {label}", i + 1)));
        }
        match self.chosen() {
            BulkChoice::Reject => {
                lines.push(Line::from(format!("note: {}", with_cursor(&self.text))))
            }
            BulkChoice::Snooze => {
                lines.push(Line::from(format!("reason: {}", with_cursor(&self.text))))
            }
            BulkChoice::Assign => lines.push(Line::from(match self.picker.all {
                Some(_) => format!("colleague: {}", with_cursor(&self.picker.typed)),
                None => "loading the team…".to_owned(),
            })),
            BulkChoice::ApplyTopSuggestion => lines.push(Line::from(
                "a record whose identity is in question is never amended",
            )),
        }
        lines
    }
}

/// The action as the effect carries it: the snooze's time is resolved when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkRequestAction {
    ApplyTopSuggestion,
    Reject {
        reason: RejectReason,
        note: Option<String>,
    },
    Snooze {
        until: SnoozeUntil,
        reason: String,
    },
    Assign {
        to: String,
    },
}

impl BulkRequestAction {
    pub fn label(&self) -> &'static str {
        match self {
            BulkRequestAction::ApplyTopSuggestion => "apply top suggestion",
            BulkRequestAction::Reject { .. } => "reject",
            BulkRequestAction::Snooze { .. } => "snooze",
            BulkRequestAction::Assign { .. } => "assign",
        }
    }
}

impl Component for BulkChoose {
    fn title(&self) -> &'static str {
        "bulk action"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn context(&self) -> Context {
        Context::Form
    }

    fn footer(&self, keymap: &crate::keymap::Keymap) -> String {
        format!(
            "enter preview · ←/→ reason or time · {}",
            crate::screens::help::footer(self.keys(), self.context(), keymap)
        )
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match (action, key.code) {
            (Some(Action::Cancel), _) => return vec![Intent::Close],
            (_, KeyCode::Enter) => return self.dry_run(),
            (Some(Action::NextField), _) => self.choice = (self.choice + 1) % CHOICES.len(),
            (Some(Action::PreviousField), _) => {
                self.choice = (self.choice + CHOICES.len() - 1) % CHOICES.len()
            }
            (_, KeyCode::Right) => self.step(true),
            (_, KeyCode::Left) => self.step(false),
            (None, _) if self.chosen() == BulkChoice::Assign => self.picker.edit(&key),
            (None, _) if self.chosen() != BulkChoice::ApplyTopSuggestion => {
                edit_line(&mut self.text, &key);
            }
            _ => {}
        }
        // The team, the first time assigning is chosen: its answer fills the picker.
        if self.chosen() == BulkChoice::Assign && !self.team_asked {
            self.team_asked = true;
            return vec![Intent::Effect(Effect::LoadColleagues)];
        }
        Vec::new()
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let popup = crate::view::centred(area, 74.min(area.width), 10);
        let mut lines = self.lines();
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), cx.theme.error()));
        }
        Clear.render(popup, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Bulk action "),
            )
            .render(popup, buf);
    }
}
