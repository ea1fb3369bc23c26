//! Typed helpers: a test talks to the server as a client does, through the real `ApiClient`, and
//! reads typed answers rather than JSON paths. Raw requests remain for malformed input only.

use super::TestServer;
use uln_api::{ApiClient, ClientError, ClientResult, ErrorBody, ExceptionDetail, LearnerFields};
use uln_api::{SuggestedAction, SuggestionView};

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
}

/// The HTTP status and error envelope of a call the server refused; fails the test otherwise.
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
