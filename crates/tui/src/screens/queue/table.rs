//! The queue's table at any width: its columns chosen by priority (the band, the countdown and
//! the ULN first, then the learner, then the rest as width allows), measured from the rows on
//! screen so that no ULN, date or countdown is ever cut, and names shortened by whole words.

use super::ExceptionRow;
use crate::columns::{self, Column};
use crate::theme::{band_symbol, Theme};
use crate::view::{countdown, london_day};
use jiff::Timestamp;
use ratatui::layout::Constraint;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use uln_domain::DeadlineBand;

/// The queue's columns, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QueueColumn {
    Band,
    Uln,
    Learner,
    /// Who is on the record ("sam 2m"); shown only while a row on screen has someone.
    OnIt,
    Centre,
    Registered,
    RemovalIn,
    Anomalies,
}

impl QueueColumn {
    const ALL: [QueueColumn; 8] = [
        QueueColumn::Band,
        QueueColumn::Uln,
        QueueColumn::Learner,
        QueueColumn::OnIt,
        QueueColumn::Centre,
        QueueColumn::Registered,
        QueueColumn::RemovalIn,
        QueueColumn::Anomalies,
    ];

    fn header(self) -> &'static str {
        match self {
            QueueColumn::Band => "",
            QueueColumn::Uln => "ULN",
            QueueColumn::Learner => "Learner",
            QueueColumn::OnIt => "On it",
            QueueColumn::Centre => "Centre",
            QueueColumn::Registered => "Registered",
            QueueColumn::RemovalIn => "Removal in",
            QueueColumn::Anomalies => "Anomalies",
        }
    }

    /// Which columns a narrow terminal keeps: what decides the order of work comes first.
    fn priority(self) -> u8 {
        match self {
            QueueColumn::Band => 0,
            QueueColumn::RemovalIn => 1,
            QueueColumn::Uln => 2,
            QueueColumn::Learner => 3,
            QueueColumn::OnIt => 4,
            QueueColumn::Registered => 5,
            QueueColumn::Centre => 6,
            QueueColumn::Anomalies => 7,
        }
    }
}

/// One row as text, before it is fitted to the columns.
pub struct RowText<'a> {
    pub row: ExceptionRow<'a>,
    /// Where the filter matched in the row's search text.
    pub matched: Vec<usize>,
    pub selected: bool,
    /// While any row is marked for a bulk action, whether this one is (a ✓ before its band).
    pub marked: Option<bool>,
    band: DeadlineBand,
    learner: String,
    /// The given name as an initial, for a learner column too narrow for the whole name.
    learner_short: String,
    registered: String,
    countdown: String,
    anomalies: String,
    /// Who is on the record, compactly; empty when nobody is.
    claim: String,
}

impl<'a> RowText<'a> {
    pub fn new(row: ExceptionRow<'a>, matched: Vec<usize>, selected: bool, now: Timestamp) -> Self {
        let deadline = row.deadline();
        let initial = row.given_name().chars().next();
        // A closed record (all-records view) has no countdown: its status is what matters.
        let open = row.status() == uln_api::RecordStatus::Open;
        RowText {
            band: if open {
                DeadlineBand::of(deadline, now)
            } else {
                DeadlineBand::Later
            },
            learner: format!("{} {}", row.given_name(), row.family_name()),
            learner_short: match initial {
                Some(i) => format!("{i}. {}", row.family_name()),
                None => row.family_name().to_owned(),
            },
            registered: london_day(row.registered_at()),
            countdown: if open {
                countdown(deadline, now)
            } else {
                row.status().label()
            },
            anomalies: row
                .anomalies()
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(", "),
            row,
            matched,
            selected,
            marked: None,
            claim: String::new(),
        }
    }

    /// The row saying who is on its record.
    pub fn with_claim(mut self, claim: Option<String>) -> Self {
        self.claim = claim.unwrap_or_default();
        self
    }
}

