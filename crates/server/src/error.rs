//! One error type for every handler. Client errors carry a code, a message and per-field details;
//! server errors are logged once here, without personal data, and answered generically.

use crate::register::RegisterError;
use crate::store::{Role, StoreError};
use axum::extract::rejection::{PathRejection, QueryRejection};
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
    /// 409: another operator holds a live claim on the record.
    Claimed(uln_api::ClaimView),
    PreconditionRequired,
    PreconditionFailed(Box<ExceptionDetail>),
    PayloadTooLarge,
    /// 408: the body did not arrive within the server's body timeout.
    RequestTimeout,
    UriTooLong,
    HeadersTooLarge,
    UnsupportedMediaType,
    MethodNotAllowed,
    /// 503: every connection, or every slot for expensive reads, stayed taken; retry shortly.
    Busy,
    /// 503: the register (the LRS) is closed or down; the message says which and since when.
    RegisterUnavailable(String),
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
            RegisterError::Unavailable(why) => ApiError::RegisterUnavailable(why.to_string()),
            // To the operator the LRS refusing our account is the LRS out of reach; the message
            // says it is ours to fix (it holds no secret: see `RegisterError::Misconfigured`).
            RegisterError::Misconfigured(why) => ApiError::RegisterUnavailable(format!(
                "the Learning Records Service refused the backend's request ({why}); an \
                 administrator must fix the LRS configuration"
            )),
            other => ApiError::Internal(other.into()),
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
pub(crate) fn loggable(e: &anyhow::Error) -> String {
    if let Some(StoreError::Corrupt(_)) = e.downcast_ref::<StoreError>() {
        return "stored data failed validation".into();
    }
    if let Some(RegisterError::Corrupt(_)) = e.downcast_ref::<RegisterError>() {
        return "register data failed validation".into();
    }
    e.to_string()
}

/// What an error puts on the wire.
struct Answer {
    status: StatusCode,
    body: ErrorBody,
}

impl Answer {
    fn plain(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Answer {
        Answer {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                fields: None,
                current: None,
                claim: None,
            },
        }
    }
}

impl ApiError {
    fn answer(self) -> Answer {
        use ErrorCode as C;
        use StatusCode as S;
        match self {
            ApiError::Unauthorized => Answer::plain(S::UNAUTHORIZED, C::Unauthorized, "a valid API token is required: Authorization: Bearer TOKEN"),
            ApiError::Forbidden(needed) => Answer::plain(S::FORBIDDEN, C::Forbidden, format!("this needs the {} role", needed.name())),
            ApiError::NotFound(what) => Answer::plain(S::NOT_FOUND, C::NotFound, format!("no such {what}")),
            ApiError::BadRequest { code, message } => Answer::plain(S::BAD_REQUEST, code, message),
            ApiError::Invalid { message, fields } => {
                let mut answer = Answer::plain(S::UNPROCESSABLE_ENTITY, C::Invalid, message);
                answer.body.fields = (!fields.is_empty()).then_some(fields);
                answer
            }
            ApiError::Conflict { code, message } => Answer::plain(S::CONFLICT, code, message),
            ApiError::Claimed(claim) => {
                let mut answer = Answer::plain(S::CONFLICT, C::Claimed, format!("{} is on this record (since {}); claim with take_over to take it over, and they will be told", claim.operator, claim.since));
                answer.body.claim = Some(Box::new(claim));
                answer
            }
            ApiError::PreconditionRequired => Answer::plain(S::PRECONDITION_REQUIRED, C::VersionRequired, "send If-Match with the record's version, so a change made meanwhile is never overwritten"),
            ApiError::PreconditionFailed(current) => {
                let mut answer = Answer::plain(S::PRECONDITION_FAILED, C::VersionConflict, "the record changed since you read it; the current record is attached");
                answer.body.current = Some(current);
                answer
            }
            ApiError::PayloadTooLarge => Answer::plain(S::PAYLOAD_TOO_LARGE, C::PayloadTooLarge, "the request body is over 1 MiB"),
            ApiError::RequestTimeout => Answer::plain(S::REQUEST_TIMEOUT, C::RequestTimeout, "the request body did not arrive in time"),
            ApiError::UriTooLong => Answer::plain(S::URI_TOO_LONG, C::UriTooLong, format!("the path and query are over {} bytes", crate::guard::MAX_URI_BYTES)),
            ApiError::HeadersTooLarge => Answer::plain(S::REQUEST_HEADER_FIELDS_TOO_LARGE, C::HeadersTooLarge, format!("the request headers are over {} bytes", crate::guard::MAX_HEADER_BYTES)),
            ApiError::UnsupportedMediaType => Answer::plain(S::UNSUPPORTED_MEDIA_TYPE, C::UnsupportedMediaType, "send JSON with Content-Type: application/json"),
            ApiError::MethodNotAllowed => Answer::plain(S::METHOD_NOT_ALLOWED, C::MethodNotAllowed, "this route does not take that method"),
            ApiError::Busy => Answer::plain(S::SERVICE_UNAVAILABLE, C::Busy, format!("the server is busy; try again in {BUSY_RETRY_SECONDS} s")),
            ApiError::RegisterUnavailable(why) => Answer::plain(S::SERVICE_UNAVAILABLE, C::RegisterUnavailable, why),
            ApiError::Internal(e) => {
                tracing::error!(error = %loggable(&e), "request failed");
                Answer::plain(S::INTERNAL_SERVER_ERROR, C::Internal, "the server failed; the error is logged")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let Answer { status, body } = self.answer();
        // Busy asks to be retried in a moment; the register closed or down does not: retrying
        // for minutes or hours would only keep the operator waiting.
        let retry = status == StatusCode::SERVICE_UNAVAILABLE
            && body.code != ErrorCode::RegisterUnavailable;
        let mut response = (status, Json(ErrorEnvelope { error: body })).into_response();
        if retry {
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

    /// The LRS closed or down is the documented 503, saying which, never a 500.
    #[test]
    fn an_unavailable_register_is_a_503_that_says_so() {
        use crate::register::Unavailable;
        let error = RegisterError::Unavailable(Unavailable::OutOfHours);
        let Answer { status, body } = ApiError::from(error).answer();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body.code, ErrorCode::RegisterUnavailable);
        assert!(body.message.contains("closed"), "{}", body.message);
        let response =
            ApiError::from(RegisterError::Unavailable(Unavailable::OutOfHours)).into_response();
        assert_eq!(
            response.headers().get(axum::http::header::RETRY_AFTER),
            None,
            "not worth retrying in a second"
        );
    }
}
