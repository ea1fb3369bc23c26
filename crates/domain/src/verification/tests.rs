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
