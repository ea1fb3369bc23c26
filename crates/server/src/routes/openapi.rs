//! `/openapi.json`: the OpenAPI document, generated from the handlers' annotations and the wire
//! types.

use super::{
    assign, bulk, calls, challenges, claims, dashboard, events, exceptions, exports, handover,
    health, learners, notes, queues, registrations, reopen, reveal, snooze, undo, viewing,
};
use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "uln-console registration backend", description = "Registrations whose ULN did not verify against the LRS, and the tools to resolve them. Every route but health and this document needs `Authorization: Bearer TOKEN`. Every refusal has the `ErrorEnvelope` body."),
    paths(
        health::health,
        health::me,
        health::register_status,
        openapi,
        queues::queues,
        queues::list,
        dashboard::show,
        viewing::show,
        viewing::viewed,
        viewing::trail,
        reveal::record,
        reveal::learner,
        exceptions::amend,
        exceptions::reject,
        exceptions::verify,
        reopen::reopen,
        notes::add,
        snooze::snooze,
        snooze::wake,
        bulk::bulk,
        assign::assign,
        assign::list,
        handover::summary,
        handover::hand_over,
        undo::undo,
        claims::claim,
        claims::release,
        learners::plr,
        learners::search,
        learners::raise_challenge,
        challenges::list,
        calls::record,
        calls::recent,
        exports::record,
        events::events,
        registrations::submit,
    ),
    // The refusal sets name the envelope by reference only, so it is listed here.
    // Schemas named only by a parameter's `value_type` are not collected from the routes.
    components(schemas(uln_api::ErrorEnvelope, uln_api::RecordFilter, uln_api::SnoozeFilter, uln_api::ClaimEvent, uln_api::NoteEvent)),
    modifiers(&BearerAuth, &RequestLimits),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The limits every request meets before any route (`guard.rs`), on every operation.
struct RequestLimits;

impl Modify for RequestLimits {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                for (status, response) in super::refusals::before_any_route() {
                    operation
                        .responses
                        .responses
                        .entry(status)
                        .or_insert(response);
                }
            }
        }
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "health", operation_id = "openapi", security(()),
    responses((status = 200, body = Object, description = "the OpenAPI 3.1 document of this API")))]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use uln_domain::demographics::MAX_NAME_CHARS;

    fn parameter_schema(doc: &Value, path: &str, name: &str) -> Value {
        let parameters = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        let parameter = parameters.iter().find(|p| p["name"] == name).unwrap();
        parameter["schema"].clone()
    }

    /// The annotations take literals only, so each bound is written twice; here they must agree.
    #[test]
    fn the_documented_bounds_are_the_enforced_ones() {
        let doc = serde_json::to_value(document()).unwrap();
        let list = |name| parameter_schema(&doc, "/api/v1/exceptions", name);
        assert_eq!(list("q")["maxLength"], queues::MAX_SEARCH_CHARS);
        assert_eq!(list("cursor")["maxLength"], queues::MAX_CURSOR_CHARS);
        assert_eq!(list("limit")["maximum"], queues::MAX_LIMIT);
        for path in ["/api/v1/learners", "/api/v1/learners/{uln}/plr"] {
            for name in ["given_name", "family_name"] {
                let schema = parameter_schema(&doc, path, name);
                assert_eq!(schema["maxLength"], MAX_NAME_CHARS, "{path} {name}");
            }
        }
    }

    /// The identity guard is part of the contract: its field and its refusal are documented.
    #[test]
    fn the_identity_guard_is_documented_on_amend() {
        let doc = serde_json::to_value(document()).unwrap();
        let body = &doc["components"]["schemas"]["AmendRequest"];
        // The flattened fields make the body an `allOf`; the field is in one of its parts.
        let field = body["allOf"]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|part| part["properties"].get("identity_confirmed"));
        assert_eq!(field.map(|f| &f["type"]), Some(&"boolean".into()), "{body}");
        let amend = &doc["paths"]["/api/v1/exceptions/{id}/amend"]["post"];
        let conflict = amend["responses"]["409"]["description"].as_str().unwrap();
        assert!(conflict.contains("identity_unconfirmed"), "{conflict}");
        let codes = &doc["components"]["schemas"]["ErrorCode"];
        assert!(
            codes.to_string().contains("identity_unconfirmed"),
            "{codes}"
        );
    }

    /// Every `$ref` names a schema the document holds: one named only by a parameter is not
    /// collected by itself, and a validator refuses the whole document for it.
    #[test]
    fn every_reference_resolves() {
        let doc = serde_json::to_value(document()).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(schemas.contains_key(name), "{r} does not resolve");
        }
    }

    fn collect_refs(value: &Value, refs: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    refs.push(r.clone());
                }
                map.values().for_each(|v| collect_refs(v, refs));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
            _ => {}
        }
    }
}
