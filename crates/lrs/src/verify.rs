//! VerifyLearner (single) and the batch verify (SubmitVerifyBatch, GetVerifyBatchOutput).

use crate::codes::{FailureFlag, ResponseCode};
use crate::credentials::OrgCredentials;
use crate::error::WireError;
use crate::xml::{Element, XmlOut};

/// Most rows a batch output may hold (`maxOccurs="5000"` in `verifybatchlearner.xsd`).
pub const MAX_BATCH_OUTPUT_ROWS: usize = 5000;

/// `MIAPLearnerToVerify`: ULN and both names required, date of birth and gender optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerToVerify {
    pub uln: String,
    pub family_name: String,
    pub given_name: String,
    pub date_of_birth: Option<String>,
    pub gender: Option<String>,
}

impl LearnerToVerify {
    fn write(&self, out: &mut XmlOut) {
        out.text("ULN", &self.uln);
        out.text("FamilyName", &self.family_name);
        out.text("GivenName", &self.given_name);
        out.opt("DateOfBirth", self.date_of_birth.as_deref());
        out.opt("Gender", self.gender.as_deref());
    }

    fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            uln: e.text_of("ULN")?,
            family_name: e.text_of("FamilyName")?,
            given_name: e.text_of("GivenName")?,
            date_of_birth: e.opt_text("DateOfBirth"),
            gender: e.opt_text("Gender"),
        })
    }
}

/// `VerifyLearner` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyLearner {
    pub credentials: OrgCredentials,
    pub learner: LearnerToVerify,
}

impl VerifyLearner {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        self.credentials.write_miap(out);
        out.start("LearnerToVerify", &[]);
        self.learner.write(out);
        out.end("LearnerToVerify");
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            credentials: OrgCredentials::read_miap(e)?,
            learner: LearnerToVerify::read(e.require("LearnerToVerify")?)?,
        })
    }
}

/// `MIAPVerifiedLearner`, and with `mis_identifier` the batch row `MIAPVerifiedBatchLearner`:
/// what was searched, the outcome, the LRS's own values and the failed comparisons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedLearner {
    /// The submitter's own row key, echoed in batch output only.
    pub mis_identifier: Option<String>,
    pub searched: LearnerToVerify,
    pub response_code: ResponseCode,
    pub uln: Option<String>,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub gender: Option<String>,
    pub failure_flags: Vec<FailureFlag>,
}

impl VerifiedLearner {
    pub(crate) fn write(&self, out: &mut XmlOut, tag: &str) {
        out.start(tag, &[]);
        out.opt("MISIdentifier", self.mis_identifier.as_deref());
        out.text("SearchedULN", &self.searched.uln);
        out.text("SearchedFamilyName", &self.searched.family_name);
        out.text("SearchedGivenName", &self.searched.given_name);
        out.text("ResponseCode", self.response_code.as_str());
        out.opt(
            "SearchedDateOfBirth",
            self.searched.date_of_birth.as_deref(),
        );
        out.opt("SearchedGender", self.searched.gender.as_deref());
        out.opt("ULN", self.uln.as_deref());
        out.opt("FamilyName", self.family_name.as_deref());
        out.opt("GivenName", self.given_name.as_deref());
        out.opt("DateOfBirth", self.date_of_birth.as_deref());
        out.opt("Gender", self.gender.as_deref());
        for flag in &self.failure_flags {
            out.text("FailureFlag", flag.as_str());
        }
        out.end(tag);
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        Ok(Self {
            mis_identifier: e.opt_text("MISIdentifier"),
            searched: LearnerToVerify {
                uln: e.text_of("SearchedULN")?,
                family_name: e.text_of("SearchedFamilyName")?,
                given_name: e.text_of("SearchedGivenName")?,
                date_of_birth: e.opt_text("SearchedDateOfBirth"),
                gender: e.opt_text("SearchedGender"),
            },
            response_code: ResponseCode::parse(&e.text_of("ResponseCode")?),
            uln: e.opt_text("ULN"),
            family_name: e.opt_text("FamilyName"),
            given_name: e.opt_text("GivenName"),
            date_of_birth: e.opt_text("DateOfBirth"),
            gender: e.opt_text("Gender"),
            failure_flags: e
                .children_named("FailureFlag")
                .map(|f| FailureFlag::parse(&f.text))
                .collect(),
        })
    }
}

