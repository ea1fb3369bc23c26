//! A circuit breaker for the LRS: after a run of failures (timeouts, refused connections,
//! faults that say the service is down) calls stop for a cool-off, so a service in trouble is
//! not hammered and callers learn at once that it is down rather than each waiting for a
//! timeout. After the cool-off one call is let through as a probe; its success closes the
//! breaker, its failure opens it again for twice as long, up to a ceiling. Time is passed in,
//! so the behaviour is tested without waiting.

use jiff::Timestamp;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Whether a call may go to the service now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Go ahead.
    Call,
    /// Go ahead as the one probe after a cool-off: report how it went.
    Probe,
    /// The service is taken as down since this time: do not call.
    Refuse { down_since: Timestamp },
}

#[derive(Debug, Clone, Copy)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        down_since: Timestamp,
        retry_at: Instant,
        cool_off: Duration,
    },
    Probing {
        down_since: Timestamp,
        cool_off: Duration,
    },
}

#[derive(Debug)]
pub struct Breaker {
    failures_to_open: u32,
    first_cool_off: Duration,
    longest_cool_off: Duration,
    state: Mutex<State>,
}

impl Breaker {
    pub fn new(
        failures_to_open: u32,
        first_cool_off: Duration,
        longest_cool_off: Duration,
    ) -> Self {
        Breaker {
            failures_to_open: failures_to_open.max(1),
            first_cool_off,
            longest_cool_off: longest_cool_off.max(first_cool_off),
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    pub fn admit(&self, now: Instant) -> Admission {
        let mut state = self.state.lock().expect("breaker lock");
        match *state {
            State::Closed { .. } => Admission::Call,
            State::Open {
                down_since,
                retry_at,
                cool_off,
            } if now >= retry_at => {
                *state = State::Probing {
                    down_since,
                    cool_off,
                };
                Admission::Probe
            }
            State::Open { down_since, .. } | State::Probing { down_since, .. } => {
                Admission::Refuse { down_since }
            }
        }
    }

    pub fn succeeded(&self) {
        *self.state.lock().expect("breaker lock") = State::Closed { failures: 0 };
    }

    /// A call failed in a way that says the service is in trouble (not a refusal of the
    /// request itself, which says the service is working).
    pub fn failed(&self, now: Instant, wall: Timestamp) {
        let mut state = self.state.lock().expect("breaker lock");
        *state = match *state {
            State::Closed { failures } if failures + 1 < self.failures_to_open => State::Closed {
                failures: failures + 1,
            },
            State::Closed { .. } => State::Open {
                down_since: wall,
                retry_at: now + self.first_cool_off,
                cool_off: self.first_cool_off,
            },
            State::Probing {
                down_since,
                cool_off,
            }
            | State::Open {
                down_since,
                cool_off,
                ..
            } => {
                let cool_off = (cool_off * 2).min(self.longest_cool_off);
                State::Open {
                    down_since,
                    retry_at: now + cool_off,
                    cool_off,
                }
            }
        };
    }

    /// Since when the service has been taken as down, if it is.
    pub fn down_since(&self) -> Option<Timestamp> {
        match *self.state.lock().expect("breaker lock") {
            State::Closed { .. } => None,
            State::Open { down_since, .. } | State::Probing { down_since, .. } => Some(down_since),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn breaker() -> Breaker {
        Breaker::new(3, 10 * SECOND, 25 * SECOND)
    }

    #[test]
    fn a_run_of_failures_opens_it_and_a_success_in_between_starts_the_count_again() {
        let (b, t0, wall) = (breaker(), Instant::now(), Timestamp::now());
        b.failed(t0, wall);
        b.failed(t0, wall);
        b.succeeded();
        b.failed(t0, wall);
        b.failed(t0, wall);
        assert_eq!(b.admit(t0), Admission::Call, "two in a row, not three");
        b.failed(t0, wall);
        assert_eq!(b.admit(t0), Admission::Refuse { down_since: wall });
        assert_eq!(b.down_since(), Some(wall));
    }

    #[test]
    fn after_the_cool_off_one_probe_goes_and_its_outcome_decides() {
        let (b, t0, wall) = (breaker(), Instant::now(), Timestamp::now());
        for _ in 0..3 {
            b.failed(t0, wall);
        }
        assert!(matches!(b.admit(t0 + 9 * SECOND), Admission::Refuse { .. }));
        assert_eq!(b.admit(t0 + 10 * SECOND), Admission::Probe);
        assert!(
            matches!(b.admit(t0 + 10 * SECOND), Admission::Refuse { .. }),
            "one probe at a time"
        );
        // The probe fails: twice the cool-off, the outage still dated from its start.
        b.failed(t0 + 11 * SECOND, Timestamp::now());
        assert!(
            matches!(b.admit(t0 + 30 * SECOND), Admission::Refuse { down_since } if down_since == wall)
        );
        assert_eq!(b.admit(t0 + 31 * SECOND), Admission::Probe);
        b.succeeded();
        assert_eq!(b.admit(t0 + 31 * SECOND), Admission::Call);
        assert_eq!(b.down_since(), None);
    }

    #[test]
    fn the_cool_off_doubles_no_further_than_the_ceiling() {
        let (b, t0, wall) = (breaker(), Instant::now(), wall_now());
        for _ in 0..3 {
            b.failed(t0, wall);
        }
        let mut now = t0;
        for _ in 0..4 {
            now += 60 * SECOND;
            assert_eq!(b.admit(now), Admission::Probe);
            b.failed(now, wall);
        }
        assert!(matches!(
            b.admit(now + 24 * SECOND),
            Admission::Refuse { .. }
        ));
        assert_eq!(b.admit(now + 25 * SECOND), Admission::Probe, "25 s at most");
    }

    fn wall_now() -> Timestamp {
        Timestamp::now()
    }
}
