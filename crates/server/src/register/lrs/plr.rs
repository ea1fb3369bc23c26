//! The PLR on the LRS: GetLearnerLearningEvents, then the record beside it from a find by ULN
//! with the caller's names.

use super::{mapping, LrsRegister};
use crate::register::{
    IdentityCheck, PlrCode, PlrOutcome, RegisterError, RegisterLearner, RegisterResult,
};
use uln_domain::Uln;
use uln_lrs::{
    FindLearnerByUln, FindType, GetLearnerLearningEvents, Request, Response, ResponseCode,
};

impl LrsRegister {
    pub(super) async fn plr(
        &self,
        uln: &Uln,
        identity: &IdentityCheck,
    ) -> RegisterResult<PlrOutcome> {
        let Some(given) = identity
            .given_name
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
        else {
            return Err(RegisterError::Refused {
                field: "given_name".into(),
                message: "the LRS shows a PLR only with the learner's given name: give it".into(),
            });
        };
        let request = Request::GetLearnerLearningEvents(GetLearnerLearningEvents {
            caller: self.plr_caller(),
            uln: uln.as_str().to_owned(),
            given_name: given.to_owned(),
            family_name: identity.family_name.trim().to_owned(),
            date_of_birth: Some(identity.date_of_birth.to_string()),
            gender: None,
            get_type: "FULL".into(),
        });
        let answer = match self
            .transport
            .call("GetLearnerLearningEvents", &request)
            .await?
        {
            Response::LearnerLearningEvents(answer) => answer,
            _ => {
                return Err(RegisterError::Corrupt(
                    "the PLR was answered with another response".into(),
                ))
            }
        };
        let code = match answer.response_code {
            ResponseCode::ExactMatch => PlrCode::Found,
            ResponseCode::MasterSubstituted => PlrCode::MasterSubstituted,
            ResponseCode::NoMatch => PlrCode::NoSuchLearner,
            ResponseCode::NotVerified => PlrCode::IdentityNotVerified,
            ResponseCode::NotShared => PlrCode::NotShared,
            ResponseCode::InvalidUln => {
                return Err(RegisterError::Refused {
                    field: "uln".into(),
                    message: "WSEC0136 the LRS calls this ULN invalid".into(),
                })
            }
            other => {
                return Err(RegisterError::Misconfigured(format!(
                    "GetLearnerLearningEvents answered {other}"
                )))
            }
        };
        if !matches!(code, PlrCode::Found | PlrCode::MasterSubstituted) {
            return Ok(PlrOutcome {
                code,
                learner: None,
                events: Vec::new(),
            });
        }
        let events = answer
            .learning_events
            .iter()
            .map(mapping::event)
            .collect::<RegisterResult<Vec<_>>>()?;
        let learner = self.named_record(uln, given, &identity.family_name).await?;
        Ok(PlrOutcome {
            code,
            learner,
            events,
        })
    }

    /// The record for a ULN found with the names a caller gave; None if they do not find it.
    async fn named_record(
        &self,
        uln: &Uln,
        given: &str,
        family: &str,
    ) -> RegisterResult<Option<RegisterLearner>> {
        let request = Request::LearnerByUln(FindLearnerByUln {
            find_type: FindType::Full,
            credentials: self.credentials.clone(),
            uln: uln.as_str().to_owned(),
            family_name: family.trim().to_owned(),
            given_name: given.to_owned(),
        });
        match self.transport.call("FindLearnerByULN", &request).await? {
            Response::FindLearner(found) => {
                found.learners.first().map(mapping::learner).transpose()
            }
            _ => Err(RegisterError::Corrupt(
                "a find was answered with another response".into(),
            )),
        }
    }
}
