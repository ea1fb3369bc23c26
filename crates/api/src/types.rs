//! Wire types of the HTTP API (`/api/v1`). Field names are the domain's, snake_case, and stable.
//! Closed sets are the enums of `vocab`; free values (names, dates, postcodes, ULNs) are strings,
//! so a malformed supplied ULN can still be shown as supplied.

use crate::error_codes::ErrorCode;
use crate::queue::Queue;
use crate::vocab::{
    AnomalyKind, AuditAction, ChallengeKind, ChallengeStatus, FailureFlag, FieldMatch, Gender,
    RecordStatus, RegisterKind, RegisterState, RejectReason, Role, SuggestionKind, VerifyCode,
};
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
    pub gender: Gender,
    pub postcode: String,
}

/// A search of the register by a learner's details (the query of `GET /learners`): the names and
/// date of birth the register requires, and a gender and postcode that narrow it when given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LearnerSearchQuery {
    pub given_name: String,
    pub family_name: String,
    /// `YYYY-MM-DD`
    pub date_of_birth: String,
    pub gender: Option<Gender>,
    pub postcode: Option<String>,
}

/// The register's (LRS) record of a learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuthoritativeDetails {
    pub uln: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub gender: Gender,
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
    pub code: VerifyCode,
    pub description: String,
    pub failure_flags: Vec<FailureFlag>,
}

/// How each of the five fields compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ComparisonView {
    pub given_name: FieldMatch,
    pub family_name: FieldMatch,
    pub date_of_birth: FieldMatch,
    pub gender: FieldMatch,
    pub postcode: FieldMatch,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SuggestionView {
    pub kind: SuggestionKind,
    pub reason: String,
    /// 0–100
    pub confidence: u8,
    pub action: SuggestedAction,
}

/// What applying a suggestion does, carrying what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SuggestedAction {
    /// Amend exactly these fields.
    Amend {
        amendment: LearnerFields,
    },
    Reject {
        reason: RejectReason,
    },
    /// Find the learner's real ULN by their demographics.
    SearchByDemographics,
    /// Only the centre can fix this.
    AskCentre,
    /// The identity evidence does not show one person: confirm who the learner is with the centre
    /// before changing anything. Never an amendment.
    ConfirmIdentity,
    /// The register may hold the learner under two ULNs: raise a duplicate data challenge on this
    /// ULN's PLR.
    ChallengeDuplicate {
        uln: String,
    },
    /// An action this build does not know (sent by a newer server). Never sent, so it is not
    /// part of the document either.
    #[serde(other, skip_serializing)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntry {
    /// Increases with every entry appended: `before` in `GET /exceptions/{id}/audit`.
    #[serde(default)]
    pub id: i64,
    pub at: String,
    pub operator: String,
    pub action: AuditAction,
    pub reason: Option<String>,
    /// Field-level before and after, for amendments and expiry.
    #[schema(value_type = Option<Object>)]
    pub changes: Option<serde_json::Value>,
}

