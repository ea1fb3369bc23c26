//! LearnerByULN and LearnerByDemographics: the register's learners as the LRS `Learner` type,
//! with the master substituted for a linked ULN (WSRC0022, `MasterSubstituted` = `Y`).

use super::{register_failed, schema, Refusal, Simulator};
use crate::register::{DemographicQuery, RegisterLookup, SearchCode, Supplied};
use uln_domain::demographics::PLACEHOLDER_POSTCODE;
use uln_domain::names::names_equivalent;
use uln_domain::{PersonName, RegisterLearner, Uln};
use uln_lrs::{
    FindLearnerByDemographics, FindLearnerByUln, FindLearnerResp, FindType, Learner, LearnerField,
    Response, ResponseCode,
};

pub(super) async fn by_uln(
    sim: &Simulator,
    request: &FindLearnerByUln,
) -> Result<Response, Refusal> {
    schema::uln_pattern("ULN", &request.uln)?;
    let given = schema::name("GivenName", &request.given_name)?;
    let family = schema::name("FamilyName", &request.family_name)?;
    let lookup = match Uln::parse(&request.uln) {
        Ok(uln) => {
            let supplied = Supplied::names(given.clone(), family.clone());
            let lookup = sim.register.lookup(&uln, &supplied).await;
            lookup.map_err(register_failed)?
        }
        Err(_) => RegisterLookup::NotFound,
    };
    // A caller who cannot name the learner is told nothing about the ULN (assumed: the record
    // does not say what the LRS answers a ULN with the wrong names).
    let (code, learners) = match &lookup {
        RegisterLookup::Direct(l) | RegisterLookup::Linked(l) if !named(l, &given, &family) => {
            (ResponseCode::NoMatch, Vec::new())
        }
        RegisterLookup::NotFound => (ResponseCode::NoMatch, Vec::new()),
        RegisterLookup::Direct(l) => (ResponseCode::ExactMatch, vec![learner(l, false)]),
        RegisterLookup::Linked(l) => (ResponseCode::MasterSubstituted, vec![learner(l, true)]),
    };
    Ok(Response::FindLearner(FindLearnerResp {
        response_code: code,
        uln: Some(request.uln.clone()),
        family_name: Some(request.family_name.clone()),
        given_name: Some(request.given_name.clone()),
        date_of_birth: None,
        gender: None,
        last_known_post_code: None,
        previous_family_name: None,
        school_at_age16: None,
        place_of_birth: None,
        email_address: None,
        learners: details(request.find_type.clone(), learners),
    }))
}

pub(super) async fn by_demographics(
    sim: &Simulator,
    request: &FindLearnerByDemographics,
) -> Result<Response, Refusal> {
    let query = DemographicQuery {
        given_name: schema::name("GivenName", &request.given_name)?.to_string(),
        family_name: schema::name("FamilyName", &request.family_name)?.to_string(),
        date_of_birth: Some(schema::date("DateOfBirth", &request.date_of_birth)?),
        gender: Some(schema::gender("Gender", &request.gender)?),
        postcode: Some(schema::postcode(
            "LastKnownPostCode",
            &request.last_known_post_code,
        )?),
    };
    let outcome = sim
        .register
        .find_by_demographics(&query)
        .await
        .map_err(register_failed)?;
    // A search returns records without their linked ULNs; a lookup gives the whole record.
    let asked: Vec<(Uln, Supplied)> = outcome
        .learners
        .iter()
        .map(|l| {
            let names = Supplied::names(l.given_name.clone(), l.family_name.clone());
            (l.uln.clone(), names)
        })
        .collect();
    let records = sim
        .register
        .lookup_many(&asked)
        .await
        .map_err(register_failed)?;
    let learners = records
        .iter()
        .filter_map(RegisterLookup::learner)
        .map(|l| learner(l, false))
        .collect();
    let code = match outcome.code {
        SearchCode::NoMatch => ResponseCode::NoMatch,
        SearchCode::TooMany => ResponseCode::TooManyMatches,
        SearchCode::Possible => ResponseCode::PossibleMatches,
        SearchCode::Exact => ResponseCode::ExactMatch,
    };
    Ok(Response::FindLearner(FindLearnerResp {
        response_code: code,
        uln: None,
        family_name: Some(request.family_name.clone()),
        given_name: Some(request.given_name.clone()),
        date_of_birth: Some(request.date_of_birth.clone()),
        gender: Some(request.gender.clone()),
        last_known_post_code: Some(request.last_known_post_code.clone()),
        previous_family_name: request.previous_family_name.clone(),
        school_at_age16: request.school_at_age16.clone(),
        place_of_birth: request.place_of_birth.clone(),
        email_address: request.email_address.clone(),
        learners: details(request.find_type.clone(), learners),
    }))
}

/// `CHK` asks whether the learner is there, not for their record (assumed from its name).
fn details(find_type: FindType, learners: Vec<Learner>) -> Vec<Learner> {
    match find_type {
        FindType::Check => Vec::new(),
        _ => learners,
    }
}

/// The caller names the learner: family name current or previous, given name legal or preferred.
pub(super) fn named(learner: &RegisterLearner, given: &PersonName, family: &PersonName) -> bool {
    let given_ok = names_equivalent(given.as_str(), learner.given_name.as_str())
        || learner
            .preferred_given_name
            .as_deref()
            .is_some_and(|p| names_equivalent(given.as_str(), p));
    let family_ok = names_equivalent(family.as_str(), learner.family_name.as_str())
        || learner
            .previous_family_name
            .as_deref()
            .is_some_and(|p| names_equivalent(family.as_str(), p));
    given_ok && family_ok
}

/// The register's record as the LRS `Learner`. `AbilityToShare` 1 (shares) or 2 (does not) and
/// `LearnerStatus` 1 (live) as the recorded responses show them.
fn learner(record: &RegisterLearner, substituted: bool) -> Learner {
    let mut fields = vec![
        (
            LearnerField::AbilityToShare,
            if record.ability_to_share { "1" } else { "2" }.to_owned(),
        ),
        (LearnerField::LearnerStatus, "1".to_owned()),
        (LearnerField::VersionNumber, record.version.to_string()),
    ];
    if substituted {
        fields.push((LearnerField::MasterSubstituted, "Y".to_owned()));
    }
    let optional = [
        (
            LearnerField::PreferredGivenName,
            &record.preferred_given_name,
        ),
        (LearnerField::MiddleOtherName, &record.middle_names),
        (
            LearnerField::PreviousFamilyName,
            &record.previous_family_name,
        ),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            fields.push((field, value.clone()));
        }
    }
    Learner {
        uln: record.uln.as_str().to_owned(),
        given_name: record.given_name.as_str().to_owned(),
        family_name: record.family_name.as_str().to_owned(),
        date_of_birth: record.date_of_birth.to_string(),
        gender: record.gender.code().to_owned(),
        last_known_post_code: record
            .postcode
            .as_ref()
            .map_or(PLACEHOLDER_POSTCODE, |p| p.as_str())
            .to_owned(),
        fields,
        linked_ulns: record
            .linked_ulns
            .iter()
            .map(|u| u.as_str().to_owned())
            .collect(),
    }
}
