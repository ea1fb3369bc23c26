//! The client's side of amending a record, with or without a confirmed identity.

use super::client::{ApiClient, ClientError, ClientResult};
use super::types::{AmendRequest, ExceptionDetail, LearnerFields};
use reqwest::Method;

impl ApiClient {
    /// Amends record `id`, read at `version`, with the changed `fields` and an optional note.
    pub async fn amend(
        &self,
        id: i64,
        version: i64,
        fields: &LearnerFields,
        note: Option<&str>,
    ) -> ClientResult<ExceptionDetail> {
        let request = AmendRequest {
            fields: fields.clone(),
            note: note.map(str::to_owned),
            identity_confirmed: false,
        };
        self.send_amendment(id, version, &request).await
    }

    /// Amends record `id` stating that the centre confirmed the learner's identity, which the
    /// backend needs before it matches a registration to a learner the evidence calls someone
    /// else; `note` says how it was confirmed and goes into the audit row.
    pub async fn amend_with_identity_confirmed(
        &self,
        id: i64,
        version: i64,
        fields: &LearnerFields,
        note: &str,
    ) -> ClientResult<ExceptionDetail> {
        let request = AmendRequest {
            fields: fields.clone(),
            note: Some(note.to_owned()),
            identity_confirmed: true,
        };
        self.send_amendment(id, version, &request).await
    }

    async fn send_amendment(
        &self,
        id: i64,
        version: i64,
        request: &AmendRequest,
    ) -> ClientResult<ExceptionDetail> {
        // Serialised here so a body that cannot be built is a client error, not a panic.
        let body = serde_json::to_value(request).map_err(|e| ClientError::Decode(e.to_string()))?;
        let request = self
            .request(Method::POST, &format!("/exceptions/{id}/amend"))
            .header("If-Match", format!("\"{version}\""))
            .json(&body);
        self.send(request).await
    }
}
