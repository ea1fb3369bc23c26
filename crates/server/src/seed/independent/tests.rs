//! The generator checked against domain.md on its own, so a fault in it is not read as a fault in
//! diagnosis.

use super::learners::{check_digit, is_recognisable_slip};
use super::{generate, Category, Expected};
use jiff::civil::date;
use uln_domain::Uln;

fn digits(text: &str) -> Vec<u32> {
    text.chars().filter_map(|c| c.to_digit(10)).collect()
}

#[test]
fn check_digits_follow_the_worked_examples() {
    for valid in [
        "9276308686",
        "1174112637",
        "6936002314",
        "4444599390",
        "1000000000",
    ] {
        let d = digits(valid);
        assert_eq!(check_digit(&d[..9]), Some(d[9]), "{valid}");
    }
    assert_eq!(check_digit(&digits("117411267")), None);
}

#[test]
fn every_slip_domain_md_names_is_recognised_and_a_stranger_s_date_is_not() {
    let born = date(1990, 3, 7);
    for slipped in [
        date(1990, 7, 3),
        date(1991, 3, 7),
        date(1909, 3, 7),
        date(1990, 3, 8),
    ] {
        assert!(is_recognisable_slip(slipped, born), "{slipped}");
    }
    assert!(!is_recognisable_slip(date(1991, 11, 22), born));
}

#[test]
fn generated_cases_are_what_their_category_says() {
    for case in generate(3, 40) {
        let learner = case.lookup.learner();
        let valid_uln = Uln::parse(&case.supplied_uln).is_ok();
        assert_eq!(
            valid_uln,
            case.category != Category::MalformedUln,
            "{case:?}"
        );
        if let Some(l) = learner {
            let same_details = case.supplied.given_name == l.given_name
                && case.supplied.family_name == l.family_name
                && case.supplied.date_of_birth == l.date_of_birth
                && case.supplied.gender == l.gender
                && Some(&case.supplied.postcode) == l.postcode.as_ref();
            let same_uln = case.supplied_uln == l.uln.as_str();
            assert!(!(same_details && same_uln), "no anomaly in {case:?}");
            if matches!(case.expected, Expected::DifferentPerson) && case.category != Category::Twin
            {
                let born = case.supplied.date_of_birth;
                assert!(born != l.date_of_birth, "{case:?}");
                assert!(!is_recognisable_slip(born, l.date_of_birth), "{case:?}");
            }
        }
    }
}
