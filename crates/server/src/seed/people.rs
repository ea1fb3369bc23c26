//! Generating the register's learners, their linked ULNs and their PLRs.

use super::data::{CENTRES, FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE, OUTWARD, QUALIFICATIONS};
use crate::register::SeedEvent;
use jiff::civil::{date, Date};
use std::collections::HashSet;
use uln_domain::names::diminutives_of;
use uln_domain::{Gender, PersonName, Postcode, RegisterLearner, Uln};

/// Hands out checksum-valid ULNs, never the same twice.
pub struct UlnSource {
    issued: HashSet<Uln>,
}

impl UlnSource {
    pub fn new() -> Self {
        UlnSource {
            issued: HashSet::new(),
        }
    }

    pub fn fresh(&mut self, rng: &mut fastrand::Rng) -> Uln {
        loop {
            if let Some(uln) = Uln::from_prefix(rng.u32(100_000_000..=999_999_999)) {
                if self.issued.insert(uln.clone()) {
                    return uln;
                }
            }
        }
    }
}

pub fn pick<'a>(rng: &mut fastrand::Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(..from.len())]
}

fn name(text: &str) -> PersonName {
    PersonName::parse(text).expect("reference names are valid")
}

pub fn given_name_for(rng: &mut fastrand::Rng, gender: Gender) -> &'static str {
    match gender {
        Gender::Female => pick(rng, GIVEN_FEMALE),
        _ => pick(rng, GIVEN_MALE),
    }
}

pub fn random_postcode(rng: &mut fastrand::Rng) -> Postcode {
    const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let outward = pick(rng, OUTWARD);
    let text = format!(
        "{outward} {}{}{}",
        rng.u8(0..=9),
        UNIT_LETTERS[rng.usize(..UNIT_LETTERS.len())] as char,
        UNIT_LETTERS[rng.usize(..UNIT_LETTERS.len())] as char
    );
    Postcode::parse(&text).expect("generated postcodes are valid")
}

/// A date of birth for a learner of 14 to 35.
pub fn random_birth_date(rng: &mut fastrand::Rng) -> Date {
    let start = date(1991, 1, 1);
    start
        .checked_add(jiff::Span::new().days(rng.i64(0..7670)))
        .unwrap_or(start)
}

pub fn random_centre(rng: &mut fastrand::Rng) -> &'static str {
    pick(rng, CENTRES)
}

pub fn learner(rng: &mut fastrand::Rng, ulns: &mut UlnSource) -> RegisterLearner {
    let gender = match rng.u8(0..100) {
        0..=47 => Gender::Female,
        48..=95 => Gender::Male,
        96..=97 => Gender::NotSpecified,
        _ => Gender::NotKnown,
    };
    let given = given_name_for(rng, gender);
    let family = pick(rng, FAMILY);
    let preferred = if rng.u8(0..100) < 15 {
        diminutives_of(given).first().map(|d| capitalise(d))
    } else {
        None
    };
    let previous_family_name = (rng.u8(0..100) < 10)
        .then(|| pick(rng, FAMILY))
        .filter(|p| *p != family)
        .map(str::to_owned);
    RegisterLearner {
        uln: ulns.fresh(rng),
        given_name: name(given),
        family_name: name(family),
        date_of_birth: random_birth_date(rng),
        gender,
        postcode: Some(if rng.u8(0..100) < 2 {
            Postcode::parse("ZZ99 9ZZ").expect("valid")
        } else {
            random_postcode(rng)
        }),
        preferred_given_name: preferred,
        middle_names: (rng.u8(0..100) < 40).then(|| pick(rng, MIDDLE).to_owned()),
        previous_family_name,
        linked_ulns: Vec::new(),
        ability_to_share: rng.u8(0..100) >= 5,
        version: 1 + i64::from(rng.u8(0..4)),
    }
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Two to five learning events from the three sources.
pub fn events(
    rng: &mut fastrand::Rng,
    learner: &RegisterLearner,
    next_provider: &str,
) -> Vec<SeedEvent> {
    let count = rng.usize(2..=5);
    (0..count)
        .map(|_| {
            let q = &QUALIFICATIONS[rng.usize(..QUALIFICATIONS.len())];
            let provisional = rng.u8(0..100) < 10;
            let age_at_award = rng.i64(16..20);
            let award_date = learner
                .date_of_birth
                .checked_add(jiff::Span::new().years(age_at_award).days(rng.i64(0..300)))
                .ok()
                .filter(|_| !provisional);
            let source = match q.kind {
                "GCSE" | "GCE A Level" => {
                    if rng.bool() {
                        "NPD"
                    } else {
                        "AO"
                    }
                }
                _ => {
                    if rng.bool() {
                        "ILR"
                    } else {
                        "AO"
                    }
                }
            };
            SeedEvent {
                uln: learner.uln.to_string(),
                source,
                qualification_code: q.code.to_owned(),
                title: q.title,
                qualification_type: q.kind,
                level: q.level,
                grade: (!provisional).then(|| q.grades[rng.usize(..q.grades.len())]),
                awarding_organisation: q.awarding_organisation,
                provider: next_provider.to_owned(),
                award_date,
                credits: q.credits,
                status: if provisional { "provisional" } else { "final" },
            }
        })
        .collect()
}
