//! The queue's text and its filter, built for queues of a million rows: each row's text (ULN,
//! given name, family name, centre) kept once, as shown, in one buffer, and each row scored by
//! the words typed (`words`: each must begin a word of the row). Matches come best first, rows
//! that score the same in the queue's order. A fresh pattern is scanned on every core; a pattern
//! that extends the last one only re-scores the rows that matched it.
//!
//! The text is the queue's only copy of it: the screen shows it and the filter folds its case as
//! it scans (ASCII by byte, the rare row with other capitals through `str::to_lowercase`), so
//! there is no lowercased duplicate.

mod job;
mod words;

pub use job::{FilterJob, Filtered};
pub use words::{Pattern, Score};

use std::cmp::Reverse;
use uln_api::ExceptionSummary;

/// Below this many candidates one thread is faster than starting more.
const PARALLEL_FROM: usize = 50_000;

/// How many rows a scan tests between checks that it is still wanted.
const CANCEL_CHECK_EVERY: usize = 4_096;

/// What a row is searched by, as shown (the console highlights matches in it).
pub fn search_text(r: &ExceptionSummary) -> String {
    format!(
        "{} {} {} {}",
        r.uln.as_deref().unwrap_or("-"),
        r.given_name,
        r.family_name,
        r.centre
    )
}

/// Whether lowercasing `text` changes a character beyond ASCII: such rows are matched through
/// `str::to_lowercase`, the rest byte by byte.
fn folds_beyond_ascii(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && !c.to_lowercase().eq(std::iter::once(c)))
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SearchIndex {
    text: String,
    /// Where each row's text ends in `text`; row i spans `ends[i-1]..ends[i]`.
    ends: Vec<usize>,
    /// Rows whose case folds beyond ASCII (see `folds_beyond_ascii`).
    unicode: Vec<bool>,
}

