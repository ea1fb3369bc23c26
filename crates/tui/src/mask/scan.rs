//! The masking pass over a drawn frame: each row read as text, one character per cell, and what
//! is personal overwritten with `*`.
//!
//! The masked forms keep what helps an operator talk about a learner without identifying them:
//! - names keep the first letter of each word (`J*** S****`);
//! - dates of birth keep the year (`** *** 2007`): an age band, not a birthday;
//! - postcodes keep the outward code (`SW1A ***`): a postal district of thousands of households,
//!   which identifies nobody on its own (like the year of birth) and still tells where a learner
//!   or centre is; the inward code narrows it to a street;
//! - ULNs keep the last four digits (`******8686`), as cards do, enough to say "the one ending
//!   8686" on a call.

use super::Personal;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

const STAR: char = '*';

/// Masks every personal value in `area` of `buf`: the values `known` holds, and every ULN and
/// postcode by its shape, except those of `shown` (a reveal).
pub fn mask_frame(buf: &mut Buffer, area: Rect, known: &Personal, shown: &Personal) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        let row: Vec<char> = (area.left()..area.right())
            .map(|x| first_char(buf[(x, y)].symbol()))
            .collect();
        let mut masked = row.clone();
        mask_row(&row, &mut masked, known, shown);
        for (i, (before, after)) in row.iter().zip(&masked).enumerate() {
            if before != after {
                let x = area.left() + u16::try_from(i).unwrap_or(u16::MAX);
                buf[(x, y)].set_char(*after);
            }
        }
    }
}

/// A cell's character; a cell holding no single character (the tail of a wide one) reads as a
/// separator, so it never joins two words.
fn first_char(symbol: &str) -> char {
    let mut chars = symbol.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        (Some(c), Some(_)) if c.is_alphabetic() => c,
        _ => '\u{0}',
    }
}

/// Masks one row of text: `row` is read, `out` (a copy) is written.
pub(super) fn mask_row(row: &[char], out: &mut [char], known: &Personal, shown: &Personal) {
    mask_dates(row, out, known, shown);
    mask_ulns(row, out, known, shown);
    mask_postcodes(row, out, shown);
    mask_names(row, out, known, shown);
}

fn text(row: &[char]) -> String {
    row.iter().collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Runs of characters for which `keep` holds: (start, end) pairs.
fn runs(row: &[char], keep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in row.iter().enumerate() {
        match (keep(*c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                found.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        found.push((s, row.len()));
    }
    found
}

fn star(out: &mut [char], from: usize, to: usize) {
    out[from..to].iter_mut().for_each(|c| *c = STAR);
}

/// Ten digits together are a ULN (a checksum-invalid one is still someone's mistyped ULN); so
/// is any word a screen holds as a supplied ULN, however malformed (`945119520`, `6505O70695`):
/// a centre's typo still identifies the learner.
fn mask_ulns(row: &[char], out: &mut [char], known: &Personal, shown: &Personal) {
    for (s, e) in runs(row, |c| c.is_ascii_digit()) {
        if e - s == 10 && !shown.has_uln(&text(&row[s..e])) {
            star(out, s, e - 4);
        }
    }
    for (s, e) in runs(row, is_word) {
        let word = text(&row[s..e]);
        if known.has_uln(&word) && !shown.has_uln(&word) {
            // The last four stay, as for any ULN, when there are enough to hide the rest.
            let kept = if e - s >= 8 { 4 } else { 0 };
            star(out, s, e - kept);
        }
    }
}

/// Dates of birth the screens hold, in the forms drawn: `03 Feb 2007`, `2007-02-03`,
/// `03/02/2007`; the year is kept.
fn mask_dates(row: &[char], out: &mut [char], known: &Personal, shown: &Personal) {
    for len in [11, 10] {
        for s in 0..row.len().saturating_sub(len - 1) {
            let e = s + len;
            let bounded = (s == 0 || !is_word(row[s - 1])) && (e == row.len() || !is_word(row[e]));
            let candidate = text(&row[s..e]);
            if !bounded || !known.has_date(&candidate) || shown.has_date(&candidate) {
                continue;
            }
            let year_first = row[s + 4] == '-';
            for (i, c) in row[s..e].iter().enumerate() {
                let in_year = if year_first { i < 4 } else { i >= len - 4 };
                if c.is_alphanumeric() && !in_year {
                    out[s + i] = STAR;
                }
            }
        }
    }
}

/// UK postcodes by shape (`A9 9AA` … `AA9A 9AA`, with or without the space, any case) and
/// `BFPO 1234`: everything after the outward code is masked.
fn mask_postcodes(row: &[char], out: &mut [char], shown: &Personal) {
    let words = runs(row, is_word);
    for (n, &(s, e)) in words.iter().enumerate() {
        let word = &row[s..e];
        // Spaced: this word the outward code, the next (one space on) the inward.
        if let Some(&(ns, ne)) = words.get(n + 1) {
            let spaced = ns == e + 1 && row[e] == ' ';
            let bfpo = text(word).eq_ignore_ascii_case("BFPO")
                && (1..=4).contains(&(ne - ns))
                && row[ns..ne].iter().all(char::is_ascii_digit);
            if spaced && (bfpo || (outward(word) && inward(&row[ns..ne]))) {
                if !shown.has_postcode(&text(&row[s..ne])) {
                    star(out, ns, ne);
                }
                continue;
            }
        }
        // Unspaced: the last three characters are the inward code.
        let unspaced =
            word.len() >= 5 && outward(&word[..word.len() - 3]) && inward(&word[word.len() - 3..]);
        if unspaced && !shown.has_postcode(&text(word)) {
            star(out, e - 3, e);
        }
    }
}

/// `A9`, `A99`, `A9A`, `AA9`, `AA99`, `AA9A`.
fn outward(w: &[char]) -> bool {
    let letters = w.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = &w[letters.min(w.len())..];
    (1..=2).contains(&letters)
        && (1..=2).contains(&rest.len())
        && rest[0].is_ascii_digit()
        && rest.get(1).is_none_or(|c| c.is_ascii_alphanumeric())
}

/// `9AA`.
fn inward(w: &[char]) -> bool {
    w.len() == 3 && w[0].is_ascii_digit() && w[1..].iter().all(char::is_ascii_alphabetic)
}

/// Words of names the screens hold, whole, or cut short with `…`; the first letter is kept.
fn mask_names(row: &[char], out: &mut [char], known: &Personal, shown: &Personal) {
    for (s, e) in runs(row, char::is_alphabetic) {
        let word = text(&row[s..e]);
        let cut_short = row.get(e) == Some(&'…') && e - s > 1 && known.has_name_starting(&word);
        let named = known.has_name(&word) && !shown.has_name(&word);
        if named || (cut_short && !shown.has_name_starting(&word)) {
            star(out, s + 1, e);
        }
    }
}
