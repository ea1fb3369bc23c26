//! What an SSH client types, read into the key events the console already handles.
//!
//! A local console gets its events from crossterm, which reads the terminal itself; over SSH the
//! same bytes arrive as channel data. `vte` (the parser behind vt100 and alacritty) decodes UTF-8
//! and CSI sequences with their parameters; the little it does not do, because it is written for
//! what a terminal prints rather than what a keyboard sends, is here: SS3 keys (`ESC O A`), Alt
//! as an ESC prefix, and a lone ESC, which is the esc key when it ends a packet (a sequence is
//! sent in one write, so it never straddles packets in practice).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

const ESC: u8 = 0x1b;

/// Reads one session's typed bytes; keeps nothing between packets but vte's own state.
#[derive(Default)]
pub struct InputParser {
    vte: vte::Parser,
}

impl InputParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// The key events in one packet of channel data, in order.
    pub fn events(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut keys = Keys::default();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == ESC && !keys.in_sequence {
                i += self.escape(&bytes[i + 1..], &mut keys);
            } else {
                self.vte.advance(&mut keys, bytes[i]);
            }
            i += 1;
        }
        keys.events.into_iter().map(Event::Key).collect()
    }

    /// An ESC outside a sequence, `rest` being what follows it in the packet: returns how many
    /// of `rest` it used.
    fn escape(&mut self, rest: &[u8], keys: &mut Keys) -> usize {
        match rest {
            [] | [ESC, ..] => {
                keys.push(KeyCode::Esc, KeyModifiers::NONE);
                0
            }
            [b'[', ..] => {
                keys.in_sequence = true;
                self.vte.advance(keys, ESC);
                0
            }
            [b'O', code, ..] => match ss3_key(*code) {
                Some(code) => {
                    keys.push(code, KeyModifiers::NONE);
                    2
                }
                None => {
                    keys.push(KeyCode::Char('O'), KeyModifiers::ALT);
                    1
                }
            },
            [0x7f, ..] => {
                keys.push(KeyCode::Backspace, KeyModifiers::ALT);
                1
            }
            _ => {
                // Alt+key: the next key, whatever it is, with Alt held.
                keys.alt = true;
                0
            }
        }
    }
}

/// Keys read so far from one packet; vte calls into it.
#[derive(Default)]
struct Keys {
    events: Vec<KeyEvent>,
    /// Within a CSI sequence vte is parsing.
    in_sequence: bool,
    /// The next key comes with Alt (an ESC prefix).
    alt: bool,
}

impl Keys {
    fn push(&mut self, code: KeyCode, mut modifiers: KeyModifiers) {
        if std::mem::take(&mut self.alt) {
            modifiers |= KeyModifiers::ALT;
        }
        self.events.push(KeyEvent::new(code, modifiers));
    }
}

impl vte::Perform for Keys {
    fn print(&mut self, c: char) {
        match c {
            '\x7f' => self.push(KeyCode::Backspace, KeyModifiers::NONE),
            c if c.is_uppercase() => self.push(KeyCode::Char(c), KeyModifiers::SHIFT),
            c => self.push(KeyCode::Char(c), KeyModifiers::NONE),
        }
    }

    fn execute(&mut self, byte: u8) {
        let (code, modifiers) = match byte {
            b'\r' | b'\n' => (KeyCode::Enter, KeyModifiers::NONE),
            b'\t' => (KeyCode::Tab, KeyModifiers::NONE),
            0x08 => (KeyCode::Backspace, KeyModifiers::NONE),
            0x00 => (KeyCode::Char(' '), KeyModifiers::CONTROL),
            0x01..=0x1a => (
                KeyCode::Char(char::from(b'a' + byte - 1)),
                KeyModifiers::CONTROL,
            ),
            _ => return,
        };
        self.push(code, modifiers);
    }

    fn csi_dispatch(&mut self, params: &vte::Params, _: &[u8], _: bool, action: char) {
        self.in_sequence = false;
        let numbers: Vec<u16> = params.iter().map(|p| p[0]).collect();
        let modifiers = numbers.get(1).map_or(KeyModifiers::NONE, |&m| modifiers(m));
        let code = match action {
            'Z' => Some(KeyCode::BackTab),
            '~' => numbers.first().and_then(|&n| tilde_key(n)),
            // `CSI 1 ; 5 A` and the like: a letter key with modifiers.
            letter => ss3_key(letter as u8),
        };
        if let Some(code) = code {
            let modifiers = match code {
                KeyCode::BackTab => KeyModifiers::SHIFT,
                _ => modifiers,
            };
            self.push(code, modifiers);
        }
    }

