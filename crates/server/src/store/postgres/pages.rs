//! The queues' read side over PostgreSQL: a keyset-paged page of exceptions and the counts per
//! queue. Orders and text matching are spelled so that the database's locale cannot change them.

use super::rows::registration_from;
use crate::store::columns::REGISTRATION_COLUMNS;
use crate::store::queue_counts::{
    band_edges, combine, hour, with_snoozed, EdgeHour, SnoozedSet, WholeHours,
};
use crate::store::{CursorKey, ExceptionQuery, QueueCount, Registration, StoreResult};
use jiff::Timestamp;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uln_api::{Direction, RecordFilter, SnoozeFilter, SortKey};

/// The sort key's column, compared by bytes (`COLLATE "C"`) as `uln_api::sort` defines the order,
/// and as the indexes of migration 0001 are built.
fn sort_column(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Deadline => "deadline",
        SortKey::Registered => "registered_at",
        SortKey::Centre => "centre COLLATE \"C\"",
        SortKey::FamilyName => "family_name COLLATE \"C\"",
    }
}

/// `%` and `_` in a search are literal characters, not wildcards. Lower-cased in ASCII only, to
/// match `lower()` under `COLLATE "C"`: SQLite's LIKE ignores the case of ASCII letters only, and
/// so does this, whatever the locale.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .to_ascii_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The WHERE clause's filters beyond the status: the queue and the search text.
fn push_filters(sql: &mut QueryBuilder<'_, Postgres>, query: &ExceptionQuery) {
    push_snooze_filter(sql, query);
    if let Some(assignee) = &query.assigned_to {
        sql.push(" AND assigned_to = ").push_bind(assignee.clone());
    }
    if let Some(kind) = query.queue {
        sql.push(" AND (anomalies & ")
            .push_bind(kind.bit())
            .push(") != 0");
    }
    if let Some(text) = query.text.as_deref().filter(|t| !t.trim().is_empty()) {
        let pattern = like_pattern(text.trim());
        sql.push(" AND (");
        for (i, col) in ["uln", "given_name", "family_name", "centre"]
            .iter()
            .enumerate()
        {
            if i > 0 {
                sql.push(" OR ");
            }
            sql.push(format!("lower({col} COLLATE \"C\") LIKE "))
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\'");
        }
        sql.push(")");
    }
}

/// Snoozes count only among open records: a record closed while snoozed is listed as closed.
/// A snooze whose time has passed is over, whether or not the wake job has cleared it yet.
fn push_snooze_filter(sql: &mut QueryBuilder<'_, Postgres>, query: &ExceptionQuery) {
    if query.records != RecordFilter::Open && query.records != RecordFilter::Unknown {
        return;
    }
    let now = query.now.unwrap_or_else(Timestamp::now).as_second();
    match query.snoozed {
        SnoozeFilter::Any => {}
        SnoozeFilter::Snoozed => {
            sql.push(" AND snoozed_until > ").push_bind(now);
        }
        SnoozeFilter::Awake | SnoozeFilter::Unknown => {
            sql.push(" AND (snoozed_until IS NULL OR snoozed_until <= ")
                .push_bind(now)
                .push(")");
        }
    }
}

pub(super) async fn list_exceptions(
    pool: &PgPool,
    query: &ExceptionQuery,
) -> StoreResult<Vec<Registration>> {
    let column = sort_column(query.order.key);
    let statuses = match query.records {
        RecordFilter::Closed => "status IN ('resolved', 'rejected', 'expired')",
        RecordFilter::All => "status IN ('open', 'resolved', 'rejected', 'expired')",
        RecordFilter::Open | RecordFilter::Unknown => "status = 'open'",
    };
    let mut sql = QueryBuilder::<Postgres>::new(format!(
        "SELECT {REGISTRATION_COLUMNS} FROM registrations WHERE {statuses}"
    ));
    push_filters(&mut sql, query);
    let (op, order) = match query.order.direction {
        Direction::Ascending => (">", "ASC"),
        Direction::Descending => ("<", "DESC"),
    };
    if let Some(cursor) = &query.after {
        sql.push(format!(" AND ({column}, id) {op} ("));
        match &cursor.key {
            CursorKey::Time(t) => sql.push_bind(*t),
            CursorKey::Text(t) => sql.push_bind(t.clone()),
        };
        sql.push(", ").push_bind(cursor.id).push(")");
    }
    sql.push(format!(" ORDER BY {column} {order}, id {order} LIMIT "))
        .push_bind(i64::from(query.limit));
    let rows = sql.build().fetch_all(pool).await?;
    rows.iter().map(registration_from).collect()
}

/// Counts per queue from the counters the triggers keep (migration 0002), as on SQLite: whole
/// hours before each band edge from the counters, the edge's own hour counted from the rows.
pub(super) async fn queue_counts(pool: &PgPool, now: Timestamp) -> StoreResult<Vec<QueueCount>> {
    let edges = band_edges(now);
    // SUM over BIGINT is NUMERIC in PostgreSQL: cast back to read it as i64.
    let whole: Vec<WholeHours> = sqlx::query_as(
        "SELECT queue, SUM(n)::bigint, \
           SUM(CASE WHEN hour < $1 THEN n ELSE 0 END)::bigint, \
           SUM(CASE WHEN hour < $2 THEN n ELSE 0 END)::bigint, \
           SUM(CASE WHEN hour < $3 THEN n ELSE 0 END)::bigint \
         FROM open_counts GROUP BY queue",
    )
    .bind(hour(edges[0]))
    .bind(hour(edges[1]))
    .bind(hour(edges[2]))
    .fetch_all(pool)
    .await?;
    let mut sql = String::new();
    for edge in 0..edges.len() {
        if edge > 0 {
            sql.push_str(" UNION ALL ");
        }
        let (from, to) = (2 * edge + 1, 2 * edge + 2);
        sql.push_str(&format!(
            "SELECT {edge}::bigint, anomalies, COUNT(*) FROM registrations \
             WHERE status = 'open' AND deadline >= ${from} AND deadline <= ${to} GROUP BY anomalies"
        ));
    }
    let mut partial = sqlx::query_as::<_, EdgeHour>(&sql);
    for edge in edges {
        partial = partial.bind(hour(edge) * 3600).bind(edge);
    }
    let partial = partial.fetch_all(pool).await?;
    let snoozed: Vec<SnoozedSet> = sqlx::query_as(
        "SELECT anomalies, COUNT(*) FROM registrations \
         WHERE status = 'open' AND snoozed_until > $1 GROUP BY anomalies",
    )
    .bind(now.as_second())
    .fetch_all(pool)
    .await?;
    Ok(with_snoozed(combine(&whole, &partial), &snoozed))
}
