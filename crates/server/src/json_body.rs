//! JSON request bodies, read the same way on every route: `Content-Type: application/json` (415
//! otherwise), well-formed (400), no key twice in any object (422 naming the key), then the
//! route's own type (422 when a field has the wrong type or is missing).
//!
//! Duplicate keys are refused because a JSON parser keeps either the first or the last: an
//! amendment that says `"postcode"` twice would mean whatever this server's parser decided.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::error::Category;
use std::collections::HashSet;
use std::fmt;

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection.status().as_u16() {
                    413 => ApiError::PayloadTooLarge,
                    _ => ApiError::BadRequest {
                        code: uln_api::ErrorCode::MalformedBody,
                        message: "the request body could not be read".into(),
                    },
                })?;
        parse(&bytes).map(ApiJson)
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > "application/+json".len()
            && essence[..12].eq_ignore_ascii_case("application/")
            && essence[essence.len() - 5..].eq_ignore_ascii_case("+json"))
}

/// Parses a JSON body as `T` with the checks above.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let keys: UniqueKeys = serde_json::from_slice(bytes).map_err(refusal)?;
    if let Some(key) = keys.0 {
        return Err(ApiError::invalid_field(&key, "appears more than once"));
    }
    serde_json::from_slice(bytes).map_err(refusal)
}

fn refusal(e: serde_json::Error) -> ApiError {
    match e.classify() {
        Category::Data => ApiError::Invalid {
            message: format!("the body does not have the expected shape: {e}"),
            fields: serde_json::Map::new(),
        },
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadRequest {
            code: uln_api::ErrorCode::MalformedJson,
            message: format!("the body is not valid JSON: {e}"),
        },
    }
}

/// Any JSON value, read only to find the first key that an object holds twice.
struct UniqueKeys(Option<String>);

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueKeysVisitor)
    }
}

struct UniqueKeysVisitor;

impl<'de> Visitor<'de> for UniqueKeysVisitor {
    type Value = UniqueKeys;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueKeys, A::Error> {
        let mut seen = HashSet::new();
        let mut duplicate = None;
        while let Some(key) = map.next_key::<String>()? {
            let inner: UniqueKeys = map.next_value()?;
            if duplicate.is_none() {
                duplicate = inner.0;
            }
            if duplicate.is_none() && !seen.insert(key.clone()) {
                duplicate = Some(key);
            }
        }
        Ok(UniqueKeys(duplicate))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UniqueKeys, A::Error> {
        let mut duplicate = None;
        while let Some(inner) = seq.next_element::<UniqueKeys>()? {
            duplicate = duplicate.or(inner.0);
        }
        Ok(UniqueKeys(duplicate))
    }

    fn visit_bool<E>(self, _: bool) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys(None))
    }
    fn visit_i64<E>(self, _: i64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys(None))
    }
    fn visit_u64<E>(self, _: u64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys(None))
    }
    fn visit_f64<E>(self, _: f64) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys(None))
    }
    fn visit_str<E>(self, _: &str) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys(None))
    }
    fn visit_unit<E>(self) -> Result<UniqueKeys, E> {
        Ok(UniqueKeys(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value};

    fn status(result: Result<Map<String, Value>, ApiError>) -> String {
        match result {
            Ok(_) => "ok".into(),
            Err(ApiError::Invalid { fields, .. }) => {
                format!(
                    "422 {}",
                    fields.keys().cloned().collect::<Vec<_>>().join(",")
                )
            }
            Err(ApiError::BadRequest { .. }) => "400".into(),
            Err(other) => format!("{other:?}"),
        }
    }

    #[test]
    fn a_key_twice_is_refused_at_any_depth_and_named() {
        assert_eq!(
            status(parse(br#"{"postcode":"LS1","postcode":"M1"}"#)),
            "422 postcode"
        );
        assert_eq!(
            status(parse(br#"{"registrations":[{"uln":"1","uln":"2"}]}"#)),
            "422 uln"
        );
        assert_eq!(status(parse(br#"{"a":{"b":1},"c":{"b":2}}"#)), "ok");
        assert_eq!(status(parse(br#"{"a":1,"b":[1,2,{"x":null}]}"#)), "ok");
    }

    #[test]
    fn broken_json_is_a_400_and_a_wrong_shape_a_422() {
        assert_eq!(status(parse(br#"{"a":"#)), "400");
        assert_eq!(status(parse(&[b'['; 10_000])), "400", "too deep");
        assert_eq!(status(parse(b"[1,2]")), "422 ");
    }

    #[test]
    fn json_media_types_are_recognised_with_parameters_and_in_any_case() {
        let headers = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert(CONTENT_TYPE, value.parse().unwrap());
            h
        };
        assert!(is_json(&headers("application/json")));
        assert!(is_json(&headers("Application/JSON; charset=utf-8")));
        assert!(is_json(&headers("application/merge-patch+json")));
        assert!(!is_json(&headers("text/plain")));
        assert!(!is_json(&headers("application/+json")));
        assert!(!is_json(&HeaderMap::new()));
    }
}
