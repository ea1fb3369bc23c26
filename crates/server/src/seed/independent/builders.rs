//! One builder per cause, each turning a register learner into a case, or declining a learner that
//! cannot carry the cause. Two causes are built by applying two one-cause edits.

use super::learners::{self as gen, name, pick, UlnSource};
use super::names::{ACCENTED_FAMILY, ACCENTED_GIVEN, FAMILY};
use super::others;
use super::{Case, Category, Expected, Kinds};
use crate::register::RegisterLookup;
use uln_domain::{Demographics, Gender, Postcode, RegisterLearner, SuggestionKind as K};

const PLACEHOLDER: &str = "ZZ99 9ZZ";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// The registration as it would be if the centre had copied the register exactly.
pub fn exact(l: &RegisterLearner) -> Demographics {
    Demographics {
        given_name: l.given_name.clone(),
        family_name: l.family_name.clone(),
        date_of_birth: l.date_of_birth,
        gender: l.gender,
        postcode: l.postcode.clone().unwrap_or_else(placeholder),
    }
}

fn placeholder() -> Postcode {
    Postcode::parse(PLACEHOLDER).expect("the placeholder is a postcode")
}

pub fn case(category: Category, l: RegisterLearner, s: Demographics, expected: Expected) -> Case {
    Case {
        category,
        supplied_uln: l.uln.to_string(),
        supplied: s,
        lookup: RegisterLookup::Direct(l),
        expected,
    }
}

fn fix(kinds: &'static [K]) -> Expected {
    Expected::FixAll(Kinds::OneOf(kinds))
}

/// One keying slip in a name: a letter changed, dropped, added or doubled, never the first letter
/// (people rarely mistype the capital). Declines names too short to stay recognisable.
pub fn typo(rng: &mut fastrand::Rng, text: &str) -> Option<String> {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() < 4 || !chars.iter().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let at = rng.usize(1..chars.len());
    let letter = char::from(*pick(rng, LOWER));
    match rng.u8(0..4) {
        0 => chars[at] = letter,
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, letter),
        _ => chars.insert(at, chars[at]),
    }
    let typed: String = chars.into_iter().collect();
    (typed.to_lowercase() != text.to_lowercase()).then_some(typed)
}

pub fn build(
    category: Category,
    mut l: RegisterLearner,
    rng: &mut fastrand::Rng,
    ulns: &mut UlnSource,
) -> Option<Case> {
    use Category as C;
    let mut s = exact(&l);
    match category {
        C::MalformedUln => Some(malformed_uln(rng, l, s)),
        C::UnknownUln => {
            let unknown = ulns.fresh(rng).to_string();
            Some(Case {
                supplied_uln: unknown,
                lookup: RegisterLookup::NotFound,
                ..case(category, l, s, Expected::Resolve(K::UlnNotFound))
            })
        }
        C::LinkedUln => Some(linked(category, l, s, ulns, rng, fix(&[K::LinkedUln]))),
        C::LinkedUlnAndTypo => {
            s.family_name = name(&typo(rng, l.family_name.as_str())?);
            let expected = Expected::FixAll(Kinds::Any);
            Some(linked(category, l, s, ulns, rng, expected))
        }
        C::Transliteration
        | C::Nickname
        | C::RecordInCapitals
        | C::CommonNameStranger
        | C::NamesakeGenerationApart
        | C::Sibling
        | C::Twin => others::build(category, l, s, rng),
        _ => {
            let expected = details(category, &mut l, &mut s, rng)?;
            Some(case(category, l, s, expected))
        }
    }
}

/// One or two causes in the five key fields, on the learner's own ULN.
fn details(
    category: Category,
    l: &mut RegisterLearner,
    s: &mut Demographics,
    rng: &mut fastrand::Rng,
) -> Option<Expected> {
    use Category as C;
    let expected = match category {
        C::TypoGivenName => {
            s.given_name = name(&typo(rng, l.given_name.as_str())?);
            fix(&[K::Spelling])
        }
        C::TypoFamilyName => {
            s.family_name = name(&typo(rng, l.family_name.as_str())?);
            fix(&[K::Spelling])
        }
        C::AccentsPunctuation => {
            accents(rng, l, s);
            fix(&[K::Spelling])
        }
        C::PreferredName => {
            preferred_name(rng, l, s)?;
            fix(&[K::PreferredName])
        }
        C::MiddleName => {
            let middle = l.middle_names.clone()?;
            s.given_name = if rng.bool() {
                name(&format!("{} {middle}", l.given_name))
            } else {
                name(&middle)
            };
            fix(&[K::PreferredName])
        }
        C::NamesSwapped => {
            s.given_name = l.family_name.clone();
            s.family_name = l.given_name.clone();
            fix(&[K::NamesSwapped])
        }
        C::PreviousFamilyName => {
            previous_family_name(rng, l, s)?;
            fix(&[K::FamilyNameChanged])
        }
        C::DayMonthSwapped => {
            s.date_of_birth = gen::day_month_swapped(l.date_of_birth)?;
            fix(&[K::DayMonthSwapped])
        }
        C::YearOffByOne => {
            s.date_of_birth = gen::year_off_by_one(rng, l.date_of_birth)?;
            fix(&[K::YearOffByOne])
        }
        C::DigitsTransposed => {
            s.date_of_birth = gen::digits_transposed(rng, l.date_of_birth)?;
            fix(&[K::DigitsTransposed])
        }
        C::OneDigitMistyped => {
            s.date_of_birth = gen::one_digit_mistyped(rng, l.date_of_birth)?;
            Expected::FixAll(Kinds::DateSlip)
        }
        C::Gender => {
            s.gender = other_gender(rng, l.gender);
            fix(&[K::GenderDiffers])
        }
        C::PostcodeMoved => {
            s.postcode = gen::other_postcode(rng, &s.postcode);
            fix(&[K::PostcodeMoved])
        }
        C::PostcodeZz99Supplied => {
            s.postcode = placeholder();
            fix(&[K::PostcodePlaceholder])
        }
        C::PostcodeZz99OnRegister => {
            l.postcode = Some(placeholder());
            Expected::Resolve(K::PostcodePlaceholder)
        }
        C::TypoAndMoved => {
            s.family_name = name(&typo(rng, l.family_name.as_str())?);
            s.postcode = gen::other_postcode(rng, &s.postcode);
            Expected::FixAll(Kinds::Any)
        }
        C::PreviousFamilyNameAndMoved => {
            previous_family_name(rng, l, s)?;
            s.postcode = gen::other_postcode(rng, &s.postcode);
            Expected::FixAll(Kinds::Any)
        }
        C::PreferredNameAndMoved => {
            preferred_name(rng, l, s)?;
            s.postcode = gen::other_postcode(rng, &s.postcode);
            Expected::FixAll(Kinds::Any)
        }
        C::DayMonthSwappedAndTypo => {
            s.date_of_birth = gen::day_month_swapped(l.date_of_birth)?;
            s.given_name = name(&typo(rng, l.given_name.as_str())?);
            Expected::FixAll(Kinds::Any)
        }
        _ => unreachable!("build handles {category:?}"),
    };
    Some(expected)
}

