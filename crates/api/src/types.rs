//! Wire types of the HTTP API (`/api/v1`). Field names are the domain's, snake_case, and stable.
//! Values are plain strings on the wire so a malformed supplied ULN can still be shown as supplied.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The five key fields plus the ULN, as supplied or as amended. Absent fields are left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearnerFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uln: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// `YYYY-MM-DD`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// `"0"` not known, `"1"` male, `"2"` female, `"9"` not specified
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

/// A registration's details as the centre supplied them (the ULN may be malformed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SuppliedDetails {
    /// As supplied; null once removed by the four-week rule.
    pub uln: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub postcode: String,
}

/// The register's (LRS) record of a learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuthoritativeDetails {
    pub uln: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub postcode: Option<String>,
    pub preferred_given_name: Option<String>,
    pub middle_names: Option<String>,
    pub previous_family_name: Option<String>,
    pub linked_ulns: Vec<String>,
    pub ability_to_share: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VerificationView {
    /// WSVRC001–WSVRC006
    pub code: String,
    pub description: String,
    /// VRF1–VRF8
    pub failure_flags: Vec<String>,
}

/// Per field: `match`, `similar` or `differs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ComparisonView {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub postcode: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SuggestionView {
    pub kind: String,
    pub reason: String,
    /// 0–100
    pub confidence: u8,
    /// `amend`, `reject`, `search_by_demographics` or `ask_centre`
    pub action: String,
    /// For `amend`: exactly the fields it would set.
    pub amendment: Option<LearnerFields>,
    /// For `reject`: the reason code it would use.
    pub reject_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    pub at: String,
    pub operator: String,
    pub action: String,
    pub reason: Option<String>,
    /// Field-level before and after, for amendments and expiry.
    #[schema(value_type = Object)]
    pub changes: Option<serde_json::Value>,
}

/// One row of a queue page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExceptionSummary {
    pub id: i64,
    pub uln: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub centre: String,
    pub registered_at: String,
    pub deadline: String,
    pub anomalies: Vec<String>,
    pub status: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExceptionPage {
    pub items: Vec<ExceptionSummary>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExceptionDetail {
    pub id: i64,
    pub status: String,
    pub version: i64,
    pub centre: String,
    pub registered_at: String,
    pub deadline: String,
    pub anomalies: Vec<String>,
    pub reject_reason: Option<String>,
    pub supplied: SuppliedDetails,
    pub authoritative: Option<AuthoritativeDetails>,
    pub verification: VerificationView,
    pub comparison: Option<ComparisonView>,
    pub suggestions: Vec<SuggestionView>,
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueueCounts {
    /// `all` or an anomaly kind
    pub queue: String,
    pub open: i64,
    pub overdue: i64,
    pub due_within_48h: i64,
    pub due_within_7d: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueueList {
    pub queues: Vec<QueueCounts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RejectRequest {
    /// wrong_learner, no_uln_obtainable, duplicate_registration, centre_withdrew, other
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NoteRequest {
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearnerView {
    pub uln: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: String,
    pub postcode: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearningEventView {
    pub id: i64,
    /// ILR, NPD or AO
    pub source: String,
    pub qualification_code: String,
    pub title: String,
    pub qualification_type: String,
    pub level: String,
    pub grade: Option<String>,
    pub awarding_organisation: String,
    pub provider: String,
    pub award_date: Option<String>,
    pub credits: Option<i64>,
    /// final or provisional
    pub status: String,
    pub under_challenge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlrResponse {
    /// WSRC0004 found, WSRC0022 master substituted, WSRC0001 no such learner,
    /// WSEC0208 identity not verified, WSEC0206 learner does not share
    pub code: String,
    pub message: String,
    pub learner: Option<AuthoritativeDetails>,
    pub events: Vec<LearningEventView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LearnerSearchResponse {
    /// WSRC0001 none, WSRC0002 too many, WSRC0003 possible matches, WSRC0004 exact match
    pub code: String,
    pub message: String,
    pub learners: Vec<LearnerView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeRequest {
    /// incorrect_information, not_learners or duplicate
    pub kind: String,
    pub event_ids: Vec<i64>,
    /// For incorrect_information: event field → corrected value.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub corrected: Option<serde_json::Map<String, serde_json::Value>>,
    pub note: String,
    #[serde(default)]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeView {
    pub reference: String,
    pub uln: String,
    pub kind: String,
    pub event_ids: Vec<i64>,
    #[schema(value_type = Object)]
    pub corrected: Option<serde_json::Map<String, serde_json::Value>>,
    pub note: String,
    pub contact: Option<String>,
    /// open, in_progress, resolved, rejected
    pub status: String,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub operator: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeList {
    pub challenges: Vec<ChallengeView>,
}

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
    /// RFC 3339; defaults to now. Lets integrations replay registrations made earlier.
    #[serde(default)]
    pub registered_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationBatch {
    pub registrations: Vec<RegistrationSubmission>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationResult {
    pub index: usize,
    /// matched, exception or invalid
    pub outcome: String,
    pub id: Option<i64>,
    pub verification_code: Option<String>,
    pub anomalies: Vec<String>,
    /// For invalid rows: field → why.
    #[schema(value_type = Object)]
    pub errors: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegistrationResults {
    pub results: Vec<RegistrationResult>,
}

/// Sent on the event stream for every change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChangeEvent {
    pub record_id: i64,
    pub status: String,
    pub version: i64,
    pub operator: String,
    /// created, amended, rejected, verified, reopened, expired
    pub action: String,
}

/// Who the token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub name: String,
    /// viewer, operator or supervisor
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// Every error: `{"error": {"code", "message", "fields"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// Field → why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
    /// With 412: the record as it is now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<ExceptionDetail>>,
}
