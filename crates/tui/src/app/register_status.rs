//! The register (the LRS) in the status bar: available, slow, closed until a time, down since a
//! time, and how many registrations wait to be verified; read at start, every half minute, and
//! at once when a request is refused because the register cannot be asked. A PLR lookup that
//! cannot be answered now says why and what to do instead.

use super::App;
use crate::message::Effect;
use crate::view::{london_clock, london_time};
use jiff::{SignedDuration, Timestamp};
use ratatui::style::Style;
use ratatui::text::Span;
use uln_api::{
    ClientError, ClientResult, ErrorCode, ExceptionDetail, RegisterState, RegisterStatus,
};

/// How often the console asks again while nothing prompts it.
const EVERY: SignedDuration = SignedDuration::from_secs(30);

impl App {
    pub(super) fn on_register_status(&mut self, result: ClientResult<RegisterStatus>) {
        match result {
            Ok(status) => self.register = Some(status),
            // An older backend has no /register: the bar just does without.
            Err(e) => super::messages::log_failure("register status", None, &e),
        }
    }

    /// On each tick: ask again when it is time.
    pub(super) fn register_due(&mut self, now: Timestamp) -> Vec<Effect> {
        match self.register_checked {
            Some(then) if now.duration_since(then) < EVERY => vec![],
            _ => {
                self.register_checked = Some(now);
                vec![Effect::LoadRegisterStatus]
            }
        }
    }

    /// A request refused because the register cannot be asked: read its state now.
    pub(super) fn register_refused(&mut self, error: &ClientError) -> Vec<Effect> {
        if is_register_unavailable(error) {
            self.register_checked = Some(self.now);
            vec![Effect::LoadRegisterStatus]
        } else {
            vec![]
        }
    }

    /// A record read or written: if the register could not be asked for it (the record came
    /// without the LRS's side, or the write was refused), read the register's state now.
    pub(super) fn register_news(&mut self, result: &ClientResult<ExceptionDetail>) -> Vec<Effect> {
        match result {
            Ok(detail) if detail.register_unavailable.is_some() => {
                self.register_checked = Some(self.now);
                vec![Effect::LoadRegisterStatus]
            }
            Ok(_) => vec![],
            Err(e) => self.register_refused(e),
        }
    }

    /// The status bar's part for the register, with its priority (lower is kept first): kept
    /// whenever there is something to know, the first to go at 80 columns when all is well.
    pub(super) fn register_part(&self) -> Option<(u8, Span<'static>)> {
        let status = self.register.as_ref()?;
        let time = |t: &Option<String>| {
            t.as_deref()
                .and_then(|t| t.parse::<Timestamp>().ok())
                .map(|t| self.short_time(t))
        };
        let (text, priority, style) = match status.state {
            RegisterState::Available => ("LRS available".to_owned(), 3, Style::new()),
            RegisterState::Slow => ("LRS slow".to_owned(), 1, self.theme.error()),
            RegisterState::Closed => {
                let when = match (time(&status.until), time(&status.since)) {
                    (Some(until), _) => format!(" until {until}"),
                    (None, Some(since)) => format!(" since {since}"),
                    (None, None) => String::new(),
                };
                (format!("LRS closed{when}"), 1, self.theme.error())
            }
            RegisterState::Down => {
                let since = time(&status.since).map_or(String::new(), |s| format!(" since {s}"));
                (format!("LRS down{since}"), 1, self.theme.error())
            }
            RegisterState::Unknown => ("LRS state unknown".to_owned(), 3, Style::new()),
        };
        let (text, priority) = match status.pending {
            0 => (text, priority),
            n => (format!("{text}, {n} waiting"), priority.min(2)),
        };
        Some((priority, Span::styled(text, style)))
    }

    /// `06:00` today, `04 Dec 2026 06:00` another day (Europe/London).
    fn short_time(&self, t: Timestamp) -> String {
        let day = |t: Timestamp| t.to_zoned(crate::view::london()).date();
        if day(t) == day(self.now) {
            london_clock(t)
        } else {
            london_time(t)
        }
    }

    /// What to tell an operator whose lookup the register could not answer now, or None for
    /// any other failure.
    pub(super) fn explain_unavailable(&self, error: &ClientError) -> Option<String> {
        let ClientError::Api { body, .. } = error else {
            return None;
        };
        is_register_unavailable(error).then(|| {
            format!(
                "The LRS cannot be asked now ({}). Nothing was looked up and nothing about the \
                 learner was recorded. Take the caller's details and call back, or try again later.",
                body.message.trim_end_matches("; try again later")
            )
        })
    }
}

fn is_register_unavailable(error: &ClientError) -> bool {
    matches!(error, ClientError::Api { body, .. } if body.code == ErrorCode::RegisterUnavailable)
}