impl SearchIndex {
    pub fn build<'a>(texts: impl IntoIterator<Item = &'a str>) -> SearchIndex {
        let mut index = SearchIndex::default();
        for text in texts {
            index.push(text);
        }
        index
    }

    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.unicode.push(folds_beyond_ascii(text));
    }

    /// Puts `text` in as row `i`; the rows from `i` on move down by one.
    pub fn insert(&mut self, i: usize, text: &str) {
        let start = self.start(i);
        self.text.insert_str(start, text);
        for end in &mut self.ends[i..] {
            *end += text.len();
        }
        self.ends.insert(i, start + text.len());
        self.unicode.insert(i, folds_beyond_ascii(text));
    }

    /// Takes row `i` out; the rows after it move up by one.
    pub fn remove(&mut self, i: usize) {
        let start = self.start(i);
        let removed = self.ends[i] - start;
        self.text.drain(start..self.ends[i]);
        self.ends.remove(i);
        self.unicode.remove(i);
        for end in &mut self.ends[i..] {
            *end -= removed;
        }
    }

    /// Keeps the first `len` rows.
    pub fn truncate(&mut self, len: usize) {
        self.text.truncate(self.start(len.min(self.len())));
        self.ends.truncate(len);
        self.unicode.truncate(len);
    }

    /// The rows in a new order: row `i` of the result is row `order[i]` of this one.
    pub fn permuted(&self, order: &[usize]) -> SearchIndex {
        let mut index = SearchIndex {
            text: String::with_capacity(self.text.len()),
            ends: Vec::with_capacity(order.len()),
            unicode: Vec::with_capacity(order.len()),
        };
        for &i in order {
            index.text.push_str(self.text(i));
            index.ends.push(index.text.len());
            index.unicode.push(self.unicode[i]);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1]
        }
    }

    /// Row `i`'s text, as shown.
    pub fn text(&self, i: usize) -> &str {
        &self.text[self.start(i)..self.ends[i]]
    }

    /// How well row `i` matches `pattern`, if it does.
    pub fn score(&self, i: usize, pattern: &Pattern) -> Option<Score> {
        if self.unicode[i] {
            return pattern.score(self.text(i).to_lowercase().as_bytes());
        }
        pattern.score(self.text(i).as_bytes())
    }

    /// Rows `from..` that match `pattern`, best first.
    pub fn filter_from(&self, from: usize, pattern: &str) -> Vec<usize> {
        let candidates: Vec<usize> = (from..self.len()).collect();
        self.filter_among(&candidates, pattern)
    }

    /// Those of `candidates` (in any order) that match `pattern`, best first.
    pub fn filter_among(&self, candidates: &[usize], pattern: &str) -> Vec<usize> {
        self.filter_unless(candidates, pattern, &|| false)
            .unwrap_or_default()
    }

    /// Where row `at` goes among `ranked` (rows best first for `pattern`) if it matches: a
    /// binary search, scoring only the rows it probes.
    pub fn place_in(&self, ranked: &[usize], at: usize, pattern: &str) -> Option<usize> {
        let pattern = Pattern::parse(pattern);
        let key = (Reverse(self.score(at, &pattern)?), at);
        Some(ranked.partition_point(|&row| {
            (Reverse(self.score(row, &pattern).unwrap_or_default()), row) < key
        }))
    }

    /// As `filter_among`, but gives up (None) as soon as `stop` says the answer is no longer
    /// wanted: checked every few thousand rows, so abandoned work ends within a fraction of a
    /// millisecond.
    fn filter_unless(
        &self,
        candidates: &[usize],
        pattern: &str,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<usize>> {
        let pattern = Pattern::parse(pattern);
        let scan = |part: &[usize]| {
            let mut found = Vec::new();
            for block in part.chunks(CANCEL_CHECK_EVERY) {
                if stop() {
                    return None;
                }
                found.extend(
                    block
                        .iter()
                        .filter_map(|&i| Some((i, self.score(i, &pattern)?))),
                );
            }
            Some(found)
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let found = if candidates.len() < PARALLEL_FROM || threads == 1 {
            scan(candidates)?
        } else {
            let chunk = candidates.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let parts: Vec<_> = candidates
                    .chunks(chunk)
                    .map(|part| scope.spawn(move || scan(part)))
                    .collect();
                let mut all = Vec::new();
                for part in parts {
                    all.extend(part.join().ok()??);
                }
                Some(all)
            })?
        };
        Some(ranked(found))
    }
}

