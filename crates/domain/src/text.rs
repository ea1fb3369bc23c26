//! Text hygiene: the one place person-facing text is accepted. Every name, note, centre and
//! supplied value is NFC-normalised and trimmed, then refused if a person could not read it:
//! control characters, characters that reorder or hide text, private-use, tag and noncharacters,
//! or nothing but invisible characters. Nothing else is changed: what passes is stored as typed.

use std::fmt;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The kinds of person-facing text the backend takes, each with its own length cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A given or family name: letters, and only the punctuation names carry.
    PersonName,
    /// The name or identifier of the centre that made a registration.
    Centre,
    /// An operator's note on an amendment, rejection or reopen, or a data challenge's description.
    Note,
    /// How to reach whoever raised a data challenge.
    Contact,
    /// A corrected value for a field of a learning event.
    EventValue,
    /// A ULN as the centre supplied it: kept even when malformed, so it can be shown.
    SuppliedUln,
    /// What an operator types to filter a queue: never stored, but it reaches the database.
    Search,
}

/// The register's limit on a given or family name.
pub const MAX_NAME_CHARS: usize = 35;

impl TextKind {
    /// The most characters (Unicode scalar values, after NFC) this kind may hold.
    pub const fn max_chars(self) -> usize {
        match self {
            TextKind::PersonName => MAX_NAME_CHARS,
            TextKind::Centre => 100,
            TextKind::Note => 1000,
            // Longer than anyone types into a queue filter: a longer one is refused, not run as
            // a pattern (SQLite refuses LIKE patterns over 50,000 bytes, which was a 500).
            TextKind::Contact | TextKind::EventValue | TextKind::Search => 200,
            // A ULN is ten digits; room for spaces and slips, not for a paragraph.
            TextKind::SuppliedUln => 20,
        }
    }
}

/// Why a piece of text is refused. Each names the offending code point, since most of these
/// characters cannot be seen on the operator's screen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("must not be blank")]
    Blank,
    #[error("holds only invisible characters ({}): type it again", CodePoint(*.0))]
    OnlyInvisible(char),
    #[error("must be at most {max} characters (this has {found})")]
    TooLong { max: usize, found: usize },
    #[error("contains a control character ({})", CodePoint(*.0))]
    Control(char),
    #[error("contains a character that reorders text ({})", CodePoint(*.0))]
    Bidi(char),
    #[error("contains a tag character ({}), which is never shown", CodePoint(*.0))]
    Tag(char),
    #[error("contains a private-use character ({}), which has no agreed meaning", CodePoint(*.0))]
    PrivateUse(char),
    #[error("contains a noncharacter ({}), which is never text", CodePoint(*.0))]
    Noncharacter(char),
    #[error("contains an invisible character ({})", CodePoint(*.0))]
    Invisible(char),
    #[error(
        "contains '{}' ({}), which names do not have: use letters, spaces, hyphens, apostrophes and full stops",
        .0,
        CodePoint(*.0)
    )]
    NotInNames(char),
}

/// Normalises and checks `input` as text of `kind`; the cleaned text is what may be stored.
pub fn clean(input: &str, kind: TextKind) -> Result<String, TextError> {
    let text: String = input.nfc().collect();
    let text = text.trim();
    if text.is_empty() {
        return Err(TextError::Blank);
    }
    let chars: Vec<char> = text.chars().collect();
    chars.iter().try_for_each(|&c| refuse_unreadable(c))?;
    if let Some(&first) = chars
        .first()
        .filter(|_| chars.iter().all(|&c| is_invisible(c)))
    {
        return Err(TextError::OnlyInvisible(first));
    }
    if kind == TextKind::PersonName {
        (0..chars.len()).try_for_each(|at| refuse_outside_names(&chars, at))?;
    }
    if chars.len() > kind.max_chars() {
        return Err(TextError::TooLong {
            max: kind.max_chars(),
            found: chars.len(),
        });
    }
    Ok(text.to_owned())
}

