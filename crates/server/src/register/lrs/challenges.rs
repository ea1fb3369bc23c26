//! Data challenges on the LRS: CreateDataChallenge, and ListDataChallenge per ULN for those the
//! audit trail records as raised (see the module's decisions).

use super::lookups::unexpected;
use super::LrsRegister;
use crate::register::{
    raised, Challenge, ChallengeKind, ChallengeStatus, NewChallenge, RegisterError, RegisterResult,
};
use crate::store::AuditAction;
use futures_util::{stream, StreamExt, TryStreamExt};
use jiff::Timestamp;
use std::collections::BTreeSet;
use uln_domain::Uln;
use uln_lrs::{
    CreateDataChallenge, DataChallengeDetails, DataChallengeItem, ListDataChallenge, Request,
    Response, ResponseCode, RetrieveUlns, RetrievedLearner,
};

/// ListDataChallenge calls in flight at once while listing: a few, so a long list is not one
/// call at a time, and the LRS is not flooded.
const CONCURRENT_LISTS: usize = 4;

fn refused(field: &str, message: impl Into<String>) -> RegisterError {
    RegisterError::Refused {
        field: field.into(),
        message: message.into(),
    }
}

fn kind_name(kind: ChallengeKind) -> &'static str {
    match kind {
        ChallengeKind::IncorrectInformation => "IncorrectInformation",
        ChallengeKind::NotLearners => "NotLearners",
        ChallengeKind::Duplicate => "Duplicate",
    }
}

fn status_of(text: &str) -> Option<ChallengeStatus> {
    match text.trim() {
        "Open" => Some(ChallengeStatus::Open),
        "InProgress" => Some(ChallengeStatus::InProgress),
        "Resolved" => Some(ChallengeStatus::Resolved),
        "Rejected" => Some(ChallengeStatus::Rejected),
        _ => None,
    }
}

/// A corrected value as the wire's text.
fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn details(
    challenge: &NewChallenge,
    learner: &RetrievedLearner,
    event_ids: &[i64],
) -> DataChallengeDetails {
    let corrected = |field: &str| {
        challenge
            .corrected
            .as_ref()
            .and_then(|c| c.get(field))
            .map(text)
    };
    DataChallengeDetails {
        challenge_type: Some(kind_name(challenge.kind).into()),
        uln: Some(challenge.uln.as_str().into()),
        given_name: learner.given_name.clone(),
        family_name: learner.family_name.clone(),
        date_of_birth: learner.date_of_birth.clone(),
        gender: learner.gender.clone(),
        contact_name: challenge.contact.clone(),
        additional_information: Some(challenge.note.clone()),
        learning_event1_id: event_ids.first().map(i64::to_string),
        learning_event2_id: event_ids.get(1).map(i64::to_string),
        supplied_accreditation_number: corrected("qualification_code"),
        supplied_aim_title: corrected("title"),
        supplied_qualification_level: corrected("level"),
        supplied_achieved_grade: corrected("grade"),
        supplied_awarding_body: corrected("awarding_organisation"),
        supplied_provider: corrected("provider"),
        supplied_achieved_date: corrected("award_date"),
        supplied_total_credits: corrected("credits"),
        ..DataChallengeDetails::default()
    }
}

impl LrsRegister {
    pub(super) async fn raise(&self, challenge: &NewChallenge) -> RegisterResult<Challenge> {
        let mut event_ids = challenge.event_ids.clone();
        event_ids.sort_unstable();
        event_ids.dedup();
        if event_ids.len() > 2 {
            return Err(refused(
                "event_ids",
                "the LRS takes at most two events per challenge",
            ));
        }
        let learner = self.learner_of(&challenge.uln).await?;
        let request = Request::CreateDataChallenge(CreateDataChallenge {
            caller: self.plr_caller(),
            details: Box::new(details(challenge, &learner, &event_ids)),
        });
        let created = match self.transport.call("CreateDataChallenge", &request).await? {
            Response::DataChallengeCreated(created) => created,
            _ => {
                return Err(RegisterError::Corrupt(
                    "a challenge was answered with another response".into(),
                ))
            }
        };
        let said = created.response_description.unwrap_or_default();
        let reference = match (created.response_code, created.data_challenge_reference) {
            (ResponseCode::ExactMatch, Some(reference)) => reference,
            (ResponseCode::NoMatch, _) => return Err(refused("uln", "no learner has this ULN")),
            // The details came from the LRS a moment ago: the learner changed in between.
            (ResponseCode::NotVerified, _) => {
                return Err(refused(
                    "uln",
                    "the LRS did not recognise the learner's details; try again",
                ))
            }
            (ResponseCode::InvalidUln, _) => {
                return Err(refused("uln", "the LRS calls this ULN invalid"))
            }
            // The LRS says which field, as `field: why`.
            (ResponseCode::InvalidRequest, _) => {
                let (field, why) = said
                    .split_once(": ")
                    .unwrap_or(("challenge", said.as_str()));
                return Err(refused(field.trim(), why.trim()));
            }
            (code, _) => {
                return Err(RegisterError::Misconfigured(format!(
                    "CreateDataChallenge answered {code}"
                )))
            }
        };
        // The route records it in the audit trail, which is where `list_raised` finds it.
        Ok(Challenge {
            reference,
            uln: challenge.uln.as_str().to_owned(),
            kind: challenge.kind,
            event_ids,
            corrected: challenge.corrected.clone(),
            note: challenge.note.clone(),
            contact: challenge.contact.clone(),
            status: ChallengeStatus::Open,
            // Whole seconds, as every store keeps times and as the list gives it back.
            created_at: Timestamp::from_second(Timestamp::now().as_second())
                .map_err(|e| RegisterError::Corrupt(e.to_string()))?,
            resolved_at: None,
            raised_by: challenge.raised_by.clone(),
        })
    }

