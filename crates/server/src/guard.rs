//! Limits every request meets before a handler sees it, each refused with a JSON error: an
//! over-long URI (414), oversized headers (431), a body declared too large (413, decided from
//! `Content-Length` before a byte of it is read), and a body that does not arrive in time (408).
//!
//! Every request body of this API is a small JSON document, so the body is read here in full,
//! against one deadline, and handed on as bytes: a client trickling a byte at a time cannot hold
//! a handler.

use crate::error::ApiError;
use crate::routes::MAX_BODY_BYTES;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_LENGTH};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The longest path and query taken: far beyond any real request of this API (a search is at
/// most a few hundred characters), far below hyper's own limit, which answers without JSON.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// All request headers together, counted as name, value and separators. A bearer token and the
/// usual headers take well under 1 KiB.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

pub async fn request_limits(
    State(body_timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    if let Err(refusal) = check_head(&request) {
        return closing(refusal);
    }
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout(body_timeout, axum::body::to_bytes(body, MAX_BODY_BYTES))
        .await
    {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) if is_length_limit(&e) => return closing(ApiError::PayloadTooLarge),
        // The client closed the connection or sent a broken chunked body.
        Ok(Err(_)) => {
            return closing(ApiError::BadRequest {
                code: uln_api::ErrorCode::MalformedBody,
                message: "the request body could not be read".into(),
            })
        }
        Err(_) => return closing(ApiError::RequestTimeout),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn check_head(request: &Request) -> Result<(), ApiError> {
    let uri_bytes = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri_bytes > MAX_URI_BYTES {
        return Err(ApiError::UriTooLong);
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return Err(ApiError::HeadersTooLarge);
    }
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(ApiError::PayloadTooLarge);
    }
    Ok(())
}

fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = source {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = error.source();
    }
    false
}

/// The rest of an unread body would be taken as the next request: close the connection.
fn closing(refusal: ApiError) -> Response {
    let mut response = refusal.into_response();
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}
