//! GetLearnerLearningEvents: the PLR, shown only once the caller's details check out and the
//! learner shares it. Its refusals are response codes, not faults, as the recorded responses
//! show (WSEC0206 in `ResponseCode`, `FoundULN` empty).

use super::{register_failed, schema, Refusal, Simulator};
use crate::register::{IdentityCheck, LearningEvent as RegisterEvent};
use uln_domain::Uln;
use uln_lrs::{
    GetLearnerLearningEvents, LearnerLearningEvents, LearningEvent, Response, ResponseCode,
};

pub(super) async fn learning_events(
    sim: &Simulator,
    request: &GetLearnerLearningEvents,
) -> Result<Response, Refusal> {
    let given = schema::name("givenName", &request.given_name)?;
    let family = schema::name("familyName", &request.family_name)?;
    let date_of_birth = schema::optional(request.date_of_birth.as_deref(), |d| {
        schema::date("dateOfBirth", d)
    })?;
    let answer = |code, found_uln: Option<String>, events: Vec<LearningEvent>| {
        Response::LearnerLearningEvents(LearnerLearningEvents {
            response_code: code,
            found_uln,
            incoming_uln: Some(request.uln.clone()),
            learning_events: events,
        })
    };
    let Ok(uln) = Uln::parse(&request.uln) else {
        return Ok(answer(ResponseCode::InvalidUln, None, Vec::new()));
    };
    // The register checks identity on the date of birth; without one the learner cannot be
    // verified (assumed: the schema makes it optional but says nothing of how it is used).
    let Some(date_of_birth) = date_of_birth else {
        return Ok(answer(ResponseCode::NotVerified, None, Vec::new()));
    };
    let identity = IdentityCheck {
        given_name: Some(given.to_string()),
        family_name: family.to_string(),
        date_of_birth,
    };
    let outcome = sim
        .register
        .fetch_plr(&uln, &identity)
        .await
        .map_err(register_failed)?;
    Ok(answer(
        ResponseCode::parse(outcome.code.code()),
        outcome.learner.map(|l| l.uln.as_str().to_owned()),
        outcome.events.iter().map(learning_event).collect(),
    ))
}

fn learning_event(event: &RegisterEvent) -> LearningEvent {
    LearningEvent {
        id: Some(event.id.to_string()),
        source: Some(event.source.clone()),
        subject_code: Some(event.qualification_code.clone()),
        subject: Some(event.title.clone()),
        qualification_type: Some(event.qualification_type.clone()),
        level: Some(event.level.clone()),
        grade: event.grade.clone(),
        awarding_organisation_name: Some(event.awarding_organisation.clone()),
        achievement_provider_name: Some(event.provider.clone()),
        achievement_award_date: event.award_date.map(|d| d.to_string()),
        credits: event.credits.map(|c| c.to_string()),
        status: Some(event.status.clone()),
        // A WCF boolean, as the PLR service's data contracts write them.
        under_data_challenge: Some(event.under_challenge.to_string()),
        ..LearningEvent::default()
    }
}
