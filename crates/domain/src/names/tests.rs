//! Folding, edits, and the name tables: each data file parses and keeps its invariants, and the
//! behaviour each table exists for holds.

use super::tables::{data_lines, hypocorism_entries, variant_families, HYPOCORISMS, VARIANTS};
use super::*;
use std::collections::{HashMap, HashSet};

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

/// A table entry as `fold` leaves a name: what the lookups are keyed by.
fn well_formed(name: &str) -> bool {
    !name.is_empty() && fold(name) == name && name.chars().all(|c| c.is_ascii_lowercase())
}

#[test]
fn variant_families_parse_and_no_spelling_is_in_two_families() {
    let families = variant_families();
    assert_eq!(families.len(), data_lines(VARIANTS).count());
    assert!(families.len() >= 40, "{} families", families.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, family) in families.iter().enumerate() {
        assert!(family.len() >= 2, "a family of one: {family:?}");
        for spelling in family {
            assert!(
                well_formed(spelling),
                "badly formed spelling {spelling:?} in {family:?}"
            );
            if let Some(other) = seen.insert(spelling, i) {
                panic!("{spelling:?} is in families {other} and {i}");
            }
        }
    }
}

#[test]
fn hypocorisms_parse_one_line_per_nickname() {
    let entries = hypocorism_entries();
    assert_eq!(
        entries.len(),
        data_lines(HYPOCORISMS).count(),
        "a line without ':'"
    );
    assert!(entries.len() >= 100, "{} nicknames", entries.len());
    let mut nicknames = HashSet::new();
    for (nick, legal) in &entries {
        assert!(well_formed(nick), "badly formed nickname {nick:?}");
        assert!(nicknames.insert(*nick), "{nick:?} has two lines");
        let distinct: HashSet<_> = legal.iter().collect();
        assert_eq!(
            distinct.len(),
            legal.len(),
            "{nick:?} lists a legal name twice"
        );
        for name in legal {
            assert!(
                well_formed(name),
                "badly formed legal name {name:?} for {nick:?}"
            );
            assert_ne!(name, nick, "{nick:?} is its own legal name");
        }
    }
}

#[test]
fn each_member_of_a_transliteration_family_is_equivalent_to_each_other() {
    for family in variant_families() {
        for a in &family {
            for b in &family {
                let like = compare_names(&capitalise(a), &capitalise(b));
                let want = if a == b {
                    NameLikeness::Same
                } else {
                    NameLikeness::Similar
                };
                assert_eq!(like, want, "{a} vs {b}");
                assert!(names_equivalent(a, b), "{a} vs {b}");
            }
        }
    }
    assert!(is_variant_spelling("Mohammed", "Muhammad"));
    assert!(is_variant_spelling("MOHAMED ALI", "Muhammad Ali"));
    assert!(is_variant_spelling("Ahmed-Hussain", "Ahmad Hussein"));
}

#[test]
fn similar_but_different_names_are_not_variants() {
    for (a, b) in [
        ("Mohamed", "Mahmoud"),
        ("Muhammad", "Mahmood"),
        ("Hassan", "Hussain"),
        ("Yusuf", "Yunus"),
        ("Katherine", "Kathleen"),
        ("Alexandra", "Alexander"),
        ("Mohammed Ali", "Mohammed"),
    ] {
        assert!(!is_variant_spelling(a, b), "{a} vs {b}");
        assert_eq!(compare_names(a, b), NameLikeness::Different, "{a} vs {b}");
    }
}

#[test]
fn nicknames_are_read_both_ways() {
    for (nick, legal) in [
        ("Eve", "Evelyn"),
        ("Florrie", "Florence"),
        ("Ted", "Edward"),
        ("Ted", "Theodore"),
        ("Millie", "Amelia"),
        ("Alfie", "Alfred"),
        ("Peggy", "Margaret"),
    ] {
        assert!(is_diminutive_of(nick, legal), "{nick} for {legal}");
        assert!(
            !is_diminutive_of(legal, nick),
            "{legal} is no short form of {nick}"
        );
        assert!(is_known_as_pair(nick, legal) && is_known_as_pair(legal, nick));
        assert!(
            diminutives_of(legal).contains(&fold(nick).as_str()),
            "{legal}"
        );
    }
    assert_eq!(legal_names_for("TED"), ["edward", "theodore"]);
    // Listed for Katherine, recognised for every spelling of her family.
    assert!(is_diminutive_of("Katie", "Kathryn") && !is_diminutive_of("Kathryn", "Katie"));
    // A nickname is a known-as name, not a spelling: the diagnosis explains it as one.
    assert_eq!(compare_names("Ted", "Edward"), NameLikeness::Different);
}

#[test]
fn a_name_not_in_the_table_is_no_nickname() {
    assert!(!is_diminutive_of("Ted", "Thomas"));
    assert!(!is_diminutive_of("Evie", "Eva"));
    assert!(!is_diminutive_of("Zeb", "Zebedee"));
    assert!(!is_known_as_pair("Sam", "Robert"));
    assert!(legal_names_for("Grace").is_empty());
}

/// The table this file replaced, kept so every pair it held still holds, with the same first
/// short form (the seeder's preferred name).
const FORMER_TABLE: &[(&str, &[&str])] = &[
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

#[test]
fn every_pair_of_the_former_table_still_holds_with_the_same_first_short_form() {
    for (formal, shorts) in FORMER_TABLE {
        for short in *shorts {
            assert!(is_diminutive_of(short, formal), "{short} for {formal}");
        }
        assert_eq!(diminutives_of(formal).first(), shorts.first(), "{formal}");
    }
}

fn capitalise(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[test]
fn each_data_file_states_its_source_and_licence_in_its_header() {
    for (file, text) in [
        ("given_name_variants.txt", VARIANTS),
        ("hypocorisms.txt", HYPOCORISMS),
    ] {
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(
            header.iter().any(|l| l.starts_with("# Source: ")),
            "{file}: no source"
        );
        assert!(
            header.iter().any(|l| l.starts_with("# Licence: ")),
            "{file}: no licence"
        );
    }
}
