//! Closed hours: a daily window, in UK time, when every request is refused with WSEC0004.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::str::FromStr;

/// A daily window such as `18:00-08:00`, read in Europe/London time (so it follows the clocks
/// going forward and back, as the register's own hours do). The start is inside the window,
/// the end outside; a window whose end is before its start runs over midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedHours {
    pub from: Time,
    pub until: Time,
}

impl ClosedHours {
    /// The next end of the window after `now`: when a service closed now opens again.
    pub fn next_end(&self, now: Timestamp) -> Option<Timestamp> {
        let london = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
        let today = now.to_zoned(london.clone()).date();
        [today, today.tomorrow().ok()?]
            .into_iter()
            .filter_map(|day| day.to_datetime(self.until).to_zoned(london.clone()).ok())
            .map(|end| end.timestamp())
            .find(|end| *end > now)
    }

    pub fn contains(&self, now: Timestamp) -> bool {
        let london = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
        let time = now.to_zoned(london).time();
        if self.from <= self.until {
            self.from <= time && time < self.until
        } else {
            time >= self.from || time < self.until
        }
    }
}

impl FromStr for ClosedHours {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (from, until) = text
            .split_once('-')
            .ok_or_else(|| format!("'{text}' is not HH:MM-HH:MM"))?;
        let time = |part: &str| {
            let (h, m) = part
                .trim()
                .split_once(':')
                .ok_or_else(|| format!("'{part}' is not HH:MM"))?;
            let hour: i8 = h.parse().map_err(|_| format!("'{part}' is not HH:MM"))?;
            let minute: i8 = m.parse().map_err(|_| format!("'{part}' is not HH:MM"))?;
            Time::new(hour, minute, 0, 0).map_err(|_| format!("'{part}' is not a time of day"))
        };
        let window = ClosedHours {
            from: time(from)?,
            until: time(until)?,
        };
        if window.from == window.until {
            return Err("an empty window: give different start and end times".into());
        }
        Ok(window)
    }
}

/// What the simulator reads the time from; tests set it so closed hours do not depend on when
/// they run.
pub type Clock = std::sync::Arc<dyn Fn() -> Timestamp + Send + Sync>;

pub fn system_clock() -> Clock {
    std::sync::Arc::new(Timestamp::now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn a_window_ends_next_at_its_end_time_in_london() {
        let night: ClosedHours = "22:00-06:30".parse().unwrap();
        // 06:30 GMT in winter; 06:30 BST (05:30 UTC) in summer; tomorrow once today's has gone.
        assert_eq!(
            night.next_end(at("2026-01-10T23:00:00Z")),
            Some(at("2026-01-11T06:30:00Z"))
        );
        assert_eq!(
            night.next_end(at("2026-07-10T04:00:00Z")),
            Some(at("2026-07-10T05:30:00Z"))
        );
    }

    #[test]
    fn a_window_over_midnight_holds_both_ends_of_the_night() {
        let night: ClosedHours = "22:00-06:30".parse().unwrap();
        // 23:00 in London in winter (GMT) and 05:00 in summer (BST, UTC+1).
        assert!(night.contains(at("2026-01-10T23:00:00Z")));
        assert!(night.contains(at("2026-07-10T04:00:00Z")));
        assert!(!night.contains(at("2026-07-10T06:00:00Z")), "07:00 BST");
        assert!(!night.contains(at("2026-01-10T12:00:00Z")));
    }

    #[test]
    fn a_daytime_window_is_read_in_uk_time() {
        let lunch: ClosedHours = "12:00-13:00".parse().unwrap();
        assert!(lunch.contains(at("2026-07-10T11:30:00Z")), "12:30 BST");
        assert!(!lunch.contains(at("2026-01-10T11:30:00Z")), "11:30 GMT");
    }

    #[test]
    fn a_malformed_window_is_refused() {
        for bad in ["22:00", "25:00-06:00", "22:00-22:00", "ten-six"] {
            assert!(bad.parse::<ClosedHours>().is_err(), "{bad}");
        }
    }
}
