//! The compare screen: supplied vs LRS side by side, what the verification said in plain English,
//! the ranked suggestions, the deadline and the audit trail.

mod audit;
mod compare;
mod notes;
mod view;

use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent, Layer};
use crate::mask::{Personal, Revealable, Subject};
use crate::message::Effect;
use crate::screens::amend::AmendForm;
use crate::screens::confirm::ConfirmReopen;
use crate::screens::help::HelpTopic;
use crate::screens::matches::MatchesDialog;
use crate::screens::note::NoteDialog;
use crate::screens::reject::RejectDialog;
use crate::screens::snooze::SnoozeDialog;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use uln_api::{AuditEntry, AuditPage, ExceptionDetail, RecordStatus, SuggestedAction};
use uln_domain::RejectReason;

#[derive(Debug)]
pub struct RecordScreen {
    pub id: i64,
    /// None until the backend answers.
    pub detail: Option<ExceptionDetail>,
    pub error: Option<String>,
    /// The record walked to (`n`/`p`) while it is read: this one stays on screen, marked, until
    /// that one can replace it.
    pub awaiting: Option<i64>,
    /// Audit entries older than the detail's, newest first, as the operator asked for them.
    pub older_audit: Vec<AuditEntry>,
    scroll: u16,
    /// Rows of findings shown when last drawn: half of it is what ctrl-d and ctrl-u scroll.
    findings_height: u16,
}

