//! The record's supplied details beside the LRS's, each compared field marked in words as well
//! as colour, at any width.

use crate::columns::{self, Column};
use crate::theme::Theme;
use crate::view::{date_for_people, gender_word};
use ratatui::layout::Constraint;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Row, Table};
use uln_api::{AuthoritativeDetails, ExceptionDetail, FieldMatch, Gender};

/// One row of the comparison: label, supplied, LRS, and how they compared if they were.
type CompareRow = (&'static str, String, String, Option<FieldMatch>);

fn compare_rows(d: &ExceptionDetail) -> Vec<CompareRow> {
    let lrs = d.authoritative.as_ref();
    let cmp = d.comparison.as_ref();
    let lrs_text =
        |f: &dyn Fn(&AuthoritativeDetails) -> String| lrs.map(f).unwrap_or_else(|| "—".into());
    let optional = |v: &Option<String>| v.clone().unwrap_or_default();
    let s = &d.supplied;
    vec![
        (
            "ULN",
            s.uln.clone().unwrap_or_else(|| "(removed)".into()),
            lrs_text(&|l| l.uln.clone()),
            None,
        ),
        (
            "Given name",
            s.given_name.clone(),
            lrs_text(&|l| l.given_name.clone()),
            cmp.map(|c| c.given_name),
        ),
        (
            "Family name",
            s.family_name.clone(),
            lrs_text(&|l| l.family_name.clone()),
            cmp.map(|c| c.family_name),
        ),
        (
            "Date of birth",
            date_for_people(&s.date_of_birth),
            lrs_text(&|l| date_for_people(&l.date_of_birth)),
            cmp.map(|c| c.date_of_birth),
        ),
        (
            "Gender",
            gender_label(s.gender),
            lrs_text(&|l| gender_label(l.gender)),
            cmp.map(|c| c.gender),
        ),
        (
            "Postcode",
            s.postcode.clone(),
            lrs_text(&|l| l.postcode.clone().unwrap_or_else(|| "—".into())),
            cmp.map(|c| c.postcode),
        ),
        (
            "Preferred name",
            String::new(),
            lrs_text(&|l| optional(&l.preferred_given_name)),
            None,
        ),
        (
            "Middle names",
            String::new(),
            lrs_text(&|l| optional(&l.middle_names)),
            None,
        ),
        (
            "Previous family",
            String::new(),
            lrs_text(&|l| optional(&l.previous_family_name)),
            None,
        ),
        (
            "Linked ULNs",
            String::new(),
            lrs_text(&|l| l.linked_ulns.join(", ")),
            None,
        ),
    ]
}

/// Room for a value when none needs more: a name of usual length, with space to spare.
const VALUE_ROOM: usize = 24;

/// How `room` is shared between the supplied and the LRS columns. Side by side the values
/// compare best, so neither is wider than its longest value needs (or a name's usual room),
/// however wide the terminal; when the room is short, each keeps its longest word whole if both
/// can, so a long name wraps between words.
fn share(room: usize, supplied: Column, lrs: Column) -> (usize, usize) {
    let wanted = |c: Column| usize::from(c.widest).max(VALUE_ROOM);
    let half = (room / 2, room - room / 2);
    if wanted(supplied) + wanted(lrs) <= room {
        return (wanted(supplied), wanted(lrs));
    }
    let longest_word = |c: Column| usize::from(c.narrowest);
    let (supplied_word, lrs_word) = (longest_word(supplied), longest_word(lrs));
    if half.0 >= supplied_word && half.1 >= lrs_word {
        return half;
    }
    if supplied_word + lrs_word > room {
        return half;
    }
    // One column's word needs more than half: it takes that, the other the rest.
    if supplied_word > half.0 {
        (supplied_word, room - supplied_word)
    } else {
        (room - lrs_word, lrs_word)
    }
}

/// Supplied vs LRS in `width` cells, each compared field marked in words as well as colour: the
/// label and mark columns as wide as their longest, the values sharing the rest, and a value too
/// long for its column wrapped by words onto more lines rather than cut (a name, a list of linked
/// ULNs). Returns the table and the lines it takes, borders included.
pub fn comparison(d: &ExceptionDetail, theme: &Theme, width: u16) -> (Table<'static>, u16) {
    let compared = compare_rows(d);
    let label_width = compared.iter().map(|r| columns::width(r.0)).max();
    let label_width = label_width.unwrap_or(0);
    let mark_width = compared.iter().map(|r| columns::width(mark(r.3))).max();
    let mark_width = mark_width.unwrap_or(0);
    let spacing = usize::from(columns::SPACING) * 3;
    let values = usize::from(width.saturating_sub(2))
        .saturating_sub(label_width + mark_width + spacing)
        .max(2);
    let supplied = Column::wrapped(0, compared.iter().map(|r| r.1.as_str()));
    let lrs = Column::wrapped(0, compared.iter().map(|r| r.2.as_str()));
    let (supplied_width, lrs_width) = share(values, supplied, lrs);
    let mut height = 3;
    let rows: Vec<Row> = compared
        .into_iter()
        .map(|(label, supplied, theirs, state)| {
            let style = match state {
                Some(FieldMatch::Match) => theme.matched(),
                Some(FieldMatch::Similar) => theme.similar(),
                Some(FieldMatch::Differs) => theme.differs(),
                Some(FieldMatch::Unknown) | None => Style::new(),
            };
            let supplied_line = if matches!(state, Some(FieldMatch::Similar | FieldMatch::Differs))
            {
                diff_spans(
                    &supplied,
                    &theirs,
                    theme.differs().add_modifier(Modifier::UNDERLINED),
                )
            } else {
                Line::from(supplied)
            };
            let supplied_lines = columns::wrap(&supplied_line, supplied_width);
            let lrs_lines = columns::wrap(&Line::from(theirs), lrs_width);
            let lines = supplied_lines.len().max(lrs_lines.len());
            height += lines;
            Row::new([
                Cell::from(label),
                Cell::from(Text::from(supplied_lines)),
                Cell::from(Text::from(lrs_lines)),
                Cell::from(Span::styled(mark(state), style)),
            ])
            .height(u16::try_from(lines).unwrap_or(u16::MAX))
        })
        .collect();
    let as_length = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
    let widths = [
        as_length(label_width),
        as_length(supplied_width),
        as_length(lrs_width),
        as_length(mark_width),
    ];
    let table = Table::new(rows, widths)
        .column_spacing(columns::SPACING)
        .header(Row::new(["", "Supplied", "LRS", ""]).style(theme.header()))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Supplied vs LRS "),
        );
    (table, u16::try_from(height).unwrap_or(u16::MAX))
}

/// How a comparison mark reads without colour.
fn mark(state: Option<FieldMatch>) -> &'static str {
    match state {
        Some(FieldMatch::Match) => "✓ match",
        Some(FieldMatch::Similar) => "~ similar",
        Some(FieldMatch::Differs) => "✗ differs",
        Some(FieldMatch::Unknown) => "? unknown",
        None => "",
    }
}

fn gender_label(gender: Gender) -> String {
    format!("{gender} {}", gender_word(gender))
}

/// The supplied value with the characters that differ from the LRS value emphasised.
fn diff_spans(supplied: &str, lrs: &str, emphasis: Style) -> Line<'static> {
    let theirs: Vec<char> = lrs.chars().collect();
    let spans: Vec<Span> = supplied
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let same = theirs.get(i) == Some(&c);
            Span::styled(c.to_string(), if same { Style::new() } else { emphasis })
        })
        .collect();
    Line::from(spans)
}
