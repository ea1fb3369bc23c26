//! Verifying supplied details against the register: per-field comparison, the LRS verify code
//! (WSVRC001–006) and the failure flags (VRF1–8), computed as domain.md describes.
//!
//! Assumed where the public record is silent: a field "matches" only when identical (postcodes after
//! canonicalising); the crosswise name comparisons (VRF2/3/4/6) are tried only when the direct one
//! failed, and VRF3/VRF6 only when the register holds a previous family name; flags accompany a
//! failed verification (WSVRC005) only; a postcode difference fails verification without a flag,
//! because the register's flags do not cover postcodes but the awarding body's validation does.

use super::demographics::{Demographics, Gender, PersonName, Postcode};
use super::names::{compare_names, names_equivalent, NameLikeness};
use super::uln::Uln;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The register's record of a learner: the five key fields plus the supporting ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLearner {
    pub uln: Uln,
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: Date,
    pub gender: Gender,
    pub postcode: Option<Postcode>,
    pub preferred_given_name: Option<String>,
    pub middle_names: Option<String>,
    pub previous_family_name: Option<String>,
    pub linked_ulns: Vec<Uln>,
    pub ability_to_share: bool,
    pub version: i64,
}

/// What the register found for a supplied ULN.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    NotFound,
    /// The supplied ULN is the learner's own (master) ULN.
    Direct(&'a RegisterLearner),
    /// The supplied ULN was merged into this master record.
    Linked(&'a RegisterLearner),
}

impl<'a> Lookup<'a> {
    pub fn learner(self) -> Option<&'a RegisterLearner> {
        match self {
            Lookup::NotFound => None,
            Lookup::Direct(l) | Lookup::Linked(l) => Some(l),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldMatch {
    Match,
    Similar,
    Differs,
}

/// Supplied vs authoritative, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub given_name: FieldMatch,
    pub family_name: FieldMatch,
    pub date_of_birth: FieldMatch,
    pub gender: FieldMatch,
    pub postcode: FieldMatch,
}

impl Comparison {
    pub fn fields(&self) -> [FieldMatch; 5] {
        [
            self.given_name,
            self.family_name,
            self.date_of_birth,
            self.gender,
            self.postcode,
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VerifyCode {
    #[serde(rename = "WSVRC001")]
    Match,
    #[serde(rename = "WSVRC002")]
    LinkedMatch,
    #[serde(rename = "WSVRC003")]
    SimilarMatch,
    #[serde(rename = "WSVRC004")]
    LinkedSimilarMatch,
    #[serde(rename = "WSVRC005")]
    NoMatch,
    #[serde(rename = "WSVRC006")]
    NotFound,
    /// The supplied ULN is malformed, so it was never sent to the register (LRS code WSEC0136).
    #[serde(rename = "WSEC0136")]
    InvalidUln,
}

impl VerifyCode {
    pub const ALL: [VerifyCode; 7] = [
        VerifyCode::Match,
        VerifyCode::LinkedMatch,
        VerifyCode::SimilarMatch,
        VerifyCode::LinkedSimilarMatch,
        VerifyCode::NoMatch,
        VerifyCode::NotFound,
        VerifyCode::InvalidUln,
    ];

    pub fn code(self) -> &'static str {
        match self {
            VerifyCode::Match => "WSVRC001",
            VerifyCode::LinkedMatch => "WSVRC002",
            VerifyCode::SimilarMatch => "WSVRC003",
            VerifyCode::LinkedSimilarMatch => "WSVRC004",
            VerifyCode::NoMatch => "WSVRC005",
            VerifyCode::NotFound => "WSVRC006",
            VerifyCode::InvalidUln => "WSEC0136",
        }
    }

    pub fn from_code(code: &str) -> Option<VerifyCode> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn describe(self) -> &'static str {
        match self {
            VerifyCode::Match => "match: every supplied field matches",
            VerifyCode::LinkedMatch => "match on a linked ULN: the master record was returned",
            VerifyCode::SimilarMatch => "similar match: ULN found, names similar but not exact",
            VerifyCode::LinkedSimilarMatch => "similar match on a linked ULN",
            VerifyCode::NoMatch => "does not match",
            VerifyCode::NotFound => "ULN not found",
            VerifyCode::InvalidUln => "invalid ULN: not sent to the LRS",
        }
    }
}

/// One failed comparison reported with WSVRC005.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FailureFlag {
    #[serde(rename = "VRF1")]
    GivenVsGiven,
    #[serde(rename = "VRF2")]
    GivenVsFamily,
    #[serde(rename = "VRF3")]
    GivenVsPreviousFamily,
    #[serde(rename = "VRF4")]
    FamilyVsGiven,
    #[serde(rename = "VRF5")]
    FamilyVsFamily,
    #[serde(rename = "VRF6")]
    FamilyVsPreviousFamily,
    #[serde(rename = "VRF7")]
    DateOfBirth,
    #[serde(rename = "VRF8")]
    Gender,
}

impl FailureFlag {
    pub const ALL: [FailureFlag; 8] = [
        FailureFlag::GivenVsGiven,
        FailureFlag::GivenVsFamily,
        FailureFlag::GivenVsPreviousFamily,
        FailureFlag::FamilyVsGiven,
        FailureFlag::FamilyVsFamily,
        FailureFlag::FamilyVsPreviousFamily,
        FailureFlag::DateOfBirth,
        FailureFlag::Gender,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FailureFlag::GivenVsGiven => "VRF1",
            FailureFlag::GivenVsFamily => "VRF2",
            FailureFlag::GivenVsPreviousFamily => "VRF3",
            FailureFlag::FamilyVsGiven => "VRF4",
            FailureFlag::FamilyVsFamily => "VRF5",
            FailureFlag::FamilyVsPreviousFamily => "VRF6",
            FailureFlag::DateOfBirth => "VRF7",
            FailureFlag::Gender => "VRF8",
        }
    }

    pub fn from_code(code: &str) -> Option<FailureFlag> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn describe(self) -> &'static str {
        match self {
            FailureFlag::GivenVsGiven => "supplied given name differs from the LRS given name",
            FailureFlag::GivenVsFamily => "supplied given name differs from the LRS family name",
            FailureFlag::GivenVsPreviousFamily => {
                "supplied given name differs from the LRS previous family name"
            }
            FailureFlag::FamilyVsGiven => "supplied family name differs from the LRS given name",
            FailureFlag::FamilyVsFamily => "supplied family name differs from the LRS family name",
            FailureFlag::FamilyVsPreviousFamily => {
                "supplied family name differs from the LRS previous family name"
            }
            FailureFlag::DateOfBirth => "date of birth differs",
            FailureFlag::Gender => "gender differs",
        }
    }
}

