//! Claims on the wire: "Sam is on this record". Opening a record to work on it claims it softly,
//! so others see who is on it; a claim is not a change to the record (no version, no write is
//! blocked), it lapses when its holder goes idle, and it can be taken over with notice to both.

use crate::client::{ApiClient, ClientResult};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `PUT /exceptions/{id}/claim`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClaimRequest {
    /// Take the record over from another operator's live claim (they are told); without it such
    /// a claim is refused with 409 `claimed`
    #[serde(default)]
    pub take_over: bool,
}

/// A live claim: who is on the record, since when, and when it lapses unless renewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClaimView {
    /// The operator on the record
    pub operator: String,
    /// RFC 3339 UTC: when they claimed it (renewals keep it)
    pub since: String,
    /// RFC 3339 UTC: when the claim lapses unless its holder renews it first. A console stops
    /// showing it then without being told
    pub expires_at: String,
}

/// Sent on the event stream (`claim`) when a record is claimed, renewed, taken over or released,
/// so every console updates its queue row and record screen at once. Lapses are not sent: a
/// claim past its `expires_at` is simply no longer shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClaimEvent {
    pub record_id: i64,
    /// The claim now; absent once released
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<ClaimView>,
    /// Set when the claim was taken over: whose it was
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_over_from: Option<String>,
}

impl ApiClient {
    /// Claims record `id`, or renews this operator's claim (`PUT /exceptions/{id}/claim`).
    /// Another operator's live claim is a 409 `claimed` naming them, unless `take_over`.
    pub async fn claim(&self, id: i64, take_over: bool) -> ClientResult<ClaimView> {
        let request = self
            .request(Method::PUT, &format!("/exceptions/{id}/claim"))
            .json(&ClaimRequest { take_over });
        self.send(request).await
    }

    /// Releases this operator's claim on record `id`, if they hold one
    /// (`DELETE /exceptions/{id}/claim`).
    pub async fn release_claim(&self, id: i64) -> ClientResult<()> {
        let request = self.request(Method::DELETE, &format!("/exceptions/{id}/claim"));
        self.send_no_content(request).await
    }
}
