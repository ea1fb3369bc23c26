//! The console's modes as one stack of layers: the queue at the bottom, then screens, dialogs and
//! overlays. Key routing, the footer and the `?` help all read the top layer only, so they cannot
//! disagree; esc on any layer leads back one layer.

use crate::keymap::{Action, Context, Keymap};
use crate::mask::{Personal, Revealable};
use crate::message::Effect;
use crate::screens::amend::AmendForm;
use crate::screens::assign::AssignDialog;
use crate::screens::bulk::{BulkChoose, BulkScreen, ConfirmBulk};
use crate::screens::call::CallPanel;
use crate::screens::challenges::ChallengesScreen;
use crate::screens::command::CommandLine;
use crate::screens::confirm::{ConfirmQuit, ConfirmReopen};
use crate::screens::dashboard::DashboardScreen;
use crate::screens::export::ConfirmExport;
use crate::screens::filter::FilterLine;
use crate::screens::groups::GroupedQueue;
use crate::screens::handover::HandoverScreen;
use crate::screens::help::{self, HelpOverlay, HelpTopic};
use crate::screens::identity::ConfirmIdentity;
use crate::screens::import::ImportScreen;
use crate::screens::matches::MatchesDialog;
use crate::screens::note::NoteDialog;
use crate::screens::plr::PlrScreen;
use crate::screens::record::RecordScreen;
use crate::screens::register::RegisterSearch;
use crate::screens::reject::RejectDialog;
use crate::screens::snooze::SnoozeDialog;
use crate::theme::Theme;
use crossterm::event::KeyEvent;
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use uln_api::LearnerFields;

/// Tells apart layers of the same kind opened at different times, so background work can be
/// owned by the layer that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LayerId(pub u64);

/// What a layer may read while drawing, besides its own state.
pub struct Cx<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub now: Timestamp,
    /// The filter line is open above the queue: the queue shows its caret.
    pub typing_filter: bool,
    /// Who is on which record: the queue's rows and the record's header say.
    pub claims: &'a crate::claims::Claims,
    /// The backend's snooze margin in hours, once it has said it: the snooze dialog states it.
    pub snooze_margin_hours: Option<u32>,
}

/// What a layer asks of the app after a key. Richer than the `Action`s a user can bind: these
/// carry data, and some (opening a record, walking the queue) need state beyond the layer.
#[derive(Debug)]
pub enum Intent {
    /// Background work; its answer comes back as a `Message`.
    Effect(Effect),
    Notify {
        text: String,
        error: bool,
    },
    /// Leave this layer: back one.
    Close,
    /// Put a layer on top of this one.
    Open(Layer),
    /// Show this layer's keys.
    Help,
    CommandLine,
    /// The phone-call panel, from anywhere (back to it if a call is open).
    Call,
    /// The PLR lookup, from anywhere; a ULN may be given to start with.
    PlrLookup(String),
    OpenRecord(i64),
    /// The next (+1) or previous (-1) record of the queue.
    Walk(isize),
    /// Amend the record shown, with a suggestion's values if given.
    Amend(Option<LearnerFields>),
    SetFilter(String),
    RunCommand(String),
    /// Put `text` on the operator's clipboard; `what` names it in the notice ("ULN copied").
    Copy {
        what: &'static str,
        text: String,
    },
    /// The register search form, from anywhere.
    SearchRegister,
    /// The dashboard, from anywhere that offers its key.
    Dashboard,
    /// Mark these queue rows for a bulk action (`on`), or unmark them.
    Mark {
        ids: Vec<i64>,
        on: bool,
    },
    /// Take the record shown over from the operator on it.
    TakeOver,
    Quit,
}

impl Intent {
    pub fn notify(text: impl Into<String>, error: bool) -> Intent {
        Intent::Notify {
            text: text.into(),
            error,
        }
    }
}

