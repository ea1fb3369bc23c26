//! Typed helpers: a test talks to the server as a client does, through the real `ApiClient`, and
//! reads typed answers rather than JSON paths. Raw requests remain for malformed input only.

use super::TestServer;
use futures_util::{Stream, StreamExt};
use jiff::{SignedDuration, Timestamp};
use reqwest::RequestBuilder;
use std::time::Duration;
use uln_api::{ApiClient, ClientError, ClientResult, ErrorBody, ExceptionDetail, LearnerFields};
use uln_api::{
    AuditAction, ChangeAction, ChangeEvent, ErrorEnvelope, RegistrationSubmission, StreamEvent,
};
use uln_api::{SuggestedAction, SuggestionView};
use uln_server::store::Registration;

impl TestServer {
    pub fn client(&self, token: &str) -> ApiClient {
        ApiClient::new(self.base.clone(), token).expect("a client")
    }

    pub fn as_viewer(&self) -> ApiClient {
        self.client(&self.viewer)
    }

    pub fn as_operator(&self) -> ApiClient {
        self.client(&self.operator)
    }

    pub fn as_supervisor(&self) -> ApiClient {
        self.client(&self.supervisor)
    }

    /// The registration as stored now, read past the API.
    pub async fn registration_now(&self, id: i64) -> Registration {
        self.state
            .store
            .registration(id)
            .await
            .expect("the store answers")
            .expect("the registration exists")
    }

    /// How many audit rows of `action` record `id` has.
    pub async fn audit_count(&self, id: i64, action: AuditAction) -> usize {
        self.audit_actions(id)
            .await
            .iter()
            .filter(|a| *a == action.wire_name())
            .count()
    }

    /// Who viewed record `id`, one name per `viewed` audit row, oldest first.
    pub async fn viewers(&self, id: i64) -> Vec<String> {
        self.state
            .store
            .audit_trail(id)
            .await
            .expect("the store answers")
            .into_iter()
            .filter(|a| a.action == AuditAction::Viewed.wire_name())
            .map(|a| a.operator)
            .collect()
    }

    /// A register learner with a postcode, as a centre would submit them: a registration that
    /// matches exactly until a test changes a field.
    pub async fn learner_as_submitted(&self) -> RegistrationSubmission {
        let (uln, given_name, family_name, date_of_birth, gender, postcode) = sqlx::query_as(
            "SELECT uln, given_name, family_name, date_of_birth, gender, postcode FROM lrs_learners WHERE postcode IS NOT NULL ORDER BY uln LIMIT 1",
        )
        .fetch_one(&self.pool)
        .await
        .expect("a learner with a postcode");
        RegistrationSubmission {
            uln,
            given_name,
            family_name,
            date_of_birth,
            gender,
            postcode,
            centre: "Calder Valley College".into(),
            qualification: None,
            registered_at: None,
        }
    }
}

/// The same registration made 29 days ago: one day past the four-week deadline.
pub fn registered_29_days_ago(submission: RegistrationSubmission) -> RegistrationSubmission {
    let at = Timestamp::now() - SignedDuration::from_hours(29 * 24);
    RegistrationSubmission {
        registered_at: Some(at.to_string()),
        ..submission
    }
}

/// The HTTP status and error envelope of a call the server refused; fails the test otherwise.
#[track_caller]
pub fn refusal<T: std::fmt::Debug>(result: ClientResult<T>) -> (u16, ErrorBody) {
    match result {
        Err(ClientError::Api { status, body }) => (status, body),
        other => panic!("expected the server to refuse, got {other:?}"),
    }
}

/// The amendment the first amend suggestion would apply.
pub fn suggested_amendment(detail: &ExceptionDetail) -> LearnerFields {
    detail
        .suggestions
        .iter()
        .find_map(|s: &SuggestionView| match &s.action {
            SuggestedAction::Amend { amendment } => Some(amendment.clone()),
            _ => None,
        })
        .expect("an amend suggestion")
}

/// The status and error envelope of a raw request the server refused. Raw requests are only for
/// input the typed client cannot send; the answer is still read as the typed envelope.
pub async fn raw_refusal(request: RequestBuilder) -> (u16, ErrorBody) {
    let (status, body) = super::send(request).await;
    let envelope: ErrorEnvelope = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("{status} without the error envelope ({e}): {body}"));
    (status.as_u16(), envelope.error)
}

/// The first change of `action` to record `record_id` on an event stream, within ten seconds.
pub async fn change_on_stream(
    events: impl Stream<Item = StreamEvent>,
    record_id: i64,
    action: ChangeAction,
) -> ChangeEvent {
    let mut events = std::pin::pin!(events);
    next_on_stream(
        &mut events,
        &format!("{action} change to #{record_id}"),
        |e| match e {
            StreamEvent::Change(c) if c.record_id == record_id && c.action == action => Some(c),
            _ => None,
        },
    )
    .await
}

/// The next event on `events` that `pick` accepts, within ten seconds; the events it skipped are
/// listed if none comes.
pub async fn next_on_stream<S, T>(
    events: &mut std::pin::Pin<&mut S>,
    what: &str,
    pick: impl Fn(StreamEvent) -> Option<T>,
) -> T
where
    S: Stream<Item = StreamEvent> + ?Sized,
{
    let mut seen = Vec::new();
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(event) = events.next().await {
            seen.push(format!("{event:?}"));
            if let Some(found) = pick(event) {
                return Some(found);
            }
        }
        None
    })
    .await;
    match found {
        Ok(Some(found)) => found,
        _ => panic!("no {what} on the stream; saw {seen:?}"),
    }
}
