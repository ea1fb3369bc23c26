//! The typed HTTP client the console uses for everything, the embedded backend included.

use super::backends::Backends;
use super::error_codes::ErrorCode;
use super::plr::{LearnerSearchResponse, PlrResponse};
use super::registrations::{RegistrationBatch, RegistrationResults};
use super::types::*;
use super::vocab::ChallengeStatus;
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ClientError {
    /// No connection could be made: the request never reached a server. Worth retrying, even a
    /// write.
    #[error("backend unreachable: {0}")]
    Unreachable(String),
    /// The request was sent but no answer came (timed out, or the connection dropped before the
    /// answer was read): a write may have been done. Resending it blindly could do it twice.
    #[error("no answer from the backend: {0}")]
    NoAnswer(String),
    /// The backend answered with an error envelope.
    #[error("{}", .body.message)]
    Api { status: u16, body: ErrorBody },
    #[error("unexpected reply from the backend: {0}")]
    Decode(String),
}

impl ClientError {
    /// No answer of any kind, whether or not the request reached a server: the backend is
    /// offline as far as the operator can tell.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, ClientError::Unreachable(_) | ClientError::NoAnswer(_))
    }

    /// The record as it is now, when a write lost a version race (412).
    pub fn current_record(&self) -> Option<&ExceptionDetail> {
        match self {
            ClientError::Api { status: 412, body } => body.current.as_deref(),
            _ => None,
        }
    }
}

pub type ClientResult<T> = Result<T, ClientError>;

/// What a queue page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub queue: Option<String>,
    /// Open exceptions when None, as the queues show them.
    pub records: Option<crate::vocab::RecordFilter>,
    /// Snoozed records left out when None, as the queues show them.
    pub snoozed: Option<crate::vocab::SnoozeFilter>,
    /// Only the records an operator holds: `me` (the caller: the "mine" queue) or a name.
    pub assigned_to: Option<String>,
    pub text: Option<String>,
    pub sort: Option<String>,
    pub descending: bool,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[derive(Clone)]
pub struct ApiClient {
    pub(crate) http: reqwest::Client,
    pub(crate) backends: Arc<Backends>,
    pub(crate) token: String,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("backends", &self.backends.roots())
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    /// `base` is the API root, e.g. `http://127.0.0.1:8080/api/v1`.
    pub fn new(base: impl Into<String>, token: impl Into<String>) -> ClientResult<ApiClient> {
        Self::with_backends(vec![base.into()], token)
    }

    /// Several API roots of one backend (servers sharing a database), tried in turn: see
    /// `backends::Backends`. At least one.
    pub fn with_backends(roots: Vec<String>, token: impl Into<String>) -> ClientResult<ApiClient> {
        if roots.is_empty() {
            return Err(ClientError::Decode("no backend address given".into()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            // Let go of an idle connection before the server's idle timeout (30 s by default)
            // closes it, so a request is never sent on a connection the server is closing.
            .pool_idle_timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| ClientError::Decode(e.to_string()))?;
        Ok(ApiClient {
            http,
            backends: Arc::new(Backends::new(roots)),
            token: token.into(),
        })
    }

    /// The API root in use: the first given, or the one that last took a request.
    pub fn base(&self) -> &str {
        self.backends.current()
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.backends.current()))
            .bearer_auth(&self.token)
            .timeout(Duration::from_secs(20))
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
    ) -> ClientResult<T> {
        let bytes = self.send_for_bytes(request).await?;
        serde_json::from_slice(bytes.as_ref()).map_err(|e| ClientError::Decode(e.to_string()))
    }

    /// For routes that answer success with no body (204).
    pub(crate) async fn send_no_content(&self, request: RequestBuilder) -> ClientResult<()> {
        self.send_for_bytes(request).await.map(drop)
    }

