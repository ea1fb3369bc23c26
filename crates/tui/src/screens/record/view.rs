//! How the record screen looks: a header, the comparison table, and the findings below.

use super::audit;
use super::compare::comparison;
use super::notes;
use super::RecordScreen;
use crate::columns;
use crate::theme::{band_symbol, Theme};
use crate::view::{countdown, london_date, london_time};
use jiff::Timestamp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use uln_api::{AuditEntry, ExceptionDetail, RecordStatus, SuggestedAction, SuggestionView};
use uln_domain::DeadlineBand;

pub struct RecordView<'a> {
    /// Mutable only to note how tall the findings are, which half-page scrolling moves by.
    pub screen: &'a mut RecordScreen,
    pub theme: &'a Theme,
    pub now: Timestamp,
    /// Suggestions are applied by operators and supervisors; a viewer is told, not invited.
    pub may_apply: bool,
    /// Who is on the record now, if anyone, and whether it is this operator.
    pub claim: Option<(uln_api::ClaimView, bool)>,
    /// The key that takes the record over, as bound.
    pub take_over_key: String,
}

impl Widget for RecordView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(d) = &self.screen.detail else {
            let text = self
                .screen
                .error
                .clone()
                .unwrap_or_else(|| "Loading record…".into());
            Paragraph::new(text)
                .block(Block::default().borders(Borders::ALL))
                .render(area, buf);
            return;
        };
        let (compared, compared_height) = comparison(d, self.theme, area.width);
        let [head, compare, lower] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(compared_height),
            // On a short terminal the suggestions to apply (1-9) keep their lines; a comparison
            // taller than the room left loses its last rows, never a value cut mid-word.
            Constraint::Min(6),
        ])
        .areas(area);
        self.screen.findings_height = lower.height.saturating_sub(2);
        header(
            d,
            self.theme,
            self.now,
            usize::from(head.width.saturating_sub(2)),
        )
        .block(with_claim(
            header_block(self.screen.awaiting, self.theme),
            self.claim.as_ref(),
            &self.take_over_key,
            self.now,
            self.theme,
        ))
        .render(head, buf);
        Widget::render(compared, compare, buf);
        findings(d, &self.screen.older_audit, self.theme, self.may_apply)
            .scroll((self.screen.scroll, 0))
            .render(lower, buf);
    }
}

/// Which record, its status, centre and how long until its ULN is removed, as much as fits whole
/// in `room` cells: the countdown before the centre and the registration date.
fn header(d: &ExceptionDetail, theme: &Theme, now: Timestamp, room: usize) -> Paragraph<'static> {
    let deadline: Timestamp = d.deadline.parse().unwrap_or(now);
    let band = DeadlineBand::of(deadline, now);
    let countdown_span = if d.status == RecordStatus::Open {
        let text = format!("{} {}", band_symbol(band).trim(), countdown(deadline, now));
        Span::styled(
            format!("removal in {}", text.trim_start()),
            theme.band(band),
        )
    } else {
        Span::raw("no removal pending")
    };
    let id = Span::styled(
        format!(" #{} ", d.id),
        Style::new().add_modifier(Modifier::BOLD),
    );
    // By priority: the countdown, a snooze, the status and who holds it, the version, the
    // centre, the registration date.
    let snoozed = d.snoozed_until.as_deref().map(|t| {
        let at = t
            .parse::<Timestamp>()
            .map(london_time)
            .unwrap_or_else(|_| t.to_owned());
        (
            1,
            Span::styled(format!("snoozed until {at}"), theme.muted()),
        )
    });
    let parts: Vec<(u8, Span)> = [
        (2, Span::raw(d.status.to_string())),
        (4, Span::raw(d.centre.clone())),
        (
            5,
            Span::raw(format!("registered {}", london_date(&d.registered_at))),
        ),
        (0, countdown_span),
    ]
    .into_iter()
    .chain(snoozed)
    .chain(
        d.assigned_to
            .as_ref()
            .map(|holder| (2, Span::raw(format!("held by {holder}")))),
    )
    .chain([(3, Span::raw(format!("version {}", d.version)))])
    .collect();
    let measured: Vec<(u8, usize)> = parts.iter().map(|(p, s)| (*p, s.width())).collect();
    let kept = columns::keep_by_priority(
        &measured,
        columns::width(SEPARATOR),
        room.saturating_sub(id.width()),
    );
    let mut spans = vec![id];
    for ((_, part), kept) in parts.into_iter().zip(kept) {
        if kept {
            if spans.len() > 1 {
                spans.push(Span::raw(SEPARATOR));
            }
            spans.push(part);
        }
    }
    Paragraph::new(Line::from(spans))
}

const SEPARATOR: &str = " · ";

