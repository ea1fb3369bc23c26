//! Drawing the dashboard with ratatui's charts, readable without colour: every bar has its
//! label and its count written under it, and the sparkline its dates and totals in words.
//!
//! At 80×24 the charts keep their few rows and the tables get the rest; the tables list as many
//! centres and operators as fit. The per-operator table appears only when the backend sent it
//! (to supervisors); otherwise the centres take the whole width.

use super::DashboardScreen;
use crate::columns;
use crate::layer::Cx;
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, Paragraph, Row, Sparkline, Table, Widget,
};
use uln_api::{Dashboard, DayResolutions, OperatorResolutions, QueueDashboard};

/// Wide enough for the longest band label, `15-28 d`.
const BAR_WIDTH: u16 = 7;
/// Rows from which the charts are drawn taller (and the tables longer).
const ROOMY: u16 = 30;

pub(super) fn dashboard(screen: &DashboardScreen, area: Rect, buf: &mut Buffer, cx: &Cx) {
    let (Some(dashboard), Some(queue)) = (&screen.dashboard, screen.shown()) else {
        let text = if screen.loading {
            "Loading the dashboard…"
        } else {
            "The dashboard could not be loaded: r tries again."
        };
        Paragraph::new(text)
            .block(Block::default().borders(Borders::ALL).title(" Dashboard "))
            .render(area, buf);
        return;
    };
    let roomy = area.height >= ROOMY;
    let [summary, backlog_area, resolutions_area, tables] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if roomy { 12 } else { 7 }),
        Constraint::Length(if roomy { 7 } else { 4 }),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(summary_line(screen, dashboard, queue)).render(summary, buf);
    backlog(queue, backlog_area, buf, cx);
    resolutions(&dashboard.resolutions, resolutions_area, buf);
    match &dashboard.by_operator {
        Some(operators) => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(tables);
            centres(queue, left, buf, cx);
            per_operator(operators, right, buf, cx);
        }
        None => centres(queue, tables, buf, cx),
    }
}

fn summary_line(screen: &DashboardScreen, dashboard: &Dashboard, queue: &QueueDashboard) -> String {
    let position = dashboard
        .queues
        .iter()
        .position(|q| q.queue == queue.queue)
        .map_or(0, |i| i + 1);
    let loading = if screen.loading { " · loading…" } else { "" };
    format!(
        "Dashboard · queue {} ({position}/{}) · open {} · due this week {} · {}{loading}",
        queue.queue.label(),
        dashboard.queues.len(),
        columns::count(queue.open),
        columns::count(queue.due_this_week),
        people_date(&dashboard.today, "%d %b %Y"),
    )
}

/// `YYYY-MM-DD` in the UK's way (`03 Feb 2026`), or as sent if it is not a date.
fn people_date(iso: &str, format: &str) -> String {
    iso.parse::<Date>()
        .map(|d| d.strftime(format).to_string())
        .unwrap_or_else(|_| iso.to_owned())
}

fn backlog(queue: &QueueDashboard, area: Rect, buf: &mut Buffer, cx: &Cx) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Open by days left before removal ");
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 3 {
        return;
    }
    // The chart's own value text is left empty: ratatui skips zeros, and every band's count is
    // written under its label instead, so an empty band reads as 0, not as nothing.
    let bars: Vec<Bar> = queue
        .backlog
        .iter()
        .map(|band| {
            Bar::default()
                .value(band.open.max(0) as u64)
                .text_value(String::new())
                .label(Line::from(band.days_left.short_label()))
        })
        .collect();
    let chart_area = Rect {
        height: inner.height - 1,
        ..inner
    };
    BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(BAR_WIDTH)
        .bar_gap(1)
        .bar_style(cx.theme.highlight())
        .render(chart_area, buf);
    let counts_y = inner.y + inner.height - 1;
    for (i, band) in queue.backlog.iter().enumerate() {
        let text = columns::count(band.open);
        let x = inner.x + i as u16 * (BAR_WIDTH + 1);
        if x + BAR_WIDTH > inner.x + inner.width {
            break;
        }
        let pad = (BAR_WIDTH as usize).saturating_sub(text.len()) / 2;
        buf.set_string(x + pad as u16, counts_y, text, cx.theme.header());
    }
}

fn resolutions(days: &[DayResolutions], area: Rect, buf: &mut Buffer) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Closed per day, 4 weeks: amended or re-verified to a match, or rejected ");
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 2 || days.is_empty() {
        return;
    }
    let spark_width = (days.len() as u16).min(inner.width);
    let [spark, words] = Layout::horizontal([Constraint::Length(spark_width), Constraint::Min(0)])
        .spacing(2)
        .areas(inner);
    let [line, dates] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(spark);
    let closed: Vec<u64> = days.iter().map(|d| d.closed().max(0) as u64).collect();
    Sparkline::default().data(closed).render(line, buf);
    let first = people_date(&days[0].date, "%d %b");
    let last = people_date(&days[days.len() - 1].date, "%d %b");
    let gap = (spark_width as usize).saturating_sub(first.len() + last.len());
    Paragraph::new(format!("{first}{}{last}", " ".repeat(gap))).render(dates, buf);
    let total: i64 = days.iter().map(DayResolutions::closed).sum();
    let rejected: i64 = days.iter().map(|d| d.rejected).sum();
    let today = days[days.len() - 1].closed();
    let busiest = days.iter().max_by_key(|d| (d.closed(), d.date.clone()));
    let mut lines = vec![
        Line::from(format!(
            "{total} closed: {} resolved, {rejected} rejected",
            total - rejected
        )),
        Line::from(format!("today {today}")),
    ];
    if let Some(day) = busiest.filter(|d| d.closed() > 0) {
        lines.push(Line::from(format!(
            "most {} on {}",
            day.closed(),
            people_date(&day.date, "%d %b %Y")
        )));
    }
    Paragraph::new(lines).render(words, buf);
}

fn centres(queue: &QueueDashboard, area: Rect, buf: &mut Buffer, cx: &Cx) {
    let title = format!(" Centres with most open ({}) ", queue.queue.label());
    let room = usize::from(area.width.saturating_sub(2 + 7));
    let mut rows: Vec<Row> = queue
        .top_centres
        .iter()
        .map(|c| {
            Row::new([
                columns::fit_words(&c.centre, room),
                format!("{:>5}", columns::count(c.open)),
            ])
        })
        .collect();
    if rows.is_empty() {
        rows.push(Row::new(["none open", ""]));
    }
    Table::new(rows, [Constraint::Min(10), Constraint::Length(5)])
        .header(Row::new(["Centre", " Open"]).style(cx.theme.header()))
        .block(Block::default().borders(Borders::ALL).title(title))
        .render(area, buf);
}

fn per_operator(operators: &[OperatorResolutions], area: Rect, buf: &mut Buffer, cx: &Cx) {
    let mut rows: Vec<Row> = operators
        .iter()
        .map(|o| {
            Row::new([
                o.operator.clone(),
                format!("{:>8}", columns::count(o.resolved)),
                format!("{:>8}", columns::count(o.rejected)),
            ])
        })
        .collect();
    if rows.is_empty() {
        rows.push(Row::new(["none closed", "", ""]));
    }
    let title = " Closed per operator, 4 weeks ";
    Table::new(
        rows,
        [
            Constraint::Min(8),
            Constraint::Length(8),
            Constraint::Length(8),
        ],
    )
    .header(Row::new(["Operator", "Resolved", "Rejected"]).style(cx.theme.header()))
    .block(Block::default().borders(Borders::ALL).title(title))
    .render(area, buf);
}