/// `clean` for text that may be left out: absent or blank is `None`, anything else must pass.
/// Only whitespace counts as blank, so a note of invisible characters is refused, not dropped.
pub fn clean_optional(input: Option<&str>, kind: TextKind) -> Result<Option<String>, TextError> {
    match input {
        Some(text) if !text.trim().is_empty() => clean(text, kind).map(Some),
        _ => Ok(None),
    }
}

/// Characters no kind of text may hold.
fn refuse_unreadable(c: char) -> Result<(), TextError> {
    if c.is_control() {
        Err(TextError::Control(c))
    } else if is_bidi_control(c) {
        Err(TextError::Bidi(c))
    } else if ('\u{E0000}'..='\u{E007F}').contains(&c) {
        Err(TextError::Tag(c))
    } else if is_private_use(c) {
        Err(TextError::PrivateUse(c))
    } else if is_noncharacter(c) {
        Err(TextError::Noncharacter(c))
    } else {
        Ok(())
    }
}

/// Names hold letters (with their marks), spaces, hyphens, apostrophes and full stops. The joiners
/// some scripts need (Persian ZWNJ, Indic ZWJ) are allowed between letters, and variation selectors
/// (Japanese name kanji) after one; anywhere else they only hide a difference.
fn refuse_outside_names(chars: &[char], at: usize) -> Result<(), TextError> {
    let c = chars[at];
    let letter = |c: Option<&char>| c.is_some_and(|&c| c.is_alphabetic() || is_combining_mark(c));
    let before = at.checked_sub(1).and_then(|i| chars.get(i));
    let allowed = c.is_alphabetic()
        || is_combining_mark(c)
        || NAME_PUNCTUATION.contains(&c)
        || (matches!(c, '\u{200C}' | '\u{200D}') && letter(before) && letter(chars.get(at + 1)))
        || (is_variation_selector(c) && letter(before));
    match allowed {
        true => Ok(()),
        false if is_invisible(c) || c.is_whitespace() => Err(TextError::Invisible(c)),
        false => Err(TextError::NotInNames(c)),
    }
}

/// Space, apostrophes (typed and typographic) and hyphens, and the full stop of "St. John"; plus
/// the marks some scripts write inside a name: the Catalan middle dot (Marcel·lí), the Hebrew
/// geresh and gershayim (ג׳ורג׳), and the katakana middle dot between parts of a foreign name.
const NAME_PUNCTUATION: [char; 12] = [
    ' ', '\'', '\u{2019}', '\u{2018}', '-', '\u{2010}', '\u{2011}', '.', '\u{00B7}', '\u{05F3}',
    '\u{05F4}', '\u{30FB}',
];

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// The 66 code points Unicode promises never to assign.
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || (c as u32) & 0xFFFE == 0xFFFE
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Characters that draw nothing: Unicode's Default_Ignorable_Code_Point set (which includes the
/// bidi and tag controls refused above), plus the blanks that are letters or symbols by category
/// but render as empty space (Hangul fillers, the blank Braille pattern) and the interlinear
/// annotation controls.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A code point as `U+200B`, with its Unicode name for the ones operators most often meet.
pub struct CodePoint(pub char);

impl fmt::Display for CodePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U+{:04X}", self.0 as u32)?;
        let name = match self.0 {
            '\0' => "null",
            '\t' => "tab",
            '\n' | '\r' => "line break",
            '\u{00AD}' => "soft hyphen",
            '\u{00A0}' => "no-break space",
            '\u{200B}' => "zero width space",
            '\u{200C}' => "zero width non-joiner",
            '\u{200D}' => "zero width joiner",
            '\u{200E}' => "left-to-right mark",
            '\u{200F}' => "right-to-left mark",
            '\u{202D}' => "left-to-right override",
            '\u{202E}' => "right-to-left override",
            '\u{2060}' => "word joiner",
            '\u{FEFF}' => "byte order mark",
            _ => return Ok(()),
        };
        write!(f, " {name}")
    }
}

#[cfg(test)]
mod tests;
