//! The console's state and its transitions: a key or a message in, effects out. The modes are a
//! stack of layers over the queue; keys go to the top layer only. Drawing is a function of this
//! state alone.

mod assign;
mod bulk;
mod calls;
mod claims;
mod dashboard;
mod grouping;
mod import;
mod intents;
mod masking;
mod messages;
mod notes;
mod register_answers;
mod register_status;
mod shared_queue;
mod snooze;
mod status_line;
pub mod undo;
mod walking;
mod writes;

use super::clipboard::Clipboard;
use super::keymap::{Action, Keymap};
use super::layer::{Component, Cx, Entry, Intent, Layer, LayerId};
use super::mask::Masking;
use super::message::{Effect, Message};
use super::read_ahead::ReadAhead;
use super::screens::amend::AmendForm;
use super::screens::help;
use super::screens::queue::QueueScreen;
use super::tasks::Owner;
use super::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use jiff::Timestamp;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Paragraph, Widget};
use ratatui::Frame;
use std::collections::HashMap;

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
    /// The bottom layer, always there: the other layers open from it.
    pub queue: QueueScreen,
    /// The layers above the queue, the top one last.
    layers: Vec<Entry>,
    next_layer: u64,
    /// Amendments being written whose form is not open, by record: kept when the operator steps
    /// away or a send fails.
    pub drafts: HashMap<i64, AmendForm>,
    /// The neighbours of the record shown, read ahead; owned here so walking outlives a screen.
    pub read_ahead: ReadAhead,
    pub connection: Connection,
    pub notice: Option<Notice>,
    pub now: Timestamp,
    pub running: bool,
    /// Where copies go: the operator's terminal (OSC 52), or nowhere without one.
    pub clipboard: Clipboard,
    /// The event stream dropped and has not connected since: changes may have been missed.
    /// Apart from `connection.online`, which any answer sets again.
    stream_lost: bool,
    /// The register's state as the backend last reported it, and when it was asked.
    pub register: Option<uln_api::RegisterStatus>,
    register_checked: Option<Timestamp>,
    /// Masked for screen sharing, and whose details are shown anyway (`app/masking.rs`).
    pub masking: Masking,
    /// A batch import is being sent (`app/import.rs`): one at a time.
    pub import_running: bool,
    /// This console's last change, while it can still be undone (`app/undo.rs`).
    pub undo: Option<undo::UndoOffer>,
    /// Who is on which record, this operator included (`app/claims.rs`).
    pub claims: crate::claims::Claims,
    /// The backend's snooze margin in hours, once `/me` has said it.
    pub snooze_margin_hours: Option<u32>,
}

/// The layer keys go to: the top of the stack, else the queue.
fn top<'a>(queue: &'a mut QueueScreen, layers: &'a mut [Entry]) -> &'a mut dyn Component {
    match layers.last_mut() {
        Some(entry) => entry.layer.component_mut(),
        None => queue,
    }
}

impl App {
    pub fn new(keymap: Keymap, theme: Theme, connection: Connection, now: Timestamp) -> App {
        App {
            keymap,
            theme,
            queue: QueueScreen::default(),
            layers: Vec::new(),
            next_layer: 0,
            drafts: HashMap::new(),
            read_ahead: ReadAhead::default(),
            connection,
            notice: None,
            now,
            running: true,
            clipboard: Clipboard::none(),
            stream_lost: false,
            register: None,
            register_checked: None,
            masking: Masking {
                last_input: Some(now),
                ..Masking::default()
            },
            import_running: false,
            undo: None,
            claims: crate::claims::Claims::default(),
            snooze_margin_hours: None,
        }
    }

