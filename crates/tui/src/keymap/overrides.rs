//! The config's key tables over the defaults. A key bound to two actions would silently take one
//! of them away, so such a config is refused, naming the key and both actions.

use super::{Action, Context, Key, Keymap};
use std::collections::BTreeMap;

/// An action as the config file names it (`take_lrs_value`).
fn config_name(action: Action) -> String {
    serde_json::to_value(action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{action:?}"))
}

fn section(context: Context) -> &'static str {
    match context {
        Context::Normal => "[keys]",
        Context::Form => "[form_keys]",
    }
}

impl Keymap {
    /// The defaults with the config's key tables applied: `action = ["key", ...]` replaces that
    /// action's keys in its context. Unknown keys, and a key bound to two actions, are reported
    /// in one line, not ignored.
    pub fn with_overrides(
        normal: &BTreeMap<Action, Vec<String>>,
        form: &BTreeMap<Action, Vec<String>>,
    ) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for (context, overrides) in [(Context::Normal, normal), (Context::Form, form)] {
            let bindings = map.table_mut(context);
            // Every listed action gives up its defaults first, so that moving a key from one
            // action to another in the same file is not taken for a clash.
            bindings.retain(|_, a| !overrides.contains_key(a));
            for (action, keys) in overrides {
                for text in keys {
                    let key = Key::parse(text).ok_or_else(|| {
                        format!("'{text}' is not a key (bound to {})", config_name(*action))
                    })?;
                    if *action == Action::ApplySuggestion && key.digit().is_none() {
                        return Err(format!(
                            "apply_suggestion takes digit keys only (the digit is the suggestion's number): '{text}' is not one"
                        ));
                    }
                    match bindings.insert(key, *action) {
                        Some(other) if other != *action => {
                            return Err(format!(
                                "key '{key}' is bound to both {} and {} in {}: give one of them another key",
                                config_name(other),
                                config_name(*action),
                                section(context),
                            ));
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn keys(pairs: &[(Action, &[&str])]) -> BTreeMap<Action, Vec<String>> {
        pairs
            .iter()
            .map(|(a, k)| (*a, k.iter().map(|k| k.to_string()).collect()))
            .collect()
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        // `Z`: a key no default binds (`z` snoozes).
        let overrides = keys(&[(Action::Quit, &["Z"])]);
        let map = Keymap::with_overrides(&overrides, &BTreeMap::new()).unwrap();
        assert_eq!(map.action(press('Z')), Some(Action::Quit));
        assert_eq!(map.action(press('q')), None);
        assert_eq!(map.label(Action::Quit), "Z");
        let bad = keys(&[(Action::Quit, &["hyper-q"])]);
        assert!(Keymap::with_overrides(&bad, &BTreeMap::new())
            .unwrap_err()
            .contains("hyper-q"));
    }

    #[test]
    fn a_key_taken_from_a_default_binding_is_refused_naming_both_actions() {
        // `x` rejects by default: binding it to amend would leave reject without its key.
        let clash = keys(&[(Action::Amend, &["x"])]);
        let error = Keymap::with_overrides(&clash, &BTreeMap::new()).unwrap_err();
        assert_eq!(
            error,
            "key 'x' is bound to both reject and amend in [keys]: give one of them another key"
        );
        assert!(!error.contains('\n'), "one line");
    }

    #[test]
    fn a_key_listed_for_two_actions_is_refused_in_either_table() {
        let clash = keys(&[(Action::Amend, &["Z"]), (Action::Reject, &["Z"])]);
        let error = Keymap::with_overrides(&clash, &BTreeMap::new()).unwrap_err();
        assert!(error.contains("'Z'") && error.contains("amend") && error.contains("reject"));
        let form = keys(&[(Action::Submit, &["ctrl-l"])]);
        let error = Keymap::with_overrides(&BTreeMap::new(), &form).unwrap_err();
        assert_eq!(
            error,
            "key 'ctrl-l' is bound to both take_lrs_value and submit in [form_keys]: give one of them another key"
        );
    }

    #[test]
    fn a_key_moved_between_actions_in_one_file_is_accepted() {
        let swapped = keys(&[(Action::Amend, &["x"]), (Action::Reject, &["a"])]);
        let map = Keymap::with_overrides(&swapped, &BTreeMap::new()).unwrap();
        assert_eq!(map.action(press('x')), Some(Action::Amend));
        assert_eq!(map.action(press('a')), Some(Action::Reject));
    }
}
