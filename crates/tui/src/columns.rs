//! Tables that fit any terminal: columns chosen by priority for the width there is, and text
//! fitted by whole words. A number or an id is never cut: a column that cannot show its widest
//! value whole is left out instead, and a count too long for its place is abbreviated ("12.3k").

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Columns shown side by side are this far apart, as ratatui's tables space them.
pub const SPACING: u16 = 1;

/// What a column needs, measured from the cells on screen and its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Lower comes first when space is short.
    pub priority: u8,
    /// The narrowest it can be with nothing cut mid-word and no number cut.
    pub narrowest: u16,
    /// As wide as its widest cell: more would be blank.
    pub widest: u16,
}

impl Column {
    /// A column whose cells are shown whole or not at all: ids, numbers, dates, countdowns.
    pub fn whole(priority: u8, cells: impl IntoIterator<Item = usize>) -> Column {
        let widest = to_u16(cells.into_iter().max().unwrap_or(0));
        Column {
            priority,
            narrowest: widest,
            widest,
        }
    }

    /// A column of words, which may be shortened by whole words ("Calder Valley…").
    pub fn words<'a>(priority: u8, cells: impl IntoIterator<Item = &'a str>) -> Column {
        let (mut narrowest, mut widest) = (0, 0);
        for cell in cells {
            narrowest = narrowest.max(narrowest_fit(cell));
            widest = widest.max(width(cell));
        }
        Column {
            priority,
            narrowest: to_u16(narrowest),
            widest: to_u16(widest),
        }
    }
}

impl Column {
    /// A column of words wrapped onto more lines when narrow: as narrow as its longest word.
    pub fn wrapped<'a>(priority: u8, cells: impl IntoIterator<Item = &'a str>) -> Column {
        let (mut narrowest, mut widest) = (0, 0);
        for cell in cells {
            let longest_word = cell.split(' ').map(width).max().unwrap_or(0);
            narrowest = narrowest.max(longest_word);
            widest = widest.max(width(cell));
        }
        Column {
            priority,
            narrowest: to_u16(narrowest),
            widest: to_u16(widest),
        }
    }
}

