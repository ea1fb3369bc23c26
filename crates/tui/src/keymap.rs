//! What a user can bind: a small enum of actions with serde names, and the keys bound to each.
//! The same table drives key handling, the footer and the `?` help, so they cannot disagree.

mod describe;
mod key;
mod overrides;
mod roles;

pub use key::Key;

use crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    Open,
    Back,
    Filter,
    Command,
    NextQueue,
    PreviousQueue,
    SortNext,
    ReverseOrder,
    NextRecord,
    PreviousRecord,
    Refresh,
    Amend,
    Reject,
    Verify,
    Reopen,
    /// Write a note on the record (kept in its audit trail).
    Note,
    /// Park the record until a time (it leaves the queue until then).
    Snooze,
    /// Give the record to a colleague, with a message (on the handover screen: everything).
    Assign,
    /// Take back this console's last change (amendment, rejection, snooze, wake) while its
    /// countdown runs.
    Undo,
    /// Take the record over from the operator on it (they are told).
    TakeOver,
    PlrLookup,
    Challenge,
    OlderAudit,
    /// Copy the ULN or reference in view to the operator's own clipboard (OSC 52).
    Copy,
    /// The phone-call panel, from anywhere.
    Call,
    EndCall,
    /// Search the register by a learner's details, from anywhere.
    SearchRegister,
    /// The team's dashboard: backlog by days left, resolutions, centres.
    Dashboard,
    /// Digit keys only: the digit is the suggestion's number on screen.
    ApplySuggestion,
    /// Mark or unmark the queue's row (or a group's rows, on its header) for a bulk action.
    Mark,
    /// Mark every row from the last one marked to this one.
    MarkRange,
    /// Mark every row shown; again, clear the marks.
    MarkAll,
    /// One action over the marked rows (or the selected one), previewed before it is applied.
    Bulk,
    /// Mask (or unmask) names, dates of birth, postcodes and ULNs for screen sharing: on every
    /// layer, forms too, so it is a control key.
    Mask,
    /// While masked, show the masked details of the record or learner on screen (audited).
    Reveal,
    // In forms and dialogs, where plain characters are text:
    Submit,
    TakeLrsValue,
    NextField,
    PreviousField,
    Confirm,
    Cancel,
}

/// Where a key is pressed: on a list or record, or in a form where plain characters are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Normal,
    Form,
}

/// Keys → actions, per context. Vim keys and arrows both work by default.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Key, Action>,
    form: BTreeMap<Key, Action>,
    /// The operator's role once the backend has said it: what `roles` offers by.
    role: Option<uln_api::Role>,
}

const DEFAULTS: &[(&str, Action)] = &[
    ("q", Action::Quit),
    ("ctrl-c", Action::Quit),
    ("?", Action::Help),
    ("k", Action::Up),
    ("up", Action::Up),
    ("j", Action::Down),
    ("down", Action::Down),
    ("pgup", Action::PageUp),
    ("ctrl-b", Action::PageUp),
    ("pgdn", Action::PageDown),
    ("ctrl-f", Action::PageDown),
    ("ctrl-u", Action::HalfPageUp),
    ("ctrl-d", Action::HalfPageDown),
    ("g", Action::Top),
    ("home", Action::Top),
    ("G", Action::Bottom),
    ("end", Action::Bottom),
    ("enter", Action::Open),
    ("l", Action::Open),
    ("esc", Action::Back),
    ("h", Action::Back),
    ("/", Action::Filter),
    (":", Action::Command),
    ("tab", Action::NextQueue),
    ("shift-tab", Action::PreviousQueue),
    ("s", Action::SortNext),
    ("S", Action::ReverseOrder),
    ("n", Action::NextRecord),
    ("p", Action::PreviousRecord),
    ("r", Action::Refresh),
    ("a", Action::Amend),
    ("x", Action::Reject),
    ("v", Action::Verify),
    ("o", Action::Reopen),
    ("N", Action::Note),
    ("z", Action::Snooze),
    ("A", Action::Assign),
    ("u", Action::Undo),
    ("T", Action::TakeOver),
    ("L", Action::PlrLookup),
    ("c", Action::Challenge),
    ("t", Action::OlderAudit),
    ("y", Action::Copy),
    ("F", Action::SearchRegister),
    ("C", Action::Call),
    ("D", Action::Dashboard),
    ("e", Action::EndCall),
    ("1", Action::ApplySuggestion),
    ("2", Action::ApplySuggestion),
    ("3", Action::ApplySuggestion),
    ("4", Action::ApplySuggestion),
    ("5", Action::ApplySuggestion),
    ("6", Action::ApplySuggestion),
    ("7", Action::ApplySuggestion),
    ("8", Action::ApplySuggestion),
    ("9", Action::ApplySuggestion),
    ("ctrl-x", Action::Mask),
    ("ctrl-r", Action::Reveal),
    ("space", Action::Mark),
    ("V", Action::MarkRange),
    ("*", Action::MarkAll),
    ("B", Action::Bulk),
];

