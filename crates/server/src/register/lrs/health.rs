//! How the LRS has been answering, for the status bar: closed (it said out of hours), slow
//! (its answers have been taking long), or fine. The breaker knows whether it is down.

use crate::lrs_sim::ClosedHours;
use crate::register::Availability;
use jiff::Timestamp;
use std::sync::Mutex;
use std::time::Duration;

/// Weight of the newest answer time in the running typical time.
const SMOOTHING: f64 = 0.2;

pub struct Health {
    slow_after: Duration,
    state: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// Set by an out-of-hours answer, cleared by any other answer.
    closed_since: Option<Timestamp>,
    /// Typical answer time in seconds, smoothed over recent answers.
    typical: Option<f64>,
    slow_since: Option<Timestamp>,
}

impl Health {
    pub fn new(slow_after: Duration) -> Self {
        Health {
            slow_after,
            state: Mutex::new(Seen::default()),
        }
    }

    /// The service answered (whatever it thought of the request) after `took`.
    pub fn answered(&self, took: Duration, now: Timestamp) {
        let mut seen = self.state.lock().unwrap_or_else(|p| p.into_inner());
        seen.closed_since = None;
        let took = took.as_secs_f64();
        let typical = match seen.typical {
            Some(t) => t + SMOOTHING * (took - t),
            None => took,
        };
        seen.typical = Some(typical);
        if typical > self.slow_after.as_secs_f64() {
            seen.slow_since.get_or_insert(now);
        } else {
            seen.slow_since = None;
        }
    }

    /// The service said it is out of hours (WSEC0004).
    pub fn out_of_hours(&self, now: Timestamp) {
        let mut seen = self.state.lock().unwrap_or_else(|p| p.into_inner());
        seen.closed_since.get_or_insert(now);
    }

    /// Whether its last answer was "out of hours".
    pub fn is_closed(&self) -> bool {
        let seen = self.state.lock().unwrap_or_else(|p| p.into_inner());
        seen.closed_since.is_some()
    }

    /// Closed first (it said so; the breaker may also be open, to spare it), then down, then
    /// slow. `hours` are the service's published closed hours, when configured: they say until
    /// when.
    pub fn availability(
        &self,
        down_since: Option<Timestamp>,
        hours: Option<ClosedHours>,
        now: Timestamp,
    ) -> Availability {
        let seen = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(since) = seen.closed_since {
            let until = hours.and_then(|h| h.next_end(now));
            return Availability::Closed { since, until };
        }
        if let Some(since) = down_since {
            return Availability::Down { since };
        }
        match seen.slow_since {
            Some(since) => Availability::Slow { since },
            None => Availability::Available,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn slow_answers_make_it_slow_until_quick_ones_bring_the_typical_time_down() {
        let health = Health::new(Duration::from_secs(2));
        let now = at("2026-12-03T10:00:00Z");
        health.answered(Duration::from_millis(300), now);
        assert_eq!(
            health.availability(None, None, now),
            Availability::Available
        );
        for _ in 0..10 {
            health.answered(Duration::from_secs(6), now);
        }
        assert_eq!(
            health.availability(None, None, now),
            Availability::Slow { since: now }
        );
        for _ in 0..20 {
            health.answered(Duration::from_millis(200), now);
        }
        assert_eq!(
            health.availability(None, None, now),
            Availability::Available
        );
    }

    #[test]
    fn out_of_hours_is_closed_until_the_published_hours_end_and_outranks_the_breaker() {
        let health = Health::new(Duration::from_secs(2));
        let night: ClosedHours = "22:00-06:30".parse().unwrap();
        let now = at("2026-01-10T23:00:00Z");
        health.out_of_hours(now);
        assert_eq!(
            health.availability(Some(now), Some(night), now),
            Availability::Closed {
                since: now,
                until: Some(at("2026-01-11T06:30:00Z"))
            }
        );
        health.answered(Duration::from_millis(100), now);
        assert_eq!(
            health.availability(Some(now), Some(night), now),
            Availability::Down { since: now }
        );
    }
}
