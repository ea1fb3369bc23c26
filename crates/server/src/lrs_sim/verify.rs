//! VerifyLearner and the batch pair (SubmitVerifyBatch, GetVerifyBatchOutput): each row is
//! verified by the domain's verification, the one matcher the backend also uses.

use super::jobs::VerifyJob;
use super::{register_failed, schema, Refusal, Simulator};
use crate::register::{RegisterLookup, Supplied};
use jiff::civil::Date;
use uln_domain::demographics::PLACEHOLDER_POSTCODE;
use uln_domain::verification::verify;
use uln_domain::{Demographics, Gender, Lookup, PersonName, Postcode, Uln, Verification};
use uln_lrs::{
    FailureFlag, GetVerifyBatchOutput, LearnerToVerify, OrgCredentials, OrganisationId, Response,
    ResponseCode, SubmitVerifyBatch, VerifiedLearner, VerifyBatchOutput, VerifyBatchSubmitted,
    VerifyLearner, MAX_BATCH_OUTPUT_ROWS,
};

/// A `LearnerToVerify` whose fields keep the schema's rules.
struct CheckedLearner {
    given_name: PersonName,
    family_name: PersonName,
    date_of_birth: Option<Date>,
    gender: Option<Gender>,
}

impl CheckedLearner {
    fn supplied(&self) -> Supplied {
        Supplied {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: self.date_of_birth,
            gender: self.gender,
        }
    }
}

fn checked(learner: &LearnerToVerify) -> Result<CheckedLearner, Refusal> {
    schema::uln_pattern("ULN", &learner.uln)?;
    Ok(CheckedLearner {
        given_name: schema::name("GivenName", &learner.given_name)?,
        family_name: schema::name("FamilyName", &learner.family_name)?,
        date_of_birth: schema::optional(learner.date_of_birth.as_deref(), |d| {
            schema::date("DateOfBirth", d)
        })?,
        gender: schema::optional(learner.gender.as_deref(), |g| schema::gender("Gender", g))?,
    })
}

pub(super) async fn single(sim: &Simulator, request: &VerifyLearner) -> Result<Response, Refusal> {
    let learner = checked(&request.learner)?;
    let lookups = lookups(sim, &[(request.learner.uln.as_str(), &learner)]).await?;
    let lookup = lookups.first().unwrap_or(&RegisterLookup::NotFound);
    let row = verified(&request.learner, None, &learner, lookup)?;
    Ok(Response::VerifyLearner(row))
}