/// One row of `SubmitVerifyBatch` (`MIAPBatchLearnerToVerify`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchLearnerToVerify {
    pub mis_identifier: Option<String>,
    pub learner: LearnerToVerify,
}

/// `SubmitVerifyBatch`. `learner_record_count` is sent as given, not derived from the rows:
/// the service checks the two agree (WSRC0030), and the simulator must be able to see them differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmitVerifyBatch {
    pub credentials: OrgCredentials,
    pub learner_record_count: u32,
    pub org_email: Option<String>,
    pub learners: Vec<BatchLearnerToVerify>,
}

impl SubmitVerifyBatch {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        self.credentials.write_miap(out);
        out.text("LearnerRecordCount", &self.learner_record_count.to_string());
        out.opt("OrgEmail", self.org_email.as_deref());
        for row in &self.learners {
            out.start("Learner", &[]);
            out.opt("MISIdentifier", row.mis_identifier.as_deref());
            row.learner.write(out);
            out.end("Learner");
        }
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        let learners = e
            .children_named("Learner")
            .map(|row| {
                Ok(BatchLearnerToVerify {
                    mis_identifier: row.opt_text("MISIdentifier"),
                    learner: LearnerToVerify::read(row)?,
                })
            })
            .collect::<Result<Vec<_>, WireError>>()?;
        Ok(Self {
            credentials: OrgCredentials::read_miap(e)?,
            learner_record_count: e.parse_of("LearnerRecordCount")?,
            org_email: e.opt_text("OrgEmail"),
            learners,
        })
    }
}

/// `SubmitVerifyBatchResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyBatchSubmitted {
    pub response_code: ResponseCode,
    pub job_id: i64,
}

/// `GetVerifyBatchOutput`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetVerifyBatchOutput {
    pub credentials: OrgCredentials,
    pub job_id: i64,
}

/// `GetVerifyBatchOutputResponse`: job state and up to 5000 verified rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyBatchOutput {
    pub response_code: ResponseCode,
    pub job_status: Option<String>,
    pub job_started: Option<String>,
    pub job_finished: Option<String>,
    pub learners: Vec<VerifiedLearner>,
}

impl VerifyBatchOutput {
    pub(crate) fn write(&self, out: &mut XmlOut) {
        out.text("ResponseCode", self.response_code.as_str());
        out.opt("JobStatus", self.job_status.as_deref());
        out.opt("JobStartedDateTime", self.job_started.as_deref());
        out.opt("JobFinishedDateTime", self.job_finished.as_deref());
        for row in &self.learners {
            row.write(out, "VerifiedLearner");
        }
    }

    pub(crate) fn read(e: &Element) -> Result<Self, WireError> {
        let rows = e.children_named("VerifiedLearner").count();
        if rows > MAX_BATCH_OUTPUT_ROWS {
            return Err(WireError::shape(
                &e.name,
                format!("{rows} VerifiedLearner rows, more than {MAX_BATCH_OUTPUT_ROWS}"),
            ));
        }
        Ok(Self {
            response_code: ResponseCode::parse(&e.text_of("ResponseCode")?),
            job_status: e.opt_text("JobStatus"),
            job_started: e.opt_text("JobStartedDateTime"),
            job_finished: e.opt_text("JobFinishedDateTime"),
            learners: e
                .children_named("VerifiedLearner")
                .map(VerifiedLearner::read)
                .collect::<Result<_, _>>()?,
        })
    }
}
