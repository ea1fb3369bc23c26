//! The console's state and its transitions: a key or a message in, effects out. Drawing is a
//! function of this state alone.

use super::keymap::{Action, Keymap};
use super::message::{Effect, Message};
use super::screens::amend::AmendForm;
use super::screens::challenges::ChallengesScreen;
use super::screens::matches::MatchesDialog;
use super::screens::plr::{PlrMode, PlrScreen};
use super::screens::reject::RejectDialog;
use super::screens::{help, queue::QueueScreen, record::RecordScreen};
use super::theme::Theme;
use super::view::london_time;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::collections::HashMap;
use uln_api::{ChangeAction, ClientError, RecordStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Queue,
    Record,
    Amend,
    Plr,
    Challenges,
}

/// What the status bar says about where we are connected.
#[derive(Debug, Clone)]
pub struct Connection {
    pub backend: String,
    pub operator: String,
    pub demo: bool,
    pub online: bool,
    pub last_update: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub keymap: Keymap,
    pub theme: Theme,
    pub screen: Screen,
    pub queue: QueueScreen,
    pub record: RecordScreen,
    /// Amendments being written, by record: kept when the operator steps away or a send fails.
    pub drafts: HashMap<i64, AmendForm>,
    pub reject: Option<RejectDialog>,
    /// The register's learners matching the open record's details, chosen from to fix its ULN.
    pub matches: Option<MatchesDialog>,
    /// A reopen asked for and waiting for its confirmation: the record and the version read.
    pub reopening: Option<(i64, i64)>,
    pub plr: PlrScreen,
    pub challenges: ChallengesScreen,
    /// Where esc goes from the PLR and challenges screens, which open from anywhere.
    pub came_from: Screen,
    /// Set by a first quit key while edits are unsent; a second one quits.
    pub quit_armed: bool,
    pub help: bool,
    /// The `:` command line while it is open.
    pub command: Option<String>,
    pub connection: Connection,
    pub notice: Option<Notice>,
    pub now: Timestamp,
    pub running: bool,
}

const COMMANDS: &[&str] = &["quit", "refresh", "help", "plr", "challenges"];

impl App {
    pub fn new(keymap: Keymap, theme: Theme, connection: Connection, now: Timestamp) -> App {
        App {
            keymap,
            theme,
            screen: Screen::Queue,
            queue: QueueScreen::default(),
            record: RecordScreen::default(),
            drafts: HashMap::new(),
            reject: None,
            matches: None,
            reopening: None,
            plr: PlrScreen::default(),
            challenges: ChallengesScreen::default(),
            came_from: Screen::Queue,
            quit_armed: false,
            help: false,
            command: None,
            connection,
            notice: None,
            now,
            running: true,
        }
    }

    /// Puts the operator back where they were last time.
    pub fn restore(&mut self, state: &crate::saved_state::ConsoleState) {
        self.queue.pending_queue = state.queue.clone();
        self.queue.filter = state.filter.clone();
        self.queue.sort = state
            .sort
            .as_deref()
            .and_then(super::screens::queue::SortColumn::from_name)
            .unwrap_or(self.queue.sort);
        self.queue.descending = state.descending;
    }

    /// What to remember for next time.
    pub fn state(&self) -> crate::saved_state::ConsoleState {
        crate::saved_state::ConsoleState {
            queue: self.queue.queue_name(),
            filter: self.queue.filter.clone(),
            sort: Some(self.queue.sort.name().to_owned()),
            descending: self.queue.descending,
        }
    }

    /// What to load when the console opens.
    pub fn start(&mut self) -> Vec<Effect> {
        vec![Effect::WhoAmI, Effect::LoadQueues, self.queue.reload()]
    }