/// One layer's behaviour: the keys it offers, what it does with them and how it looks.
pub trait Component {
    /// Its name in the help overlay's title.
    fn title(&self) -> &'static str;
    /// What `?` lists and the footer shows; `on_key` is only ever given these actions.
    fn keys(&self) -> &'static [Action];
    /// What `?` explains besides the keys (the `:` commands come with `Action::Command`).
    fn help_topics(&self) -> &'static [HelpTopic] {
        &[]
    }
    /// Which key table it reads: forms and dialogs take plain characters as text.
    fn context(&self) -> Context {
        Context::Normal
    }
    /// What some of its keys do here, where that is more than the action's name (on the bulk
    /// report, refresh previews the failures again): the footer and `?` both say it.
    fn meanings(&self) -> &'static [(Action, &'static str)] {
        &[]
    }
    fn footer(&self, keymap: &Keymap) -> String {
        help::footer_with(self.keys(), self.meanings(), self.context(), keymap)
    }
    /// `action` is the key's action if this layer offers it, else None.
    fn on_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent>;
    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx);
    /// Whether it covers the whole main area, so the layers below need not be drawn.
    fn opaque(&self) -> bool {
        false
    }
    /// The personal values it holds and may draw, for masking (`crate::mask`): what it was
    /// sent, not what the operator types.
    fn personal(&self, _values: &mut Personal) {}
    /// The record or learner whose details a reveal would show on it, if any.
    fn revealable(&self) -> Option<Revealable> {
        None
    }
}

/// Every layer that can sit above the queue.
#[derive(Debug)]
pub enum Layer {
    Record(Box<RecordScreen>),
    Amend(Box<AmendForm>),
    Reject(RejectDialog),
    Note(NoteDialog),
    Snooze(SnoozeDialog),
    Assign(AssignDialog),
    Handover(Box<HandoverScreen>),
    ConfirmIdentity(ConfirmIdentity),
    Matches(MatchesDialog),
    ConfirmReopen(ConfirmReopen),
    ConfirmQuit(ConfirmQuit),
    ConfirmExport(ConfirmExport),
    Plr(Box<PlrScreen>),
    Call(Box<CallPanel>),
    Challenges(ChallengesScreen),
    Dashboard(DashboardScreen),
    Import(ImportScreen),
    Register(Box<RegisterSearch>),
    Filter(FilterLine),
    CommandLine(CommandLine),
    Help(HelpOverlay),
    BulkChoose(BulkChoose),
    BulkConfirm(ConfirmBulk),
    Bulk(Box<BulkScreen>),
    Groups(Box<GroupedQueue>),
}

impl Layer {
    pub fn component(&self) -> &dyn Component {
        match self {
            Layer::Record(l) => l.as_ref(),
            Layer::Amend(l) => l.as_ref(),
            Layer::Reject(l) => l,
            Layer::Note(l) => l,
            Layer::Snooze(l) => l,
            Layer::Assign(l) => l,
            Layer::Handover(l) => l.as_ref(),
            Layer::ConfirmIdentity(l) => l,
            Layer::Matches(l) => l,
            Layer::ConfirmReopen(l) => l,
            Layer::ConfirmQuit(l) => l,
            Layer::ConfirmExport(l) => l,
            Layer::Plr(l) => l.as_ref(),
            Layer::Call(l) => l.as_ref(),
            Layer::Challenges(l) => l,
            Layer::Dashboard(l) => l,
            Layer::Import(l) => l,
            Layer::Register(l) => l.as_ref(),
            Layer::Filter(l) => l,
            Layer::CommandLine(l) => l,
            Layer::Help(l) => l,
            Layer::BulkChoose(l) => l,
            Layer::BulkConfirm(l) => l,
            Layer::Bulk(l) => l.as_ref(),
            Layer::Groups(l) => l.as_ref(),
        }
    }

