//! Extractors whose rejections are our JSON errors, and the authenticated operator.

use super::auth::hash_token;
use super::error::ApiError;
use super::store::{Operator, Role};
use super::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, IF_MATCH};
use axum::http::request::Parts;
use axum::http::Method;

/// What the SSH server's shared token may read, for all its sessions at once: the event stream,
/// and the queues' pages (the open exceptions every operator may list alike). Nothing else: no
/// record, no write, no view that depends on who is asking.
fn shared_read(parts: &Parts) -> bool {
    let path = parts.uri.path();
    parts.method == Method::GET && (path.ends_with("/events") || path.ends_with("/exceptions"))
}

pub use super::json_body::ApiJson;

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// The operator behind the request's bearer token.
pub struct CurrentOperator(pub Operator, TokenHash);

/// The hash of the token a request authenticated with: what an event stream re-checks.
#[derive(Debug, Clone)]
pub struct TokenHash(pub String);

impl CurrentOperator {
    pub fn token_hash(&self) -> &TokenHash {
        &self.1
    }

    pub fn require(&self, needed: Role) -> Result<&Operator, ApiError> {
        if self.0.role.allows(needed) {
            Ok(&self.0)
        } else {
            Err(ApiError::Forbidden(needed))
        }
    }
}

impl FromRequestParts<AppState> for CurrentOperator {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized)?;
        let hash = hash_token(token);
        if state.ssh_sessions.is_stream_token(&hash) && !shared_read(parts) {
            return Err(ApiError::Unauthorized);
        }
        if let Some(operator) = state.operators.get(&hash) {
            return Ok(CurrentOperator(operator, TokenHash(hash)));
        }
        let read_at = state.operators.generation();
        let operator = state
            .operator_by_token_hash(&hash)
            .await?
            .filter(|o| o.role != Role::System)
            .ok_or(ApiError::Unauthorized)?;
        state
            .operators
            .insert(hash.clone(), operator.clone(), read_at);
        Ok(CurrentOperator(operator, TokenHash(hash)))
    }
}

/// The version the client last read, from `If-Match` (quotes and a weak prefix are accepted).
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(IF_MATCH)
            .ok_or(ApiError::PreconditionRequired)?;
        let text = value.to_str().unwrap_or_default().trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse().map(IfMatch).map_err(|_| ApiError::BadRequest {
            code: uln_api::ErrorCode::InvalidIfMatch,
            message: "If-Match must be the record's version number, e.g. If-Match: \"3\"".into(),
        })
    }
}

/// The token of an `Authorization` value; the scheme's name is case-insensitive (RFC 9110).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

#[cfg(test)]
mod bearer_tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case_and_nothing_else_is() {
        for value in ["Bearer abc", "bearer abc", "BEARER  abc ", "bEaReR abc"] {
            assert_eq!(bearer_token(value), Some("abc"), "{value:?}");
        }
        for value in ["Basic abc", "Bearerabc", "abc", ""] {
            assert_eq!(bearer_token(value), None, "{value:?}");
        }
    }
}
