//! One line of free text typed into a dialog (a note, a reason, a message): the editing keys
//! every such box shares, so a new dialog does not grow its own slightly different copy.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Applies an editing key to `text`: a printable character is typed, backspace deletes one
/// character, ctrl-w (or alt-backspace) the last word, ctrl-u the whole line, as in a shell.
/// Returns whether `key` was one of them.
pub fn edit_line(text: &mut String, key: &KeyEvent) -> bool {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('w') if control => delete_word(text),
        KeyCode::Char('u') if control => text.clear(),
        KeyCode::Backspace if alt => delete_word(text),
        KeyCode::Backspace => drop(text.pop()),
        KeyCode::Char(c) if !control && !alt => text.push(c),
        _ => return false,
    }
    true
}

/// The text with the cursor after it, as a box shows it while it has the focus.
pub fn with_cursor(text: &str) -> String {
    format!("{text}█")
}

/// Removes the last word and the spaces after it, as a shell's ctrl-w does.
fn delete_word(text: &mut String) {
    let kept = text
        .trim_end()
        .trim_end_matches(|c: char| !c.is_whitespace());
    text.truncate(kept.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn characters_are_typed_and_backspace_deletes_one() {
        let mut text = String::new();
        for c in "Né e".chars() {
            assert!(edit_line(
                &mut text,
                &key(KeyCode::Char(c), KeyModifiers::NONE)
            ));
        }
        assert!(edit_line(
            &mut text,
            &key(KeyCode::Backspace, KeyModifiers::NONE)
        ));
        assert_eq!(text, "Né ");
        assert!(edit_line(
            &mut text,
            &key(KeyCode::Char('X'), KeyModifiers::SHIFT)
        ));
        assert_eq!(text, "Né X");
    }

    #[test]
    fn ctrl_w_and_alt_backspace_delete_the_last_word() {
        let mut text = "waiting for the centre  ".to_owned();
        assert!(edit_line(
            &mut text,
            &key(KeyCode::Char('w'), KeyModifiers::CONTROL)
        ));
        assert_eq!(text, "waiting for the ");
        assert!(edit_line(
            &mut text,
            &key(KeyCode::Backspace, KeyModifiers::ALT)
        ));
        assert_eq!(text, "waiting for ");
    }

    #[test]
    fn ctrl_u_clears_the_line() {
        let mut text = "Wright".to_owned();
        assert!(edit_line(
            &mut text,
            &key(KeyCode::Char('u'), KeyModifiers::CONTROL)
        ));
        assert_eq!(text, "");
    }

    #[test]
    fn control_keys_are_not_typed() {
        let mut text = "a".to_owned();
        assert!(!edit_line(
            &mut text,
            &key(KeyCode::Char('s'), KeyModifiers::CONTROL)
        ));
        assert!(!edit_line(
            &mut text,
            &key(KeyCode::Enter, KeyModifiers::NONE)
        ));
        assert!(!edit_line(
            &mut text,
            &key(KeyCode::Tab, KeyModifiers::NONE)
        ));
        assert_eq!(text, "a");
    }
}
