//! The filter's matching rule: every word typed must begin a word of the row (ULN, given name,
//! family name or centre), ignoring case and the apostrophes and full stops inside names
//! ("obr" and "o'br" both begin "O'Brien"). A word typed that is a whole word of the row ranks
//! above one that only begins it; rows that rank the same keep the queue's order.
//!
//! Tighter than a subsequence on purpose: "bronte" must not find Robert Wilkinson because its
//! letters appear in order somewhere in the row. And monotone, which the incremental filter relies on: a row that matches a pattern matches every
//! pattern the first extends, since each word typed so far is a prefix of a word typed then.

/// A row's rank for a pattern: higher is better.
pub type Score = u16;

/// What each byte is to the matcher, looked up once per byte: the scan runs over every row of
/// a million-row queue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Part of a word: letters, digits, and every byte of a character beyond ASCII.
    Word,
    /// Marks inside names that are neither a letter nor a break: O'Brien, St. Helens.
    Ignored,
    /// Ends a word: ASCII other than the above.
    Separator,
}

const CLASSES: [Class; 256] = {
    let mut table = [Class::Word; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            Class::Word
        } else if matches!(byte, b'\'' | b'.' | b'`') {
            Class::Ignored
        } else {
            Class::Separator
        };
        b += 1;
    }
    table
};

fn separates(b: u8) -> bool {
    CLASSES[usize::from(b)] == Class::Separator
}

fn ignored(b: u8) -> bool {
    CLASSES[usize::from(b)] == Class::Ignored
}

/// A typed pattern, as the words to look for, lowercase and without the ignored marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pattern {
    words: Vec<Vec<u8>>,
}

impl Pattern {
    pub fn parse(text: &str) -> Pattern {
        let lower = text.to_lowercase();
        let words = lower
            .as_bytes()
            .split(|&b| separates(b))
            .map(|w| {
                w.iter()
                    .copied()
                    .filter(|&b| !ignored(b))
                    .collect::<Vec<u8>>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        Pattern { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How well `text` matches: None unless every word begins a word of it. `text` is compared
    /// by ASCII case; a row with capitals beyond ASCII is lowercased by the caller first.
    pub fn score(&self, text: &[u8]) -> Option<Score> {
        let mut total: Score = 0;
        for word in &self.words {
            total = total.saturating_add(best_for(text, word)?);
        }
        Some(total)
    }

    /// The characters of `text` (by index) that the pattern's words matched, for highlighting.
    pub fn matched_chars(&self, text: &str) -> Vec<usize> {
        let lower = text.to_lowercase();
        // Lowercasing can change a character's length beyond ASCII; then no highlight is better
        // than a wrong one.
        if lower.len() != text.len() {
            return Vec::new();
        }
        let bytes = lower.as_bytes();
        let mut matched_bytes = vec![false; bytes.len()];
        for word in &self.words {
            for start in word_starts(bytes) {
                if let Some((end, _)) = begins(bytes, start, word) {
                    for (i, b) in bytes.iter().enumerate().take(end).skip(start) {
                        matched_bytes[i] = !ignored(*b);
                    }
                }
            }
        }
        text.char_indices()
            .enumerate()
            .filter(|(_, (byte, _))| matched_bytes[*byte])
            .map(|(i, _)| i)
            .collect()
    }
}

/// 2 if `word` is a whole word of `text`, 1 if it only begins one, None if neither. One pass,
/// and only the word starts whose first byte could match are looked at further.
fn best_for(text: &[u8], word: &[u8]) -> Option<Score> {
    let first = *word.first()?;
    let mut best = None;
    let mut at_start = true;
    for (i, &b) in text.iter().enumerate() {
        if separates(b) {
            at_start = true;
            continue;
        }
        if !at_start {
            continue;
        }
        at_start = false;
        if b.to_ascii_lowercase() == first || ignored(b) {
            match begins(text, i, word) {
                Some((_, true)) => return Some(2),
                Some((_, false)) => best = Some(1),
                None => {}
            }
        }
    }
    best
}

/// Where each word of `text` starts.
fn word_starts(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..text.len()).filter(move |&i| !separates(text[i]) && (i == 0 || separates(text[i - 1])))
}

/// Whether `word` begins the word of `text` at `start`, skipping ignored marks: if so, where
/// the match ends and whether it is the whole word.
fn begins(text: &[u8], start: usize, word: &[u8]) -> Option<(usize, bool)> {
    let mut at = start;
    for &w in word {
        while at < text.len() && ignored(text[at]) {
            at += 1;
        }
        if at >= text.len() || text[at].to_ascii_lowercase() != w {
            return None;
        }
        at += 1;
    }
    let rest = text[at..].iter().take_while(|&&b| !separates(b));
    let whole = rest.clone().all(|&b| ignored(b));
    Some((at, whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(pattern: &str, text: &str) -> Option<Score> {
        Pattern::parse(pattern).score(text.as_bytes())
    }

    #[test]
    fn each_word_typed_must_begin_a_word_of_the_row() {
        let row = "9276308687 Robert Wilkinson Bronte Road Academy";
        assert_eq!(score("bron", row), Some(1));
        assert_eq!(score("bronte", row), Some(2), "a whole word ranks higher");
        assert_eq!(score("wilk rob", row), Some(2), "in any order");
        assert_eq!(score("9276", row), Some(1), "a ULN by its first digits");
        assert_eq!(score("bronte", "9276308687 Robert Wilkinson Leeds"), None);
        assert_eq!(score("ilkin", row), None, "not from the middle of a word");
        assert_eq!(score("rob smith", row), None, "every word must match");
    }

    #[test]
    fn marks_inside_names_are_skipped_and_breaks_split_words() {
        let row = "- Grace O'Brien-Smith St. Helens College";
        assert_eq!(score("obrien", row), Some(2));
        assert_eq!(score("o'br", row), Some(1));
        assert_eq!(score("SMITH", row), Some(2));
        assert_eq!(score("st helens", row), Some(4));
        assert_eq!(score("", row), Some(0), "nothing typed matches every row");
    }

    #[test]
    fn a_longer_pattern_matches_only_rows_the_shorter_one_matched() {
        let rows = [
            "- Amelia Hughes Calder",
            "- Ama O'Neil Leeds",
            "- Hugh Am Ley",
        ];
        let typed = "am o'ne";
        for end in 1..typed.len() {
            let (short, long) = (&typed[..end], &typed[..end + 1]);
            for row in rows {
                if score(long, row).is_some() {
                    assert!(
                        score(short, row).is_some(),
                        "{long:?} then {short:?} on {row}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_matched_characters_are_the_prefixes() {
        let pattern = Pattern::parse("obr cal");
        assert_eq!(
            pattern.matched_chars("- Grace O'Brien Calder"),
            [8, 10, 11, 16, 17, 18]
        );
    }
}