impl RecordScreen {
    pub const KEYS: &'static [Action] = &[
        Action::Back,
        Action::NextRecord,
        Action::PreviousRecord,
        Action::Up,
        Action::Down,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::Amend,
        Action::Reject,
        Action::Verify,
        Action::Reopen,
        Action::Note,
        Action::Snooze,
        Action::Assign,
        Action::TakeOver,
        Action::Refresh,
        Action::OlderAudit,
        Action::ApplySuggestion,
        Action::PlrLookup,
        Action::SearchRegister,
        Action::Copy,
        Action::Command,
        Action::Help,
        Action::Quit,
        Action::Call,
        Action::Undo,
    ];

    pub fn new(id: i64) -> RecordScreen {
        RecordScreen {
            id,
            detail: None,
            error: None,
            awaiting: None,
            older_audit: Vec::new(),
            scroll: 0,
            findings_height: 0,
        }
    }

    /// Shows `detail` in place of the record shown: what was shown, if anything, comes back.
    pub fn show(&mut self, detail: ExceptionDetail) -> Option<ExceptionDetail> {
        self.id = detail.id;
        self.error = None;
        self.awaiting = None;
        self.scroll = 0;
        // A reload may carry newer entries; the older ones are asked for again if wanted.
        self.older_audit.clear();
        self.detail.replace(detail)
    }

    /// The record shown, if it is open; else why it cannot be `what` (amended, rejected…).
    fn open_detail(&self, what: &str) -> Result<&ExceptionDetail, String> {
        let detail = self.detail.as_ref().ok_or("the record is still loading")?;
        if detail.status != RecordStatus::Open {
            return Err(format!(
                "#{} is {}; {what}",
                detail.id,
                detail.status.label()
            ));
        }
        Ok(detail)
    }

    /// Asks for the audit entries before the oldest one shown, if there are any.
    fn older_audit(&self) -> Vec<Intent> {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        let oldest = self.older_audit.last().or(d.audit.first());
        let known = (d.audit.len() + self.older_audit.len()) as i64;
        match oldest {
            Some(entry) if known < d.audit_total => {
                vec![Intent::Effect(Effect::LoadOlderAudit {
                    id: d.id,
                    before: entry.id,
                })]
            }
            _ => vec![Intent::notify("the whole audit trail is shown", false)],
        }
    }

    /// Older entries arrived: they follow those shown (scroll down to read them).
    pub fn add_older_audit(&mut self, page: AuditPage) {
        let oldest = self
            .older_audit
            .last()
            .or(self.detail.as_ref().and_then(|d| d.audit.first()));
        // Only a page that continues the trail shown: a reload may have come in between.
        let continues = page
            .entries
            .first()
            .zip(oldest)
            .is_some_and(|(new, old)| new.id < old.id);
        if continues {
            self.older_audit.extend(page.entries);
        }
    }

    /// A fresh amend form for the record shown; the app prefers a draft kept from earlier.
    pub fn amend_form(&self) -> Result<AmendForm, String> {
        self.open_detail("only open records can be amended")
            .map(AmendForm::new)
    }

    fn reject(&self, suggested: Option<RejectReason>) -> Vec<Intent> {
        match self.open_detail("only open records can be rejected") {
            Ok(d) => vec![Intent::Open(Layer::Reject(RejectDialog::new(
                d.id, d.version, suggested,
            )))],
            Err(why) => vec![Intent::notify(why, true)],
        }
    }

    /// Searches the register by the record's supplied details.
    fn search_register(&self) -> Vec<Intent> {
        match self.open_detail("nothing to fix") {
            Ok(d) => vec![
                Intent::Open(Layer::Matches(MatchesDialog::new(d.id, d.supplied.clone()))),
                Intent::Effect(Effect::SearchLearners {
                    id: d.id,
                    supplied: d.supplied.clone(),
                }),
            ],
            Err(why) => vec![Intent::notify(why, true)],
        }
    }

    /// The supplied ULN to the clipboard: the one the centre sent, which is what the operator
    /// reads back to them.
    fn copy_uln(&self) -> Intent {
        match self.detail.as_ref().and_then(|d| d.supplied.uln.clone()) {
            Some(uln) => Intent::Copy {
                what: "ULN",
                text: uln,
            },
            None => Intent::notify("this registration has no ULN to copy", true),
        }
    }

    /// A reopen undoes an operator's decision, so it asks first.
    fn ask_to_reopen(&self) -> Vec<Intent> {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        let status = d.status.label();
        if !matches!(d.status, RecordStatus::Resolved | RecordStatus::Rejected) {
            let why = format!(
                "#{} is {status}; only resolved or rejected records can be reopened",
                d.id
            );
            return vec![Intent::notify(why, true)];
        }
        let question = format!(
            "Reopen #{} ({status})? y reopens it; any other key leaves it {status}",
            d.id
        );
        vec![
            Intent::Open(Layer::ConfirmReopen(ConfirmReopen {
                id: d.id,
                version: d.version,
            })),
            Intent::notify(question, true),
        ]
    }

    fn half_page(&self) -> u16 {
        self.findings_height.div_ceil(2).max(1)
    }

    /// A suggestion, by its number on screen: opens what it proposes, for review.
    fn apply_suggestion(&self, index: usize) -> Vec<Intent> {
        let Some(s) = self.detail.as_ref().and_then(|d| d.suggestions.get(index)) else {
            return Vec::new();
        };
        match &s.action {
            SuggestedAction::Amend { amendment } => vec![Intent::Amend(Some(amendment.clone()))],
            SuggestedAction::Reject { reason } => self.reject(reason.to_domain()),
            SuggestedAction::SearchByDemographics => self.search_register(),
            // Confirming identity is done with the centre, outside the console: nothing to apply,
            // and above all no amendment.
            SuggestedAction::ConfirmIdentity => vec![Intent::notify(
                "No amendment is offered: confirm the learner's identity with the centre; if they are someone else, reject the ULN (x).",
                false,
            )],
            // The challenge itself is raised on the PLR, where its two events are chosen.
            SuggestedAction::ChallengeDuplicate { uln } => vec![
                Intent::PlrLookup(uln.clone()),
                Intent::notify(
                    "Look up the PLR, then raise a duplicate challenge naming both events (c).",
                    false,
                ),
            ],
            SuggestedAction::AskCentre | SuggestedAction::Unknown => {
                vec![Intent::notify(s.reason.clone(), false)]
            }
        }
    }
}