    /// The body of a successful answer; an error envelope becomes `ClientError::Api`.
    async fn send_for_bytes(&self, request: RequestBuilder) -> ClientResult<impl AsRef<[u8]>> {
        let response =
            super::busy::send_waiting_while_busy(&self.backends, &self.http, request).await?;
        let status = response.status();
        // The server took the request and began answering: whatever it did is done.
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ClientError::NoAnswer(e.to_string()))?;
        if status.is_success() {
            return Ok(bytes);
        }
        let body = serde_json::from_slice::<ErrorEnvelope>(&bytes)
            .map(|e| e.error)
            // Not our envelope (a proxy's page, say): the HTTP status is all there is to say.
            .unwrap_or_else(|_| ErrorBody {
                code: ErrorCode::Unknown,
                message: format!(
                    "{} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("error")
                ),
                fields: None,
                current: None,
                claim: None,
            });
        Err(ClientError::Api {
            status: status.as_u16(),
            body,
        })
    }

    pub async fn health(&self) -> ClientResult<Health> {
        self.send(self.request(Method::GET, "/health")).await
    }

    pub async fn me(&self) -> ClientResult<Me> {
        self.send(self.request(Method::GET, "/me")).await
    }

    /// Whether the register (the LRS) can be asked now, and how many registrations wait for it.
    pub async fn register_status(&self) -> ClientResult<RegisterStatus> {
        self.send(self.request(Method::GET, "/register")).await
    }

    pub async fn queues(&self) -> ClientResult<QueueList> {
        self.send(self.request(Method::GET, "/queues")).await
    }

    pub async fn exceptions(&self, q: &ListQuery) -> ClientResult<ExceptionPage> {
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(v) = &q.queue {
            params.push(("queue", v.clone()));
        }
        if let Some(v) = q.snoozed {
            params.push(("snoozed", v.wire_name().to_owned()));
        }
        if let Some(v) = &q.assigned_to {
            params.push(("assigned_to", v.clone()));
        }
        if let Some(v) = q.records {
            params.push(("status", v.wire_name().to_owned()));
        }
        if let Some(v) = q.text.as_ref().filter(|t| !t.is_empty()) {
            params.push(("q", v.clone()));
        }
        if let Some(v) = &q.sort {
            params.push(("sort", v.clone()));
        }
        if q.descending {
            params.push(("order", "desc".into()));
        }
        if let Some(v) = q.limit {
            params.push(("limit", v.to_string()));
        }
        if let Some(v) = &q.cursor {
            params.push(("cursor", v.clone()));
        }
        self.send(self.request(Method::GET, "/exceptions").query(&params))
            .await
    }

    /// The record, audited as viewed by us: for a screen about to show it.
    pub async fn exception(&self, id: i64) -> ClientResult<ExceptionDetail> {
        self.send(self.request(Method::GET, &format!("/exceptions/{id}")))
            .await
    }

    /// The record read ahead, not audited: a screen may never show it. If it does,
    /// [`ApiClient::mark_viewed`] records the view.
    pub async fn prefetch_exception(&self, id: i64) -> ClientResult<ExceptionDetail> {
        let request = self
            .request(Method::GET, &format!("/exceptions/{id}"))
            .query(&[("prefetch", "true")]);
        self.send(request).await
    }

    /// Audits that we were shown record `id`, read earlier with
    /// [`ApiClient::prefetch_exception`].
    pub async fn mark_viewed(&self, id: i64) -> ClientResult<()> {
        self.send_no_content(self.request(Method::POST, &format!("/exceptions/{id}/viewed")))
            .await
    }

    /// Audits that the console showed record `id`'s details while masked for screen sharing.
    pub async fn reveal_record(&self, id: i64) -> ClientResult<()> {
        self.send_no_content(self.request(Method::POST, &format!("/exceptions/{id}/reveal")))
            .await
    }

    /// Audits that the console showed a looked-up learner's details while masked.
    pub async fn reveal_learner(&self, uln: &str) -> ClientResult<()> {
        self.send_no_content(self.request(Method::POST, &format!("/learners/{uln}/reveal")))
            .await
    }

    pub async fn reject(
        &self,
        id: i64,
        version: i64,
        reject: &RejectRequest,
    ) -> ClientResult<ExceptionDetail> {
        let request = self
            .request(Method::POST, &format!("/exceptions/{id}/reject"))
            .header("If-Match", format!("\"{version}\""))
            .json(reject);
        self.send(request).await
    }

    /// Reopens a resolved or rejected record (supervisors only); the note goes in the audit trail.
    pub async fn reopen(
        &self,
        id: i64,
        version: i64,
        note: Option<&str>,
    ) -> ClientResult<ExceptionDetail> {
        let request = self
            .request(Method::POST, &format!("/exceptions/{id}/reopen"))
            .header("If-Match", format!("\"{version}\""))
            .json(&NoteRequest {
                note: note.map(str::to_owned),
            });
        self.send(request).await
    }

    pub async fn verify(&self, id: i64) -> ClientResult<ExceptionDetail> {
        self.send(self.request(Method::POST, &format!("/exceptions/{id}/verify")))
            .await
    }

    pub async fn plr(
        &self,
        uln: &str,
        family_name: &str,
        date_of_birth: &str,
        given_name: Option<&str>,
    ) -> ClientResult<PlrResponse> {
        let mut params = vec![
            ("family_name", family_name),
            ("date_of_birth", date_of_birth),
        ];
        if let Some(g) = given_name {
            params.push(("given_name", g));
        }
        self.send(
            self.request(Method::GET, &format!("/learners/{uln}/plr"))
                .query(&params),
        )
        .await
    }

    /// The register searched by a registration's supplied details (`GET /learners`).
    pub async fn search_learners(
        &self,
        supplied: &SuppliedDetails,
    ) -> ClientResult<LearnerSearchResponse> {
        self.search_register(&LearnerSearchQuery {
            given_name: supplied.given_name.clone(),
            family_name: supplied.family_name.clone(),
            date_of_birth: supplied.date_of_birth.clone(),
            gender: Some(supplied.gender),
            postcode: Some(supplied.postcode.clone()),
        })
        .await
    }

    /// The register searched by what an operator typed (`GET /learners`); gender and postcode
    /// narrow the search only when given.
    pub async fn search_register(
        &self,
        query: &LearnerSearchQuery,
    ) -> ClientResult<LearnerSearchResponse> {
        let mut params = vec![
            ("given_name", query.given_name.as_str()),
            ("family_name", query.family_name.as_str()),
            ("date_of_birth", query.date_of_birth.as_str()),
        ];
        if let Some(gender) = query.gender {
            params.push(("gender", gender.wire_name()));
        }
        if let Some(postcode) = &query.postcode {
            params.push(("postcode", postcode.as_str()));
        }
        self.send(self.request(Method::GET, "/learners").query(&params))
            .await
    }

    pub async fn raise_challenge(
        &self,
        uln: &str,
        challenge: &ChallengeRequest,
    ) -> ClientResult<ChallengeView> {
        self.send(
            self.request(Method::POST, &format!("/learners/{uln}/challenges"))
                .json(challenge),
        )
        .await
    }

    pub async fn challenges(&self, status: Option<ChallengeStatus>) -> ClientResult<ChallengeList> {
        let params: Vec<(&str, &str)> = status
            .map(|s| ("status", s.wire_name()))
            .into_iter()
            .collect();
        self.send(self.request(Method::GET, "/challenges").query(&params))
            .await
    }

    /// Submits a centre's registrations (up to 5,000); a result per row, in order.
    pub async fn submit_registrations(
        &self,
        batch: &RegistrationBatch,
    ) -> ClientResult<RegistrationResults> {
        // Up to 5,000 rows, each verified with the register before the answer: far longer than
        // one record's 20 s may be honest work, and a timeout leaves the batch's fate unknown.
        let request = self.request(Method::POST, "/registrations").json(batch);
        self.send(request.timeout(Duration::from_secs(300))).await
    }
}
