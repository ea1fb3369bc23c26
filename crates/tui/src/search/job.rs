//! The filter of a big queue as background work, which a newer filter makes stop.

use super::SearchIndex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A filter over a big queue, to run away from the input path so that typing never waits for
/// it. Each job carries a generation; a newer job makes older ones stop early and their results
/// be ignored.
#[derive(Clone)]
pub struct FilterJob {
    pub generation: u64,
    pub pattern: String,
    index: Arc<SearchIndex>,
    /// Narrow these rows (ascending) rather than scan every row.
    among: Option<Arc<Vec<usize>>>,
    /// The newest generation asked for.
    pub(super) latest: Arc<AtomicU64>,
}

/// What a `FilterJob` found: the matching rows among the first `upto` (the rows indexed when
/// the job started; rows appended since are the caller's to test).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filtered {
    pub generation: u64,
    pub pattern: String,
    pub visible: Vec<usize>,
    pub upto: usize,
}

impl FilterJob {
    /// A job newer than every other sharing `latest`, which it moves on.
    pub fn new(
        pattern: String,
        index: Arc<SearchIndex>,
        among: Option<Vec<usize>>,
        latest: Arc<AtomicU64>,
    ) -> FilterJob {
        let generation = latest.fetch_add(1, Ordering::Relaxed) + 1;
        FilterJob {
            generation,
            pattern,
            index,
            among: among.map(Arc::new),
            latest,
        }
    }

    /// Runs the filter; None if a newer filter was asked for before it finished.
    pub fn run(&self) -> Option<Filtered> {
        let stale = || self.latest.load(Ordering::Relaxed) != self.generation;
        let visible = match &self.among {
            Some(among) => self.index.filter_unless(among, &self.pattern, &stale)?,
            None => {
                let all: Vec<usize> = (0..self.index.len()).collect();
                self.index.filter_unless(&all, &self.pattern, &stale)?
            }
        };
        Some(Filtered {
            generation: self.generation,
            pattern: self.pattern.clone(),
            visible,
            upto: self.index.len(),
        })
    }
}

/// Jobs compare by what they ask for, which is what the app's tests look at.
impl PartialEq for FilterJob {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.pattern == other.pattern
    }
}

impl Eq for FilterJob {}

impl std::fmt::Debug for FilterJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterJob")
            .field("generation", &self.generation)
            .field("pattern", &self.pattern)
            .field("rows", &self.index.len())
            .field("narrowing", &self.among.as_ref().map(|a| a.len()))
            .finish()
    }
}