impl Component for RecordScreen {
    fn personal(&self, values: &mut Personal) {
        if let Some(d) = &self.detail {
            values.detail(d);
        }
        self.older_audit.iter().for_each(|a| values.audit(a));
    }

    fn revealable(&self) -> Option<Revealable> {
        let mut values = Personal::default();
        self.personal(&mut values);
        Some(Revealable {
            subject: Subject::Record(self.id),
            values,
        })
    }

    fn title(&self) -> &'static str {
        "record"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    /// It shows countdowns, so its help says what their marks mean.
    fn help_topics(&self) -> &'static [HelpTopic] {
        &[HelpTopic::Bands]
    }

    fn opaque(&self) -> bool {
        true
    }

    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let Some(action) = action else {
            return Vec::new();
        };
        if !matches!(
            action,
            Action::NextRecord
                | Action::PreviousRecord
                | Action::Up
                | Action::Down
                | Action::HalfPageUp
                | Action::HalfPageDown
        ) {
            // Any other key acts on the record visible, so the operator stays on it: the record
            // being read must not replace it under a form or a decision about it.
            self.awaiting = None;
        }
        match action {
            Action::Back => vec![Intent::Close],
            Action::NextRecord => vec![Intent::Walk(1)],
            Action::PreviousRecord => vec![Intent::Walk(-1)],
            Action::Refresh => vec![Intent::Effect(Effect::LoadDetail(self.id))],
            Action::OlderAudit => self.older_audit(),
            Action::Amend => vec![Intent::Amend(None)],
            Action::Reject => self.reject(None),
            Action::Verify => vec![Intent::Effect(Effect::Verify(self.id))],
            Action::Reopen => self.ask_to_reopen(),
            Action::Note => vec![Intent::Open(Layer::Note(NoteDialog::new(self.id)))],
            // On a snoozed record the same key wakes it: one key for "park" and "unpark".
            Action::Snooze => match self.open_detail("only open records can be snoozed") {
                Ok(d) if d.snoozed_until.is_some() => vec![Intent::Effect(Effect::Wake {
                    id: d.id,
                    version: d.version,
                })],
                Ok(d) => vec![Intent::Open(Layer::Snooze(SnoozeDialog::new(
                    d.id, d.version,
                )))],
                Err(why) => vec![Intent::notify(why, true)],
            },
            Action::Assign => match self.open_detail("only open records can be assigned") {
                Ok(d) => crate::screens::assign::open(d.id, d.version, d.assigned_to.clone()),
                Err(why) => vec![Intent::notify(why, true)],
            },
            Action::TakeOver => vec![Intent::TakeOver],
            Action::PlrLookup => vec![Intent::PlrLookup(String::new())],
            Action::SearchRegister => vec![Intent::SearchRegister],
            Action::Copy => vec![self.copy_uln()],
            Action::Command => vec![Intent::CommandLine],
            Action::Help => vec![Intent::Help],
            Action::Quit => vec![Intent::Quit],
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Vec::new()
            }
            Action::Down => {
                self.scroll = self.scroll.saturating_add(1);
                Vec::new()
            }
            Action::HalfPageUp => {
                self.scroll = self.scroll.saturating_sub(self.half_page());
                Vec::new()
            }
            Action::HalfPageDown => {
                self.scroll = self.scroll.saturating_add(self.half_page());
                Vec::new()
            }
            // The keymap binds only digits to it: the digit is the suggestion's number.
            Action::ApplySuggestion => match key.code {
                KeyCode::Char(c) => c
                    .to_digit(10)
                    .and_then(|d| usize::try_from(d).ok()?.checked_sub(1))
                    .map(|index| self.apply_suggestion(index))
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let claim = cx
            .claims
            .on(self.id, cx.now)
            .map(|c| (c.clone(), cx.claims.is_me(&c.operator)));
        view::RecordView {
            screen: self,
            theme: cx.theme,
            now: cx.now,
            may_apply: cx.keymap.refuses_suggestions().is_none(),
            claim,
            take_over_key: cx.keymap.label(Action::TakeOver),
        }
        .render(area, buf);
    }
}
