use super::scan::mask_row;
use super::*;

fn masked(text: &str, known: &Personal, shown: &Personal) -> String {
    let row: Vec<char> = text.chars().collect();
    let mut out = row.clone();
    mask_row(&row, &mut out, known, shown);
    out.into_iter().collect()
}

fn jane() -> Personal {
    let mut p = Personal::default();
    p.learner(
        Some("9276308686"),
        "Jane",
        "Smithers",
        "2007-02-03",
        Some("SW1A 1AA"),
    );
    p
}

#[test]
fn each_kind_keeps_what_the_masked_forms_promise() {
    let none = Personal::default();
    assert_eq!(
        masked(
            "Jane Smithers 03 Feb 2007 SW1A 1AA 9276308686",
            &jane(),
            &none
        ),
        "J*** S******* ** *** 2007 SW1A *** ******8686"
    );
    assert_eq!(
        masked("born 2007-02-03, also 03/02/2007", &jane(), &none),
        "born 2007-**-**, also **/**/2007"
    );
}

#[test]
fn postcodes_and_ulns_are_masked_by_shape_names_and_dates_only_when_held() {
    let none = Personal::default();
    assert_eq!(
        masked("M1 1AA, ls14ap, BFPO 123, 1174112637", &none, &none),
        "M1 ***, ls1***, BFPO ***, ******2637"
    );
    assert_eq!(
        masked("Jane 03 Feb 2007 deadline 03 Feb 2026", &none, &none),
        "Jane 03 Feb 2007 deadline 03 Feb 2026"
    );
    // Work words and codes that look nothing like a postcode stay.
    assert_eq!(
        masked("WSVRC001 #1234 ctrl-x 12345678901", &none, &none),
        "WSVRC001 #1234 ctrl-x 12345678901"
    );
}

#[test]
fn names_are_whole_words_case_sensitive_and_also_when_cut_short() {
    let mut known = Personal::default();
    known.name("Will Smithers");
    let none = Personal::default();
    assert_eq!(
        masked("Will will call; Smith… Smi… Smithersons", &known, &none),
        "W*** will call; S****… S**… Smithersons"
    );
}

#[test]
fn a_revealed_learner_stays_readable_and_everyone_else_is_masked() {
    let mut known = jane();
    known.learner(Some("1174112637"), "Amelia", "Jones", "2006-05-07", None);
    assert_eq!(
        masked(
            "Jane Smithers SW1A 1AA 9276308686 | Amelia Jones 1174112637 07 May 2006",
            &known,
            &jane()
        ),
        "Jane Smithers SW1A 1AA 9276308686 | A***** J**** ******2637 ** *** 2006"
    );
}

#[test]
fn idle_time_is_read_from_the_config_and_zero_is_off() {
    assert_eq!(parse_idle("0").unwrap(), None);
    assert_eq!(parse_idle("").unwrap(), None);
    assert_eq!(
        parse_idle("5m").unwrap(),
        Some(jiff::SignedDuration::from_mins(5))
    );
    assert_eq!(
        parse_idle("90s").unwrap(),
        Some(jiff::SignedDuration::from_secs(90))
    );
    assert!(parse_idle("soon").is_err());
}

/// A centre's mistyped ULN is still the learner's: masked when a screen holds it, whatever its
/// shape (the queue shows supplied ULNs as sent).
#[test]
fn malformed_supplied_ulns_a_screen_holds_are_masked_too() {
    let mut known = Personal::default();
    known.uln("945119520").uln("6505O70695").uln("12");
    let none = Personal::default();
    assert_eq!(
        masked("945119520 6505O70695 12 WSVRC005", &known, &none),
        "*****9520 ******0695 ** WSVRC005"
    );
}
