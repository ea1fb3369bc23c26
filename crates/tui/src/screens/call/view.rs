//! How the call panel looks: the timer and where the identity check stands on top; below it the
//! identity form, or the confirmed caller's PLR, or the wrap-up note; the operator's recent calls
//! at the bottom while there is room for them (never over the PLR).

use super::{CallPanel, CallStep, Identity, RecentCalls, Resume};
use crate::layer::Cx;
use crate::screens::plr::PlrView;
use crate::theme::Theme;
use crate::view::{date_for_people, london_clock, london_day};
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use uln_api::{CallOutcome, CallView};

/// Rows of the recent-calls box, borders included.
const RECENT_ROWS: u16 = 6;

pub fn render(panel: &mut CallPanel, area: Rect, buf: &mut Buffer, cx: &Cx) {
    Clear.render(area, buf);
    let shown = match panel.step {
        CallStep::Abandon(back) => back,
        CallStep::Identify => Resume::Identify,
        CallStep::Search => Resume::Search,
        CallStep::Plr => Resume::Plr,
        CallStep::WrapUp => Resume::WrapUp,
    };
    // The PLR takes all the room there is; the other steps leave some for the recent calls.
    let recent_rows = if shown == Resume::Plr { 0 } else { RECENT_ROWS };
    // Two lines of status: what to do after a failed check is said whole at 80 columns.
    let [header, body, recent] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(4),
        Constraint::Length(recent_rows),
    ])
    .areas(area);
    status(panel, cx).render(header, buf);
    match shown {
        Resume::Identify | Resume::Plr => PlrView {
            screen: &panel.plr,
            theme: cx.theme,
        }
        .render(body, buf),
        Resume::Search => register_matches(panel, cx.theme, body.height).render(body, buf),
        Resume::WrapUp => wrap_up(panel, cx.theme).render(body, buf),
    }
    if recent_rows > 0 {
        recent_calls(&panel.recent, cx.theme).render(recent, buf);
    }
    if matches!(panel.step, CallStep::Abandon(_)) {
        abandon_question(area, buf);
    }
}

/// The timer, when the call started, and where the identity check stands.
fn status(panel: &CallPanel, cx: &Cx) -> Paragraph<'static> {
    let theme = cx.theme;
    let (said, style) =
        match &panel.identity {
            Identity::NotChecked => (
                "identity not checked: ULN, family name, date of birth, then ctrl-s".to_owned(),
                Style::new(),
            ),
            Identity::Checking => (
                "checking the caller with the register…".to_owned(),
                Style::new(),
            ),
            // Which check this was shows in the code's place only after the first.
            Identity::NotConfirmed {
                code,
                message,
                checks,
            } => {
                (
                    format!(
                "NOT CONFIRMED ({code}{}): {message}. Ask for the given name and check again, \
                 or ctrl-f to search the register.",
                if *checks > 1 { format!(", check {checks}") } else { String::new() }
            ),
                    theme.error(),
                )
            }
            Identity::Confirmed { .. } => {
                ("✓ identity confirmed: PLR open".to_owned(), theme.matched())
            }
        };
    let line = Line::from(vec![
        Span::styled(
            // Words, not a clock glyph: fonts over SSH often lack it.
            format!("on call {} ", panel.timer(cx.now)),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("since {} · ", london_clock(panel.started_at)),
            theme.muted(),
        ),
        Span::styled(said, style),
    ]);
    Paragraph::new(line)
        .wrap(Wrap { trim: true })
        .block(Block::default().borders(Borders::ALL).title(" Phone call "))
}