pub(super) async fn submit(
    sim: &Simulator,
    request: &SubmitVerifyBatch,
) -> Result<Response, Refusal> {
    let rows = &request.learners;
    if rows.is_empty() || rows.len() > MAX_BATCH_OUTPUT_ROWS {
        return Err(Refusal::invalid(format!(
            "a batch holds 1 to {MAX_BATCH_OUTPUT_ROWS} Learner elements"
        )));
    }
    if request.learner_record_count as usize != rows.len() {
        return Ok(Response::VerifyBatchSubmitted(VerifyBatchSubmitted {
            response_code: ResponseCode::VerifyBatchRecordCountIncorrect,
            job_id: 0,
        }));
    }
    // The whole document is validated before any row is verified, as a schema check would.
    let learners = rows
        .iter()
        .map(|row| checked(&row.learner))
        .collect::<Result<Vec<_>, _>>()?;
    let started = now_text(sim);
    let asked: Vec<(&str, &CheckedLearner)> = rows
        .iter()
        .zip(&learners)
        .map(|(row, learner)| (row.learner.uln.as_str(), learner))
        .collect();
    let found = lookups(sim, &asked).await?;
    let verified_rows = rows
        .iter()
        .zip(&learners)
        .zip(&found)
        .map(|((row, learner), lookup)| {
            verified(&row.learner, row.mis_identifier.clone(), learner, lookup)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let job_id = sim.jobs.add(VerifyJob {
        organisation: organisation_of(&request.credentials).to_owned(),
        started,
        finished: now_text(sim),
        rows: verified_rows,
    });
    Ok(Response::VerifyBatchSubmitted(VerifyBatchSubmitted {
        response_code: ResponseCode::BatchSubmitted,
        job_id,
    }))
}

pub(super) fn output(sim: &Simulator, request: &GetVerifyBatchOutput) -> Response {
    let organisation = organisation_of(&request.credentials);
    Response::VerifyBatchOutput(match sim.jobs.output(request.job_id, organisation) {
        Some(job) => VerifyBatchOutput {
            response_code: ResponseCode::BatchSuccessful,
            job_status: Some("Completed".into()),
            job_started: Some(job.started),
            job_finished: Some(job.finished),
            learners: job.rows,
        },
        None => VerifyBatchOutput {
            response_code: ResponseCode::UnknownJob,
            job_status: None,
            job_started: None,
            job_finished: None,
            learners: Vec::new(),
        },
    })
}

pub(super) fn organisation_of(credentials: &OrgCredentials) -> &str {
    match &credentials.organisation {
        OrganisationId::Ukprn(id) | OrganisationId::OrganisationRef(id) => id.trim(),
    }
}

fn now_text(sim: &Simulator) -> String {
    (sim.config.clock)()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The register's answer for each ULN in order; one that fails its check digit is on nobody's
/// record, so it is not asked about.
async fn lookups(
    sim: &Simulator,
    rows: &[(&str, &CheckedLearner)],
) -> Result<Vec<RegisterLookup>, Refusal> {
    let parsed: Vec<Option<(Uln, Supplied)>> = rows
        .iter()
        .map(|(uln, learner)| Some((Uln::parse(uln).ok()?, learner.supplied())))
        .collect();
    let asked: Vec<(Uln, Supplied)> = parsed.iter().flatten().cloned().collect();
    let mut answers = sim
        .register
        .lookup_many(&asked)
        .await
        .map_err(register_failed)?
        .into_iter();
    Ok(parsed
        .iter()
        .map(|uln| match uln {
            Some(_) => answers.next().unwrap_or(RegisterLookup::NotFound),
            None => RegisterLookup::NotFound,
        })
        .collect())
}

fn verified(
    searched: &LearnerToVerify,
    mis_identifier: Option<String>,
    supplied: &CheckedLearner,
    lookup: &RegisterLookup,
) -> Result<VerifiedLearner, Refusal> {
    let verification = verification(supplied, lookup)?;
    let learner = lookup.learner();
    Ok(VerifiedLearner {
        mis_identifier,
        searched: searched.clone(),
        response_code: ResponseCode::parse(verification.code.code()),
        uln: learner.map(|l| l.uln.as_str().to_owned()),
        family_name: learner.map(|l| l.family_name.as_str().to_owned()),
        given_name: learner.map(|l| l.given_name.as_str().to_owned()),
        date_of_birth: learner.map(|l| l.date_of_birth.to_string()),
        gender: learner.map(|l| l.gender.code().to_owned()),
        failure_flags: verification
            .failure_flags
            .iter()
            .map(|f| FailureFlag::parse(f.code()))
            .collect(),
    })
}

/// The domain's verification of what was supplied. A verify request carries no postcode, and
/// its date of birth and gender are optional: what is not supplied is not compared, so it is
/// taken from the record.
fn verification(
    supplied: &CheckedLearner,
    lookup: &RegisterLookup,
) -> Result<Verification, Refusal> {
    let Some(found) = lookup.learner() else {
        return Ok(verify_not_found());
    };
    let mut learner = found.clone();
    let postcode = match &learner.postcode {
        Some(postcode) => postcode.clone(),
        None => Postcode::parse(PLACEHOLDER_POSTCODE).map_err(|_| Refusal {
            code: ResponseCode::UnknownException,
            details: None,
        })?,
    };
    learner.postcode = Some(postcode.clone());
    let demographics = Demographics {
        given_name: supplied.given_name.clone(),
        family_name: supplied.family_name.clone(),
        date_of_birth: supplied.date_of_birth.unwrap_or(learner.date_of_birth),
        gender: supplied.gender.unwrap_or(learner.gender),
        postcode,
    };
    let lookup = match lookup {
        RegisterLookup::Linked(_) => Lookup::Linked(&learner),
        _ => Lookup::Direct(&learner),
    };
    Ok(verify(&demographics, lookup))
}

fn verify_not_found() -> Verification {
    Verification {
        code: uln_domain::VerifyCode::NotFound,
        failure_flags: Vec::new(),
        comparison: None,
    }
}