fn accents(rng: &mut fastrand::Rng, l: &mut RegisterLearner, s: &mut Demographics) {
    if rng.bool() {
        let (register, supplied, female) = *pick(rng, ACCENTED_GIVEN);
        l.gender = if female { Gender::Female } else { Gender::Male };
        s.gender = l.gender;
        l.given_name = name(register);
        s.given_name = name(supplied);
    } else {
        let (register, supplied) = *pick(rng, ACCENTED_FAMILY);
        l.family_name = name(register);
        s.family_name = name(supplied);
    }
}

/// The register holds a preferred (known-as) given name, and the centre sent it.
fn preferred_name(
    rng: &mut fastrand::Rng,
    l: &mut RegisterLearner,
    s: &mut Demographics,
) -> Option<()> {
    let preferred = *pick(rng, gen::given_names(l.gender));
    if preferred == l.given_name.as_str() || l.middle_names.as_deref() == Some(preferred) {
        return None;
    }
    l.preferred_given_name = Some(preferred.to_owned());
    s.given_name = name(preferred);
    Some(())
}

/// The register learner changed family name (marriage, adoption); the centre sent the old one.
fn previous_family_name(
    rng: &mut fastrand::Rng,
    l: &mut RegisterLearner,
    s: &mut Demographics,
) -> Option<()> {
    let previous = *pick(rng, FAMILY);
    if previous == l.family_name.as_str() {
        return None;
    }
    l.previous_family_name = Some(previous.to_owned());
    s.family_name = name(previous);
    Some(())
}

fn other_gender(rng: &mut fastrand::Rng, g: Gender) -> Gender {
    match (g, rng.u8(0..4)) {
        (_, 0) => Gender::NotKnown,
        (_, 1) => Gender::NotSpecified,
        (Gender::Female, _) => Gender::Male,
        _ => Gender::Female,
    }
}

/// The centre sent an old ULN of the learner's, merged into the master the register returns.
fn linked(
    category: Category,
    mut l: RegisterLearner,
    s: Demographics,
    ulns: &mut UlnSource,
    rng: &mut fastrand::Rng,
    expected: Expected,
) -> Case {
    let old = ulns.fresh(rng);
    l.linked_ulns.push(old.clone());
    Case {
        supplied_uln: old.to_string(),
        lookup: RegisterLookup::Linked(l.clone()),
        ..case(category, l, s, expected)
    }
}

/// A ULN that cannot be one (domain.md's list): each variant of the learner's own ULN.
fn malformed_uln(rng: &mut fastrand::Rng, l: RegisterLearner, s: Demographics) -> Case {
    let uln = l.uln.to_string();
    let mut digits: Vec<u8> = uln.clone().into_bytes();
    let supplied = match rng.u8(0..7) {
        0 => uln[..9].to_owned(),
        1 => format!("{uln}{}", rng.u8(0..10)),
        2 => format!("0{}", &uln[1..]),
        3 => "9999999999".to_owned(),
        4 => format!("{}O{}", &uln[..4], &uln[5..]),
        5 => {
            let at = rng.usize(0..10);
            digits[at] = b'0' + (digits[at] - b'0' + rng.u8(1..10)) % 10;
            String::from_utf8(digits).expect("digits")
        }
        _ => {
            // Two adjacent differing digits swapped (domain.md: every swap breaks the check).
            let at = (0..9).find(|i| digits[*i] != digits[i + 1]).unwrap_or(0);
            digits.swap(at, at + 1);
            String::from_utf8(digits).expect("digits")
        }
    };
    let expected = Expected::Resolve(K::MalformedUln);
    Case {
        supplied_uln: supplied,
        lookup: RegisterLookup::NotFound,
        ..case(Category::MalformedUln, l, s, expected)
    }
}
