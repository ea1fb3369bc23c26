//! The error responses of the OpenAPI document, in the sets the routes share. Every one has the
//! `ErrorEnvelope` body. A route lists the sets that match what its extractors and its handler can
//! refuse, so each status is described once and the same way everywhere.

use std::collections::BTreeMap;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::IntoResponses;

fn description(status: u16) -> &'static str {
    match status {
        400 => "the request could not be read: a path or query parameter of the wrong type, malformed JSON, or an If-Match that is not a version",
        401 => "no valid API token: send Authorization: Bearer TOKEN",
        403 => "the token's role does not allow this",
        404 => "no such exception",
        409 => "the record is not in a state that allows this",
        412 => "the record changed since it was read; `error.current` is the record as it is now",
        408 => "the request body did not arrive within the server's body timeout",
        413 => "the request body is over 1 MiB (decided from Content-Length when one is sent)",
        414 => "the path and query are over 8 KiB",
        431 => "the request headers are over 16 KiB",
        415 => "the body is not sent as Content-Type: application/json",
        422 => "understood but refused: `error.fields` names each bad field",
        428 => "If-Match with the version last read is required",
        503 => "the server is busy (`busy`: retry after the Retry-After seconds), or the register it asks, the LRS, is closed or down (`register_unavailable`: the message says which and since when; no Retry-After)",
        _ => "refused",
    }
}

/// What any request can be refused with before it reaches a route (see `guard.rs`).
pub fn before_any_route() -> impl Iterator<Item = (String, RefOr<Response>)> {
    [408, 413, 414, 431].into_iter().map(refusal)
}

fn refusal(status: u16) -> (String, RefOr<Response>) {
    described(status, description(status))
}

pub(super) fn described(status: u16, description: &str) -> (String, RefOr<Response>) {
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
        .build();
    let mut response = ResponseBuilder::new()
        .description(description)
        .content("application/json", body);
    if status == 503 {
        let seconds = HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer))
            .description(Some("seconds to wait before trying again (sent when busy)"))
            .build();
        response = response.header("Retry-After", seconds);
    }
    (status.to_string(), response.build().into())
}

macro_rules! refusals {
    ($($(#[doc = $doc:literal])* $name:ident = [$($status:literal),+];)+) => {
        $(
            $(#[doc = $doc])*
            pub struct $name;

            impl IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    [$($status),+].into_iter().map(refusal).collect()
                }
            }
        )+
    };
}

refusals! {
    /// Every route behind a token: 401 without a valid one, and 503 when the database that
    /// holds the tokens (and everything else) stays busy.
    Secured = [401, 503];
    /// Routes that need more than the viewer role, which every token has.
    NeedsRole = [403];
    /// Routes with a typed path or query parameter.
    Unreadable = [400];
    NoSuchRecord = [404];
    NotInThatState = [409];
    Invalid = [422];
    /// A JSON request body: malformed, too large, not JSON, or of the wrong shape.
    JsonBody = [400, 413, 415, 422];
    /// A body read as bytes (optional, so any media type): malformed, too large, or with a
    /// refused note.
    OptionalBody = [400, 413, 422];
    /// Changes guarded by `If-Match`.
    VersionGuarded = [400, 412, 428];
    /// A change made meanwhile by someone else.
    Stale = [412];
}

/// A claim's 409: another operator on the record, or the record closed (`claims.rs`).
pub struct ClaimedOrNotOpen;

impl IntoResponses for ClaimedOrNotOpen {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        [described(
            409,
            "another operator is on the record (`claimed`: `error.claim` says who and since when; claim again with `take_over: true` to take it over), or the record is closed (`not_open`, `expired`): only open records are worked",
        )]
        .into_iter()
        .collect()
    }
}

/// Amend's 409: besides a record not open, the identity guard (`identity_guard.rs`).
pub struct NotOpenOrIdentityUnconfirmed;

impl IntoResponses for NotOpenOrIdentityUnconfirmed {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        [described(
            409,
            "the record is not open (`not_open`, `expired`), or the amendment would match the register's learner whom the identity evidence calls a different person (`identity_unconfirmed`): confirm identity with the centre, then send `identity_confirmed: true` with a `note`",
        )]
        .into_iter()
        .collect()
    }
}
