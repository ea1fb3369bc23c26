//! Masking for screen sharing: names, dates of birth, postcodes and ULNs hidden everywhere on
//! screen, by one pass over the drawn frame rather than by each widget.
//!
//! Why a pass over the frame: personal data reaches the screen through many doors (queue rows,
//! the record's comparison, suggestions and audit entries quoting values, PLR and register
//! results, the call panel, notices, the command line's echo), and a widget that forgot to ask
//! would leak. The screens only say which personal values they hold (`Component::personal`);
//! the pass finds those values, and anything shaped like a ULN or a postcode, in what was drawn
//! and overwrites them cell by cell. Every masked form keeps the length of what it hides, so
//! nothing moves and unmasking is only drawing again: the data itself is never touched.
//!
//! What the operator types in a form is not a value a screen holds, so a name being typed stays
//! readable to the typist; ULNs and postcodes are recognised by their shape wherever they are.

mod from_api;
mod scan;
#[cfg(test)]
mod tests;

use crate::view::date_for_people;
use std::collections::HashSet;

pub use scan::mask_frame;

/// The personal values a screen holds, as the masking pass recognises them on screen.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Personal {
    /// Every word of every name, as written (names are matched whole-word and case-sensitive,
    /// so a learner called Will does not mask the word "will" in a notice).
    names: HashSet<String>,
    /// Dates of birth in each form the console draws them (`03 Feb 2007`, `2007-02-03`,
    /// `03/02/2007`).
    dates: HashSet<String>,
    /// ULNs and postcodes are masked by shape, and supplied ULNs of any shape a screen holds (a
    /// malformed one is still the learner's); in a reveal these leave the learner's own readable.
    /// Postcodes without spaces, upper case.
    ulns: HashSet<String>,
    postcodes: HashSet<String>,
}

impl Personal {
    /// A name, of one word or several ("Mary-Jane O'Neill" is four words: Mary, Jane, O, Neill;
    /// a one-letter word is kept as it is, since masking keeps the first letter anyway).
    pub fn name(&mut self, text: &str) -> &mut Self {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.chars().count() > 1 {
                self.names.insert(word.to_owned());
            }
        }
        self
    }

    /// A date of birth as the API sends it (`YYYY-MM-DD`).
    pub fn date_of_birth(&mut self, iso: &str) -> &mut Self {
        let iso = iso.trim();
        if let Some((y, rest)) = iso.split_once('-') {
            if let Some((m, d)) = rest.split_once('-') {
                self.dates.insert(format!("{d}/{m}/{y}"));
            }
        }
        self.dates.insert(iso.to_owned());
        self.dates.insert(date_for_people(iso));
        self
    }

    pub fn uln(&mut self, uln: &str) -> &mut Self {
        let uln = uln.trim();
        if !uln.is_empty() {
            self.ulns.insert(uln.to_owned());
        }
        self
    }

    pub fn postcode(&mut self, postcode: &str) -> &mut Self {
        self.postcodes.insert(compact(postcode));
        self
    }

    /// A learner's five key fields as the API sends them.
    pub fn learner(
        &mut self,
        uln: Option<&str>,
        given: &str,
        family: &str,
        date_of_birth: &str,
        postcode: Option<&str>,
    ) -> &mut Self {
        self.name(given).name(family).date_of_birth(date_of_birth);
        if let Some(uln) = uln {
            self.uln(uln);
        }
        if let Some(postcode) = postcode {
            self.postcode(postcode);
        }
        self
    }

    pub fn extend(&mut self, other: Personal) {
        self.names.extend(other.names);
        self.dates.extend(other.dates);
        self.ulns.extend(other.ulns);
        self.postcodes.extend(other.postcodes);
    }

    pub(crate) fn has_name(&self, word: &str) -> bool {
        self.names.contains(word)
    }

    /// A name cut short on screen (`Smi…`) is still that name.
    pub(crate) fn has_name_starting(&self, prefix: &str) -> bool {
        self.names.iter().any(|n| n.starts_with(prefix))
    }

    pub(crate) fn has_date(&self, text: &str) -> bool {
        self.dates.contains(text)
    }

    pub(crate) fn has_uln(&self, text: &str) -> bool {
        self.ulns.contains(text)
    }

    pub(crate) fn has_postcode(&self, text: &str) -> bool {
        self.postcodes.contains(&compact(text))
    }
}

fn compact(postcode: &str) -> String {
    postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whose details a reveal shows, and what the backend audits it under: a record on its trail,
/// a learner with no record (a PLR lookup, a register result) by their ULN, as the lookup was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Record(i64),
    Learner(String),
}

/// The details on screen that one reveal would show: whose, and their values.
#[derive(Debug, Clone)]
pub struct Revealable {
    pub subject: Subject,
    pub values: Personal,
}

/// Whether the screen is masked, whose details are shown anyway, and when the operator last
/// pressed a key (for masking after an idle time).
#[derive(Debug, Clone, Default)]
pub struct Masking {
    pub on: bool,
    /// Shown while masked, until masked again or the subject on screen changes.
    pub revealed: Option<Subject>,
    /// From the config (`mask_after_idle`); None: never masks itself.
    pub idle_after: Option<jiff::SignedDuration>,
    pub last_input: Option<jiff::Timestamp>,
}

impl Masking {
    /// Masks, or unmasks; either way a reveal ends (masking again hides it).
    pub fn toggle(&mut self) {
        self.on = !self.on;
        self.revealed = None;
    }

    /// Whether the idle time has run out at `now` while unmasked.
    pub fn idle_at(&self, now: jiff::Timestamp) -> bool {
        match (self.on, self.idle_after, self.last_input) {
            (false, Some(after), Some(last)) => now.duration_since(last) >= after,
            _ => false,
        }
    }
}

/// `mask_after_idle` from the config: `"5m"`, `"90s"`, `"1h"`; `"0"` or absent is off.
pub fn parse_idle(text: &str) -> Result<Option<jiff::SignedDuration>, String> {
    let text = text.trim();
    if text.is_empty() || text == "0" {
        return Ok(None);
    }
    let duration: jiff::SignedDuration = text
        .parse()
        .map_err(|e| format!("mask_after_idle: {text:?} is not a duration like \"5m\": {e}"))?;
    if duration.is_negative() {
        return Err(format!("mask_after_idle: {text:?} is negative"));
    }
    Ok((!duration.is_zero()).then_some(duration))
}