/// In forms only control and special keys are bound; everything else is typed. The one exception,
/// `:`, reaches only a form that lists the command line among its keys (the PLR query, where no
/// field takes a colon); in every other form it is typed, as keys a layer does not list are.
const FORM_DEFAULTS: &[(&str, Action)] = &[
    (":", Action::Command),
    ("ctrl-s", Action::Submit),
    ("ctrl-l", Action::TakeLrsValue),
    ("tab", Action::NextField),
    ("down", Action::NextField),
    ("shift-tab", Action::PreviousField),
    ("up", Action::PreviousField),
    ("ctrl-y", Action::Confirm),
    ("ctrl-e", Action::EndCall),
    ("ctrl-f", Action::SearchRegister),
    ("esc", Action::Cancel),
    ("ctrl-c", Action::Quit),
    ("ctrl-x", Action::Mask),
    ("ctrl-r", Action::Reveal),
];

fn table(defaults: &[(&str, Action)]) -> BTreeMap<Key, Action> {
    defaults
        .iter()
        .filter_map(|(k, a)| Key::parse(k).map(|k| (k, *a)))
        .collect()
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: table(DEFAULTS),
            form: table(FORM_DEFAULTS),
            role: None,
        }
    }
}

impl Keymap {
    fn table(&self, context: Context) -> &BTreeMap<Key, Action> {
        match context {
            Context::Normal => &self.bindings,
            Context::Form => &self.form,
        }
    }

    fn table_mut(&mut self, context: Context) -> &mut BTreeMap<Key, Action> {
        match context {
            Context::Normal => &mut self.bindings,
            Context::Form => &mut self.form,
        }
    }

    pub fn action(&self, event: KeyEvent) -> Option<Action> {
        self.action_in(Context::Normal, event)
    }

    pub fn action_in(&self, context: Context, event: KeyEvent) -> Option<Action> {
        Key::from_event(event).and_then(|k| self.table(context).get(&k).copied())
    }

    /// The keys bound to an action in `context`.
    fn bound_in(&self, context: Context, action: Action) -> Vec<Key> {
        self.table(context)
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// The keys bound to an action (in forms, for form actions), for help and footers.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        let in_normal = self.bindings.values().any(|a| *a == action);
        let context = if in_normal {
            Context::Normal
        } else {
            Context::Form
        };
        self.bound_in(context, action)
    }

    /// The key to show first for an action: the first default still bound to it, else any.
    pub fn primary(&self, action: Action) -> Option<Key> {
        self.primary_in(Context::Normal, action)
    }

    /// As `primary`, for a layer reading keys in `context`: in forms only the form's keys
    /// count, since there plain characters are text.
    pub fn primary_in(&self, context: Context, action: Action) -> Option<Key> {
        let keys = match context {
            Context::Normal => self.keys_for(action),
            Context::Form => self.bound_in(Context::Form, action),
        };
        DEFAULTS
            .iter()
            .chain(FORM_DEFAULTS)
            .filter(|(_, a)| *a == action)
            .filter_map(|(k, _)| Key::parse(k))
            .find(|k| keys.contains(k))
            .or_else(|| keys.first().copied())
    }

    pub fn label(&self, action: Action) -> String {
        let keys = self.keys_for(action);
        key::digit_run(&keys).unwrap_or_else(|| {
            keys.iter()
                .map(Key::to_string)
                .collect::<Vec<_>>()
                .join("/")
        })
    }

    /// What a footer shows for an action: its first key, or its run of digits (`1–9`) when
    /// each digit is a different choice.
    pub fn footer_label(&self, context: Context, action: Action) -> String {
        let keys = match context {
            Context::Normal => self.keys_for(action),
            Context::Form => self.bound_in(Context::Form, action),
        };
        key::digit_run(&keys).unwrap_or_else(|| {
            self.primary_in(context, action)
                .map(|k| k.to_string())
                .unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn vim_keys_and_arrows_both_move() {
        let map = Keymap::default();
        assert_eq!(
            map.action(press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn forms_bind_only_control_and_special_keys_so_letters_are_typed() {
        let map = Keymap::default();
        assert_eq!(
            map.action_in(Context::Form, press(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            map.action_in(
                Context::Form,
                press(KeyCode::Char('s'), KeyModifiers::CONTROL)
            ),
            Some(Action::Submit)
        );
        assert_eq!(
            map.action_in(Context::Form, press(KeyCode::Tab, KeyModifiers::NONE)),
            Some(Action::NextField)
        );
        assert_eq!(
            map.action(press(KeyCode::Tab, KeyModifiers::NONE)),
            Some(Action::NextQueue)
        );
    }

    #[test]
    fn keys_round_trip_their_names() {
        for text in ["q", "ctrl-c", "enter", "shift-tab", "pgdn", "space", "G"] {
            let key = Key::parse(text).unwrap();
            assert_eq!(
                Key::parse(&key.to_string().replace('↑', "up")),
                Some(key),
                "{text}"
            );
        }
    }
}
