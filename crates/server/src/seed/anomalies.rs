//! Injecting one known anomaly into a registration, so diagnosis can be scored against the truth.
//! Each injector returns None when the learner cannot carry that anomaly (e.g. no previous family
//! name); the caller then tries another learner.

use super::people::{capitalise, given_name_for, random_birth_date, random_postcode, UlnSource};
use jiff::civil::Date;
use uln_domain::dates::{date_slip, DateSlip};
use uln_domain::names::{
    diminutives_of, fold, is_known_as_pair, is_variant_spelling, one_edit_apart,
};
use uln_domain::{Demographics, Gender, PersonName, Postcode, RegisterLearner, SuggestionKind};

/// The kinds the seeder injects, with relative weights.
pub const INJECTED: &[(SuggestionKind, u32)] = &[
    (SuggestionKind::MalformedUln, 8),
    (SuggestionKind::UlnNotFound, 6),
    (SuggestionKind::LinkedUln, 7),
    (SuggestionKind::NamesSwapped, 6),
    (SuggestionKind::PreferredName, 9),
    (SuggestionKind::FamilyNameChanged, 8),
    (SuggestionKind::Spelling, 12),
    (SuggestionKind::DayMonthSwapped, 6),
    (SuggestionKind::YearOffByOne, 5),
    (SuggestionKind::DigitsTransposed, 4),
    (SuggestionKind::DigitMistyped, 4),
    (SuggestionKind::GenderDiffers, 4),
    (SuggestionKind::PostcodeMoved, 8),
    (SuggestionKind::PostcodePlaceholder, 4),
    (SuggestionKind::DifferentPerson, 10),
];

pub fn pick_kind(rng: &mut fastrand::Rng) -> SuggestionKind {
    let total: u32 = INJECTED.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(0..total);
    for (kind, weight) in INJECTED {
        if roll < *weight {
            return *kind;
        }
        roll -= weight;
    }
    SuggestionKind::DifferentPerson
}

pub fn exact(l: &RegisterLearner) -> Demographics {
    Demographics {
        given_name: l.given_name.clone(),
        family_name: l.family_name.clone(),
        date_of_birth: l.date_of_birth,
        gender: l.gender,
        postcode: l
            .postcode
            .clone()
            .unwrap_or_else(|| Postcode::parse("ZZ99 9ZZ").expect("valid")),
    }
}

fn name(text: &str) -> Option<PersonName> {
    PersonName::parse(text).ok()
}

/// Everything the injectors may draw on.
pub struct Context<'a> {
    pub rng: &'a mut fastrand::Rng,
    pub ulns: &'a mut UlnSource,
    pub learners: &'a [RegisterLearner],
}

/// The supplied ULN and details carrying `kind` for `l`, or None if `l` cannot carry it.
pub fn inject(
    kind: SuggestionKind,
    l: &RegisterLearner,
    cx: &mut Context<'_>,
) -> Option<(String, Demographics)> {
    let mut d = exact(l);
    let uln = l.uln.to_string();
    match kind {
        SuggestionKind::MalformedUln => return Some((malformed_uln(cx.rng, &uln), d)),
        SuggestionKind::UlnNotFound => return Some((cx.ulns.fresh(cx.rng).to_string(), d)),
        SuggestionKind::LinkedUln => {
            return l.linked_ulns.first().map(|linked| (linked.to_string(), d))
        }
        SuggestionKind::NamesSwapped => {
            if fold(l.given_name.as_str()) == fold(l.family_name.as_str()) {
                return None;
            }
            (d.given_name, d.family_name) = (l.family_name.clone(), l.given_name.clone());
        }
        SuggestionKind::PreferredName => d.given_name = known_as(cx.rng, l)?,
        SuggestionKind::FamilyNameChanged => {
            d.family_name = name(l.previous_family_name.as_deref()?)?
        }
        SuggestionKind::Spelling => {
            if cx.rng.u8(0..100) < 70 {
                d.family_name = misspell(cx.rng, l.family_name.as_str())?;
            } else {
                d.given_name = misspell(cx.rng, l.given_name.as_str())?;
            }
        }
        SuggestionKind::DayMonthSwapped => {
            let (day, month) = (l.date_of_birth.day(), l.date_of_birth.month());
            if day > 12 || day == month {
                return None;
            }
            d.date_of_birth = Date::new(l.date_of_birth.year(), day, month).ok()?;
        }
        SuggestionKind::YearOffByOne => {
            let delta = if cx.rng.bool() { 1 } else { -1 };
            let dob = l.date_of_birth;
            d.date_of_birth = Date::new(dob.year() + delta, dob.month(), dob.day()).ok()?;
        }
        SuggestionKind::DigitsTransposed => d.date_of_birth = transposed(cx.rng, l.date_of_birth)?,
        SuggestionKind::DigitMistyped => d.date_of_birth = mistyped(cx.rng, l.date_of_birth)?,
        SuggestionKind::GenderDiffers => {
            d.gender = match l.gender {
                Gender::Male => Gender::Female,
                Gender::Female => Gender::Male,
                _ => return None,
            }
        }
        SuggestionKind::PostcodeMoved => {
            let current = l.postcode.as_ref().filter(|p| !p.is_placeholder())?;
            d.postcode = random_postcode(cx.rng);
            if &d.postcode == current {
                return None;
            }
        }
        SuggestionKind::PostcodePlaceholder => {
            l.postcode.as_ref().filter(|p| !p.is_placeholder())?;
            d.postcode = Postcode::parse("ZZ99 9ZZ").ok()?;
        }
        SuggestionKind::DifferentPerson => d = different_person(cx, l)?,
        _ => return None,
    }
    Some((uln, d))
}

