//! The Learning Records Service as the backend sees it: a trait for the LRS operations we need,
//! implemented by a simulated LRS over its own tables. A real LRS adapter implements the same trait.

pub mod lrs;
mod simulated;

pub(crate) use simulated::SimulatedRegister;

use crate::store::StoreError;
use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uln_domain::{named_enum, Lookup, RegisterLearner, Uln};

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
    /// Verification's first step: the record for a ULN, substituting the master for a linked ULN.
    async fn lookup(&self, uln: &Uln) -> RegisterResult<RegisterLookup>;
    /// `lookup` for many ULNs at once, answers in the same order: what a batch submission or a
    /// bulk re-verification asks. A register that can answer in bulk should.
    async fn lookup_many(&self, ulns: &[Uln]) -> RegisterResult<Vec<RegisterLookup>> {
        let mut answers = Vec::with_capacity(ulns.len());
        for uln in ulns {
            answers.push(self.lookup(uln).await?);
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
}
