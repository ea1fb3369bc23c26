//! RetrieveULNs: the register's names, date of birth and gender for each ULN asked, by ULN
//! alone, the master's for a linked ULN (WSRC0022 with `MasterULN`).

use super::challenge::by_uln_alone;
use super::{register_failed, schema, Refusal, Simulator};
use crate::register::RegisterLookup;
use uln_domain::{RegisterLearner, Uln};
use uln_lrs::{
    Response, ResponseCode, RetrieveUlns, RetrievedLearner, RetrievedUlns, MAX_RETRIEVE_ULNS,
};

pub(super) async fn ulns(sim: &Simulator, request: &RetrieveUlns) -> Result<Response, Refusal> {
    if request.ulns.is_empty() || request.ulns.len() > MAX_RETRIEVE_ULNS {
        return Err(Refusal::invalid(format!(
            "cvc-complex-type: ULNs holds 1 to {MAX_RETRIEVE_ULNS} ULN elements"
        )));
    }
    let unnamed = by_uln_alone()?;
    let mut learners = Vec::with_capacity(request.ulns.len());
    for asked in &request.ulns {
        schema::uln_pattern("ULN", asked)?;
        let lookup = match Uln::parse(asked) {
            Ok(uln) => sim
                .register
                .lookup(&uln, &unnamed)
                .await
                .map_err(register_failed)?,
            Err(_) => RegisterLookup::NotFound,
        };
        learners.push(match &lookup {
            RegisterLookup::NotFound => not_found(asked),
            RegisterLookup::Direct(l) => retrieved(asked, l, ResponseCode::ExactMatch),
            RegisterLookup::Linked(l) => retrieved(asked, l, ResponseCode::MasterSubstituted),
        });
    }
    Ok(Response::RetrievedUlns(RetrievedUlns { learners }))
}

fn not_found(asked: &str) -> RetrievedLearner {
    RetrievedLearner {
        uln: asked.to_owned(),
        master_uln: None,
        response_code: ResponseCode::NoMatch,
        family_name: None,
        given_name: None,
        date_of_birth: None,
        gender: None,
    }
}

fn retrieved(asked: &str, learner: &RegisterLearner, code: ResponseCode) -> RetrievedLearner {
    let linked = code == ResponseCode::MasterSubstituted;
    RetrievedLearner {
        uln: asked.to_owned(),
        master_uln: linked.then(|| learner.uln.as_str().to_owned()),
        response_code: code,
        family_name: Some(learner.family_name.as_str().to_owned()),
        given_name: Some(learner.given_name.as_str().to_owned()),
        date_of_birth: Some(learner.date_of_birth.to_string()),
        gender: Some(learner.gender.code().to_owned()),
    }
}