/// What each column of a table needs, from its spec (header, priority, whether it is words that
/// may be shortened) and the rows' cells.
pub fn measure<const N: usize>(spec: &[(&str, u8, bool); N], cells: &[[String; N]]) -> Vec<Column> {
    spec.iter()
        .enumerate()
        .map(|(i, (header, priority, words))| {
            let column = cells.iter().map(|c| c[i].as_str()).chain([*header]);
            if *words {
                Column::words(*priority, column)
            } else {
                Column::whole(*priority, column.map(width))
            }
        })
        .collect()
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// How many terminal cells `text` takes.
pub fn width(text: &str) -> usize {
    Span::raw(text).width()
}

/// The width of each column in `width` cells, in the columns' order; 0 for a column left out.
/// By priority, each column takes as much as it can use of the room left, if its narrowest fits:
/// the learner's name whole comes before a centre's first word.
pub fn fit(columns: &[Column], width: u16) -> Vec<u16> {
    let mut by_priority: Vec<usize> = (0..columns.len()).collect();
    by_priority.sort_by_key(|&i| columns[i].priority);
    let mut widths = vec![0; columns.len()];
    let mut used: u16 = 0;
    for i in by_priority {
        let spacing = if used == 0 { 0 } else { SPACING };
        let room = width.saturating_sub(used + spacing);
        let column = columns[i];
        if column.narrowest.max(1) <= room {
            widths[i] = column.widest.max(column.narrowest).max(1).min(room);
            used += spacing + widths[i];
        }
    }
    widths
}

/// Like `fit`, but short columns are not pushed out by a long one: for a table whose short columns
/// matter as much as the long one (a PLR event's grade and award date beside a long title). The
/// most columns, by priority, that each get at least `comfortable` cells (or their widest, if
/// less) are shown: each at its narrowest first, then widened by priority with the room left.
pub fn fit_narrowest_first(columns: &[Column], width: u16, comfortable: u16) -> Vec<u16> {
    let mut by_priority: Vec<usize> = (0..columns.len()).collect();
    by_priority.sort_by_key(|&i| columns[i].priority);
    for keep in (1..=by_priority.len()).rev() {
        let widths = narrowest_then_grown(columns, &by_priority[..keep], width);
        let roomy = by_priority[..keep]
            .iter()
            .all(|&i| widths[i] >= columns[i].widest.min(comfortable).max(1));
        if roomy {
            return widths;
        }
    }
    fit(columns, width)
}

/// `chosen` (in priority order) each at its narrowest while they fit, then widened in turn.
fn narrowest_then_grown(columns: &[Column], chosen: &[usize], width: u16) -> Vec<u16> {
    let mut widths = vec![0; columns.len()];
    let mut used: u16 = 0;
    for &i in chosen {
        let spacing = if used == 0 { 0 } else { SPACING };
        let narrowest = columns[i].narrowest.max(1);
        if used + spacing + narrowest <= width {
            widths[i] = narrowest;
            used += spacing + narrowest;
        }
    }
    for &i in chosen {
        if widths[i] > 0 {
            let grow = columns[i]
                .widest
                .saturating_sub(widths[i])
                .min(width - used);
            widths[i] += grow;
            used += grow;
        }
    }
    widths
}

/// The space between the columns of `widths` in `width` cells: the room they leave spread between
/// them, up to three cells, so a wide terminal reads as a table rather than a run of text.
pub fn spacing(widths: &[u16], width: u16) -> u16 {
    let shown: Vec<u16> = widths.iter().copied().filter(|w| *w > 0).collect();
    let gaps = u16::try_from(shown.len().saturating_sub(1)).unwrap_or(u16::MAX);
    if gaps == 0 {
        return SPACING;
    }
    let room = width.saturating_sub(shown.iter().sum::<u16>());
    (room / gaps).clamp(SPACING, 3)
}

/// Which parts of a line of parts (each a priority and a width, `separator` cells apart) fit
/// whole in `room` cells, taken by priority (lower first); the rest are left out whole.
pub fn keep_by_priority(parts: &[(u8, usize)], separator: usize, room: usize) -> Vec<bool> {
    let mut by_priority: Vec<usize> = (0..parts.len()).collect();
    by_priority.sort_by_key(|&i| parts[i].0);
    let mut kept = vec![false; parts.len()];
    let mut used = 0;
    for i in by_priority {
        let needed = parts[i].1 + if used == 0 { 0 } else { separator };
        if used + needed <= room {
            kept[i] = true;
            used += needed;
        }
    }
    kept
}

/// The narrowest `text` can be shown: whole if one word, else its first word and "…".
fn narrowest_fit(text: &str) -> usize {
    match text.split_once(' ') {
        Some((first, _)) => (width(first) + width(ELLIPSIS)).min(width(text)),
        None => width(text),
    }
}

/// Marks text shortened to fit.
pub const ELLIPSIS: &str = "…";

/// `text` in `room` cells: whole if it fits, else as many whole words as fit and "…", so the
/// operator sees it was shortened. A first word longer than the room is cut with "…" too, which
/// a column measured by `Column::words` never asks for.
pub fn fit_words(text: &str, room: usize) -> String {
    if width(text) <= room {
        return text.to_owned();
    }
    let room_for_words = room.saturating_sub(width(ELLIPSIS));
    let mut kept = String::new();
    for word in text.split(' ') {
        let candidate = if kept.is_empty() {
            word.to_owned()
        } else {
            format!("{kept} {word}")
        };
        if width(&candidate) > room_for_words {
            break;
        }
        kept = candidate;
    }
    if kept.is_empty() {
        kept = text.chars().take(room_for_words).collect();
    }
    kept + ELLIPSIS
}

/// `line` in lines of at most `room` characters, broken at spaces, keeping each character's style (a
/// compared value marks the characters that differ). Only a word longer than the room is broken
/// inside, as it cannot be shown otherwise.
pub fn wrap(line: &Line<'_>, room: usize) -> Vec<Line<'static>> {
    let room = room.max(1);
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| {
            s.content
                .chars()
                .map(move |c| (c, line.style.patch(s.style)))
        })
        .collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while chars.len() - start > room {
        let window = &chars[start..start + room + 1];
        // The last space that ends a line within the room, else a break inside the word.
        let end = match window.iter().rposition(|(c, _)| *c == ' ') {
            Some(space) if space > 0 => start + space,
            _ => start + room,
        };
        lines.push(styled_line(&chars[start..end]));
        start = end;
        while chars.get(start).is_some_and(|(c, _)| *c == ' ') {
            start += 1;
        }
    }
    lines.push(styled_line(&chars[start..]));
    lines
}

fn styled_line(chars: &[(char, Style)]) -> Line<'static> {
    let spans: Vec<Span<'static>> = chars
        .iter()
        .map(|(c, style)| Span::styled(c.to_string(), *style))
        .collect();
    Line::from(spans)
}

