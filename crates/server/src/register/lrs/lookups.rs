//! Looking learners up on the LRS: verify then find by ULN (one, or a batch verify for many),
//! and the search by demographics. The module's decisions are in `mod.rs`.

use super::{mapping, LrsRegister};
use crate::register::{
    DemographicQuery, RegisterError, RegisterLookup, RegisterResult, SearchCode, SearchOutcome,
    Supplied,
};
use futures_util::future::{BoxFuture, FutureExt};
use futures_util::{stream, StreamExt, TryStreamExt};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use uln_domain::demographics::PLACEHOLDER_POSTCODE;
use uln_domain::Uln;
use uln_lrs::{
    BatchLearnerToVerify, FindLearnerByDemographics, FindLearnerByUln, FindType,
    GetVerifyBatchOutput, LearnerField, LearnerToVerify, Request, Response, ResponseCode,
    SubmitVerifyBatch, VerifiedLearner, VerifyLearner, MAX_BATCH_OUTPUT_ROWS,
};

/// Finds by ULN in flight at once while completing a batch: enough to overlap round trips,
/// few enough not to look like a flood to the LRS. Measured (BENCHMARKS.md, "The LRS
/// adapter"): with 50 ms per answer, 4 in flight completed a 500-row batch in 6.8 s, 16 in 1.8 s;
/// the finds are the batch's cost, since the verify itself is one job.
const FINDS_IN_FLIGHT: usize = 16;
/// The wait between polls of a batch verify job.
const BATCH_POLL: Duration = Duration::from_millis(200);

pub(super) fn unexpected(operation: &str, answer: &Response) -> RegisterError {
    RegisterError::Corrupt(format!(
        "{operation} was answered with another operation's response: {}",
        match answer {
            Response::VerifyLearner(_) => "VerifyLearner",
            Response::VerifyBatchSubmitted(_) => "SubmitVerifyBatch",
            Response::VerifyBatchOutput(_) => "GetVerifyBatchOutput",
            Response::FindLearner(_) => "FindLearner",
            Response::LearnerLearningEvents(_) => "GetLearnerLearningEvents",
            Response::DataChallengeCreated(_) => "CreateDataChallenge",
            Response::DataChallengeList(_) => "ListDataChallenge",
            Response::RetrievedUlns(_) => "RetrieveULNs",
        }
    ))
}

fn to_verify(uln: &Uln, supplied: &Supplied) -> LearnerToVerify {
    LearnerToVerify {
        uln: uln.as_str().to_owned(),
        family_name: supplied.family_name.as_str().to_owned(),
        given_name: supplied.given_name.as_str().to_owned(),
        date_of_birth: supplied.date_of_birth.map(|d| d.to_string()),
        gender: supplied.gender.map(|g| g.code().to_owned()),
    }
}

impl LrsRegister {
    pub(super) async fn verify_one(
        &self,
        uln: &Uln,
        supplied: &Supplied,
    ) -> RegisterResult<VerifiedLearner> {
        let request = Request::VerifyLearner(VerifyLearner {
            credentials: self.credentials.clone(),
            learner: to_verify(uln, supplied),
        });
        match self.transport.call("VerifyLearner", &request).await? {
            Response::VerifyLearner(verified) => Ok(verified),
            other => Err(unexpected("VerifyLearner", &other)),
        }
    }

