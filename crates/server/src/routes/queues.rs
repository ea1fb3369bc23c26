//! `/queues` (counts per anomaly kind) and `/exceptions` (a keyset-paged queue).

use super::refusals::{Invalid, Secured, Unreadable};
use crate::error::ApiError;
use crate::extract::{ApiQuery, CurrentOperator};
use crate::store::{Cursor, Direction, ExceptionQuery, QueueOrder, Role, SortKey};
use crate::{views, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Map, Value};
use uln_api::{ExceptionPage, QueueList, RecordFilter, SnoozeFilter};
use uln_domain::text::{self, TextKind};
use uln_domain::AnomalyKind;

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 10_000;
/// The longest queue filter taken (see `TextKind::Search`).
pub const MAX_SEARCH_CHARS: usize = TextKind::Search.max_chars();
/// Longer than any cursor this server issues (hex of a sort key of at most 100 characters).
pub const MAX_CURSOR_CHARS: usize = 2000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/queues", get(queues))
        .route("/exceptions", get(list))
}

#[utoipa::path(get, path = "/api/v1/queues", tag = "queues", operation_id = "queue_counts",
    responses((status = 200, body = QueueList), Secured))]
pub async fn queues(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Json<QueueList>, ApiError> {
    who.require(Role::Viewer)?;
    Ok(Json(crate::counts::queue_list(&state).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `all` (default) or an anomaly kind
    #[param(value_type = Option<uln_api::Queue>)]
    queue: Option<String>,
    /// Text to find in the ULN, names or centre; at most 200 characters
    #[param(max_length = 200)]
    q: Option<String>,
    /// deadline (default), registered, centre, family_name
    sort: Option<String>,
    /// asc (default) or desc
    order: Option<String>,
    /// 1–10000, default 100
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<u32>,
    /// `next_cursor` of the page before, with the same sort and order
    #[param(max_length = 2000)]
    cursor: Option<String>,
    /// `open` (default: the queues), `closed` (resolved, rejected, expired) or `all`: how a
    /// supervisor finds a closed record to reopen
    #[param(value_type = Option<uln_api::RecordFilter>)]
    status: Option<String>,
    /// `awake` (default: snoozed records are left out until their time), `snoozed` (only
    /// those, the snoozed view) or `any`; applies to open records
    #[param(value_type = Option<uln_api::SnoozeFilter>)]
    snoozed: Option<String>,
    /// Only the records an operator holds: `me` for the caller's own (the "mine" queue), or an
    /// operator's name
    #[param(max_length = 200)]
    assigned_to: Option<String>,
}

/// The query the parameters ask for, or a 422 naming every bad one.
fn parse_params(p: &ListParams) -> Result<ExceptionQuery, ApiError> {
    let mut bad = Map::new();
    let mut refuse = |field: &str, why: String| bad.insert(field.into(), Value::String(why));
    let queue = match p.queue.as_deref() {
        None | Some("all") | Some("") => None,
        Some(name) => AnomalyKind::from_name(name).or_else(|| {
            let names: Vec<&str> = AnomalyKind::ALL.iter().map(|k| k.name()).collect();
            refuse(
                "queue",
                format!("must be all or one of {}", names.join(", ")),
            );
            None
        }),
    };
    let records = match p.status.as_deref() {
        None | Some("") => RecordFilter::Open,
        Some(name) => RecordFilter::from_wire(name)
            .filter(|f| *f != RecordFilter::Unknown)
            .unwrap_or_else(|| {
                refuse("status", "must be open, closed or all".into());
                RecordFilter::Open
            }),
    };
    let key = match p.sort.as_deref() {
        None => SortKey::Deadline,
        Some(s) => SortKey::from_name(s).unwrap_or_else(|| {
            refuse(
                "sort",
                "must be deadline, registered, centre or family_name".into(),
            );
            SortKey::Deadline
        }),
    };
    let direction = match p.order.as_deref() {
        None => Direction::Ascending,
        Some(o) => Direction::from_name(o).unwrap_or_else(|| {
            refuse("order", "must be asc or desc".into());
            Direction::Ascending
        }),
    };
    // Control characters are refused here as in every other text: PostgreSQL refuses NUL in
    // text outright, which would otherwise be a 500 for one database and not the other.
    let text = text::clean_optional(p.q.as_deref(), TextKind::Search)
        .map_err(|e| refuse("q", e.to_string()))
        .ok()
        .flatten();
    let order = QueueOrder::new(key, direction);
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        refuse("limit", format!("must be between 1 and {MAX_LIMIT}"));
    }
    let after = match p.cursor.as_deref().map(decode_cursor) {
        Some(Ok(c)) if c.order() != order => {
            refuse(
                "cursor",
                "belongs to a different sort order; start again without it".into(),
            );
            None
        }
        Some(Err(why)) => {
            refuse("cursor", why.into());
            None
        }
        Some(Ok(c)) => Some(c),
        None => None,
    };
    let snoozed = match p.snoozed.as_deref() {
        None => SnoozeFilter::Awake,
        Some(s) => match SnoozeFilter::from_wire(s) {
            Some(f) if f != SnoozeFilter::Unknown => f,
            _ => {
                refuse("snoozed", "must be awake, snoozed or any".into());
                SnoozeFilter::Awake
            }
        },
    };
    if !bad.is_empty() {
        return Err(ApiError::invalid_fields(bad));
    }
    Ok(ExceptionQuery {
        queue,
        records,
        text,
        snoozed,
        assigned_to: None,
        now: None,
        order,
        limit,
        after,
    })
}

/// Cursors are opaque to clients: hex of a small JSON document, safe in any URL.
fn encode_cursor(c: &Cursor) -> String {
    serde_json::to_vec(c)
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_cursor(text: &str) -> Result<Cursor, &'static str> {
    let bad = "is not a cursor this server issued";
    if text.len() > MAX_CURSOR_CHARS || text.len() % 2 != 0 || !text.is_ascii() {
        return Err(bad);
    }
    let bytes = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad)?;
    serde_json::from_slice(&bytes).map_err(|_| bad)
}

#[utoipa::path(get, path = "/api/v1/exceptions", tag = "queues", operation_id = "list_exceptions",
    params(ListParams),
    responses((status = 200, body = ExceptionPage), Secured, Unreadable, Invalid))]