/// Rows best first, ties in the queue's order. Scores are small, so rows go into one tier per
/// score, in the order they came: from a fresh scan that is the queue's order already, and only
/// a tier built from an earlier ranking (when narrowing) needs sorting.
fn ranked(found: Vec<(usize, Score)>) -> Vec<usize> {
    let top = found.iter().map(|&(_, score)| score).max().unwrap_or(0);
    let mut tiers: Vec<Vec<usize>> = vec![Vec::new(); usize::from(top) + 1];
    let total = found.len();
    for (row, score) in found {
        tiers[usize::from(score)].push(row);
    }
    let mut rows = Vec::with_capacity(total);
    for mut tier in tiers.into_iter().rev() {
        if !tier.is_sorted() {
            tier.sort_unstable();
        }
        rows.extend(tier);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::rows;
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;

    fn index_of(rows: &[ExceptionSummary]) -> SearchIndex {
        let texts: Vec<String> = rows.iter().map(search_text).collect();
        SearchIndex::build(texts.iter().map(String::as_str))
    }

    #[test]
    fn each_word_typed_must_begin_a_word_of_the_row_ignoring_case() {
        let index = index_of(&rows());
        assert_eq!(index.filter_from(0, "calder"), vec![0, 2]);
        assert_eq!(index.filter_from(0, "CALDER"), vec![0, 2]);
        assert_eq!(index.filter_from(0, "obrien"), vec![2], "O'Brien");
        assert_eq!(index.filter_from(0, "o'br"), vec![2]);
        assert_eq!(index.filter_from(0, "am hu"), vec![0], "AMelia HUghes");
        assert_eq!(
            index.filter_from(0, "amhu"),
            Vec::<usize>::new(),
            "no longer letters scattered through the row"
        );
        assert_eq!(index.filter_from(0, "alder"), Vec::<usize>::new());
        assert_eq!(index.filter_from(3, "a"), vec![4]);
    }

    #[test]
    fn bronte_finds_the_brontes_not_robert_wilkinson() {
        let index = SearchIndex::build([
            "9276308687 Robert Wilkinson Leeds City College",
            "9276308688 Anne Bronte Haworth Academy",
            "9276308689 Bron Evans Bronte Road School",
        ]);
        assert_eq!(index.filter_from(0, "bronte"), vec![1, 2]);
        assert_eq!(
            index.filter_from(0, "bron"),
            vec![2, 1],
            "a whole word first (Bron), then a word it begins"
        );
        assert_eq!(
            index.filter_from(0, "anne bronte"),
            vec![1],
            "every word typed must match"
        );
    }

    #[test]
    fn rows_that_match_equally_keep_the_queues_order_when_narrowed() {
        let index = SearchIndex::build([
            "- Ava Khan Leeds",
            "- Avery Kent Leeds",
            "- Ava Kent Leeds",
            "- Avan Khan Leeds",
        ]);
        let broad = index.filter_from(0, "av");
        assert_eq!(broad, vec![0, 1, 2, 3], "all begin with av: queue order");
        let ava = index.filter_among(&broad, "ava");
        assert_eq!(ava, vec![0, 2, 3], "whole words Ava first, then Avan");
        let narrowed = index.filter_among(&ava, "ava k");
        assert_eq!(narrowed, index.filter_from(0, "ava k"));
        assert_eq!(narrowed, vec![0, 2, 3]);
        assert_eq!(index.place_in(&narrowed, 1, "ava k"), None);
        assert_eq!(index.place_in(&[0, 3], 2, "ava k"), Some(1));
    }

    #[test]
    fn capitals_beyond_ascii_match_their_lower_case() {
        let index = SearchIndex::build(["- Élodie Øster Calder", "- Zoë Adams Leeds"]);
        assert_eq!(index.filter_from(0, "élo"), vec![0]);
        assert_eq!(index.filter_from(0, "øst"), vec![0]);
        assert_eq!(index.filter_from(0, "ZOË"), vec![1]);
        assert_eq!(index.text(0), "- Élodie Øster Calder", "kept as shown");
    }

    #[test]
    fn narrowing_among_earlier_matches_agrees_with_a_fresh_scan() {
        let many: Vec<_> = (0..60_000).map(|i| rows()[i % 5].clone()).collect();
        let index = index_of(&many);
        let broad = index.filter_from(0, "ca");
        assert_eq!(
            index.filter_among(&broad, "cal"),
            index.filter_from(0, "cal"),
            "parallel and narrowed scans agree"
        );
    }

    #[test]
    fn removing_a_row_agrees_with_an_index_built_without_it() {
        let mut all = rows();
        let mut index = index_of(&all);
        for at in [2, 0, 2] {
            all.remove(at);
            index.remove(at);
            let fresh = index_of(&all);
            assert_eq!(index, fresh);
        }
    }

    #[test]
    fn a_job_gives_up_once_a_newer_one_is_asked_for() {
        let many: Vec<_> = (0..60_000).map(|i| rows()[i % 5].clone()).collect();
        let index = Arc::new(index_of(&many));
        let latest = Arc::new(AtomicU64::new(0));
        let old = FilterJob::new("ca".into(), index.clone(), None, latest.clone());
        let result = old.run().expect("the newest job runs to the end");
        assert_eq!(result.visible, index.filter_from(0, "ca"));
        assert_eq!(result.upto, 60_000);
        let newer = FilterJob::new("cal".into(), index.clone(), None, latest);
        assert_eq!(old.run(), None, "superseded work stops and answers nothing");
        let narrowed = FilterJob::new(
            "cal".into(),
            index.clone(),
            Some(result.visible),
            newer.latest.clone(),
        );
        assert_eq!(narrowed.run().unwrap().visible, index.filter_from(0, "cal"));
    }
}