    /// Step two: the whole record, found with the LRS's own names from the verify answer.
    pub(super) async fn complete(
        &self,
        uln: &Uln,
        verified: &VerifiedLearner,
    ) -> RegisterResult<RegisterLookup> {
        if verified.response_code == ResponseCode::UlnNotFound {
            return Ok(RegisterLookup::NotFound);
        }
        let (Some(given), Some(family)) = (&verified.given_name, &verified.family_name) else {
            return Err(RegisterError::Corrupt(format!(
                "VerifyLearner answered {} without the LRS's names",
                verified.response_code
            )));
        };
        let request = Request::LearnerByUln(FindLearnerByUln {
            find_type: FindType::Full,
            credentials: self.credentials.clone(),
            uln: uln.as_str().to_owned(),
            family_name: family.clone(),
            given_name: given.clone(),
        });
        let found = match self.transport.call("FindLearnerByULN", &request).await? {
            Response::FindLearner(found) => found,
            other => return Err(unexpected("FindLearnerByULN", &other)),
        };
        let Some(learner) = found.learners.first() else {
            return Err(RegisterError::Corrupt(format!(
                "the LRS verified the ULN but its find by ULN answered {} with no learner",
                found.response_code
            )));
        };
        let substituted = found.response_code == ResponseCode::MasterSubstituted
            || learner.field(LearnerField::MasterSubstituted) == Some("Y");
        let record = mapping::learner(learner)?;
        Ok(if substituted {
            RegisterLookup::Linked(record)
        } else {
            RegisterLookup::Direct(record)
        })
    }

    /// The batch verify for many, then the finds, a few at a time; answers in order.
    pub(super) async fn lookup_batch(
        &self,
        asked: &[(Uln, Supplied)],
    ) -> RegisterResult<Vec<RegisterLookup>> {
        let mut answers = Vec::with_capacity(asked.len());
        for chunk in asked.chunks(MAX_BATCH_OUTPUT_ROWS) {
            let verified = self.verify_batch(chunk).await?;
            // Boxed first: a closure in the stream trips the compiler's Send inference.
            let finds: Vec<BoxFuture<'_, RegisterResult<RegisterLookup>>> = chunk
                .iter()
                .zip(&verified)
                .map(|((uln, _), row)| self.complete(uln, row).boxed())
                .collect();
            let completed: Vec<RegisterLookup> = stream::iter(finds)
                .buffered(FINDS_IN_FLIGHT)
                .try_collect()
                .await?;
            answers.extend(completed);
        }
        Ok(answers)
    }

    /// One SubmitVerifyBatch, its output polled until complete or `batch_wait` passes; rows
    /// come back in the order asked (matched by MISIdentifier, the row's index).
    async fn verify_batch(
        &self,
        chunk: &[(Uln, Supplied)],
    ) -> RegisterResult<Vec<VerifiedLearner>> {
        if chunk.is_empty() {
            return Ok(Vec::new());
        }
        let learners: Vec<BatchLearnerToVerify> = chunk
            .iter()
            .enumerate()
            .map(|(i, (uln, supplied))| BatchLearnerToVerify {
                mis_identifier: Some(i.to_string()),
                learner: to_verify(uln, supplied),
            })
            .collect();
        let submit = Request::SubmitVerifyBatch(SubmitVerifyBatch {
            credentials: self.credentials.clone(),
            learner_record_count: learners.len() as u32,
            org_email: None,
            learners,
        });
        let job_id = match self.transport.call("SubmitVerifyBatch", &submit).await? {
            Response::VerifyBatchSubmitted(s)
                if s.response_code == ResponseCode::BatchSubmitted =>
            {
                s.job_id
            }
            Response::VerifyBatchSubmitted(s) => {
                return Err(RegisterError::Misconfigured(format!(
                    "SubmitVerifyBatch answered {}",
                    s.response_code
                )))
            }
            other => return Err(unexpected("SubmitVerifyBatch", &other)),
        };
        let rows = self.await_batch(job_id).await?;
        let mut by_row: HashMap<usize, VerifiedLearner> = rows
            .into_iter()
            .filter_map(|row| Some((row.mis_identifier.as_deref()?.trim().parse().ok()?, row)))
            .collect();
        (0..chunk.len())
            .map(|i| {
                by_row.remove(&i).ok_or_else(|| {
                    RegisterError::Corrupt(format!("the batch verify output lacks row {i}"))
                })
            })
            .collect()
    }

