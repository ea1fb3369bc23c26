//! A data challenge being written against the selected learning event.

use uln_api::{ChallengeKind, ChallengeRequest, LearningEventView};

pub const CHALLENGE_KINDS: [(ChallengeKind, &str); 3] = [
    (ChallengeKind::IncorrectInformation, "incorrect information"),
    (ChallengeKind::NotLearners, "not the learner's"),
    (ChallengeKind::Duplicate, "duplicate"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeField {
    /// Typed as a digit, 1 to 3.
    Kind,
    /// incorrect information: which event field, and its corrected value.
    Field,
    Value,
    /// duplicate: the other event's id.
    OtherEvent,
    Note,
}

#[derive(Debug, Clone)]
pub struct ChallengeDraft {
    /// Index into `CHALLENGE_KINDS`.
    pub kind: usize,
    pub field: String,
    pub value: String,
    pub other_event: String,
    pub note: String,
    pub focus: ChallengeField,
}

impl Default for ChallengeDraft {
    fn default() -> Self {
        ChallengeDraft {
            kind: 0,
            field: String::new(),
            value: String::new(),
            other_event: String::new(),
            note: String::new(),
            focus: ChallengeField::Kind,
        }
    }
}

impl ChallengeDraft {
    /// The fields the chosen kind asks for, in order.
    pub fn fields(&self) -> &'static [ChallengeField] {
        use ChallengeField::*;
        match self.kind {
            0 => &[Kind, Field, Value, Note],
            2 => &[Kind, OtherEvent, Note],
            _ => &[Kind, Note],
        }
    }

    fn text(&mut self, field: ChallengeField) -> Option<&mut String> {
        match field {
            ChallengeField::Kind => None,
            ChallengeField::Field => Some(&mut self.field),
            ChallengeField::Value => Some(&mut self.value),
            ChallengeField::OtherEvent => Some(&mut self.other_event),
            ChallengeField::Note => Some(&mut self.note),
        }
    }

    pub fn type_char(&mut self, c: char) {
        match self.text(self.focus) {
            Some(text) => text.push(c),
            None => {
                if let Some(k) = c.to_digit(10).filter(|k| (1..=3).contains(k)) {
                    self.kind = k as usize - 1;
                }
            }
        }
    }

    pub fn backspace(&mut self) {
        if let Some(text) = self.text(self.focus) {
            text.pop();
        }
    }

    /// `step` places along the kind's fields from the focused one, wrapping round.
    pub fn move_focus(&mut self, step: usize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = fields[(at + step) % fields.len()];
    }

    /// The challenge to send against `event`, or why not yet.
    pub fn request(&self, event: &LearningEventView) -> Result<ChallengeRequest, String> {
        if self.note.trim().is_empty() {
            return Err("a note is required: say what is wrong".into());
        }
        // The backend's own rule, so an unreadable note is explained here rather than sent.
        uln_domain::text::clean(&self.note, uln_domain::TextKind::Note)
            .map_err(|e| format!("the note {e}"))?;
        let (kind, _) = CHALLENGE_KINDS[self.kind];
        let mut event_ids = vec![event.id];
        let mut corrected = None;
        match kind {
            ChallengeKind::IncorrectInformation => {
                if self.field.trim().is_empty() || self.value.trim().is_empty() {
                    return Err(
                        "give the field to correct (e.g. grade) and its corrected value".into(),
                    );
                }
                let mut map = serde_json::Map::new();
                map.insert(self.field.trim().to_owned(), self.value.trim().into());
                corrected = Some(map);
            }
            ChallengeKind::Duplicate => {
                let other: i64 = self
                    .other_event
                    .trim()
                    .parse()
                    .map_err(|_| "give the other event's id (the # column)")?;
                event_ids.push(other);
            }
            _ => {}
        }
        Ok(ChallengeRequest {
            kind,
            event_ids,
            corrected,
            note: self.note.trim().into(),
            contact: None,
        })
    }
}
