//! How names are judged alike: folding (case, accents, hyphens, apostrophes, spaces), one edit apart,
//! spellings of one name from different romanisations (Mohammed, Muhammad), and the common English
//! nicknames that explain a "known as" given name (Ted for Edward). The last two are data files in
//! `crates/domain/data/`, loaded by `tables`.

mod tables;

use unicode_normalization::UnicodeNormalization;

/// Lowercase, accents stripped, and hyphens, apostrophes, dots and spaces removed.
pub fn fold(name: &str) -> String {
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| {
            !matches!(c, '-' | '\'' | '’' | '‘' | '`' | '.' | '‐' | '–') && !c.is_whitespace()
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `a` becomes `b` by one insertion, deletion, substitution or swap of adjacent letters.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    match a.len() as isize - b.len() as isize {
        0 => {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diffs.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => one_deletion(&a, &b),
        -1 => one_deletion(&b, &a),
        _ => false,
    }
}

/// True when deleting one character of `longer` gives `shorter`.
fn one_deletion(longer: &[char], shorter: &[char]) -> bool {
    let prefix = longer
        .iter()
        .zip(shorter)
        .take_while(|(x, y)| x == y)
        .count();
    longer[prefix + 1..] == shorter[prefix..]
}

/// How two names relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameLikeness {
    Same,
    Similar,
    Different,
}

pub fn compare_names(supplied: &str, authoritative: &str) -> NameLikeness {
    if supplied.trim() == authoritative.trim() {
        return NameLikeness::Same;
    }
    let (a, b) = (fold(supplied), fold(authoritative));
    if a == b || one_edit_apart(&a, &b) || is_variant_spelling(supplied, authoritative) {
        NameLikeness::Similar
    } else {
        NameLikeness::Different
    }
}

/// Same or similar: what a crosswise comparison accepts.
pub fn names_equivalent(a: &str, b: &str) -> bool {
    compare_names(a, b) != NameLikeness::Different
}

/// True when the two names differ only by romanisation or spelling of the same name, word by word
/// (Mohammed Ali, Muhammad Ali): each pair of words is equal once folded or in one family of
/// `given_name_variants.txt`, and at least one pair is not equal.
///
/// Two edits or more apart, such spellings would otherwise read as a different person. Only whole
/// names from the table count, never "close enough": Mohamed and Mahmoud are different names.
pub fn is_variant_spelling(a: &str, b: &str) -> bool {
    // Word by word without collecting: diagnosis asks this of every pair of differing names.
    fn words(s: &str) -> impl Iterator<Item = String> + '_ {
        s.split(|c: char| c.is_whitespace() || c == '-')
            .map(fold)
            .filter(|w| !w.is_empty())
    }
    let (mut a, mut b) = (words(a), words(b));
    let mut variant = false;
    loop {
        match (a.next(), b.next()) {
            (None, None) => return variant,
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) if same_family(&x, &y) => variant = true,
            _ => return false,
        }
    }
}

/// True when two folded spellings are members of one transliteration family.
fn same_family(a: &str, b: &str) -> bool {
    tables::family_of(a).is_some_and(|f| tables::family_of(b) == Some(f))
}

/// True when `short` is a recognised nickname of the legal name `formal` (`hypocorisms.txt`), also
/// when the legal name is spelt another way of its family (Katie for Kathryn, listed for Katherine).
/// One direction only: the legal name is never a short form of its nickname.
pub fn is_diminutive_of(short: &str, formal: &str) -> bool {
    let (short, formal) = (fold(short), fold(formal));
    tables::legal_names_of(&short)
        .iter()
        .any(|legal| *legal == formal || same_family(legal, &formal))
}

/// True when either name is a recognised nickname of the other: what a search or a stranger check
/// treats as possibly one person's name.
pub fn is_known_as_pair(a: &str, b: &str) -> bool {
    is_diminutive_of(a, b) || is_diminutive_of(b, a)
}

/// The nicknames of a legal name, in the data file's order (the seeder takes the first as a
/// preferred name). Empty for a name with none listed.
pub fn diminutives_of(formal: &str) -> &'static [&'static str] {
    tables::nicknames_of(&fold(formal))
}

/// The legal names a nickname stands for (Ted: Edward, Theodore). Empty when it is no known nickname.
pub fn legal_names_for(nickname: &str) -> &'static [&'static str] {
    tables::legal_names_of(&fold(nickname))
}

#[cfg(test)]
mod tests;
