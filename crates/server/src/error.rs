//! One error type for every handler. Client errors carry a code, a message and per-field details;
//! server errors are logged once here, without personal data, and answered generically.

use crate::register::RegisterError;
use crate::store::{Role, StoreError};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};
use uln_api::{ErrorBody, ErrorCode, ErrorEnvelope, ExceptionDetail};

#[derive(Debug)]
pub enum ApiError {
    Unauthorized,
    Forbidden(Role),
    NotFound(&'static str),
    BadRequest {
        code: ErrorCode,
        message: String,
    },
    /// 422: the request was understood but these fields are wrong.
    Invalid {
        message: String,
        fields: Map<String, Value>,
    },
    /// 409: the record is not in a state that allows this.
    Conflict {
        code: ErrorCode,
        message: String,
    },
    PreconditionRequired,
    PreconditionFailed(Box<ExceptionDetail>),
    PayloadTooLarge,
    UnsupportedMediaType,
    MethodNotAllowed,
    /// 503: every connection, or every slot for expensive reads, stayed taken; retry shortly.
    Busy,
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn invalid_field(field: &str, why: impl Into<String>) -> ApiError {
        let mut fields = Map::new();
        fields.insert(field.to_owned(), Value::String(why.into()));
        ApiError::Invalid {
            message: format!("{field} is not valid"),
            fields,
        }
    }

    pub fn invalid_fields(fields: Map<String, Value>) -> ApiError {
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        ApiError::Invalid {
            message: format!("invalid: {}", names.join(", ")),
            fields,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Busy => ApiError::Busy,
            e => ApiError::Internal(e.into()),
        }
    }
}

impl From<RegisterError> for ApiError {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::Refused { field, message } => ApiError::invalid_field(&field, message),
            // The simulated register shares the store's database, and its pool's busy spells too.
            RegisterError::Storage(StoreError::Busy) => ApiError::Busy,
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => ApiError::Invalid {
                message: r.body_text(),
                fields: Map::new(),
            },
            _ => ApiError::BadRequest {
                code: ErrorCode::MalformedJson,
                message: r.body_text(),
            },
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::BadRequest {
            code: ErrorCode::InvalidQuery,
            message: r.body_text(),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::BadRequest {
            code: ErrorCode::InvalidPath,
            message: r.body_text(),
        }
    }
}

/// Store and register errors may quote stored values (a corrupt postcode, say): log only the kind.
fn loggable(e: &anyhow::Error) -> String {
    if let Some(StoreError::Corrupt(_)) = e.downcast_ref::<StoreError>() {
        return "stored data failed validation".into();
    }
    if let Some(RegisterError::Corrupt(_)) = e.downcast_ref::<RegisterError>() {
        return "register data failed validation".into();
    }
    e.to_string()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, fields, current) = match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "a valid API token is required: Authorization: Bearer TOKEN".to_owned(),
                None,
                None,
            ),
            ApiError::Forbidden(needed) => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                format!("this needs the {} role", needed.name()),
                None,
                None,
            ),
            ApiError::NotFound(what) => (StatusCode::NOT_FOUND, ErrorCode::NotFound, format!("no such {what}"), None, None),
            ApiError::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message, None, None),
            ApiError::Invalid { message, fields } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Invalid,
                message,
                (!fields.is_empty()).then_some(fields),
                None,
            ),
            ApiError::Conflict { code, message } => (StatusCode::CONFLICT, code, message, None, None),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                ErrorCode::VersionRequired,
                "send If-Match with the record's version, so a change made meanwhile is never overwritten".to_owned(),
                None,
                None,
            ),
            ApiError::PreconditionFailed(current) => (
                StatusCode::PRECONDITION_FAILED,
                ErrorCode::VersionConflict,
                "the record changed since you read it; the current record is attached".to_owned(),
                None,
                Some(current),
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "the request body is over 1 MiB".to_owned(),
                None,
                None,
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "send JSON with Content-Type: application/json".to_owned(),
                None,
                None,
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "this route does not take that method".to_owned(),
                None,
                None,
            ),
            ApiError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Busy,
                format!("the server is busy; try again in {BUSY_RETRY_SECONDS} s"),
                None,
                None,
            ),
            ApiError::Internal(e) => {
                tracing::error!(error = %loggable(&e), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    "the server failed; the error is logged".to_owned(),
                    None,
                    None,
                )
            }
        };
        let body = ErrorEnvelope {
            error: ErrorBody {
                code,
                message,
                fields,
                current,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(BUSY_RETRY_SECONDS),
            );
        }
        response
    }
}

/// What a 503 asks the client to wait before trying again.
const BUSY_RETRY_SECONDS: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with every connection taken is a reason to retry, not a server failure.
    #[test]
    fn a_pool_that_stays_busy_is_a_503_with_retry_after() {
        let error: StoreError = sqlx::Error::PoolTimedOut.into();
        let response = ApiError::from(error).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers().get(axum::http::header::RETRY_AFTER),
            Some(&axum::http::HeaderValue::from(BUSY_RETRY_SECONDS))
        );
    }
}
