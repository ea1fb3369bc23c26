//! Copying to the operator's own clipboard with OSC 52: the terminal emulator on the operator's
//! machine sets its clipboard from an escape sequence, so copying works over SSH, where the
//! console's host has no clipboard of the operator's to reach.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::io::Write;

/// The most text one copy sends. Terminals cap what they accept in one sequence (some at a few
/// KiB, and tmux passes on less); a ULN or a reference is a dozen characters, so anything near
/// this is a mistake, refused rather than cut.
pub const MAX_COPY_BYTES: usize = 1024;

/// The escape sequence that puts `text` on the clipboard: `ESC ] 52 ; c ; base64 BEL`.
pub fn osc52(text: &str) -> Result<Vec<u8>, String> {
    if text.len() > MAX_COPY_BYTES {
        return Err(format!(
            "not copied: {} bytes is more than the {MAX_COPY_BYTES} a terminal takes",
            text.len()
        ));
    }
    let mut sequence = b"\x1b]52;c;".to_vec();
    sequence.extend_from_slice(STANDARD.encode(text).as_bytes());
    sequence.push(0x07);
    Ok(sequence)
}

/// Where copies are written: the terminal the console draws on, or, in tests, a buffer.
pub struct Clipboard {
    out: Box<dyn Write + Send>,
}

impl Clipboard {
    pub fn new(out: Box<dyn Write + Send>) -> Clipboard {
        Clipboard { out }
    }

    /// A clipboard that copies nowhere: for a console with no terminal (tests, benchmarks).
    pub fn none() -> Clipboard {
        Clipboard::new(Box::new(std::io::sink()))
    }

    /// Sends `text` to the terminal's clipboard; Err says why not, for the operator.
    pub fn copy(&mut self, text: &str) -> Result<(), String> {
        let sequence = osc52(text)?;
        self.out
            .write_all(&sequence)
            .and_then(|()| self.out.flush())
            .map_err(|e| format!("not copied: the terminal could not be written to ({e})"))
    }
}

impl std::fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clipboard")
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer whose bytes the test reads back.
    #[derive(Clone, Default)]
    pub struct Written(pub Arc<Mutex<Vec<u8>>>);

    impl Write for Written {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Written {
        pub fn bytes(&self) -> Vec<u8> {
            self.0.lock().unwrap().clone()
        }
    }

    #[test]
    fn a_uln_is_sent_as_base64_in_an_osc_52_sequence() {
        let written = Written::default();
        let mut clipboard = Clipboard::new(Box::new(written.clone()));
        clipboard.copy("9276308686").unwrap();
        assert_eq!(written.bytes(), b"\x1b]52;c;OTI3NjMwODY4Ng==\x07");
    }

    #[test]
    fn text_over_the_cap_is_refused_and_nothing_is_written() {
        let written = Written::default();
        let mut clipboard = Clipboard::new(Box::new(written.clone()));
        let why = clipboard.copy(&"1".repeat(MAX_COPY_BYTES + 1)).unwrap_err();
        assert!(why.contains("not copied"), "{why}");
        assert!(written.bytes().is_empty());
        assert!(clipboard.copy(&"1".repeat(MAX_COPY_BYTES)).is_ok());
    }
}