    pub fn component_mut(&mut self) -> &mut dyn Component {
        match self {
            Layer::Record(l) => l.as_mut(),
            Layer::Amend(l) => l.as_mut(),
            Layer::Reject(l) => l,
            Layer::Note(l) => l,
            Layer::Snooze(l) => l,
            Layer::Assign(l) => l,
            Layer::Handover(l) => l.as_mut(),
            Layer::ConfirmIdentity(l) => l,
            Layer::Matches(l) => l,
            Layer::ConfirmReopen(l) => l,
            Layer::ConfirmQuit(l) => l,
            Layer::ConfirmExport(l) => l,
            Layer::Plr(l) => l.as_mut(),
            Layer::Call(l) => l.as_mut(),
            Layer::Challenges(l) => l,
            Layer::Dashboard(l) => l,
            Layer::Import(l) => l,
            Layer::Register(l) => l.as_mut(),
            Layer::Filter(l) => l,
            Layer::CommandLine(l) => l,
            Layer::Help(l) => l,
            Layer::BulkChoose(l) => l,
            Layer::BulkConfirm(l) => l,
            Layer::Bulk(l) => l.as_mut(),
            Layer::Groups(l) => l.as_mut(),
        }
    }
}

/// A layer on the stack, with the id its background work is filed under.
#[derive(Debug)]
pub struct Entry {
    pub id: LayerId,
    pub layer: Layer,
}

/// Picks one kind of layer out of the stack, for messages addressed to it.
impl Layer {
    pub fn record_mut(&mut self) -> Option<&mut RecordScreen> {
        match self {
            Layer::Record(l) => Some(l),
            _ => None,
        }
    }

    pub fn amend_mut(&mut self) -> Option<&mut AmendForm> {
        match self {
            Layer::Amend(l) => Some(l),
            _ => None,
        }
    }

    pub fn reject_mut(&mut self) -> Option<&mut RejectDialog> {
        match self {
            Layer::Reject(l) => Some(l),
            _ => None,
        }
    }

    pub fn note_mut(&mut self) -> Option<&mut NoteDialog> {
        match self {
            Layer::Note(l) => Some(l),
            _ => None,
        }
    }

    pub fn snooze_mut(&mut self) -> Option<&mut SnoozeDialog> {
        match self {
            Layer::Snooze(l) => Some(l),
            _ => None,
        }
    }

    pub fn assign_mut(&mut self) -> Option<&mut AssignDialog> {
        match self {
            Layer::Assign(l) => Some(l),
            _ => None,
        }
    }

    pub fn handover_mut(&mut self) -> Option<&mut HandoverScreen> {
        match self {
            Layer::Handover(l) => Some(l),
            _ => None,
        }
    }

    pub fn identity_mut(&mut self) -> Option<&mut ConfirmIdentity> {
        match self {
            Layer::ConfirmIdentity(l) => Some(l),
            _ => None,
        }
    }

    pub fn matches_mut(&mut self) -> Option<&mut MatchesDialog> {
        match self {
            Layer::Matches(l) => Some(l),
            _ => None,
        }
    }

    pub fn plr_mut(&mut self) -> Option<&mut PlrScreen> {
        match self {
            Layer::Plr(l) => Some(l),
            // A confirmed caller's PLR: its challenges and reloads are the lookup's own.
            Layer::Call(l) if l.caller_confirmed() => Some(&mut l.plr),
            _ => None,
        }
    }

    pub fn call_mut(&mut self) -> Option<&mut CallPanel> {
        match self {
            Layer::Call(l) => Some(l),
            _ => None,
        }
    }

    pub fn register_mut(&mut self) -> Option<&mut RegisterSearch> {
        match self {
            Layer::Register(l) => Some(l),
            _ => None,
        }
    }

    pub fn challenges_mut(&mut self) -> Option<&mut ChallengesScreen> {
        match self {
            Layer::Challenges(l) => Some(l),
            _ => None,
        }
    }

    pub fn bulk_choose_mut(&mut self) -> Option<&mut BulkChoose> {
        match self {
            Layer::BulkChoose(l) => Some(l),
            _ => None,
        }
    }

    pub fn dashboard_mut(&mut self) -> Option<&mut DashboardScreen> {
        match self {
            Layer::Dashboard(l) => Some(l),
            _ => None,
        }
    }

    pub fn import_mut(&mut self) -> Option<&mut ImportScreen> {
        match self {
            Layer::Import(l) => Some(l),
            _ => None,
        }
    }
}