    /// Puts the operator back where they were last time.
    pub fn restore(&mut self, state: &crate::saved_state::ConsoleState) {
        self.queue.pending_queue = state.queue.clone();
        self.queue.filter = state.filter.clone();
        self.queue.sort = state
            .sort
            .as_deref()
            .and_then(uln_api::SortKey::from_name)
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

    /// Hands a key to the top layer, and only the actions it offers; what it asks for comes
    /// back as effects, never as a wait.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if let Some(effects) = self.masking_key(key) {
            return effects;
        }
        if let Some(why) = self.refused_for_role(key) {
            self.notify(why, true);
            return Vec::new();
        }
        let layer = top(&mut self.queue, &mut self.layers);
        let action = self
            .keymap
            .action_in(layer.context(), key)
            .filter(|a| layer.keys().contains(a));
        // The call panel opens from every screen that lists its key, so it is handled here
        // once rather than by each screen.
        let intents = match action {
            Some(Action::Call) => vec![Intent::Call],
            Some(Action::Dashboard) => vec![Intent::Dashboard],
            Some(Action::Undo) => return self.undo_last(),
            _ => layer.on_key(key, action),
        };
        let effects = self.apply(intents);
        self.with_filter_job(effects)
    }

    /// Why the operator's role may not do what this key does on the top layer, if so: said at
    /// once, before any form is filled (the backend would refuse it at the end).
    fn refused_for_role(&self, key: KeyEvent) -> Option<String> {
        let top = self.top();
        if let Some(action) = self.keymap.action_in(top.context(), key) {
            if top.keys().contains(&action) {
                return self.keymap.refusal(action);
            }
        }
        None
    }

    /// A mouse event, when the config turned capture on: the wheel moves as the arrow keys do
    /// on the layer on top, and a click picks a queue row (see `QueueScreen::click`). None when
    /// it changes nothing, so nothing is redrawn.
    pub fn on_mouse(&mut self, event: MouseEvent) -> Option<Vec<Effect>> {
        self.masking.last_input = Some(self.now);
        let action = match event.kind {
            MouseEventKind::ScrollUp => Action::Up,
            MouseEventKind::ScrollDown => Action::Down,
            MouseEventKind::Down(MouseButton::Left) if self.layers.is_empty() => {
                let intents = self.queue.click(event.column, event.row);
                let effects = self.apply(intents);
                return Some(self.with_filter_job(effects));
            }
            _ => return None,
        };
        let layer = top(&mut self.queue, &mut self.layers);
        if !layer.keys().contains(&action) {
            return None;
        }
        let intents = layer.on_key(KeyEvent::from(KeyCode::Null), Some(action));
        let effects = self.apply(intents);
        Some(self.with_filter_job(effects))
    }

    /// Handles a result or an event from outside.
    pub fn on_message(&mut self, message: Message) -> Vec<Effect> {
        let effects = self.handle_message(message);
        self.with_filter_job(effects)
    }

    /// A big queue's filter runs in the background, whatever changed it (a key, a new page, a
    /// record resolved elsewhere).
    /// So is claiming the record on screen, and releasing the one left.
    fn with_filter_job(&mut self, mut effects: Vec<Effect>) -> Vec<Effect> {
        effects.extend(self.queue.take_filter_job().map(Effect::Filter));
        effects.extend(self.claims_follow_screen());
        effects
    }

    /// The layer on top: the one keys, the footer and `?` read.
    pub fn top(&self) -> &dyn Component {
        match self.layers.last() {
            Some(entry) => entry.layer.component(),
            None => &self.queue,
        }
    }

    /// The layer on top, unless it is the queue.
    pub fn top_layer(&self) -> Option<&Layer> {
        self.layers.last().map(|e| &e.layer)
    }

    /// The layers above the queue, bottom first.
    pub fn layers(&self) -> impl DoubleEndedIterator<Item = &Layer> {
        self.layers.iter().map(|e| &e.layer)
    }

    /// The open layers of one kind, top first.
    fn find<'a, T: ?Sized + 'a>(
        &'a mut self,
        pick: fn(&mut Layer) -> Option<&mut T>,
    ) -> impl Iterator<Item = &'a mut T> + 'a {
        self.layers
            .iter_mut()
            .rev()
            .filter_map(move |e| pick(&mut e.layer))
    }

    pub fn is_open(&self, id: LayerId) -> bool {
        self.layers.iter().any(|e| e.id == id)
    }

    /// Whose answer an effect is: the open layer that will use it, else the session's.
    pub fn owner(&self, effect: &Effect) -> Owner {
        let for_layer = |wanted: &dyn Fn(&Layer) -> bool| {
            self.layers
                .iter()
                .rev()
                .find(|e| wanted(&e.layer))
                .map(|e| Owner::Layer(e.id))
        };
        let owner = match effect {
            Effect::LoadDetail(id) | Effect::LoadOlderAudit { id, .. } => {
                for_layer(&|l| matches!(l, Layer::Record(r) if r.id == *id))
            }
            // Read for the record screen, whichever record it shows by the time they answer.
            Effect::ReadAhead { .. } => for_layer(&|l| matches!(l, Layer::Record(_))),
            Effect::SearchLearners { id, .. } => {
                for_layer(&|l| matches!(l, Layer::Matches(m) if m.id == *id))
            }
            Effect::LookupPlr(_) => for_layer(&|l| matches!(l, Layer::Plr(_))),
            Effect::SearchRegister(_) => for_layer(&|l| matches!(l, Layer::Register(_))),
            Effect::LoadChallenges => for_layer(&|l| matches!(l, Layer::Challenges(_))),
            Effect::LoadDashboard => for_layer(&|l| matches!(l, Layer::Dashboard(_))),
            Effect::LoadHandover => for_layer(&|l| matches!(l, Layer::Handover(_))),
            Effect::CheckCaller(_) | Effect::LoadCalls | Effect::SearchForCaller { .. } => {
                for_layer(&|l| matches!(l, Layer::Call(_)))
            }
            _ => None,
        };
        owner.unwrap_or(Owner::Session)
    }

    /// Puts `layer` on top.
    pub(crate) fn open(&mut self, layer: Layer) {
        self.next_layer += 1;
        let id = LayerId(self.next_layer);
        self.layers.push(Entry { id, layer });
    }

    /// Closes the top layer. An amend form closed keeps its draft; a record screen closed takes
    /// its reads ahead with it (they are cancelled), while what they read stays.
    fn close(&mut self) {
        match self.layers.pop().map(|e| e.layer) {
            // A draft for a record closed meanwhile could never be sent: none is kept.
            Some(Layer::Amend(form)) if !form.can_still_send() => {}
            Some(Layer::Amend(form)) => {
                self.drafts.insert(form.id, *form);
            }
            Some(Layer::Record(_)) => self.read_ahead.abandon_reads(),
            _ => {}
        }
    }

    /// Back to the queue, closing every layer above it.
    fn close_all(&mut self) {
        while !self.layers.is_empty() {
            self.close();
        }
    }

    /// Says `text` in the status line until the next notice (marked as a problem if `error`).
    pub fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
        });
    }

    pub fn draw(&mut self, frame: &mut Frame) {
        let [main, footer, status] = Layout::vertical([
            Constraint::Min(5),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        let whole = frame.area();
        let typing_filter = matches!(self.top_layer(), Some(Layer::Filter(_)));
        let cx = Cx {
            theme: &self.theme,
            keymap: &self.keymap,
            now: self.now,
            typing_filter,
            claims: &self.claims,
            snooze_margin_hours: self.snooze_margin_hours,
        };
        let buf = frame.buffer_mut();
        // What lies under a screen that fills the main area is never seen: start from it.
        let from = self
            .layers
            .iter()
            .rposition(|e| e.layer.component().opaque());
        if from.is_none() {
            self.queue.render(main, buf, &cx);
        }
        for entry in &mut self.layers[from.unwrap_or(0)..] {
            entry.layer.component_mut().render(main, buf, &cx);
        }
        let hints = self.masking_hints(self.top().footer(&self.keymap));
        Paragraph::new(help::fit_hints(&hints, usize::from(footer.width)))
            .style(self.theme.muted())
            .render(footer, buf);
        Paragraph::new(self.status_line(usize::from(status.width))).render(status, buf);
        // Last, over everything drawn: notices and the command line's echo quote values too.
        self.mask_drawn(buf, whole);
    }
}

#[cfg(test)]
mod tests;
