//! `/queues` (counts per anomaly kind) and `/exceptions` (a keyset-paged queue).

use crate::error::ApiError;
use crate::extract::{ApiQuery, CurrentOperator};
use crate::store::{Cursor, CursorKey, ExceptionQuery, Registration, Role, SortKey};
use crate::{views, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use jiff::Timestamp;
use serde::Deserialize;
use uln_api::{ExceptionPage, Queue, QueueCounts, QueueList};
use uln_domain::AnomalyKind;

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/queues", get(queues))
        .route("/exceptions", get(list))
}

#[utoipa::path(get, path = "/api/v1/queues", tag = "queues", responses((status = 200, body = QueueList)))]
pub async fn queues(
    State(state): State<AppState>,
    who: CurrentOperator,
) -> Result<Json<QueueList>, ApiError> {
    who.require(Role::Viewer)?;
    let counts = state.store.queue_counts(Timestamp::now()).await?;
    let queues = counts
        .into_iter()
        .map(|c| QueueCounts {
            queue: c.kind.map_or(Queue::All, |k| Queue::Kind(k.into())),
            open: c.open,
            overdue: c.overdue,
            due_within_48h: c.due_within_48h,
            due_within_7d: c.due_within_7d,
        })
        .collect();
    Ok(Json(QueueList { queues }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// `all` (default) or an anomaly kind
    queue: Option<String>,
    /// Text to find in the ULN, names or centre
    q: Option<String>,
    /// deadline (default), registered, centre, family_name
    sort: Option<String>,
    /// asc (default) or desc
    order: Option<String>,
    /// 1–500, default 100
    limit: Option<u32>,
    cursor: Option<String>,
}

fn parse_params(p: &ListParams) -> Result<ExceptionQuery, ApiError> {
    let queue = match p.queue.as_deref() {
        None | Some("all") | Some("") => None,
        Some(name) => Some(AnomalyKind::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = AnomalyKind::ALL.iter().map(|k| k.name()).collect();
            ApiError::invalid_field(
                "queue",
                format!("must be all or one of {}", names.join(", ")),
            )
        })?),
    };
    let sort = match p.sort.as_deref() {
        None => SortKey::Deadline,
        Some(s) => SortKey::from_name(s).ok_or_else(|| {
            ApiError::invalid_field(
                "sort",
                "must be deadline, registered, centre or family_name",
            )
        })?,
    };
    let descending = match p.order.as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(ApiError::invalid_field("order", "must be asc or desc")),
    };
    let limit = p.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_field(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let after = p.cursor.as_deref().map(decode_cursor).transpose()?;
    if let Some(c) = &after {
        if c.sort != sort || c.descending != descending {
            return Err(ApiError::invalid_field(
                "cursor",
                "belongs to a different sort order; start again without it",
            ));
        }
    }
    Ok(ExceptionQuery {
        queue,
        text: p.q.clone(),
        sort,
        descending,
        limit,
        after,
    })
}

fn cursor_after(last: &Registration, sort: SortKey, descending: bool) -> Cursor {
    let key = match sort {
        SortKey::Deadline => CursorKey::Time(last.deadline.as_second()),
        SortKey::Registered => CursorKey::Time(last.registered_at.as_second()),
        SortKey::Centre => CursorKey::Text(last.centre.clone()),
        SortKey::FamilyName => CursorKey::Text(last.demographics.family_name.to_string()),
    };
    Cursor {
        sort,
        descending,
        key,
        id: last.id,
    }
}

/// Cursors are opaque to clients: hex of a small JSON document, safe in any URL.
fn encode_cursor(c: &Cursor) -> String {
    serde_json::to_vec(c)
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_cursor(text: &str) -> Result<Cursor, ApiError> {
    let bad = || ApiError::invalid_field("cursor", "is not a cursor this server issued");
    if text.len() % 2 != 0 || !text.is_ascii() {
        return Err(bad());
    }
    let bytes = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    serde_json::from_slice(&bytes).map_err(|_| bad())
}

#[utoipa::path(get, path = "/api/v1/exceptions", tag = "queues", params(ListParams),
    responses((status = 200, body = ExceptionPage)))]
pub async fn list(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<ExceptionPage>, ApiError> {
    who.require(Role::Viewer)?;
    let mut query = parse_params(&params)?;
    let limit = query.limit as usize;
    query.limit += 1; // one extra row says whether another page follows
    let mut rows = state.store.list_exceptions(&query).await?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last()
            .map(|last| encode_cursor(&cursor_after(last, query.sort, query.descending)))
    } else {
        None
    };
    Ok(Json(ExceptionPage {
        items: rows.iter().map(views::exception_summary).collect(),
        next_cursor,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            sort: SortKey::Centre,
            descending: true,
            key: CursorKey::Text("Leeds City College".into()),
            id: 42,
        };
        assert_eq!(decode_cursor(&encode_cursor(&c)).unwrap(), c);
        assert!(decode_cursor("zz").is_err());
        assert!(decode_cursor("abc").is_err());
        assert!(decode_cursor("7b7d").is_err());
    }
}