/// One row of a queue page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExceptionSummary {
    pub id: i64,
    pub uln: Option<String>,
    pub given_name: String,
    pub family_name: String,
    /// `YYYY-MM-DD`, as supplied.
    pub date_of_birth: String,
    pub centre: String,
    pub registered_at: String,
    pub deadline: String,
    pub anomalies: Vec<AnomalyKind>,
    pub status: RecordStatus,
    pub version: i64,
    /// The operator who holds the record, if it was assigned to someone.
    #[serde(default)]
    pub assigned_to: Option<String>,
    /// Who is on the record now, when someone holds a live claim on it. Boxed: most rows have
    /// none, and a row rides in every change event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Box<crate::ClaimView>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExceptionPage {
    pub items: Vec<ExceptionSummary>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExceptionDetail {
    pub id: i64,
    pub status: RecordStatus,
    pub version: i64,
    pub centre: String,
    pub registered_at: String,
    pub deadline: String,
    /// The qualification registered for (Ofqual code), when the centre said.
    #[serde(default)]
    pub qualification: Option<String>,
    pub anomalies: Vec<AnomalyKind>,
    pub reject_reason: Option<RejectReason>,
    pub supplied: SuppliedDetails,
    pub authoritative: Option<AuthoritativeDetails>,
    pub verification: VerificationView,
    pub comparison: Option<ComparisonView>,
    pub suggestions: Vec<SuggestionView>,
    /// The latest entries of the audit trail (views and changes), oldest first: at most 20, so
    /// that a record viewed thousands of times stays small. `GET /exceptions/{id}/audit` pages
    /// through the rest.
    pub audit: Vec<AuditEntry>,
    /// How many entries the whole audit trail holds, of which `audit` is the latest.
    #[serde(default)]
    pub audit_total: i64,
    /// The latest notes on the record (at most `NOTES_IN_DETAIL`), oldest first.
    #[serde(default)]
    pub notes: Vec<crate::NoteView>,
    /// How many notes the record holds, of which `notes` is the latest.
    #[serde(default)]
    pub notes_total: i64,
    /// RFC 3339 UTC: the record is snoozed, out of the queues, until then.
    #[serde(default)]
    pub snoozed_until: Option<String>,
    /// The operator who holds the record, if it was assigned to someone.
    #[serde(default)]
    pub assigned_to: Option<String>,
    /// The latest assignment: who gave it to whom, when, and the message. Absent when nobody
    /// holds the record.
    #[serde(default)]
    pub assignment: Option<crate::AssignmentView>,
    /// Set when the register (the LRS) could not be asked for this view: why, in words. The
    /// record is shown as stored (supplied details, the verification last recorded) without the
    /// register's details, a comparison or suggestions; changing it waits until it answers.
    #[serde(default)]
    pub register_unavailable: Option<String>,
    /// Who is on the record now, when someone holds a live claim on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<crate::ClaimView>,
}

/// A page of a record's audit trail, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// How many entries the whole trail holds.
    pub total: i64,
    /// `before` for the next, older page; absent on the last page.
    pub next_before: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueueCounts {
    pub queue: Queue,
    pub open: i64,
    pub overdue: i64,
    pub due_within_48h: i64,
    pub due_within_7d: i64,
    /// Of `open`, those snoozed now (left out of the queue's default view until their time)
    #[serde(default)]
    pub snoozed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueueList {
    pub queues: Vec<QueueCounts>,
}

/// An amend body: the fields to change, flat, plus a note of at most 2,000 characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AmendRequest {
    #[serde(flatten)]
    pub fields: LearnerFields,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The centre confirmed the learner is the register's learner: lifts the 409
    /// `identity_unconfirmed` refusal, needs a `note`, and is recorded in the audit row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub identity_confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RejectRequest {
    pub reason: RejectReason,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NoteRequest {
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeRequest {
    pub kind: ChallengeKind,
    pub event_ids: Vec<i64>,
    /// For incorrect_information: event field → corrected value.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub corrected: Option<serde_json::Map<String, serde_json::Value>>,
    pub note: String,
    #[serde(default)]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeView {
    pub reference: String,
    pub uln: String,
    pub kind: ChallengeKind,
    pub event_ids: Vec<i64>,
    #[schema(value_type = Option<Object>)]
    pub corrected: Option<serde_json::Map<String, serde_json::Value>>,
    pub note: String,
    pub contact: Option<String>,
    pub status: ChallengeStatus,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub operator: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChallengeList {
    pub challenges: Vec<ChallengeView>,
}

/// Who the token belongs to, and the backend's rules the console states before a change is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub name: String,
    pub role: Role,
    /// How close to its deadline a snoozed record comes back at the latest, in whole hours
    /// (`serve --snooze-margin-hours`): a later snooze is brought forward to it. Absent from
    /// backends older than this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snooze_margin_hours: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// The register's state as the backend last found it (`GET /register`), for the console's
/// status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegisterStatus {
    pub register: RegisterKind,
    pub state: RegisterState,
    /// Since when it has been closed, down or slow (RFC 3339, UTC).
    pub since: Option<String>,
    /// When a closed register is expected to open again, if its hours are known.
    pub until: Option<String>,
    /// Registrations waiting to be verified until it answers.
    pub pending: u64,
}

/// Every error: `{"error": {"code", "message", "fields"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// Field → why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
    /// With 412: the record as it is now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<ExceptionDetail>>,
    /// With 409 `claimed`: the live claim of the operator on the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Box<crate::ClaimView>>,
}