/// What a column needs to show these rows and its header.
fn measure(column: QueueColumn, rows: &[RowText]) -> Column {
    let header = columns::width(column.header());
    let (priority, cells) = (column.priority(), rows.iter());
    match column {
        // Two cells more for the marks while there are any: "✓ " or blank.
        QueueColumn::Band if rows.iter().any(|r| r.marked.is_some()) => {
            Column::whole(priority, [4])
        }
        QueueColumn::Band => Column::whole(priority, [2]),
        QueueColumn::Uln => Column::whole(
            priority,
            cells.map(|r| columns::width(r.row.uln())).chain([header]),
        ),
        // The family name is never shortened: the learner is shown whole or as "A. Hughes".
        QueueColumn::Learner => Column {
            narrowest: Column::whole(
                priority,
                cells
                    .map(|r| columns::width(&r.learner_short))
                    .chain([header]),
            )
            .narrowest,
            ..Column::words(
                priority,
                rows.iter()
                    .map(|r| r.learner.as_str())
                    .chain([column.header()]),
            )
        },
        QueueColumn::Centre => Column::words(
            priority,
            cells.map(|r| r.row.centre()).chain([column.header()]),
        ),
        QueueColumn::OnIt => Column::whole(
            priority,
            cells.map(|r| columns::width(&r.claim)).chain([header]),
        ),
        QueueColumn::Registered => Column::whole(
            priority,
            cells.map(|r| columns::width(&r.registered)).chain([header]),
        ),
        QueueColumn::RemovalIn => Column::whole(
            priority,
            cells.map(|r| columns::width(&r.countdown)).chain([header]),
        ),
        QueueColumn::Anomalies => Column::words(
            priority,
            cells.map(|r| r.anomalies.as_str()).chain([column.header()]),
        ),
    }
}

/// The table in `width` cells: its header, rows, column widths and the space between columns.
pub struct FittedTable<'a> {
    pub header: Row<'a>,
    pub rows: Vec<Row<'a>>,
    pub widths: Vec<Constraint>,
    pub spacing: u16,
}

