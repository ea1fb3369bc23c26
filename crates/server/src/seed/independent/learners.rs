//! Register learners for the evaluation, and the small pieces a case is built from: ULNs with their
//! check digit, postcodes, dates of birth and date slips. Written from domain.md, not from the
//! seeder or the domain crate's own slip detection, so a shared mistake cannot pass unseen.

use super::names::{FAMILY, GIVEN_FEMALE, GIVEN_MALE};
use jiff::civil::Date;
use std::collections::HashSet;
use uln_domain::{Gender, PersonName, Postcode, RegisterLearner, Uln};

/// Outward codes from towns and cities across the UK.
const OUTWARD: &[&str] = &[
    "B11", "LS8", "M14", "BD7", "E7", "N16", "CF24", "G41", "EH7", "BT9", "L8", "NE4", "BS5",
    "LE5", "SW9", "PR1", "NG7", "S11", "SA1", "AB24", "DD1", "LL57", "OL9", "WV3", "CV6", "LU2",
];
/// Letters the inward part of a postcode may use.
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

pub fn name(text: &str) -> PersonName {
    PersonName::parse(text).unwrap_or_else(|e| panic!("evaluation name {text:?} is invalid: {e}"))
}

pub fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(0..items.len())]
}

/// Hands out checksum-valid ULNs, each once.
#[derive(Default)]
pub struct UlnSource {
    used: HashSet<String>,
}

impl UlnSource {
    pub fn fresh(&mut self, rng: &mut fastrand::Rng) -> Uln {
        loop {
            let mut digits: Vec<u32> = vec![rng.u32(1..10)];
            digits.extend((0..8).map(|_| rng.u32(0..10)));
            let Some(check) = check_digit(&digits) else {
                continue;
            };
            digits.push(check);
            let text: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
            if self.used.insert(text.clone()) {
                return Uln::parse(&text).expect("the check digit was computed per domain.md");
            }
        }
    }
}

/// domain.md: weights 10..2 over the first nine digits, `r = sum mod 11`; `r == 0` means no valid
/// ULN has this prefix, otherwise the check digit is `10 - r`.
pub fn check_digit(prefix: &[u32]) -> Option<u32> {
    let sum: u32 = prefix.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 => None,
        r => Some(10 - r),
    }
}

pub fn postcode(rng: &mut fastrand::Rng) -> Postcode {
    let letter = |rng: &mut fastrand::Rng| char::from(*pick(rng, INWARD_LETTERS));
    let text = format!(
        "{} {}{}{}",
        pick(rng, OUTWARD),
        rng.u8(1..10),
        letter(rng),
        letter(rng)
    );
    Postcode::parse(&text).expect("outward codes and inward letters are valid")
}

/// A postcode other than `other`.
pub fn other_postcode(rng: &mut fastrand::Rng, other: &Postcode) -> Postcode {
    loop {
        let p = postcode(rng);
        if &p != other {
            return p;
        }
    }
}

/// A date of birth between 1965 and 2010; days stop at 28 so every month has them.
pub fn birth_date(rng: &mut fastrand::Rng, years: std::ops::Range<i16>) -> Date {
    Date::new(
        years.start + rng.i16(0..years.end - years.start),
        rng.i8(1..=12),
        rng.i8(1..=28),
    )
    .expect("days up to 28 exist in every month")
}

pub fn random_gender(rng: &mut fastrand::Rng) -> Gender {
    if rng.bool() {
        Gender::Female
    } else {
        Gender::Male
    }
}

pub fn given_names(gender: Gender) -> &'static [&'static str] {
    match gender {
        Gender::Female => GIVEN_FEMALE,
        _ => GIVEN_MALE,
    }
}

/// An ordinary register learner: some have middle names, a few a preferred name or a previous
/// family name, as real records do; cases that need these set them themselves.
pub fn learner(rng: &mut fastrand::Rng, ulns: &mut UlnSource) -> RegisterLearner {
    let gender = random_gender(rng);
    let list = given_names(gender);
    let given = *pick(rng, list);
    let family = *pick(rng, FAMILY);
    let middle = loop {
        let m = *pick(rng, list);
        // A middle name a letter or two from the given name (Olivia Oliwia) would make a
        // middle-name case read as a typo; real records rarely hold such pairs.
        if m.get(..3) != given.get(..3) {
            break m;
        }
    };
    RegisterLearner {
        uln: ulns.fresh(rng),
        given_name: name(given),
        family_name: name(family),
        date_of_birth: birth_date(rng, 1965..2010),
        gender,
        postcode: Some(postcode(rng)),
        preferred_given_name: None,
        middle_names: (rng.u8(0..100) < 35).then(|| middle.to_owned()),
        previous_family_name: None,
        linked_ulns: Vec::new(),
        ability_to_share: true,
        version: 1,
    }
}