/// The note being written, what the call will be recorded as, and why a send was refused.
fn wrap_up(panel: &CallPanel, theme: &Theme) -> Paragraph<'static> {
    let (outcome, uln) = panel.outcome();
    let about = match uln {
        Some(uln) => format!("{} · ULN {uln}", outcome.label()),
        None => outcome.label(),
    };
    let mut lines = vec![
        Line::from(Span::styled(format!("Recorded as: {about}"), theme.muted())),
        Line::from(crate::text_line::with_cursor(&panel.wrap_up.note)),
    ];
    if let Some(error) = &panel.wrap_up.error {
        lines.push(Line::from(Span::styled(error.clone(), theme.error())));
    } else if panel.wrap_up.sending {
        lines.push(Line::from("sending…"));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false }).block(
        Block::default()
            .borders(Borders::ALL)
            .title(" Wrap-up note (required; joins the audit trail) "),
    )
}

/// The learners the register found by the caller's name and date of birth.
/// Scrolled so the chosen one is always in the `height` rows of the box.
fn register_matches(panel: &CallPanel, theme: &Theme, height: u16) -> Paragraph<'static> {
    let Some((answer, selected)) = &panel.matches else {
        return Paragraph::new("");
    };
    let lines: Vec<Line> = answer
        .learners
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let text = format!(
                "{}{}  {} {}  born {}  {}",
                if i == *selected { "▶ " } else { "  " },
                l.uln,
                l.given_name,
                l.family_name,
                date_for_people(&l.date_of_birth),
                l.postcode.as_deref().unwrap_or("—"),
            );
            let style = if i == *selected {
                theme.selected()
            } else {
                Style::new()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    let rows = usize::from(height.saturating_sub(2)).max(1);
    let offset = u16::try_from(selected.saturating_sub(rows - 1)).unwrap_or(u16::MAX);
    let title = format!(
        " Register: {} {} · enter checks the caller with that ULN ",
        answer.code, answer.message
    );
    Paragraph::new(lines)
        .scroll((offset, 0))
        .block(Block::default().borders(Borders::ALL).title(title))
}

/// One call as the list shows it: id, day, from–to, length, outcome.
fn call_line(call: &CallView) -> String {
    let parse = |t: &str| t.parse::<Timestamp>().ok();
    let (Some(start), Some(end)) = (parse(&call.started_at), parse(&call.ended_at)) else {
        return format!("#{} {}", call.id, call.outcome.label());
    };
    let length = CallPanel::new(start).timer(end);
    let outcome = match call.outcome {
        CallOutcome::NotIdentified => "NOT identified".to_owned(),
        other => other.label(),
    };
    format!(
        "#{:<6} {} {}–{}  {length:>5}  {outcome}",
        call.id,
        london_day(start),
        london_clock(start),
        london_clock(end),
    )
}

fn recent_calls(recent: &RecentCalls, theme: &Theme) -> Paragraph<'static> {
    let lines = match recent {
        RecentCalls::Loading => vec![Line::from(Span::styled("loading…", theme.muted()))],
        RecentCalls::Unavailable => vec![Line::from(Span::styled(
            "recent calls could not be loaded",
            theme.error(),
        ))],
        RecentCalls::Shown(calls) if calls.is_empty() => {
            vec![Line::from(Span::styled("none yet", theme.muted()))]
        }
        RecentCalls::Shown(calls) => calls.iter().map(|c| Line::from(call_line(c))).collect(),
    };
    Paragraph::new(lines).block(
        Block::default()
            .borders(Borders::ALL)
            .title(" Your recent calls "),
    )
}

/// Over the call: whether to drop it unrecorded.
fn abandon_question(area: Rect, buf: &mut Buffer) {
    let text = "Abandon this call? Nothing is recorded but the lookups already made.";
    let width = u16::try_from(text.chars().count() + 4)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let popup = crate::view::centred(area, width, 4);
    Clear.render(popup, buf);
    Paragraph::new(vec![
        Line::from(text),
        Line::from("esc again abandons it · any other key goes back to the call"),
    ])
    .wrap(Wrap { trim: true })
    .block(
        Block::default()
            .borders(Borders::ALL)
            .title(" Abandon call? "),
    )
    .render(popup, buf);
}