    /// Handles a key; what it asks for comes back as effects, never as a wait.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let effects = self.handle_key(key);
        self.with_filter_job(effects)
    }

    /// Handles a result or an event from outside.
    pub fn on_message(&mut self, message: Message) -> Vec<Effect> {
        let effects = self.handle_message(message);
        self.with_filter_job(effects)
    }

    /// A big queue's filter runs in the background, whatever changed it (a key, a new page, a
    /// record resolved elsewhere).
    fn with_filter_job(&mut self, mut effects: Vec<Effect>) -> Vec<Effect> {
        effects.extend(self.queue.take_filter_job().map(Effect::Filter));
        effects
    }

    pub(super) fn keys(&self) -> &'static [Action] {
        if self.reject.is_some() {
            return RejectDialog::KEYS;
        }
        if self.matches.is_some() && !self.help {
            return MatchesDialog::KEYS;
        }
        match self.screen {
            Screen::Queue => QueueScreen::KEYS,
            Screen::Record => RecordScreen::KEYS,
            Screen::Amend => AmendForm::KEYS,
            Screen::Plr => self.plr.keys(),
            Screen::Challenges => ChallengesScreen::KEYS,
        }
    }

    pub(super) fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
        });
    }

    fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.command.is_some() {
            return self.command_key(key);
        }
        if self.queue.filtering {
            self.filter_key(key);
            return Vec::new();
        }
        if self.reject.is_some() {
            return self.reject_key(key);
        }
        if self.reopening.is_some() {
            return self.confirm_reopen(key);
        }
        if self.matches.is_some() && !self.help {
            return self.matches_key(key);
        }
        if self.screen == Screen::Amend {
            return self.form_key(key);
        }
        if self.screen == Screen::Plr && self.plr.mode != PlrMode::Results && !self.help {
            return self.plr_form_key(key);
        }
        let action = self.keymap.action(key);
        if self.help {
            if matches!(action, Some(Action::Help | Action::Back | Action::Quit)) {
                self.help = false;
            }
            return Vec::new();
        }
        if let (Screen::Record, KeyCode::Char(digit @ '1'..='9')) = (self.screen, key.code) {
            return self.apply_suggestion(digit as usize - '1' as usize);
        }
        let Some(action) = action else {
            return Vec::new();
        };
        if !self.keys().contains(&action) {
            return Vec::new();
        }
        match action {
            Action::Quit => self.quit(),
            Action::Help => {
                self.help = true;
                Vec::new()
            }
            Action::Command => {
                self.command = Some(String::new());
                Vec::new()
            }
            Action::PlrLookup => {
                self.open_plr("");
                Vec::new()
            }
            _ => match self.screen {
                Screen::Queue => self.queue_action(action),
                Screen::Record => self.record_action(action),
                Screen::Plr => self.plr_results_action(action),
                Screen::Challenges => match action {
                    Action::Back => {
                        self.screen = self.came_from;
                        Vec::new()
                    }
                    Action::Refresh => vec![Effect::LoadChallenges],
                    _ => Vec::new(),
                },
                // Forms take their keys in `form_key` before this point.
                Screen::Amend => Vec::new(),
            },
        }
    }

    fn queue_action(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::Open {
            return match self.queue.selected_row().map(|r| r.id) {
                Some(id) => self.open_record(id),
                None => Vec::new(),
            };
        }
        self.queue.act(action)
    }

    fn record_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Back => {
                self.screen = Screen::Queue;
                Vec::new()
            }
            Action::NextRecord | Action::PreviousRecord => {
                let step = if action == Action::NextRecord { 1 } else { -1 };
                match self.record.id.and_then(|id| self.queue.neighbour(id, step)) {
                    Some(id) => {
                        self.queue.select(id);
                        self.open_record(id)
                    }
                    None => {
                        self.notify(
                            if step > 0 {
                                "last record of the queue"
                            } else {
                                "first record of the queue"
                            },
                            false,
                        );
                        Vec::new()
                    }
                }
            }
            Action::Refresh => self.record.id.map(Effect::LoadDetail).into_iter().collect(),
            Action::Amend => {
                self.open_amend(None);
                Vec::new()
            }
            Action::Reject => {
                self.open_reject(None);
                Vec::new()
            }
            Action::Verify => self.record.id.map(Effect::Verify).into_iter().collect(),
            Action::Reopen => {
                self.ask_to_reopen();
                Vec::new()
            }
            other => {
                self.record.act(other);
                Vec::new()
            }
        }
    }

    fn open_record(&mut self, id: i64) -> Vec<Effect> {
        self.screen = Screen::Record;
        self.record.open(id);
        vec![Effect::LoadDetail(id)]
    }

    fn filter_key(&mut self, key: KeyEvent) {
        let mut filter = self.queue.filter.clone();
        match key.code {
            KeyCode::Esc => {
                filter.clear();
                self.queue.filtering = false;
            }
            KeyCode::Enter => {
                self.queue.filtering = false;
                return;
            }
            KeyCode::Backspace => {
                filter.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => filter.push(c),
            _ => return,
        }
        self.queue.set_filter(filter);
    }

    /// Names the command line can complete: commands and queues.
    fn completions(&self, prefix: &str) -> Vec<String> {
        COMMANDS
            .iter()
            .map(|c| c.to_string())
            .chain(self.queue.queues.iter().map(|q| q.queue.to_string()))
            .filter(|c| c.starts_with(prefix))
            .collect()
    }

    fn command_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(line) = self.command.as_mut() else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => self.command = None,
            KeyCode::Backspace if line.pop().is_none() => self.command = None,
            KeyCode::Backspace => {}
            KeyCode::Char(c) => line.push(c),
            KeyCode::Tab => {
                let prefix = line.clone();
                if let Some(first) = self.completions(&prefix).into_iter().next() {
                    self.command = Some(first);
                }
            }
            KeyCode::Enter => {
                let text = line.trim().to_owned();
                self.command = None;
                return self.run_command(&text);
            }
            _ => {}
        }
        Vec::new()
    }

    fn run_command(&mut self, text: &str) -> Vec<Effect> {
        match text {
            "" => Vec::new(),
            "q" | "quit" => self.quit(),
            "help" => {
                self.help = true;
                Vec::new()
            }
            "refresh" => vec![Effect::LoadQueues, self.queue.reload()],
            "challenges" => self.open_challenges(),
            plr if plr == "plr" || plr.starts_with("plr ") => {
                self.open_plr(plr.trim_start_matches("plr"));
                Vec::new()
            }
            name => match self
                .queue
                .queues
                .iter()
                .position(|q| q.queue.wire_name() == name)
            {
                Some(index) => {
                    self.queue.queue_index = index;
                    self.queue.selected = None;
                    self.screen = Screen::Queue;
                    vec![self.queue.reload()]
                }
                None => {
                    self.notify(format!("unknown command: {name} (tab completes)"), true);
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn network_error(&mut self, what: &str, error: &ClientError) {
        if error.is_unreachable() {
            self.connection.online = false;
        }
        self.notify(format!("{what}: {error}"), true);
    }

    fn handle_message(&mut self, message: Message) -> Vec<Effect> {
        match message {
            Message::Tick(now) => self.now = now,
            Message::Filtered(result) => self.queue.filtered(result),
            Message::LearnerSearch { id, result } => self.searched(id, *result),
            Message::Queues(Ok(list)) => {
                self.connection.online = true;
                self.connection.last_update = Some(self.now);
                let current = self
                    .queue
                    .pending_queue
                    .take()
                    .or_else(|| self.queue.queue_name());
                self.queue.queues = list.queues;
                self.queue.queue_index = current
                    .and_then(|name| {
                        self.queue
                            .queues
                            .iter()
                            .position(|q| q.queue.wire_name() == name)
                    })
                    .unwrap_or(0);
            }
            Message::Queues(Err(e)) => self.network_error("queues", &e),
            Message::Page { generation, result } if generation == self.queue.generation => {
                match result {
                    Ok(page) => {
                        self.connection.online = true;
                        self.connection.last_update = Some(self.now);
                        return self
                            .queue
                            .add_page(page.items, page.next_cursor)
                            .into_iter()
                            .collect();
                    }
                    Err(e) => {
                        self.queue.loading = false;
                        self.network_error("queue", &e);
                    }
                }
            }
            Message::Page { .. } => {}
            Message::Detail(result) => match *result {
                Ok(detail) => {
                    if self.record.id == Some(detail.id) {
                        self.record.detail = Some(detail);
                    }
                }
                Err(e) => {
                    self.record.error = Some(e.to_string());
                    self.network_error("record", &e);
                }
            },
            Message::Change(change) => {
                let mut effects = vec![Effect::LoadQueues];
                // Our own write, already shown: its echo on the stream must not replace the
                // outcome notice or reload what we hold.
                let known = self
                    .record
                    .detail
                    .as_ref()
                    .is_some_and(|d| d.id == change.record_id && d.version >= change.version);
                if change.status != RecordStatus::Open
                    && self.queue.remove(change.record_id)
                    && !known
                {
                    self.notify(
                        format!(
                            "#{} {} by {}",
                            change.record_id,
                            change.status.label(),
                            change.operator
                        ),
                        false,
                    );
                }
                if matches!(
                    change.action,
                    ChangeAction::Created | ChangeAction::Reopened
                ) {
                    // New work: reload the queue; the cursor stays on its record meanwhile.
                    effects.push(self.queue.reload());
                }
                if self.record.id == Some(change.record_id) && !known {
                    effects.push(Effect::LoadDetail(change.record_id));
                }
                return effects;
            }
            Message::Resync => return self.resync(),
            Message::Written { write, result } => return self.on_written(write, *result),
            Message::Me(Ok(me)) => {
                self.connection.operator = format!("{} ({})", me.name, me.role.label())
            }
            Message::Me(Err(e)) => self.network_error("who am I", &e),
            Message::Plr(result) => self.on_plr(*result),
            Message::ChallengeRaised(result) => return self.on_challenge_raised(*result),
            Message::Challenges(result) => {
                self.challenges.loading = false;
                match result {
                    Ok(list) => self.challenges.items = list.challenges,
                    Err(e) => self.network_error("challenges", &e),
                }
            }
            Message::Connection(online) => {
                let was_offline = !self.connection.online;
                self.connection.online = online;
                if online && was_offline {
                    // Back after an outage: catch up on what changed meanwhile.
                    return vec![Effect::LoadQueues, self.queue.reload()];
                }
            }
        }
        Vec::new()
    }

    /// The event stream says changes were missed: reload everything shown, since any of it may
    /// be stale. A form being filled keeps its own version, so a reload never overwrites an edit.
    fn resync(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadQueues, self.queue.reload()];
        if let Some(id) = self.record.id {
            effects.push(Effect::LoadDetail(id));
        }
        effects
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        let [main, footer, status] = Layout::vertical([
            Constraint::Min(5),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        match self.screen {
            Screen::Queue => self.queue.draw(frame, main, &self.theme, self.now),
            Screen::Record => self.record.draw(frame, main, &self.theme, self.now),
            Screen::Plr => self.plr.draw(frame, main, &self.theme),
            Screen::Challenges => self.challenges.draw(frame, main, &self.theme),
            Screen::Amend => match self.record.id.and_then(|id| self.drafts.get(&id)) {
                Some(form) => form.draw(frame, main, &self.theme),
                None => self.record.draw(frame, main, &self.theme, self.now),
            },
        }
        if let Some(dialog) = &self.matches {
            dialog.draw(frame, main, &self.theme);
        }
        if let Some(dialog) = &self.reject {
            let confirm = self
                .keymap
                .primary(Action::Confirm)
                .map(|k| k.to_string())
                .unwrap_or_default();
            let submit = self
                .keymap
                .primary(Action::Submit)
                .map(|k| k.to_string())
                .unwrap_or_default();
            dialog.draw(
                frame,
                main,
                &self.theme,
                &format!("y or {confirm}"),
                &format!("enter or {submit}"),
            );
        }
        let footer_text = match &self.command {
            Some(line) => format!(":{line}█   (tab completes, enter runs, esc cancels)"),
            None if (self.screen == Screen::Amend && self.reject.is_none())
                || (self.screen == Screen::Plr && self.plr.mode != PlrMode::Results) =>
            {
                format!("type to edit · {}", help::footer(self.keys(), &self.keymap))
            }
            None if self.queue.filtering => {
                "type to filter · enter keeps the filter · esc clears it".to_owned()
            }
            None => help::footer(self.keys(), &self.keymap),
        };
        frame.render_widget(
            Paragraph::new(footer_text).style(self.theme.muted()),
            footer,
        );
        frame.render_widget(Paragraph::new(self.status_line()), status);
        if self.help {
            let name = match self.screen {
                _ if self.reject.is_some() => "reject",
                _ if self.matches.is_some() => "register search",
                Screen::Queue => "queue",
                Screen::Record => "record",
                Screen::Amend => "amend",
                Screen::Plr => "PLR lookup",
                Screen::Challenges => "challenges",
            };
            help::draw(frame, main, name, self.keys(), &self.keymap);
        }
    }

    fn status_line(&self) -> Line<'static> {
        let c = &self.connection;
        let mut spans = Vec::new();
        if c.demo {
            spans.push(Span::styled(" DEMO ", self.theme.demo_badge()));
            spans.push(Span::raw(" "));
        }
        let state = if c.online {
            ("● online", Style::new())
        } else {
            ("○ OFFLINE, retrying", self.theme.error())
        };
        spans.push(Span::raw(format!("{} · {} · ", c.backend, c.operator)));
        spans.push(Span::styled(state.0, state.1));
        if let Some(t) = c.last_update {
            spans.push(Span::raw(format!(" · updated {}", london_time(t))));
        }
        if let Some(n) = &self.notice {
            spans.push(Span::raw(" · "));
            spans.push(Span::styled(
                n.text.clone(),
                if n.error {
                    self.theme.error()
                } else {
                    Style::new()
                },
            ));
        }
        Line::from(spans)
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
