//! Wire types of what the register says about a learner: a PLR lookup's answer (the learner
//! and their learning events) and a search of the register by a learner's details.

use crate::types::AuthoritativeDetails;
use crate::vocab::{EventSource, EventStatus, Gender, RegisterCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearnerView {
    pub uln: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: Gender,
    pub postcode: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearningEventView {
    pub id: i64,
    pub source: EventSource,
    pub qualification_code: String,
    pub title: String,
    pub qualification_type: String,
    pub level: String,
    pub grade: Option<String>,
    pub awarding_organisation: String,
    pub provider: String,
    pub award_date: Option<String>,
    pub credits: Option<i64>,
    pub status: EventStatus,
    pub under_challenge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlrResponse {
    /// WSRC0004 found, WSRC0022 master substituted, WSRC0001 no such learner,
    /// WSEC0208 identity not verified, WSEC0206 learner does not share
    pub code: RegisterCode,
    pub message: String,
    pub learner: Option<AuthoritativeDetails>,
    pub events: Vec<LearningEventView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearnerSearchResponse {
    /// WSRC0001 none, WSRC0002 too many, WSRC0003 possible matches, WSRC0004 exact match
    pub code: RegisterCode,
    pub message: String,
    pub learners: Vec<LearnerView>,
}
