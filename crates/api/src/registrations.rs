//! Wire types of registration submission (`POST /registrations`): what a centre sends and the
//! result per row.

use crate::vocab::{AnomalyKind, RegistrationOutcome, VerifyCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The most registrations one `POST /registrations` may carry: larger files are sent in parts.
pub const MAX_BATCH: usize = 5000;

/// One registration as a centre submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationSubmission {
    pub uln: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub postcode: String,
    pub centre: String,
    /// The qualification's Ofqual code (`601/4447/6`). Optional, but without it a learner
    /// registered twice for one qualification cannot be told from one registered for two.
    #[serde(default)]
    pub qualification: Option<String>,
    /// RFC 3339; defaults to now. Lets integrations replay registrations made earlier.
    #[serde(default)]
    pub registered_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationBatch {
    pub registrations: Vec<RegistrationSubmission>,
}

/// What `POST /registrations` takes: a batch, or one registration on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum RegistrationRequest {
    Batch(RegistrationBatch),
    One(RegistrationSubmission),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationResult {
    pub index: usize,
    pub outcome: RegistrationOutcome,
    pub id: Option<i64>,
    pub verification_code: Option<VerifyCode>,
    pub anomalies: Vec<AnomalyKind>,
    /// For invalid rows: field → why.
    #[schema(value_type = Option<Object>)]
    pub errors: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationResults {
    pub results: Vec<RegistrationResult>,
}