/// The outcome of verifying one registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub code: VerifyCode,
    pub failure_flags: Vec<FailureFlag>,
    /// None when there is no register record to compare with.
    pub comparison: Option<Comparison>,
}

impl Verification {
    /// Only an exact match on the supplied (master) ULN clears a registration.
    pub fn is_match(&self) -> bool {
        self.code == VerifyCode::Match
    }
}

/// Verifies a registration whose ULN may be malformed: a malformed ULN is never looked up.
pub fn verify_supplied(
    supplied_uln: &str,
    supplied: &Demographics,
    lookup: Lookup<'_>,
) -> Verification {
    if Uln::parse(supplied_uln).is_err() {
        return Verification {
            code: VerifyCode::InvalidUln,
            failure_flags: Vec::new(),
            comparison: None,
        };
    }
    verify(supplied, lookup)
}

pub fn compare(supplied: &Demographics, learner: &RegisterLearner) -> Comparison {
    let name = |s: &PersonName, a: &PersonName| match compare_names(s.as_str(), a.as_str()) {
        NameLikeness::Same => FieldMatch::Match,
        NameLikeness::Similar => FieldMatch::Similar,
        NameLikeness::Different => FieldMatch::Differs,
    };
    let exact = |same: bool| {
        if same {
            FieldMatch::Match
        } else {
            FieldMatch::Differs
        }
    };
    Comparison {
        given_name: name(&supplied.given_name, &learner.given_name),
        family_name: name(&supplied.family_name, &learner.family_name),
        date_of_birth: exact(supplied.date_of_birth == learner.date_of_birth),
        gender: exact(supplied.gender == learner.gender),
        postcode: exact(learner.postcode.as_ref() == Some(&supplied.postcode)),
    }
}