pub async fn list(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<ExceptionPage>, ApiError> {
    let caller = who.require(Role::Viewer)?;
    let mut query = parse_params(&params)?;
    // Checked as any text is: PostgreSQL refuses NUL outright, which would be a 500.
    let assignee = text::clean_optional(params.assigned_to.as_deref(), TextKind::Search)
        .map_err(|e| ApiError::invalid_field("assigned_to", e.to_string()))?;
    query.assigned_to = match assignee.as_deref() {
        None => None,
        Some("me") => Some(caller.name.clone()),
        Some(name) => Some(name.to_owned()),
    };
    let limit = query.limit as usize;
    query.limit += 1; // one extra row says whether another page follows
    let _slot = state.heavy_read().await?;
    let mut rows = state.store.list_exceptions(&query).await?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last()
            .map(|last| encode_cursor(&Cursor::after(last, query.order)))
    } else {
        None
    };
    let mut items: Vec<_> = rows.iter().map(views::exception_summary).collect();
    with_claims(&state, &mut items).await?;
    Ok(Json(ExceptionPage { items, next_cursor }))
}

/// Puts each live claim on its row. The live claims are read on their own rather than joined
/// into the page's query: there are only as many as records being worked, and the page's keyset
/// query and its indexes stay exactly as they are.
async fn with_claims(
    state: &AppState,
    items: &mut [uln_api::ExceptionSummary],
) -> Result<(), ApiError> {
    let now = jiff::Timestamp::now();
    let claims = state
        .store
        .live_claims(state.claims_lapse_before(now))
        .await?;
    if claims.is_empty() {
        return Ok(());
    }
    let by_record: std::collections::HashMap<i64, _> =
        claims.iter().map(|c| (c.registration_id, c)).collect();
    for item in items {
        if let Some(claim) = by_record.get(&item.id) {
            item.claim = Some(Box::new(views::claim(claim, state.claim_idle)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            sort: SortKey::Centre,
            descending: true,
            key: crate::store::CursorKey::Text("Leeds City College".into()),
            id: 42,
        };
        assert_eq!(decode_cursor(&encode_cursor(&c)).unwrap(), c);
        assert!(decode_cursor("zz").is_err());
        assert!(decode_cursor("abc").is_err());
        assert!(decode_cursor("7b7d").is_err());
        // Well formed, but longer than any cursor issued: refused before it is parsed.
        let json = serde_json::to_string(&c).unwrap();
        let padded = format!("{{{}{}", " ".repeat(MAX_CURSOR_CHARS), &json[1..]);
        let hex: String = padded.bytes().map(|b| format!("{b:02x}")).collect();
        assert!(decode_cursor(&hex).is_err());
    }
}
