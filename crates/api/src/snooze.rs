//! Snooze on the wire: park an open record until a time ("waiting for the centre until
//! Thursday"), or wake it early. Version-guarded like every change to a record.

use crate::client::{ApiClient, ClientResult};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /exceptions/{id}/snooze`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SnoozeRequest {
    /// Until when: an RFC 3339 time, or a date and time without an offset
    /// (`2026-12-10T09:00`), read as UK time (Europe/London)
    pub until: String,
    /// Why ("waiting for the centre's new ULN"): required, text rules as for every note
    #[schema(max_length = 1000)]
    pub reason: String,
}

/// A record's snooze as set (or ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Snoozed {
    pub id: i64,
    /// The record's new version: send it as `If-Match` with the next change
    pub version: i64,
    /// RFC 3339 UTC, when the record comes back to the queue; absent once woken
    pub until: Option<String>,
    /// The time asked for ran past the margin before the deadline, so `until` was brought
    /// forward to it: a snoozed record never stays hidden that close to its removal
    #[serde(default)]
    pub cut_to_margin: bool,
}

impl ApiClient {
    /// Snoozes record `id`, read at `version`, until `until` (`POST /exceptions/{id}/snooze`).
    pub async fn snooze(
        &self,
        id: i64,
        version: i64,
        until: &str,
        reason: &str,
    ) -> ClientResult<Snoozed> {
        let body = SnoozeRequest {
            until: until.to_owned(),
            reason: reason.to_owned(),
        };
        let request = self
            .request(Method::POST, &format!("/exceptions/{id}/snooze"))
            .header("If-Match", format!("\"{version}\""))
            .json(&body);
        self.send(request).await
    }

    /// Wakes record `id` early (`DELETE /exceptions/{id}/snooze`).
    pub async fn wake(&self, id: i64, version: i64) -> ClientResult<Snoozed> {
        let request = self
            .request(Method::DELETE, &format!("/exceptions/{id}/snooze"))
            .header("If-Match", format!("\"{version}\""));
        self.send(request).await
    }
}
