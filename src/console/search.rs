//! The queue's fuzzy filter, built for queues of a million rows: each row's search text (ULN, given
//! name, family name, centre) lowercased once into one buffer, and membership tested as a
//! subsequence — the matching rule of fuzzy-matcher's skim algorithm, which then only highlights
//! the few rows on screen. A fresh pattern is scanned on every core; a pattern that extends the
//! last one only re-tests the rows that matched it.

use crate::api::ExceptionSummary;

/// Below this many candidates one thread is faster than starting more.
const PARALLEL_FROM: usize = 50_000;

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

#[derive(Debug, Default, Clone)]
pub struct SearchIndex {
    text: Vec<u8>,
    /// Where each row's text ends in `text`; row i spans `ends[i-1]..ends[i]`.
    ends: Vec<usize>,
}

impl SearchIndex {
    pub fn build(rows: &[ExceptionSummary]) -> SearchIndex {
        let mut index = SearchIndex {
            text: Vec::with_capacity(rows.len() * 48),
            ends: Vec::with_capacity(rows.len()),
        };
        index.extend(rows);
        index
    }

    pub fn extend(&mut self, rows: &[ExceptionSummary]) {
        for r in rows {
            self.text.extend(search_text(r).to_lowercase().bytes());
            self.ends.push(self.text.len());
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn row(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    fn matches(&self, i: usize, pattern: &[u8]) -> bool {
        let mut haystack = self.row(i).iter();
        pattern.iter().all(|p| haystack.any(|h| h == p))
    }

    /// Rows `from..` whose text contains `pattern` as a subsequence, in order.
    pub fn filter_from(&self, from: usize, pattern: &str) -> Vec<usize> {
        let candidates: Vec<usize> = (from..self.len()).collect();
        self.filter_among(&candidates, pattern)
    }

    /// Those of `candidates` (ascending) that match `pattern`, in order.
    pub fn filter_among(&self, candidates: &[usize], pattern: &str) -> Vec<usize> {
        let pattern = pattern.to_lowercase().into_bytes();
        let scan = |part: &[usize]| {
            part.iter()
                .copied()
                .filter(|&i| self.matches(i, &pattern))
                .collect::<Vec<_>>()
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if candidates.len() < PARALLEL_FROM || threads == 1 {
            return scan(candidates);
        }
        let chunk = candidates.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = candidates
                .chunks(chunk)
                .map(|part| scope.spawn(move || scan(part)))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_default())
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::fixtures::rows;

    #[test]
    fn a_pattern_matches_as_a_subsequence_ignoring_case() {
        let index = SearchIndex::build(&rows());
        assert_eq!(index.filter_from(0, "calder"), vec![0, 2]);
        assert_eq!(index.filter_from(0, "CALDER"), vec![0, 2]);
        assert_eq!(
            index.filter_from(0, "obrien"),
            vec![2],
            "punctuation is a gap like any other"
        );
        assert_eq!(index.filter_from(0, "o'br"), vec![2]);
        assert_eq!(
            index.filter_from(0, "amhu"),
            vec![0],
            "AMelia HUghes: letters in order, gaps allowed"
        );
        assert_eq!(index.filter_from(3, "a"), vec![3, 4]);
    }

    #[test]
    fn narrowing_among_earlier_matches_agrees_with_a_fresh_scan() {
        let many: Vec<_> = (0..60_000).map(|i| rows()[i % 5].clone()).collect();
        let index = SearchIndex::build(&many);
        let broad = index.filter_from(0, "ca");
        assert_eq!(
            index.filter_among(&broad, "cal"),
            index.filter_from(0, "cal"),
            "parallel and narrowed scans agree"
        );
    }
}