    async fn await_batch(&self, job_id: i64) -> RegisterResult<Vec<VerifiedLearner>> {
        let give_up = Instant::now() + self.settings.batch_wait;
        let poll = Request::GetVerifyBatchOutput(GetVerifyBatchOutput {
            credentials: self.credentials.clone(),
            job_id,
        });
        loop {
            let output = match self.transport.call("GetVerifyBatchOutput", &poll).await? {
                Response::VerifyBatchOutput(output) => output,
                other => return Err(unexpected("GetVerifyBatchOutput", &other)),
            };
            match output.response_code {
                ResponseCode::BatchSuccessful => return Ok(output.learners),
                ResponseCode::BatchIncomplete if Instant::now() < give_up => {
                    tokio::time::sleep(BATCH_POLL).await;
                }
                ResponseCode::BatchIncomplete => {
                    return Err(RegisterError::Unavailable(
                        crate::register::Unavailable::Failing,
                    ))
                }
                code => {
                    return Err(RegisterError::Misconfigured(format!(
                        "GetVerifyBatchOutput answered {code} for job {job_id}"
                    )))
                }
            }
        }
    }

    pub(super) async fn search(&self, query: &DemographicQuery) -> RegisterResult<SearchOutcome> {
        let Some(date_of_birth) = query.date_of_birth else {
            return Err(RegisterError::Refused {
                field: "date_of_birth".into(),
                message: "the register searches by date of birth: give one".into(),
            });
        };
        let request = Request::LearnerByDemographics(FindLearnerByDemographics {
            find_type: FindType::Full,
            credentials: self.credentials.clone(),
            family_name: query.family_name.trim().to_owned(),
            given_name: query.given_name.trim().to_owned(),
            date_of_birth: date_of_birth.to_string(),
            gender: query.gender.map_or("0", |g| g.code()).to_owned(),
            last_known_post_code: query
                .postcode
                .as_ref()
                .map_or(PLACEHOLDER_POSTCODE, |p| p.as_str())
                .to_owned(),
            previous_family_name: None,
            school_at_age16: None,
            place_of_birth: None,
            email_address: None,
        });
        let found = match self
            .transport
            .call("FindLearnerByDemographics", &request)
            .await?
        {
            Response::FindLearner(found) => found,
            other => return Err(unexpected("FindLearnerByDemographics", &other)),
        };
        let code = match found.response_code {
            ResponseCode::NoMatch => SearchCode::NoMatch,
            ResponseCode::TooManyMatches => SearchCode::TooMany,
            ResponseCode::PossibleMatches => SearchCode::Possible,
            ResponseCode::ExactMatch | ResponseCode::MasterSubstituted => SearchCode::Exact,
            other => {
                return Err(RegisterError::Misconfigured(format!(
                    "FindLearnerByDemographics answered {other}"
                )))
            }
        };
        let learners = found
            .learners
            .iter()
            .map(mapping::learner)
            .collect::<RegisterResult<Vec<_>>>()?;
        Ok(narrowed(query, SearchOutcome { code, learners }))
    }
}

/// A search sent without gender or postcode cannot be an exact match on the LRS; it is one
/// when exactly one candidate has the very names asked for, as the simulated register judges.
fn narrowed(query: &DemographicQuery, outcome: SearchOutcome) -> SearchOutcome {
    let partial = query.gender.is_none() || query.postcode.is_none();
    if !partial || outcome.code != SearchCode::Possible {
        return outcome;
    }
    let exact: Vec<_> = outcome
        .learners
        .iter()
        .filter(|l| {
            query.given_name.trim() == l.given_name.as_str()
                && query.family_name.trim() == l.family_name.as_str()
                && query.gender.is_none_or(|g| g == l.gender)
                && query
                    .postcode
                    .as_ref()
                    .is_none_or(|p| l.postcode.as_ref() == Some(p))
        })
        .cloned()
        .collect();
    if exact.len() == 1 {
        SearchOutcome {
            code: SearchCode::Exact,
            learners: exact,
        }
    } else {
        outcome
    }
}
