//! How names are judged alike: folding (case, accents, hyphens, apostrophes, spaces), one edit apart,
//! and the common English diminutives that explain a "known as" given name.

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
    if a == b || one_edit_apart(&a, &b) {
        NameLikeness::Similar
    } else {
        NameLikeness::Different
    }
}

/// Same or similar: what a crosswise comparison accepts.
pub fn names_equivalent(a: &str, b: &str) -> bool {
    compare_names(a, b) != NameLikeness::Different
}

/// Formal names and the short forms people register under. Small on purpose: a wrong entry here
/// could make a different person look like a nickname, so only long-established pairs are listed.
const DIMINUTIVES: &[(&str, &[&str])] = &[
    ("abigail", &["abi", "abby", "gail"]),
    ("alexander", &["alex", "xander", "sandy"]),
    ("alexandra", &["alex", "lexi", "sasha"]),
    ("anthony", &["tony", "ant"]),
    ("benjamin", &["ben", "benji"]),
    ("catherine", &["cath", "cathy", "kate", "katie"]),
    ("charles", &["charlie", "chas"]),
    ("charlotte", &["lottie", "charlie"]),
    ("christopher", &["chris", "kit"]),
    ("daniel", &["dan", "danny"]),
    ("edward", &["ed", "eddie", "ted", "ned"]),
    (
        "elizabeth",
        &["liz", "lizzie", "beth", "betty", "eliza", "libby"],
    ),
    ("henry", &["harry", "hal"]),
    ("isabella", &["bella", "izzy", "isla"]),
    ("isabelle", &["belle", "izzy"]),
    ("james", &["jim", "jimmy", "jamie"]),
    ("jessica", &["jess", "jessie"]),
    ("jonathan", &["jon", "jonny"]),
    ("joseph", &["joe", "joey"]),
    ("joshua", &["josh"]),
    ("katherine", &["kate", "katie", "kath", "kathy", "kat"]),
    ("margaret", &["maggie", "meg", "peggy"]),
    ("matthew", &["matt", "matty"]),
    ("michael", &["mike", "mikey", "mick"]),
    ("nicholas", &["nick", "nicky"]),
    ("oliver", &["ollie", "olly"]),
    ("olivia", &["liv", "livvy"]),
    ("rebecca", &["becky", "becca"]),
    ("richard", &["rich", "richie", "dick"]),
    ("robert", &["rob", "robbie", "bob", "bobby", "bert"]),
    ("samantha", &["sam", "sammy"]),
    ("samuel", &["sam", "sammy"]),
    ("thomas", &["tom", "tommy"]),
    ("victoria", &["vicky", "tori"]),
    ("william", &["will", "bill", "billy", "liam"]),
    ("zachary", &["zac", "zach"]),
];

/// True when one name is a recognised short form of the other.
pub fn is_diminutive_of(short: &str, formal: &str) -> bool {
    let (short, formal) = (fold(short), fold(formal));
    DIMINUTIVES
        .iter()
        .any(|(f, shorts)| *f == formal && shorts.contains(&short.as_str()))
}

/// The diminutives the seeder may use for a formal name.
pub fn diminutives_of(formal: &str) -> &'static [&'static str] {
    let formal = fold(formal);
    DIMINUTIVES
        .iter()
        .find(|(f, _)| *f == formal)
        .map_or(&[], |(_, shorts)| shorts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("Smith-Jones"), "smithjones");
        assert_eq!(fold("Mary Ann"), "maryann");
        assert_eq!(fold("D’Arcy"), "darcy");
        assert_eq!(fold("JOSÉ"), "jose");
    }

    #[test]
    fn one_edit_covers_insert_delete_substitute_and_swap() {
        assert!(one_edit_apart("jon", "john"));
        assert!(one_edit_apart("john", "jon"));
        assert!(one_edit_apart("smith", "smyth"));
        assert!(one_edit_apart("hannah", "hanah"));
        assert!(one_edit_apart("sarah", "sarha"));
        assert!(!one_edit_apart("smith", "smith"));
        assert!(!one_edit_apart("smith", "jones"));
        assert!(!one_edit_apart("sarah", "shara"));
        assert!(!one_edit_apart("ab", "abcd"));
    }

    #[test]
    fn name_likeness() {
        assert_eq!(compare_names("Ann", "Ann"), NameLikeness::Same);
        assert_eq!(compare_names("ANN", "Ann"), NameLikeness::Similar);
        assert_eq!(compare_names("Obrien", "O'Brien"), NameLikeness::Similar);
        assert_eq!(compare_names("Zoe", "Zoë"), NameLikeness::Similar);
        assert_eq!(compare_names("Smyth", "Smith"), NameLikeness::Similar);
        assert_eq!(compare_names("Jones", "Smith"), NameLikeness::Different);
    }

    #[test]
    fn diminutives_are_recognised_in_one_direction() {
        assert!(is_diminutive_of("Bob", "Robert"));
        assert!(is_diminutive_of("liz", "ELIZABETH"));
        assert!(!is_diminutive_of("Robert", "Bob"));
        assert!(!is_diminutive_of("Sam", "Robert"));
        assert!(diminutives_of("William").contains(&"bill"));
        assert!(diminutives_of("Zebedee").is_empty());
    }
}