pub fn verify(supplied: &Demographics, lookup: Lookup<'_>) -> Verification {
    let (learner, linked) = match lookup {
        Lookup::NotFound => {
            return Verification {
                code: VerifyCode::NotFound,
                failure_flags: Vec::new(),
                comparison: None,
            }
        }
        Lookup::Direct(l) => (l, false),
        Lookup::Linked(l) => (l, true),
    };
    let comparison = compare(supplied, learner);
    let fields = comparison.fields();
    let code = if fields.iter().all(|f| *f == FieldMatch::Match) {
        if linked {
            VerifyCode::LinkedMatch
        } else {
            VerifyCode::Match
        }
    } else if !fields.contains(&FieldMatch::Differs) {
        if linked {
            VerifyCode::LinkedSimilarMatch
        } else {
            VerifyCode::SimilarMatch
        }
    } else {
        VerifyCode::NoMatch
    };
    let failure_flags = if code == VerifyCode::NoMatch {
        failure_flags(supplied, learner, &comparison)
    } else {
        Vec::new()
    };
    Verification {
        code,
        failure_flags,
        comparison: Some(comparison),
    }
}

fn failure_flags(s: &Demographics, l: &RegisterLearner, c: &Comparison) -> Vec<FailureFlag> {
    let mut flags = Vec::new();
    let previous = l.previous_family_name.as_deref();
    let fails = |a: &PersonName, b: &str| !names_equivalent(a.as_str(), b);
    if c.given_name == FieldMatch::Differs {
        flags.push(FailureFlag::GivenVsGiven);
        if fails(&s.given_name, l.family_name.as_str()) {
            flags.push(FailureFlag::GivenVsFamily);
        }
        if previous.is_some_and(|p| fails(&s.given_name, p)) {
            flags.push(FailureFlag::GivenVsPreviousFamily);
        }
    }
    if c.family_name == FieldMatch::Differs {
        if fails(&s.family_name, l.given_name.as_str()) {
            flags.push(FailureFlag::FamilyVsGiven);
        }
        flags.push(FailureFlag::FamilyVsFamily);
        if previous.is_some_and(|p| fails(&s.family_name, p)) {
            flags.push(FailureFlag::FamilyVsPreviousFamily);
        }
    }
    if c.date_of_birth == FieldMatch::Differs {
        flags.push(FailureFlag::DateOfBirth);
    }
    if c.gender == FieldMatch::Differs {
        flags.push(FailureFlag::Gender);
    }
    flags
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn learner() -> RegisterLearner {
        RegisterLearner {
            uln: Uln::parse("9276308686").unwrap(),
            given_name: PersonName::parse("Amelia").unwrap(),
            family_name: PersonName::parse("Hughes").unwrap(),
            date_of_birth: jiff::civil::date(2007, 2, 3),
            gender: Gender::Female,
            postcode: Some(Postcode::parse("LS1 4AP").unwrap()),
            preferred_given_name: Some("Millie".into()),
            middle_names: Some("Rose".into()),
            previous_family_name: Some("Clarke".into()),
            linked_ulns: vec![Uln::parse("1174112637").unwrap()],
            ability_to_share: true,
            version: 1,
        }
    }

    pub fn supplied_from(l: &RegisterLearner) -> Demographics {
        Demographics {
            given_name: l.given_name.clone(),
            family_name: l.family_name.clone(),
            date_of_birth: l.date_of_birth,
            gender: l.gender,
            postcode: l.postcode.clone().unwrap(),
        }
    }

    fn name(s: &str) -> PersonName {
        PersonName::parse(s).unwrap()
    }

    #[test]
    fn exact_details_match() {
        let l = learner();
        let v = verify(&supplied_from(&l), Lookup::Direct(&l));
        assert_eq!(v.code, VerifyCode::Match);
        assert!(v.failure_flags.is_empty());
        assert!(v.is_match());
    }

    #[test]
    fn postcodes_match_whatever_their_case_and_spacing() {
        let l = learner();
        let mut s = supplied_from(&l);
        s.postcode = Postcode::parse("ls14ap").unwrap();
        assert_eq!(verify(&s, Lookup::Direct(&l)).code, VerifyCode::Match);
    }

    #[test]
    fn linked_ulns_report_the_linked_codes() {
        let l = learner();
        let s = supplied_from(&l);
        assert_eq!(verify(&s, Lookup::Linked(&l)).code, VerifyCode::LinkedMatch);
        let mut similar = s.clone();
        similar.family_name = name("HUGHES");
        assert_eq!(
            verify(&similar, Lookup::Linked(&l)).code,
            VerifyCode::LinkedSimilarMatch
        );
        assert!(
            !verify(&s, Lookup::Linked(&l)).is_match(),
            "a linked ULN still needs replacing"
        );
    }

    #[test]
    fn similar_names_give_a_similar_match_without_flags() {
        let l = learner();
        let mut s = supplied_from(&l);
        s.family_name = name("Hughs");
        let v = verify(&s, Lookup::Direct(&l));
        assert_eq!(v.code, VerifyCode::SimilarMatch);
        assert!(v.failure_flags.is_empty());
        assert_eq!(v.comparison.unwrap().family_name, FieldMatch::Similar);
    }

    #[test]
    fn unknown_uln_is_not_found() {
        let l = learner();
        let v = verify(&supplied_from(&l), Lookup::NotFound);
        assert_eq!(v.code, VerifyCode::NotFound);
        assert_eq!(v.comparison, None);
    }

    #[test]
    fn swapped_names_fail_direct_but_pass_crosswise() {
        let l = learner();
        let mut s = supplied_from(&l);
        s.given_name = name("Hughes");
        s.family_name = name("Amelia");
        let v = verify(&s, Lookup::Direct(&l));
        assert_eq!(v.code, VerifyCode::NoMatch);
        assert_eq!(
            v.failure_flags,
            vec![
                FailureFlag::GivenVsGiven,
                FailureFlag::GivenVsPreviousFamily,
                FailureFlag::FamilyVsFamily,
                FailureFlag::FamilyVsPreviousFamily
            ]
        );
    }

    #[test]
    fn previous_family_name_passes_vrf6() {
        let l = learner();
        let mut s = supplied_from(&l);
        s.family_name = name("Clarke");
        let v = verify(&s, Lookup::Direct(&l));
        assert_eq!(v.code, VerifyCode::NoMatch);
        assert_eq!(
            v.failure_flags,
            vec![FailureFlag::FamilyVsGiven, FailureFlag::FamilyVsFamily]
        );
    }

    #[test]
    fn date_of_birth_and_gender_flags() {
        let l = learner();
        let mut s = supplied_from(&l);
        s.date_of_birth = jiff::civil::date(2007, 3, 2);
        s.gender = Gender::Male;
        let v = verify(&s, Lookup::Direct(&l));
        assert_eq!(
            v.failure_flags,
            vec![FailureFlag::DateOfBirth, FailureFlag::Gender]
        );
    }

    #[test]
    fn postcode_difference_fails_without_a_flag() {
        let l = learner();
        let mut s = supplied_from(&l);
        s.postcode = Postcode::parse("M1 1AE").unwrap();
        let v = verify(&s, Lookup::Direct(&l));
        assert_eq!(v.code, VerifyCode::NoMatch);
        assert!(v.failure_flags.is_empty());
        assert_eq!(v.comparison.unwrap().postcode, FieldMatch::Differs);
    }

    #[test]
    fn codes_round_trip() {
        for c in VerifyCode::ALL {
            assert_eq!(VerifyCode::from_code(c.code()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
        for f in FailureFlag::ALL {
            assert_eq!(FailureFlag::from_code(f.code()), Some(f));
            assert_eq!(serde_json::to_value(f).unwrap(), f.code());
        }
    }
}
