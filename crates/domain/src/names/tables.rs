//! The name tables kept as data files in `crates/domain/data/` (see each file's header for its
//! format, source and licence), parsed once on first use.
//!
//! The files are compiled in, so a malformed line is a bug in this repository, not bad input: the
//! parser skips it and the tests in `names::tests` fail on it.

use std::collections::HashMap;
use std::sync::LazyLock;

pub(super) const VARIANTS: &str = include_str!("../../data/given_name_variants.txt");
pub(super) const HYPOCORISMS: &str = include_str!("../../data/hypocorisms.txt");

/// The lines that carry data: comments and blank lines dropped.
pub(super) fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn list(text: &'static str) -> Vec<&'static str> {
    text.split(',').map(str::trim).collect()
}

/// The transliteration families, one per data line.
pub(super) fn variant_families() -> Vec<Vec<&'static str>> {
    data_lines(VARIANTS).map(list).collect()
}

/// The hypocorism lines as (nickname, legal names).
pub(super) fn hypocorism_entries() -> Vec<(&'static str, Vec<&'static str>)> {
    data_lines(HYPOCORISMS)
        .filter_map(|l| l.split_once(':'))
        .map(|(nick, legal)| (nick.trim(), list(legal)))
        .collect()
}

/// Spelling -> the index of its family. A spelling listed twice keeps its first family.
static FAMILY_OF: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (i, family) in variant_families().into_iter().enumerate() {
        for spelling in family {
            map.entry(spelling).or_insert(i);
        }
    }
    map
});

/// Nickname -> the legal names it is a form of.
static LEGAL_NAMES: LazyLock<HashMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| hypocorism_entries().into_iter().collect());

/// Legal name -> its nicknames, in file order.
static NICKNAMES: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for (nick, legal) in hypocorism_entries() {
        for name in legal {
            map.entry(name).or_default().push(nick);
        }
    }
    map
});

/// The family a folded spelling belongs to, if any.
pub(super) fn family_of(folded: &str) -> Option<usize> {
    FAMILY_OF.get(folded).copied()
}

/// The legal names a folded nickname stands for.
pub(super) fn legal_names_of(folded_nickname: &str) -> &'static [&'static str] {
    LEGAL_NAMES.get(folded_nickname).map_or(&[], Vec::as_slice)
}

/// The nicknames of a folded legal name.
pub(super) fn nicknames_of(folded_legal: &str) -> &'static [&'static str] {
    NICKNAMES.get(folded_legal).map_or(&[], Vec::as_slice)
}
