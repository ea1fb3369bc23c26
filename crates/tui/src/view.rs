//! Formatting shared by screens: times in Europe/London, dates for people, countdowns.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use uln_domain::deadline::format_countdown;

pub(crate) fn london() -> TimeZone {
    TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC)
}

/// `03 Feb 2026` in Europe/London, from an RFC 3339 time.
/// A box of `width` × `height` in the middle of `area` (cut to fit it): where a dialog goes.
pub fn centred(area: ratatui::layout::Rect, width: u16, height: u16) -> ratatui::layout::Rect {
    use ratatui::layout::{Constraint, Flex, Layout};
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(popup);
    popup
}

pub fn london_date(rfc3339: &str) -> String {
    rfc3339
        .parse::<Timestamp>()
        .map(london_day)
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// `03 Feb 2026`: the day in Europe/London.
pub fn london_day(t: Timestamp) -> String {
    t.to_zoned(london()).strftime("%d %b %Y").to_string()
}

/// `03 Feb 2026 14:05` in Europe/London.
pub fn london_time(t: Timestamp) -> String {
    t.to_zoned(london()).strftime("%d %b %Y %H:%M").to_string()
}

/// `14:05`: the time of day in Europe/London.
pub fn london_clock(t: Timestamp) -> String {
    t.to_zoned(london()).strftime("%H:%M").to_string()
}

/// `YYYY-MM-DD` as `03 Feb 2007`; anything else as given.
pub fn date_for_people(iso: &str) -> String {
    uln_domain::demographics::parse_date_of_birth(iso)
        .map(uln_domain::demographics::format_date_for_people)
        .unwrap_or_else(|_| iso.to_owned())
}

pub fn countdown(deadline: Timestamp, now: Timestamp) -> String {
    format_countdown(deadline, now)
}

/// A gender code in words, as the LRS defines it.
pub fn gender_word(gender: uln_api::Gender) -> &'static str {
    gender.to_domain().map_or("?", |g| g.describe())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_london() {
        assert_eq!(
            london_date("2026-07-01T23:30:00Z"),
            "02 Jul 2026",
            "BST is UTC+1"
        );
        assert_eq!(london_date("2026-01-01T23:30:00Z"), "01 Jan 2026");
        assert_eq!(
            london_time("2026-07-01T12:00:00Z".parse().unwrap()),
            "01 Jul 2026 13:00"
        );
        assert_eq!(date_for_people("2007-02-03"), "03 Feb 2007");
    }
}
