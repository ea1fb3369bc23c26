//! The Learning Records Service as the backend sees it: a trait for the LRS operations we need,
//! implemented by a simulated LRS over its own tables. A real LRS adapter implements the same trait.

pub mod lrs;
pub mod raised;
mod simulated;

pub(crate) use simulated::SimulatedRegister;

use crate::store::StoreError;
use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uln_domain::{named_enum, Demographics, Gender, Lookup, PersonName, RegisterLearner, Uln};

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The request was well formed but the register refuses it (field, why).
    #[error("{field}: {message}")]
    Refused { field: String, message: String },
    #[error("the register's data is corrupt: {0}")]
    Corrupt(String),
    /// The tables behind the register failed (the simulated register shares the store's database).
    #[error(transparent)]
    Storage(#[from] StoreError),
    /// The register cannot be asked now: closed for the night, or down. Nothing was changed;
    /// ask again later. Routes answer 503 with this message.
    #[error("{0}")]
    Unavailable(Unavailable),
    /// The register refused the request itself, not the learner: our configuration (unknown
    /// organisation, wrong password, no access) or a request it cannot read. Retrying the same
    /// will not help; the message says which, and holds no secret and no personal data.
    #[error("the register refused the request: {0}")]
    Misconfigured(String),
}

/// Why the register cannot be asked now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// The LRS answered "out of hours" (WSEC0004).
    OutOfHours,
    /// The circuit breaker is open: the LRS has been failing since this time.
    DownSince(Timestamp),
    /// This call failed after its retries (timeouts, dropped connections, WSEC0999).
    Failing,
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::OutOfHours => {
                f.write_str("the Learning Records Service is closed at this hour; try again later")
            }
            Unavailable::DownSince(since) => write!(
                f,
                "the Learning Records Service has not been answering since {}; try again later",
                since.strftime("%Y-%m-%d %H:%M UTC")
            ),
            Unavailable::Failing => f.write_str(
                "the Learning Records Service did not answer after several tries; try again later",
            ),
        }
    }
}

/// Whether the register can be asked now, as its recent calls found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Available,
    /// Answering, but its typical answer time has been over the slow threshold since then.
    Slow {
        since: Timestamp,
    },
    /// Out of hours; `until` when its published hours are configured.
    Closed {
        since: Timestamp,
        until: Option<Timestamp>,
    },
    /// Not answering since then; the breaker holds calls back.
    Down {
        since: Timestamp,
    },
}

/// What a ULN lookup is asked with besides the ULN: the details supplied with it. The real LRS
/// cannot be asked by ULN alone (see `lrs`); a register that can (the simulated one) ignores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplied {
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: Option<Date>,
    pub gender: Option<Gender>,
}

impl From<&Demographics> for Supplied {
    fn from(d: &Demographics) -> Self {
        Supplied {
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            date_of_birth: Some(d.date_of_birth),
            gender: Some(d.gender),
        }
    }
}

impl Supplied {
    /// The names alone, as a find by ULN carries them.
    pub fn names(given_name: PersonName, family_name: PersonName) -> Self {
        Supplied {
            given_name,
            family_name,
            date_of_birth: None,
            gender: None,
        }
    }
}

pub type RegisterResult<T> = Result<T, RegisterError>;

/// What the register holds for a ULN, owning the record (see `domain::Lookup` for the borrowed form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterLookup {
    NotFound,
    Direct(RegisterLearner),
    /// The ULN is linked; this is its master record (WSRC0022).
    Linked(RegisterLearner),
}

impl RegisterLookup {
    pub fn as_lookup(&self) -> Lookup<'_> {
        match self {
            RegisterLookup::NotFound => Lookup::NotFound,
            RegisterLookup::Direct(l) => Lookup::Direct(l),
            RegisterLookup::Linked(l) => Lookup::Linked(l),
        }
    }

    pub fn learner(&self) -> Option<&RegisterLearner> {
        self.as_lookup().learner()
    }
}

/// A learning event as the seeder creates it.
#[derive(Debug, Clone)]
pub struct SeedEvent {
    pub uln: String,
    pub source: &'static str,
    pub qualification_code: String,
    pub title: &'static str,
    pub qualification_type: &'static str,
    pub level: &'static str,
    pub grade: Option<&'static str>,
    pub awarding_organisation: &'static str,
    pub provider: String,
    pub award_date: Option<Date>,
    pub credits: Option<i64>,
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearningEvent {
    pub id: i64,
    pub source: String,
    pub qualification_code: String,
    pub title: String,
    pub qualification_type: String,
    pub level: String,
    pub grade: Option<String>,
    pub awarding_organisation: String,
    pub provider: String,
    pub award_date: Option<Date>,
    pub credits: Option<i64>,
    pub status: String,
    pub under_challenge: bool,
}

/// The caller's details, checked against the record before a PLR is shown.
#[derive(Debug, Clone)]
pub struct IdentityCheck {
    pub given_name: Option<String>,
    pub family_name: String,
    pub date_of_birth: Date,
}

named_enum! {
    /// The register's answer to a PLR lookup.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum PlrCode as (code, from_code) {
        Found = "WSRC0004",
        MasterSubstituted = "WSRC0022",
        NoSuchLearner = "WSRC0001",
        IdentityNotVerified = "WSEC0208",
        NotShared = "WSEC0206",
    }
}

