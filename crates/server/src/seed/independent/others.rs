//! Cases about names as people write them (transliterations, nicknames, capitals) and about the
//! people a register holds who are not the learner: strangers sharing a common name, a parent and
//! child of one name, siblings and twins.

use super::builders::case;
use super::learners::{self as gen, name, pick};
use super::names::{COMMON_FAMILY, COMMON_GIVEN, FAMILY, NICKNAMES, TRANSLITERATIONS};
use super::{Case, Category, Expected, Kinds};
use uln_domain::{Demographics, Gender, RegisterLearner, SuggestionKind as K};

pub fn build(
    category: Category,
    mut l: RegisterLearner,
    mut s: Demographics,
    rng: &mut fastrand::Rng,
) -> Option<Case> {
    let expected = match category {
        Category::Transliteration => {
            let (spellings, female) = *pick(rng, TRANSLITERATIONS);
            let register = *pick(rng, spellings);
            let supplied = *pick(rng, spellings);
            if register == supplied {
                return None;
            }
            set_gender(&mut l, &mut s, female);
            l.given_name = name(register);
            s.given_name = name(supplied);
            Expected::FixAll(Kinds::OneOf(&[K::PreferredName, K::Spelling]))
        }
        Category::Nickname => {
            let (nickname, legal_names, female) = *pick(rng, NICKNAMES);
            let legal = *pick(rng, legal_names);
            set_gender(&mut l, &mut s, female);
            // Mostly the centre sends the short form; sometimes the register holds the short form
            // as the legal name and the centre sends the long one (both directions, issue 12.3).
            let (register, supplied) = if rng.u8(0..4) == 0 {
                (nickname, legal)
            } else {
                (legal, nickname)
            };
            l.given_name = name(register);
            l.preferred_given_name = None;
            l.middle_names = None;
            s.given_name = name(supplied);
            Expected::FixAll(Kinds::OneOf(&[K::PreferredName]))
        }
        Category::RecordInCapitals => {
            let (given, family) = (l.given_name.to_string(), l.family_name.to_string());
            let capitals = |n: &str| name(&n.to_uppercase());
            if rng.u8(0..4) == 0 {
                l.given_name = capitals(&given);
                l.family_name = capitals(&family);
            } else {
                s.given_name = capitals(&given);
                s.family_name = capitals(&family);
            }
            Expected::FixAll(Kinds::Any)
        }
        Category::CommonNameStranger => {
            let given = *pick(rng, &gen::given_names(l.gender)[..COMMON_GIVEN]);
            l.given_name = name(given);
            let family = *pick(rng, &FAMILY[..COMMON_FAMILY]);
            l.family_name = name(family);
            s = super::builders::exact(&l);
            s.date_of_birth = gen::unrelated_date(rng, l.date_of_birth, 0..6);
            s.postcode = gen::other_postcode(rng, &s.postcode);
            Expected::DifferentPerson
        }
        Category::NamesakeGenerationApart => {
            // A parent and child of one name at one address: only the date of birth tells them apart.
            s.date_of_birth = gen::unrelated_date(rng, l.date_of_birth, 25..36);
            Expected::DifferentPerson
        }
        Category::Sibling => {
            s.gender = gen::random_gender(rng);
            s.given_name = name(other_given_name(rng, &l, s.gender)?);
            s.date_of_birth = gen::unrelated_date(rng, l.date_of_birth, 1..9);
            Expected::DifferentPerson
        }
        Category::Twin => {
            s.gender = gen::random_gender(rng);
            s.given_name = name(other_given_name(rng, &l, s.gender)?);
            Expected::DifferentPerson
        }
        _ => unreachable!("builders::build handles {category:?}"),
    };
    Some(case(category, l, s, expected))
}

fn set_gender(l: &mut RegisterLearner, s: &mut Demographics, female: bool) {
    l.gender = if female { Gender::Female } else { Gender::Male };
    s.gender = l.gender;
}

/// A brother's or sister's given name: plainly not the learner's, nor any name the register says
/// the learner goes by. Declines when the draw comes too close.
fn other_given_name(
    rng: &mut fastrand::Rng,
    l: &RegisterLearner,
    gender: Gender,
) -> Option<&'static str> {
    let candidate = *pick(rng, gen::given_names(gender));
    let known_as = [
        Some(l.given_name.as_str()),
        l.preferred_given_name.as_deref(),
        l.middle_names.as_deref(),
    ];
    let too_close = known_as
        .into_iter()
        .flatten()
        .any(|n| edit_distance(&n.to_lowercase(), &candidate.to_lowercase()) < 3);
    (!too_close).then_some(candidate)
}

/// Levenshtein distance, our own, for keeping siblings' names clear of typos.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}