fn malformed_uln(rng: &mut fastrand::Rng, uln: &str) -> String {
    let mut digits: Vec<u8> = uln.bytes().collect();
    match rng.u8(0..6) {
        0 => "9999999999".into(),
        1 => uln[..9].to_owned(),
        2 => format!("0{}", &uln[1..]),
        3 => {
            let i = rng.usize(..9);
            if digits[i] == digits[i + 1] {
                digits[i] = if digits[i] == b'9' {
                    b'1'
                } else {
                    digits[i] + 1
                };
            } else {
                digits.swap(i, i + 1);
            }
            String::from_utf8(digits).unwrap_or_default()
        }
        4 => format!("{}O{}", &uln[..4], &uln[5..]),
        _ => {
            let i = rng.usize(..10);
            digits[i] = if digits[i] == b'9' {
                b'1'
            } else {
                digits[i] + 1
            };
            if i == 0 && digits[0] == b'0' {
                digits[0] = b'1';
            }
            String::from_utf8(digits).unwrap_or_default()
        }
    }
}

/// The name the learner goes by: the LRS preferred name, a short form, the legal name with a
/// middle name, or the middle name alone.
fn known_as(rng: &mut fastrand::Rng, l: &RegisterLearner) -> Option<PersonName> {
    let mut options: Vec<String> = Vec::new();
    options.extend(l.preferred_given_name.clone());
    options.extend(
        diminutives_of(l.given_name.as_str())
            .iter()
            .map(|d| capitalise(d)),
    );
    if let Some(middle) = l.middle_names.as_deref() {
        options.push(format!("{} {middle}", l.given_name));
        options.push(middle.to_owned());
    }
    options.retain(|o| {
        let (a, b) = (fold(o), fold(l.given_name.as_str()));
        a != b && !one_edit_apart(&a, &b)
    });
    if options.is_empty() {
        return None;
    }
    name(&options[rng.usize(..options.len())])
}

/// A spelling or punctuation slip: case, dropped punctuation, or one letter added, dropped,
/// swapped or changed.
fn misspell(rng: &mut fastrand::Rng, original: &str) -> Option<PersonName> {
    let chars: Vec<char> = original.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    let slip: String = match rng.u8(0..6) {
        0 => original.to_uppercase(),
        1 if original.contains(['\'', '-', ' ']) => original.replace(['\'', '-', ' '], ""),
        1 => original.to_lowercase(),
        2 if letters.len() >= 4 => {
            let drop = letters[1 + rng.usize(..letters.len() - 2)];
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != drop)
                .map(|(_, c)| c)
                .collect()
        }
        3 if chars.len() >= 3 => {
            let i = 1 + rng.usize(..chars.len() - 2);
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            swapped.into_iter().collect()
        }
        4 => {
            let i = letters[rng.usize(..letters.len())];
            let mut doubled = chars.clone();
            doubled.insert(i, chars[i].to_ascii_lowercase());
            doubled.into_iter().collect()
        }
        _ => {
            let i = *letters.last()?;
            let mut changed = chars.clone();
            changed[i] = if changed[i] == 'e' { 'a' } else { 'e' };
            changed.into_iter().collect()
        }
    };
    (slip != original).then(|| name(&slip)).flatten()
}