    fn esc_dispatch(&mut self, _: &[u8], _: bool, _: u8) {
        self.in_sequence = false;
    }
}

/// The key an SS3 sequence (or a CSI sequence ending in a letter) names.
fn ss3_key(code: u8) -> Option<KeyCode> {
    Some(match code {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// The key a `CSI n ~` sequence names (xterm and VT220 numbering).
fn tilde_key(n: u16) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F((n - 10) as u8),
        17..=21 => KeyCode::F((n - 11) as u8),
        23 | 24 => KeyCode::F((n - 12) as u8),
        _ => return None,
    })
}

/// xterm's modifier parameter: 1 + a bit each for Shift, Alt and Ctrl.
fn modifiers(param: u16) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut modifiers = KeyModifiers::NONE;
    if bits & 1 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    modifiers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        InputParser::new()
            .events(bytes)
            .into_iter()
            .map(|e| match e {
                Event::Key(k) => (k.code, k.modifiers),
                other => panic!("not a key: {other:?}"),
            })
            .collect()
    }

    fn plain(code: KeyCode) -> (KeyCode, KeyModifiers) {
        (code, KeyModifiers::NONE)
    }

    #[test]
    fn printable_text_is_characters_utf8_included() {
        assert_eq!(
            keys("q/é✓".as_bytes()),
            [
                plain(KeyCode::Char('q')),
                plain(KeyCode::Char('/')),
                plain(KeyCode::Char('é')),
                plain(KeyCode::Char('✓')),
            ]
        );
        assert_eq!(keys(b"G"), [(KeyCode::Char('G'), KeyModifiers::SHIFT)]);
    }

    #[test]
    fn control_bytes_are_enter_tab_backspace_and_ctrl_letters() {
        assert_eq!(
            keys(b"\r\t\x7f\x08\x13\x18"),
            [
                plain(KeyCode::Enter),
                plain(KeyCode::Tab),
                plain(KeyCode::Backspace),
                plain(KeyCode::Backspace),
                (KeyCode::Char('s'), KeyModifiers::CONTROL),
                (KeyCode::Char('x'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn arrows_and_home_end_arrive_as_csi_or_ss3() {
        assert_eq!(
            keys(b"\x1b[A\x1b[B\x1bOC\x1bOD\x1b[H\x1bOF"),
            [
                plain(KeyCode::Up),
                plain(KeyCode::Down),
                plain(KeyCode::Right),
                plain(KeyCode::Left),
                plain(KeyCode::Home),
                plain(KeyCode::End),
            ]
        );
    }

    #[test]
    fn tilde_keys_are_paging_editing_and_function_keys() {
        assert_eq!(
            keys(b"\x1b[5~\x1b[6~\x1b[3~\x1b[1~\x1b[4~\x1b[15~\x1b[24~\x1bOP"),
            [
                plain(KeyCode::PageUp),
                plain(KeyCode::PageDown),
                plain(KeyCode::Delete),
                plain(KeyCode::Home),
                plain(KeyCode::End),
                plain(KeyCode::F(5)),
                plain(KeyCode::F(12)),
                plain(KeyCode::F(1)),
            ]
        );
    }

    #[test]
    fn modifiers_come_from_the_parameter_or_an_esc_prefix() {
        assert_eq!(
            keys(b"\x1b[1;5C\x1b[Z\x1bb\x1b\x7f"),
            [
                (KeyCode::Right, KeyModifiers::CONTROL),
                (KeyCode::BackTab, KeyModifiers::SHIFT),
                (KeyCode::Char('b'), KeyModifiers::ALT),
                (KeyCode::Backspace, KeyModifiers::ALT),
            ]
        );
    }

    #[test]
    fn a_lone_esc_ending_a_packet_is_the_esc_key() {
        let mut parser = InputParser::new();
        assert_eq!(parser.events(b"\x1b").len(), 1);
        assert_eq!(keys(b"\x1b"), [plain(KeyCode::Esc)]);
        assert_eq!(
            keys(b"\x1b\x1b"),
            [plain(KeyCode::Esc), plain(KeyCode::Esc)]
        );
        // And it leaves nothing behind: the next packet reads afresh.
        assert_eq!(parser.events(b"q").len(), 1);
    }
}