/// The header's frame; while the next record is read, a discreet marker says which.
fn header_block(awaiting: Option<i64>, theme: &Theme) -> Block<'static> {
    let block = Block::default().borders(Borders::ALL).title(" Record ");
    match awaiting {
        Some(next) => block
            .title_top(Line::styled(format!(" loading #{next}… "), theme.muted()).right_aligned()),
        None => block,
    }
}

/// Who is on the record, on the header's lower edge where it cannot be missed: "Sam is on this
/// record, 2 min", with the key that takes it over; or that this operator is.
fn with_claim(
    block: Block<'static>,
    claim: Option<&(uln_api::ClaimView, bool)>,
    take_over_key: &str,
    now: Timestamp,
    theme: &Theme,
) -> Block<'static> {
    match claim {
        Some((_, true)) => {
            block.title_bottom(Line::styled(" you are on this record ", theme.muted()))
        }
        Some((c, false)) => {
            let on = crate::claims::on_this_record(c, now);
            let text = format!(" {on} · {take_over_key} takes over ");
            block.title_bottom(Line::styled(
                text,
                theme.error().add_modifier(Modifier::BOLD),
            ))
        }
        None => block,
    }
}

/// Audit entries the record screen lists, newest first.
const AUDIT_SHOWN: usize = 8;

/// What the verification said, the suggestions to apply and the latest audit entries.
fn findings(
    d: &ExceptionDetail,
    older: &[AuditEntry],
    theme: &Theme,
    may_apply: bool,
) -> Paragraph<'static> {
    let v = &d.verification;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{} ", v.code),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(v.description.clone()),
    ])];
    for flag in &v.failure_flags {
        let text = flag
            .to_domain()
            .map_or("not known to this console", |f| f.describe());
        lines.push(Line::from(format!("  {flag}: {text}")));
    }
    lines.push(Line::from(""));
    if let Some(why) = &d.register_unavailable {
        lines.push(Line::styled(
            format!(
                "The LRS cannot be asked now ({}): its details, the comparison and suggestions are \
                 not shown. The record is as stored; amending waits until it answers.",
                why.trim_end_matches("; try again later")
            ),
            theme.differs().add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(why) = withheld_reason(d) {
        lines.push(Line::styled(
            format!("No amendment is offered: {}", lower_first(why)),
            theme.differs().add_modifier(Modifier::BOLD),
        ));
    }
    lines.push(Line::styled(
        if d.register_unavailable.is_some() {
            "No suggestions until the LRS answers."
        } else if d.suggestions.is_empty() {
            "No suggestions: the record is not open."
        } else if may_apply {
            "Suggestions: press the number to apply (you review before it is sent)"
        } else {
            "Suggestions (an operator or supervisor applies them):"
        },
        theme.muted(),
    ));
    for (i, s) in d.suggestions.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}. {} ({}%) ", i + 1, s.kind.label(), s.confidence),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(suggestion_text(s)),
        ]));
    }
    lines.push(Line::from(""));
    lines.extend(notes::assignment(d, theme));
    lines.extend(notes::lines(d, theme));
    // The detail carries only the latest entries; say how many the whole trail holds. Once the
    // operator asks for older ones, every entry known is listed.
    let entries: Vec<&AuditEntry> = if older.is_empty() {
        d.audit.iter().rev().take(AUDIT_SHOWN).collect()
    } else {
        d.audit.iter().rev().chain(older).collect()
    };
    let total = d.audit_total.max(entries.len() as i64);
    let heading = match (entries.len() as i64, total) {
        (_, 0) => "Audit trail: no entries yet".to_owned(),
        (_, 1) => "Audit trail: 1 entry".to_owned(),
        (shown, total) if shown >= total => format!("Audit trail: all {total} entries"),
        (shown, total) => format!("Audit trail: latest {shown} of {total} (t for older)"),
    };
    lines.push(Line::styled(heading, theme.header()));
    lines.extend(entries.into_iter().map(audit::entry_line));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Verification · suggestions · audit ");
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block)
}

/// Why no amendment is offered, when the diagnosis withholds every fix because identity is in
/// doubt: the confirm-identity suggestion's reason says why.
fn withheld_reason(d: &ExceptionDetail) -> Option<&str> {
    let amends = d
        .suggestions
        .iter()
        .any(|s| matches!(s.action, SuggestedAction::Amend { .. }));
    if amends {
        return None;
    }
    d.suggestions
        .iter()
        .find(|s| s.action == SuggestedAction::ConfirmIdentity)
        .map(|s| s.reason.as_str())
}

/// A suggestion's line: its reason, except that the confirm-identity reason is already the
/// "No amendment is offered" line above the list, so it is not said twice.
fn suggestion_text(s: &SuggestionView) -> String {
    match s.action {
        SuggestedAction::ConfirmIdentity => {
            "Confirm the learner's identity with the centre before changing anything.".into()
        }
        _ => s.reason.clone(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