    /// The challenges the audit trail records as raised, newest first, each with the status the
    /// LRS now gives it. One ListDataChallenge per ULN, a few at a time.
    pub(super) async fn list_raised(
        &self,
        status: Option<ChallengeStatus>,
    ) -> RegisterResult<Vec<Challenge>> {
        let rows = self
            .store
            .audit_by_action(AuditAction::ChallengeRaised)
            .await?;
        let mut raised: Vec<Challenge> = rows.iter().filter_map(raised::from_audit).collect();
        let ulns: BTreeSet<String> = raised.iter().map(|c| c.uln.clone()).collect();
        let listed: Vec<Vec<DataChallengeItem>> = stream::iter(ulns)
            .map(|uln| self.list_for(uln))
            .buffered(CONCURRENT_LISTS)
            .try_collect()
            .await?;
        for item in listed.iter().flatten() {
            // A challenge the LRS no longer lists (deleted there) keeps the status it was raised
            // with: our record of raising it stays true.
            let Some(challenge) = raised
                .iter_mut()
                .find(|c| Some(&c.reference) == item.reference_no.as_ref())
            else {
                continue;
            };
            if let Some(now) = item.status.as_deref().and_then(status_of) {
                challenge.status = now;
            }
            challenge.resolved_at = item
                .resolved_date
                .as_deref()
                .and_then(|d| d.trim().parse::<jiff::civil::Date>().ok())
                .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp());
        }
        raised.retain(|c| status.is_none_or(|s| c.status == s));
        raised.reverse();
        Ok(raised)
    }

    /// The LRS's own names, date of birth and gender for `uln` (its master's for a linked ULN),
    /// which a challenge must carry: asked by ULN alone, so the operator need not retype them
    /// and cannot send a copy that differs from the LRS's.
    async fn learner_of(&self, uln: &Uln) -> RegisterResult<RetrievedLearner> {
        let request = Request::RetrieveUlns(RetrieveUlns {
            credentials: self.credentials.clone(),
            ulns: vec![uln.as_str().to_owned()],
        });
        let answer = self.transport.call("RetrieveULNs", &request).await?;
        let Response::RetrievedUlns(retrieved) = answer else {
            return Err(unexpected("RetrieveULNs", &answer));
        };
        let Some(learner) = retrieved
            .learners
            .into_iter()
            .find(|l| l.uln == uln.as_str())
        else {
            return Err(RegisterError::Corrupt(
                "RetrieveULNs did not answer for the ULN asked".into(),
            ));
        };
        match learner.response_code {
            ResponseCode::ExactMatch | ResponseCode::MasterSubstituted => Ok(learner),
            ResponseCode::NoMatch => Err(refused("uln", "no learner has this ULN")),
            ResponseCode::InvalidUln => Err(refused("uln", "the LRS calls this ULN invalid")),
            code => Err(RegisterError::Misconfigured(format!(
                "RetrieveULNs answered {code}"
            ))),
        }
    }

    /// One learner's challenges as the LRS lists them.
    async fn list_for(&self, uln: String) -> RegisterResult<Vec<DataChallengeItem>> {
        let request = Request::ListDataChallenge(ListDataChallenge {
            caller: self.plr_caller(),
            uln,
            date_created_start: None,
            date_created_end: None,
        });
        match self.transport.call("ListDataChallenge", &request).await? {
            Response::DataChallengeList(listed) => Ok(listed.data_challenges),
            _ => Err(RegisterError::Corrupt(
                "a list was answered with another response".into(),
            )),
        }
    }
}
