//! Who is on which record ("Sam is on this record, 2 min"), as this console knows it: the live
//! claims the backend listed or announced, and this operator's own claim on the record they have
//! open. A claim is shown until its `expires_at` even if no event says it lapsed: the backend
//! sends none for a lapse, only for claims, renewals, takeovers and releases.

use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use uln_api::ClaimView;

/// How often an operator's claim is renewed while they work on the record. Well inside the
/// backend's idle limit (five minutes unless configured), so a working operator never lapses,
/// while one who stopped pressing keys does.
pub const RENEW_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// This operator's claim on the record they have open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mine {
    pub id: i64,
    pub state: MineState,
    /// When it was last claimed or renewed, by this console's clock.
    pub renewed_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MineState {
    /// Asked for; no answer yet.
    Asking,
    /// The backend says this operator is on the record.
    Held,
    /// Another operator is on it (named in the live claims): `T` takes it over.
    HeldByOther,
    /// `T` was pressed; the take-over's answer is awaited, and a late answer to the first ask
    /// (refused: someone else is on it) is ignored, or it would undo the take-over.
    TakingOver,
}

#[derive(Debug, Default)]
pub struct Claims {
    live: HashMap<i64, ClaimView>,
    /// This operator's name as the backend knows it, once it has said.
    me: Option<String>,
    pub mine: Option<Mine>,
    /// Whom `T` is taking the record from, until the backend answers: the claim event may come
    /// back before the answer does, and the notice must still name them.
    pub taking_over_from: Option<String>,
}

/// A claim's time, or None if it does not read as one (then it is not shown).
fn at(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}

impl Claims {
    pub fn set_me(&mut self, name: &str) {
        self.me = Some(name.to_owned());
    }

    /// Whether the backend has said who this operator is: until then their own claim could not
    /// be told from another's, so none is made.
    pub fn knows_me(&self) -> bool {
        self.me.is_some()
    }

    /// This operator's name, once the backend has said it: whose records `:mine` lists too.
    pub fn me(&self) -> Option<&str> {
        self.me.as_deref()
    }

    pub fn is_me(&self, operator: &str) -> bool {
        self.me.as_deref() == Some(operator)
    }

    /// What the backend says of record `id` now: claimed by someone, or by nobody.
    pub fn heard(&mut self, id: i64, claim: Option<ClaimView>) {
        match claim {
            Some(claim) => self.live.insert(id, claim),
            None => self.live.remove(&id),
        };
    }

    /// The live claim on record `id` at `now`, if any.
    pub fn on(&self, id: i64, now: Timestamp) -> Option<&ClaimView> {
        let claim = self.live.get(&id)?;
        at(&claim.expires_at)
            .is_some_and(|expires| expires > now)
            .then_some(claim)
    }

    /// Someone else's live claim on record `id`.
    pub fn others_on(&self, id: i64, now: Timestamp) -> Option<&ClaimView> {
        self.on(id, now).filter(|c| !self.is_me(&c.operator))
    }

    /// The record this operator holds (or is asking for), if any.
    pub fn held_id(&self) -> Option<i64> {
        self.mine
            .as_ref()
            .filter(|m| m.state != MineState::HeldByOther)
            .map(|m| m.id)
    }
}

/// Whole minutes since `since`, as the claim's holder has been on the record.
pub fn minutes_on(claim: &ClaimView, now: Timestamp) -> i64 {
    at(&claim.since).map_or(0, |since| (now.as_second() - since.as_second()).max(0) / 60)
}

/// "Sam is on this record, 2 min", for the record's header.
pub fn on_this_record(claim: &ClaimView, now: Timestamp) -> String {
    format!(
        "{} is on this record, {} min",
        claim.operator,
        minutes_on(claim, now)
    )
}

/// "sam 2m", for a queue row: the holder's name cut to `name_chars` characters.
pub fn compact(claim: &ClaimView, now: Timestamp, name_chars: usize) -> String {
    let name: String = claim.operator.chars().take(name_chars).collect();
    format!("{name} {}m", minutes_on(claim, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(operator: &str, since: &str, expires_at: &str) -> ClaimView {
        ClaimView {
            operator: operator.into(),
            since: since.into(),
            expires_at: expires_at.into(),
        }
    }

    #[test]
    fn a_claim_past_its_expiry_is_no_longer_shown() {
        let mut claims = Claims::default();
        claims.heard(
            7,
            Some(claim("sam", "2026-12-03T10:00:00Z", "2026-12-03T10:05:00Z")),
        );
        let before: Timestamp = "2026-12-03T10:04:59Z".parse().unwrap();
        let after: Timestamp = "2026-12-03T10:05:00Z".parse().unwrap();
        assert!(claims.on(7, before).is_some());
        assert!(claims.on(7, after).is_none());
    }

    #[test]
    fn the_header_and_the_row_count_whole_minutes_on_the_record() {
        let sam = claim(
            "sam-supervisor",
            "2026-12-03T10:00:00Z",
            "2026-12-03T10:05:00Z",
        );
        let now: Timestamp = "2026-12-03T10:02:59Z".parse().unwrap();
        assert_eq!(
            on_this_record(&sam, now),
            "sam-supervisor is on this record, 2 min"
        );
        assert_eq!(compact(&sam, now, 6), "sam-su 2m");
    }
}