pub fn table<'a>(rows: &[RowText], width: u16, theme: &Theme) -> FittedTable<'a> {
    // Nobody on any record on screen: the column would only be an empty header.
    let anyone_on = rows.iter().any(|r| !r.claim.is_empty());
    let present: Vec<QueueColumn> = QueueColumn::ALL
        .into_iter()
        .filter(|c| *c != QueueColumn::OnIt || anyone_on)
        .collect();
    let mut needs: Vec<Column> = present.iter().map(|c| measure(*c, rows)).collect();
    let mut widths = columns::fit(&needs, width);
    // Who is on a record matters more than a learner's given name in full: on a narrow
    // terminal the learner is shown as "C. Wright" to make room for "ana 2m".
    let on_it = present.iter().position(|c| *c == QueueColumn::OnIt);
    let learner = present.iter().position(|c| *c == QueueColumn::Learner);
    if let (Some(on_it), Some(learner)) = (on_it, learner) {
        if widths[on_it] == 0 {
            needs[learner].widest = needs[learner].narrowest;
            widths = columns::fit(&needs, width);
        }
    }
    let spacing = columns::spacing(&widths, width);
    let shown: Vec<(QueueColumn, usize)> = present
        .into_iter()
        .zip(widths.iter().map(|w| usize::from(*w)))
        .filter(|(_, w)| *w > 0)
        .collect();
    let header = Row::new(shown.iter().map(|(c, _)| c.header())).style(theme.header());
    let body = rows
        .iter()
        .map(|r| {
            let cells = shown.iter().map(|(c, w)| cell(*c, r, *w, theme));
            let style = if r.selected {
                theme.selected()
            } else {
                Style::new()
            };
            Row::new(cells.collect::<Vec<_>>()).style(style)
        })
        .collect();
    let constraints = shown
        .iter()
        .map(|(_, w)| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    FittedTable {
        header,
        rows: body,
        widths: constraints,
        spacing,
    }
}

/// One cell in `room` cells; the columns were measured so that nothing here is cut but words.
fn cell<'a>(column: QueueColumn, r: &RowText, room: usize, theme: &Theme) -> Cell<'a> {
    let row = &r.row;
    // Offsets of each part in the row's search text: ULN, given, family, centre, one space apart.
    let given_at = row.uln().chars().count() + 1;
    let family_at = given_at + row.given_name().chars().count() + 1;
    let centre_at = family_at + row.family_name().chars().count() + 1;
    match column {
        QueueColumn::Band => {
            let band = Span::styled(band_symbol(r.band), theme.band(r.band));
            match r.marked {
                Some(marked) => Cell::from(Line::from(vec![
                    Span::raw(if marked { "✓ " } else { "  " }),
                    band,
                ])),
                None => Cell::from(band),
            }
        }
        QueueColumn::Uln => Cell::from(highlighted(row.uln(), 0, &r.matched, theme)),
        QueueColumn::Learner if columns::width(&r.learner) <= room => {
            Cell::from(highlighted(&r.learner, given_at, &r.matched, theme))
        }
        QueueColumn::Learner => {
            let initial = r.learner_short.strip_suffix(row.family_name());
            let mut line = highlighted(row.family_name(), family_at, &r.matched, theme);
            line.spans
                .insert(0, Span::raw(initial.unwrap_or("").to_owned()));
            Cell::from(line)
        }
        QueueColumn::Centre => {
            let shown = columns::fit_words(row.centre(), room);
            // The words kept are the start of the centre, so the filter's matches still line
            // up with them; the "…" stands for the rest and is never highlighted.
            let (kept, cut) = match shown.strip_suffix(columns::ELLIPSIS) {
                Some(kept) if shown != row.centre() => (kept, columns::ELLIPSIS),
                _ => (shown.as_str(), ""),
            };
            let mut line = highlighted(kept, centre_at, &r.matched, theme);
            line.spans.push(Span::raw(cut));
            Cell::from(line)
        }
        QueueColumn::OnIt => Cell::from(Span::styled(r.claim.clone(), theme.muted())),
        QueueColumn::Registered => Cell::from(r.registered.clone()),
        QueueColumn::RemovalIn => Cell::from(Span::styled(r.countdown.clone(), theme.band(r.band))),
        QueueColumn::Anomalies => Cell::from(columns::fit_words(&r.anomalies, room)),
    }
}

/// `text` with the characters the filter matched shown in the highlight style. `offset` is where
/// the text starts in the row's search text.
fn highlighted<'a>(text: &str, offset: usize, matched: &[usize], theme: &Theme) -> Line<'a> {
    if matched.is_empty() {
        return Line::from(text.to_owned());
    }
    let spans: Vec<Span> = text
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let style = if matched.binary_search(&(offset + i)).is_ok() {
                theme.highlight()
            } else {
                Style::new()
            };
            Span::styled(c.to_string(), style)
        })
        .collect();
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::screens::queue::rows::Entry;

    /// The cells of a row with a long name and centre, as the table shows them in `width` cells.
    fn shown(width: u16) -> Vec<String> {
        let summary = fixtures::summary(
            7,
            "Maximilian",
            "Featherstonehaugh-Smythe",
            "Calder Valley College of Further Education",
            "2026-11-24T10:00:00Z",
            "different_person",
        );
        let (entry, text) = Entry::from_summary(&summary);
        let row = RowText::new(
            ExceptionRow::new(&entry, &text),
            vec![],
            false,
            fixtures::now(),
        );
        let fitted = table(&[row], width, &Theme::monochrome());
        let mut buffer = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, width, 2));
        let table = ratatui::widgets::Table::new(fitted.rows, fitted.widths)
            .header(fitted.header)
            .column_spacing(fitted.spacing);
        ratatui::widgets::Widget::render(table, buffer.area, &mut buffer);
        (0..2)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_long_name_is_shortened_to_an_initial_and_a_long_centre_by_whole_words() {
        let row = &shown(55)[1];
        assert!(
            row.contains("9276308693") && row.contains("overdue"),
            "{row}"
        );
        assert!(row.contains("M. Featherstonehaugh-Smythe"), "{row}");
        let row = &shown(100)[1];
        assert!(row.contains("Maximilian Featherstonehaugh-Smythe"), "{row}");
        assert!(row.contains("Calder Valley College of…"), "{row}");
    }

    #[test]
    fn a_narrow_table_keeps_band_countdown_and_uln_and_leaves_the_rest_out_whole() {
        let [header, row] = [&shown(26)[0], &shown(26)[1]];
        assert_eq!(header.trim_end(), "    ULN         Removal in");
        assert!(row.starts_with("!!  9276308693  overdue"), "{row}");
        let row = &shown(14)[1];
        assert!(row.starts_with("!!  overdue"), "{row}");
    }
}