fn digits(d: Date) -> Vec<u8> {
    d.strftime("%Y%m%d").to_string().into_bytes()
}

fn from_digits(digits: &[u8]) -> Option<Date> {
    let text = std::str::from_utf8(digits).ok()?;
    let number = |r: std::ops::Range<usize>| text[r].parse::<i16>().ok();
    let date = Date::new(number(0..4)?, number(4..6)? as i8, number(6..8)? as i8).ok()?;
    (1900..=2025).contains(&date.year()).then_some(date)
}

pub fn day_month_swapped(d: Date) -> Option<Date> {
    (d.day() <= 12 && d.day() != d.month())
        .then(|| Date::new(d.year(), d.day(), d.month()).ok())
        .flatten()
}

pub fn year_off_by_one(rng: &mut fastrand::Rng, d: Date) -> Option<Date> {
    let year = if rng.bool() {
        d.year() + 1
    } else {
        d.year() - 1
    };
    Date::new(year, d.month(), d.day()).ok()
}

/// Two adjacent digits of YYYYMMDD swapped, giving a real date that no simpler slip explains.
pub fn digits_transposed(rng: &mut fastrand::Rng, d: Date) -> Option<Date> {
    let original = digits(d);
    for _ in 0..20 {
        let i = rng.usize(0..7);
        let mut changed = original.clone();
        changed.swap(i, i + 1);
        if let Some(slipped) = from_digits(&changed).filter(|s| *s != d) {
            if !is_day_month_swap(slipped, d) && !is_year_off_by_one(slipped, d) {
                return Some(slipped);
            }
        }
    }
    None
}

/// One digit of YYYYMMDD mistyped, giving a real date that no other slip explains.
pub fn one_digit_mistyped(rng: &mut fastrand::Rng, d: Date) -> Option<Date> {
    let original = digits(d);
    for _ in 0..20 {
        let mut changed = original.clone();
        changed[rng.usize(2..8)] = b'0' + rng.u8(0..10);
        if let Some(slipped) = from_digits(&changed).filter(|s| *s != d) {
            if !is_day_month_swap(slipped, d)
                && !is_year_off_by_one(slipped, d)
                && !is_transposition(slipped, d)
            {
                return Some(slipped);
            }
        }
    }
    None
}

fn is_day_month_swap(a: Date, b: Date) -> bool {
    a.year() == b.year() && a.day() == b.month() && a.month() == b.day() && a != b
}

fn is_year_off_by_one(a: Date, b: Date) -> bool {
    a.month() == b.month() && a.day() == b.day() && (a.year() - b.year()).abs() == 1
}

/// Any two digits (adjacent or not) swapped: the generous reading, used to keep strangers clear of it.
fn is_transposition(a: Date, b: Date) -> bool {
    let (x, y) = (digits(a), digits(b));
    let differing: Vec<usize> = (0..8).filter(|i| x[*i] != y[*i]).collect();
    differing.len() == 2 && x[differing[0]] == y[differing[1]] && x[differing[1]] == y[differing[0]]
}

/// True when `a` and `b` differ by any slip domain.md names: then a different date of birth is no
/// evidence of a different person, so strangers must avoid it.
pub fn is_recognisable_slip(a: Date, b: Date) -> bool {
    let one_digit = {
        let (x, y) = (digits(a), digits(b));
        (0..8).filter(|i| x[*i] != y[*i]).count() == 1
    };
    is_day_month_swap(a, b) || is_year_off_by_one(a, b) || is_transposition(a, b) || one_digit
}

/// A date of birth `years` around `d` (plus or minus) that no slip explains, between 1950 and 2012
/// (learners of working age or younger).
pub fn unrelated_date(rng: &mut fastrand::Rng, d: Date, years: std::ops::Range<i16>) -> Date {
    loop {
        let shift = years.start + rng.i16(0..years.end - years.start);
        let year = if rng.bool() {
            d.year() + shift
        } else {
            d.year() - shift
        };
        let candidate = birth_date(rng, year..year + 1);
        if candidate != d
            && !is_recognisable_slip(candidate, d)
            && (1950..=2012).contains(&candidate.year())
        {
            return candidate;
        }
    }
}