/// A count in at most five cells: exact below 10,000, then in thousands or millions ("12.3k",
/// "123k", "1.2M"), never cut.
pub fn count(n: i64) -> String {
    let magnitude = n.unsigned_abs();
    let sign = if n < 0 { "-" } else { "" };
    let scaled = |unit: u64, suffix: &str| {
        let tenths = magnitude * 10 / unit;
        if tenths < 1_000 {
            format!("{sign}{}.{}{suffix}", tenths / 10, tenths % 10)
        } else {
            format!("{sign}{}{suffix}", tenths / 10)
        }
    };
    match magnitude {
        0..10_000 => n.to_string(),
        10_000..1_000_000 => scaled(1_000, "k"),
        _ => scaled(1_000_000, "M"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_exact_until_they_need_abbreviating() {
        let shown: Vec<String> = [0, 266, 9_999, 12_345, 123_456, 999_999, 1_234_567]
            .into_iter()
            .map(count)
            .collect();
        assert_eq!(shown, ["0", "266", "9999", "12.3k", "123k", "999k", "1.2M"]);
    }

    #[test]
    fn words_are_left_out_whole_and_the_cut_is_marked() {
        assert_eq!(
            fit_words("Calder Valley College", 30),
            "Calder Valley College"
        );
        assert_eq!(fit_words("Calder Valley College", 20), "Calder Valley…");
        assert_eq!(fit_words("Calder Valley College", 7), "Calder…");
        assert_eq!(narrowest_fit("Calder Valley College"), 7);
    }

    #[test]
    fn a_line_wraps_at_spaces_and_keeps_its_styles() {
        let emphasis = Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED);
        let line = Line::from(vec![
            Span::raw("1174112637, "),
            Span::styled("2234567890", emphasis),
        ]);
        let wrapped = wrap(&line, 12);
        let text: Vec<String> = wrapped.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["1174112637,", "2234567890"]);
        assert!(wrapped[1].spans.iter().all(|s| s.style == emphasis));
        let text: Vec<String> = wrap(&Line::from("Featherstonehaugh"), 8)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(
            text,
            ["Feathers", "tonehaug", "h"],
            "a word wider than the room"
        );
    }

    #[test]
    fn parts_are_kept_by_priority_and_left_out_whole() {
        let parts = [(3, 10), (0, 5), (1, 8), (2, 4)];
        assert_eq!(keep_by_priority(&parts, 3, 16), [false, true, true, false]);
        assert_eq!(keep_by_priority(&parts, 3, 23), [false, true, true, true]);
        assert_eq!(keep_by_priority(&parts, 3, 4), [false, false, false, true]);
    }

    #[test]
    fn columns_are_taken_by_priority_and_widened_up_to_their_widest() {
        let band = Column::whole(0, [2]);
        let uln = Column::whole(1, [10]);
        let learner = Column::words(2, ["Amelia Hughes"]);
        let centre = Column::words(3, ["Calder Valley College"]);
        let columns = [band, uln, learner, centre];
        assert_eq!(
            fit(&columns, 12),
            [2, 0, 9, 0],
            "a ULN is left out, not cut"
        );
        assert_eq!(fit(&columns, 13), [2, 10, 0, 0]);
        assert_eq!(fit(&columns, 30), [2, 10, 13, 0]);
        assert_eq!(fit(&columns, 40), [2, 10, 13, 12]);
        assert_eq!(fit(&columns, 80), [2, 10, 13, 21]);
    }

    #[test]
    fn narrowest_first_keeps_short_columns_beside_a_long_one() {
        let title = Column::words(1, ["BTEC Level 3 National Extended Diploma in Business"]);
        let grade = Column::whole(2, [6]);
        let awarded = Column::whole(3, [11]);
        let columns = [title, grade, awarded];
        assert_eq!(
            fit(&columns, 40)[1..],
            [0, 0],
            "fit lets the title take the room"
        );
        let widths = fit_narrowest_first(&columns, 40, 20);
        assert_eq!(widths[1..], [6, 11]);
        assert_eq!(widths[0], 40 - 6 - 11 - 2, "the title takes what is left");
        let code = Column::whole(4, [10]);
        let widths = fit_narrowest_first(&[title, grade, awarded, code], 40, 20);
        assert_eq!(
            widths[3], 0,
            "a code that would squeeze the title under 20 is left out"
        );
    }
}
