//! The four-week rule: an unresolved exception's ULN is removed `removal period` after registration.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// How long a centre has to resolve an exception: 28 days unless configured otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemovalPeriod(SignedDuration);

impl Default for RemovalPeriod {
    fn default() -> Self {
        RemovalPeriod::days(28)
    }
}

impl RemovalPeriod {
    pub fn days(days: u32) -> Self {
        RemovalPeriod(SignedDuration::from_hours(i64::from(days) * 24))
    }

    pub fn deadline(self, registered_at: Timestamp) -> Timestamp {
        registered_at
            .saturating_add(self.0)
            .unwrap_or(Timestamp::MAX)
    }

    pub fn duration(self) -> SignedDuration {
        self.0
    }
}

/// Why a registration time is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisteredAtError {
    #[error("must be an RFC 3339 time, e.g. 2026-11-01T09:30:00Z")]
    Format,
    #[error("is before 2000: no registration with a ULN is that old")]
    TooEarly,
    #[error("is in the future")]
    InFuture,
}

/// The earliest registration time taken. ULNs were issued from 2007, so a replayed registration
/// is never earlier; this refuses epoch zeros and mistyped centuries, not real history.
pub const EARLIEST_REGISTRATION: Timestamp = Timestamp::constant(946_684_800, 0);

/// How far ahead of our clock a centre's clock may run.
pub const CLOCK_SKEW_ALLOWANCE: SignedDuration = SignedDuration::from_mins(5);

/// Reads the time a registration was made, as sent: from 2000 up to `now` plus clock skew.
pub fn parse_registered_at(text: &str, now: Timestamp) -> Result<Timestamp, RegisteredAtError> {
    let at: Timestamp = text.trim().parse().map_err(|_| RegisteredAtError::Format)?;
    if at < EARLIEST_REGISTRATION {
        Err(RegisteredAtError::TooEarly)
    } else if at
        > now
            .saturating_add(CLOCK_SKEW_ALLOWANCE)
            .unwrap_or(Timestamp::MAX)
    {
        Err(RegisteredAtError::InFuture)
    } else {
        Ok(at)
    }
}

/// How urgent a deadline is, for colouring and sorting a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineBand {
    Overdue,
    Under48h,
    Under7d,
    Under14d,
    Later,
}

impl DeadlineBand {
    pub fn of(deadline: Timestamp, now: Timestamp) -> DeadlineBand {
        let left = remaining(deadline, now);
        let hours = |h: i64| SignedDuration::from_hours(h);
        if left <= SignedDuration::ZERO {
            DeadlineBand::Overdue
        } else if left < hours(48) {
            DeadlineBand::Under48h
        } else if left < hours(7 * 24) {
            DeadlineBand::Under7d
        } else if left < hours(14 * 24) {
            DeadlineBand::Under14d
        } else {
            DeadlineBand::Later
        }
    }

    /// A word that carries the band without colour.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineBand::Overdue => "overdue",
            DeadlineBand::Under48h => "<48h",
            DeadlineBand::Under7d => "<7d",
            DeadlineBand::Under14d => "<14d",
            DeadlineBand::Later => "later",
        }
    }
}

pub fn remaining(deadline: Timestamp, now: Timestamp) -> SignedDuration {
    deadline.duration_since(now)
}

/// `3d 04h`, `5h 12m` under a day, or `overdue`.
pub fn format_countdown(deadline: Timestamp, now: Timestamp) -> String {
    let left = remaining(deadline, now);
    if left <= SignedDuration::ZERO {
        return "overdue".into();
    }
    let minutes = left.as_secs() / 60;
    let (days, hours, mins) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
    if days > 0 {
        format!("{days}d {hours:02}h")
    } else {
        format!("{hours}h {mins:02}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn registration_times_run_from_2000_to_now_with_a_little_skew() {
        let now = at("2026-12-02T18:00:00Z");
        assert_eq!(EARLIEST_REGISTRATION, at("2000-01-01T00:00:00Z"));
        let parse = |text| parse_registered_at(text, now);
        assert_eq!(parse("2000-01-01T00:00:00Z"), Ok(EARLIEST_REGISTRATION));
        assert_eq!(
            parse("2026-12-02T18:04:59Z"),
            Ok(at("2026-12-02T18:04:59Z"))
        );
        assert_eq!(
            parse("1970-01-01T00:00:00Z"),
            Err(RegisteredAtError::TooEarly)
        );
        assert_eq!(
            parse("1999-12-31T23:59:59Z"),
            Err(RegisteredAtError::TooEarly)
        );
        assert_eq!(
            parse("2026-12-02T18:05:01Z"),
            Err(RegisteredAtError::InFuture)
        );
        assert_eq!(
            parse("2999-01-01T00:00:00Z"),
            Err(RegisteredAtError::InFuture)
        );
        assert_eq!(parse("yesterday"), Err(RegisteredAtError::Format));
    }

    #[test]
    fn deadline_is_registration_plus_period() {
        let registered = at("2026-11-01T09:30:00Z");
        assert_eq!(
            RemovalPeriod::default().deadline(registered),
            at("2026-11-29T09:30:00Z")
        );
        assert_eq!(
            RemovalPeriod::days(14).deadline(registered),
            at("2026-11-15T09:30:00Z")
        );
    }

    #[test]
    fn bands_split_at_their_boundaries() {
        let deadline = at("2026-11-29T00:00:00Z");
        let before = |h: i64| deadline.checked_sub(SignedDuration::from_hours(h)).unwrap();
        assert_eq!(DeadlineBand::of(deadline, deadline), DeadlineBand::Overdue);
        assert_eq!(
            DeadlineBand::of(deadline, before(-1)),
            DeadlineBand::Overdue
        );
        assert_eq!(
            DeadlineBand::of(deadline, before(1)),
            DeadlineBand::Under48h
        );
        assert_eq!(
            DeadlineBand::of(deadline, before(48)),
            DeadlineBand::Under7d
        );
        assert_eq!(
            DeadlineBand::of(deadline, before(7 * 24)),
            DeadlineBand::Under14d
        );
        assert_eq!(
            DeadlineBand::of(deadline, before(14 * 24)),
            DeadlineBand::Later
        );
    }

    #[test]
    fn countdowns_read_as_days_and_hours() {
        let deadline = at("2026-11-29T12:00:00Z");
        assert_eq!(
            format_countdown(deadline, at("2026-11-26T08:00:00Z")),
            "3d 04h"
        );
        assert_eq!(
            format_countdown(deadline, at("2026-11-29T06:48:00Z")),
            "5h 12m"
        );
        assert_eq!(
            format_countdown(deadline, at("2026-11-29T12:00:00Z")),
            "overdue"
        );
        assert_eq!(
            format_countdown(deadline, at("2026-12-01T12:00:00Z")),
            "overdue"
        );
    }
}