/// Two adjacent digits of YYYYMMDD swapped, giving a real date that is no other kind of slip.
fn transposed(rng: &mut fastrand::Rng, dob: Date) -> Option<Date> {
    let digits: Vec<u8> = dob.strftime("%Y%m%d").to_string().into_bytes();
    let start = rng.usize(..7);
    (0..7).map(|k| (start + k) % 7).find_map(|i| {
        if digits[i] == digits[i + 1] {
            return None;
        }
        let mut swapped = digits.clone();
        swapped.swap(i, i + 1);
        let text = String::from_utf8(swapped).ok()?;
        let (y, m, d) = (
            text[0..4].parse().ok()?,
            text[4..6].parse().ok()?,
            text[6..8].parse().ok()?,
        );
        let candidate = Date::new(y, m, d).ok()?;
        (date_slip(candidate, dob) == Some(DateSlip::DigitsTransposed)).then_some(candidate)
    })
}

/// The learner's names under another date of birth that no slip explains, at their postcode or
/// (half the time) another.
fn namesake(rng: &mut fastrand::Rng, l: &RegisterLearner) -> Option<Demographics> {
    let mut d = exact(l);
    d.date_of_birth = random_birth_date(rng);
    if d.date_of_birth == l.date_of_birth || date_slip(d.date_of_birth, l.date_of_birth).is_some() {
        return None;
    }
    if rng.bool() {
        d.postcode = random_postcode(rng);
    }
    Some(d)
}

/// One digit of YYYYMMDD changed, giving a real date that is no other kind of slip.
fn mistyped(rng: &mut fastrand::Rng, dob: Date) -> Option<Date> {
    let digits: Vec<u8> = dob.strftime("%Y%m%d").to_string().into_bytes();
    let (i, to) = (rng.usize(..8), b'0' + rng.u8(0..10));
    let mut changed = digits.clone();
    changed[i] = to;
    let text = String::from_utf8(changed).ok()?;
    let (y, m, d) = (
        text[0..4].parse().ok()?,
        text[4..6].parse().ok()?,
        text[6..8].parse().ok()?,
    );
    let candidate = Date::new(y, m, d).ok()?;
    (date_slip(candidate, dob) == Some(DateSlip::DigitMistyped)).then_some(candidate)
}

/// Someone else under this learner's ULN: an unrelated learner, a sibling (same family name and
/// postcode, another given name and date of birth), a twin (same date of birth too) or a namesake
/// (the same names, born on a day no slip explains: a common-name stranger or a parent or child). A twin's
/// given name is a different name, not a spelling variant of the learner's, nor a name the learner
/// is known by (their preferred or middle name): those are what `known_as` injects as a preferred
/// name, and the same details cannot be both.
fn different_person(cx: &mut Context<'_>, l: &RegisterLearner) -> Option<Demographics> {
    let rng = &mut *cx.rng;
    match rng.u8(0..4) {
        3 => namesake(rng, l),
        0 => {
            let other = &cx.learners[rng.usize(..cx.learners.len())];
            (other.uln != l.uln && fold(other.given_name.as_str()) != fold(l.given_name.as_str()))
                .then(|| exact(other))
        }
        kind => {
            let gender = if rng.bool() {
                Gender::Female
            } else {
                Gender::Male
            };
            let given = given_name_for(rng, gender);
            let (a, b) = (fold(given), fold(l.given_name.as_str()));
            if a == b
                || one_edit_apart(&a, &b)
                || is_variant_spelling(given, l.given_name.as_str())
                || is_known_as_pair(given, l.given_name.as_str())
                || l.preferred_given_name
                    .as_deref()
                    .is_some_and(|p| fold(p) == a)
                || l.middle_names
                    .as_deref()
                    .is_some_and(|m| m.split_whitespace().any(|w| fold(w) == a))
            {
                return None;
            }
            let mut d = exact(l);
            d.given_name = name(given)?;
            d.gender = gender;
            if kind == 1 {
                d.date_of_birth = random_birth_date(rng);
                if d.date_of_birth == l.date_of_birth {
                    return None;
                }
            }
            if rng.u8(0..100) < 30 {
                d.postcode = random_postcode(rng);
            }
            Some(d)
        }
    }
}
