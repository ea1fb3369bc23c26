//! An independent evaluation of diagnosis (issue 12, point 7): a second case generator, written
//! apart from the seeder from the rules in domain.md, with its own name lists, its own mixes of
//! one and two causes, and the people a real register holds who are *not* the learner (common-name
//! strangers, a parent and child of one name, siblings, twins). Each case says what the top
//! suggestion should be and what would be unsafe; `score` runs every case through the backend's
//! own assessment (`assess::assess_with`, the step every registration goes through).
//!
//! Nothing here changes what the seeder produces; it is deterministic from a seed.

mod builders;
mod learners;
mod names;
mod others;
mod register;
mod score;
#[cfg(test)]
mod tests;

pub use register::{score_through_register, RegisterRun};
pub use score::{CategoryScore, Evaluation};

use crate::register::RegisterLookup;
use learners::UlnSource;
use uln_domain::{Demographics, SuggestionKind};

/// How a case was made; the unit results are reported by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    // One cause.
    TypoGivenName,
    TypoFamilyName,
    AccentsPunctuation,
    PreferredName,
    MiddleName,
    NamesSwapped,
    PreviousFamilyName,
    DayMonthSwapped,
    YearOffByOne,
    DigitsTransposed,
    OneDigitMistyped,
    Gender,
    PostcodeMoved,
    PostcodeZz99Supplied,
    PostcodeZz99OnRegister,
    MalformedUln,
    UnknownUln,
    LinkedUln,
    // Two causes.
    TypoAndMoved,
    PreviousFamilyNameAndMoved,
    PreferredNameAndMoved,
    DayMonthSwappedAndTypo,
    LinkedUlnAndTypo,
    // Names as people write them.
    Transliteration,
    Nickname,
    RecordInCapitals,
    // Someone else.
    CommonNameStranger,
    NamesakeGenerationApart,
    Sibling,
    Twin,
}

impl Category {
    pub const ALL: [Category; 30] = [
        Category::TypoGivenName,
        Category::TypoFamilyName,
        Category::AccentsPunctuation,
        Category::PreferredName,
        Category::MiddleName,
        Category::NamesSwapped,
        Category::PreviousFamilyName,
        Category::DayMonthSwapped,
        Category::YearOffByOne,
        Category::DigitsTransposed,
        Category::OneDigitMistyped,
        Category::Gender,
        Category::PostcodeMoved,
        Category::PostcodeZz99Supplied,
        Category::PostcodeZz99OnRegister,
        Category::MalformedUln,
        Category::UnknownUln,
        Category::LinkedUln,
        Category::TypoAndMoved,
        Category::PreviousFamilyNameAndMoved,
        Category::PreferredNameAndMoved,
        Category::DayMonthSwappedAndTypo,
        Category::LinkedUlnAndTypo,
        Category::Transliteration,
        Category::Nickname,
        Category::RecordInCapitals,
        Category::CommonNameStranger,
        Category::NamesakeGenerationApart,
        Category::Sibling,
        Category::Twin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::TypoGivenName => "typo_given_name",
            Category::TypoFamilyName => "typo_family_name",
            Category::AccentsPunctuation => "accents_punctuation",
            Category::PreferredName => "preferred_name",
            Category::MiddleName => "middle_name",
            Category::NamesSwapped => "names_swapped",
            Category::PreviousFamilyName => "previous_family_name",
            Category::DayMonthSwapped => "dob_day_month_swapped",
            Category::YearOffByOne => "dob_year_off_by_one",
            Category::DigitsTransposed => "dob_digits_transposed",
            Category::OneDigitMistyped => "dob_one_digit_mistyped",
            Category::Gender => "gender",
            Category::PostcodeMoved => "postcode_moved",
            Category::PostcodeZz99Supplied => "postcode_zz99_supplied",
            Category::PostcodeZz99OnRegister => "postcode_zz99_on_register",
            Category::MalformedUln => "malformed_uln",
            Category::UnknownUln => "unknown_uln",
            Category::LinkedUln => "linked_uln",
            Category::TypoAndMoved => "typo+moved",
            Category::PreviousFamilyNameAndMoved => "previous_family+moved",
            Category::PreferredNameAndMoved => "preferred_name+moved",
            Category::DayMonthSwappedAndTypo => "day_month_swap+typo",
            Category::LinkedUlnAndTypo => "linked_uln+typo",
            Category::Transliteration => "transliteration",
            Category::Nickname => "nickname",
            Category::RecordInCapitals => "record_in_capitals",
            Category::CommonNameStranger => "common_name_stranger",
            Category::NamesakeGenerationApart => "namesake_generation_apart",
            Category::Sibling => "sibling",
            Category::Twin => "twin",
        }
    }

    /// The heading a category is reported under.
    pub fn group(self) -> &'static str {
        use Category::*;
        match self {
            TypoAndMoved
            | PreviousFamilyNameAndMoved
            | PreferredNameAndMoved
            | DayMonthSwappedAndTypo
            | LinkedUlnAndTypo => "two causes",
            Transliteration | Nickname | RecordInCapitals => "real-life names",
            CommonNameStranger | NamesakeGenerationApart | Sibling | Twin => "different person",
            _ => "one cause",
        }
    }
}

/// Which suggestion kinds a right answer may carry.
#[derive(Debug, Clone, Copy)]
pub enum Kinds {
    OneOf(&'static [SuggestionKind]),
    /// Any recognised date slip: a date-of-birth kind other than "differs with no slip". Named by
    /// the queue it feeds, so a slip kind added later (one digit mistyped) counts.
    DateSlip,
    /// Several causes: the kind is the diagnosis's to name; what counts is that one suggestion
    /// fixes the whole record.
    Any,
}

/// What the top suggestion should be.
#[derive(Debug, Clone, Copy)]
pub enum Expected {
    /// The same person: the top suggestion amends the registration so that it matches the
    /// register exactly (every field, and the master ULN), and is of one of these kinds.
    FixAll(Kinds),
    /// The same person, but only a search or the centre can resolve it: the top suggestion is of
    /// this kind and amends nothing.
    Resolve(SuggestionKind),
    /// Someone else: the top suggestion is `different_person` and amends nothing; any suggestion
    /// that copies the register's details onto the registration is unsafe.
    DifferentPerson,
}

/// One evaluation case: what the centre supplied, what the register answers, what should happen.
#[derive(Debug, Clone)]
pub struct Case {
    pub category: Category,
    pub supplied_uln: String,
    pub supplied: Demographics,
    pub lookup: RegisterLookup,
    pub expected: Expected,
}

/// `per_category` cases of every category, the same for the same seed.
pub fn generate(seed: u64, per_category: usize) -> Vec<Case> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut ulns = UlnSource::default();
    let mut cases = Vec::with_capacity(per_category * Category::ALL.len());
    for category in Category::ALL {
        let mut made = 0;
        while made < per_category {
            let l = learners::learner(&mut rng, &mut ulns);
            // A builder declines a learner that cannot carry its cause (a name too short for a
            // typo, a date with no day/month swap); the next learner is tried.
            if let Some(case) = builders::build(category, l, &mut rng, &mut ulns) {
                cases.push(case);
                made += 1;
            }
        }
    }
    cases
}

/// Diagnoses every case as the backend assesses a registration, and scores it.
pub fn score(cases: &[Case]) -> Evaluation {
    let mut evaluation = Evaluation::default();
    for case in cases {
        let assessment =
            crate::assess::assess_with(case.lookup.clone(), &case.supplied_uln, &case.supplied);
        evaluation.record(case, &assessment.suggestions);
    }
    evaluation
}