impl PlrCode {
    pub fn describe(self) -> &'static str {
        match self {
            PlrCode::Found => "learner found",
            PlrCode::MasterSubstituted => "the ULN is linked: the master record is shown",
            PlrCode::NoSuchLearner => "no learner has this ULN",
            PlrCode::IdentityNotVerified => {
                "the learner could not be verified with the details given, so no PLR is shown"
            }
            PlrCode::NotShared => "the learner has not agreed to share their PLR",
        }
    }
}

pub struct PlrOutcome {
    pub code: PlrCode,
    pub learner: Option<RegisterLearner>,
    pub events: Vec<LearningEvent>,
}

#[derive(Debug, Clone, Default)]
pub struct DemographicQuery {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub gender: Option<uln_domain::Gender>,
    pub postcode: Option<uln_domain::Postcode>,
}

named_enum! {
    /// The register's answer to a search by demographics.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum SearchCode as (code, from_code) {
        NoMatch = "WSRC0001",
        TooMany = "WSRC0002",
        Possible = "WSRC0003",
        Exact = "WSRC0004",
    }
}

impl SearchCode {
    pub fn describe(self) -> &'static str {
        match self {
            SearchCode::NoMatch => "no learner matches these details",
            SearchCode::TooMany => "too many learners match: add more details",
            SearchCode::Possible => "possible matches: check each before using one",
            SearchCode::Exact => "exactly one learner matches",
        }
    }
}

pub struct SearchOutcome {
    pub code: SearchCode,
    pub learners: Vec<RegisterLearner>,
}

named_enum! {
    /// What a data challenge disputes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum ChallengeKind as (name, from_name) {
        IncorrectInformation = "incorrect_information",
        NotLearners = "not_learners",
        Duplicate = "duplicate",
    }
}

named_enum! {
    /// Where a data challenge stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum ChallengeStatus as (name, from_name) {
        Open = "open",
        InProgress = "in_progress",
        Resolved = "resolved",
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone)]
pub struct NewChallenge {
    pub uln: Uln,
    pub kind: ChallengeKind,
    pub event_ids: Vec<i64>,
    pub corrected: Option<serde_json::Map<String, serde_json::Value>>,
    pub note: String,
    pub contact: Option<String>,
    pub raised_by: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    pub reference: String,
    pub uln: String,
    pub kind: ChallengeKind,
    pub event_ids: Vec<i64>,
    pub corrected: Option<serde_json::Map<String, serde_json::Value>>,
    pub note: String,
    pub contact: Option<String>,
    pub status: ChallengeStatus,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub raised_by: String,
}

#[async_trait]
pub trait LearnerRegister: Send + Sync + 'static {
    /// Verification's first step: the register's whole record for a ULN, substituting the master
    /// for a linked ULN, whether or not `supplied` matches it (the domain compares and
    /// diagnoses). `supplied` is what came with the ULN; the LRS needs it to be asked at all.
    async fn lookup(&self, uln: &Uln, supplied: &Supplied) -> RegisterResult<RegisterLookup>;
    /// `lookup` for many ULNs at once, answers in the same order: what a batch submission or a
    /// bulk re-verification asks. A register that can answer in bulk should.
    async fn lookup_many(&self, asked: &[(Uln, Supplied)]) -> RegisterResult<Vec<RegisterLookup>> {
        let mut answers = Vec::with_capacity(asked.len());
        for (uln, supplied) in asked {
            answers.push(self.lookup(uln, supplied).await?);
        }
        Ok(answers)
    }
    async fn find_by_demographics(&self, query: &DemographicQuery)
        -> RegisterResult<SearchOutcome>;
    /// `find_by_demographics` for many queries, answers in the same order: what a batch asks when
    /// it checks known-as names against the register. A register that can answer in bulk should.
    async fn find_by_demographics_many(
        &self,
        queries: &[DemographicQuery],
    ) -> RegisterResult<Vec<SearchOutcome>> {
        let mut answers = Vec::with_capacity(queries.len());
        for query in queries {
            answers.push(self.find_by_demographics(query).await?);
        }
        Ok(answers)
    }
    /// A PLR, only after the caller's identity checks out and if the learner shares it.
    async fn fetch_plr(&self, uln: &Uln, identity: &IdentityCheck) -> RegisterResult<PlrOutcome>;
    async fn create_challenge(&self, challenge: &NewChallenge) -> RegisterResult<Challenge>;
    async fn challenges(&self, status: Option<ChallengeStatus>) -> RegisterResult<Vec<Challenge>>;
    /// Which register this is, for the status bar.
    fn kind(&self) -> uln_api::RegisterKind {
        uln_api::RegisterKind::Simulated
    }
    /// Whether it can be asked now. A register in the backend's own database always can.
    fn availability(&self) -> Availability {
        Availability::Available
    }
}
