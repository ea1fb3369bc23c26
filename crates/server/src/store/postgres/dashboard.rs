//! The dashboard's facts from PostgreSQL, as from SQLite: the hourly counters, the open rows of
//! the current hour, the open-by-centre index and the closing actions since a time.

use crate::store::queue_counts::hour;
use crate::store::{ClosingsInHour, DashboardFacts, StoreResult};
use jiff::Timestamp;
use sqlx::PgPool;

pub(super) async fn dashboard_facts(
    pool: &PgPool,
    now: Timestamp,
    since: Timestamp,
) -> StoreResult<DashboardFacts> {
    let now = now.as_second();
    let deadline_hours = sqlx::query_as("SELECT queue, hour, n FROM open_counts")
        .fetch_all(pool)
        .await?;
    let overdue_this_hour = sqlx::query_as(
        "SELECT anomalies, COUNT(*) FROM registrations \
         WHERE status = 'open' AND deadline >= $1 AND deadline <= $2 GROUP BY anomalies",
    )
    .bind(hour(now) * 3600)
    .bind(now)
    .fetch_all(pool)
    .await?;
    // Grouped by the bytes of the name, as every sort order is, whatever the database's locale.
    let centres = sqlx::query_as(
        "SELECT centre COLLATE \"C\", anomalies, COUNT(*) FROM registrations \
         WHERE status = 'open' GROUP BY centre COLLATE \"C\", anomalies",
    )
    .fetch_all(pool)
    .await?;
    // The closing action is the latest status-changing one on the record's trail (see
    // `ClosingsInHour`); `audit_by_registration` finds the later ones of a record.
    let closings: Vec<ClosingsInHour> = sqlx::query_as(
        "SELECT a.at / 3600 AS hour, a.operator, a.action = 'rejected' AS rejected, \
                COUNT(*) AS records \
         FROM audit a JOIN registrations r ON r.id = a.registration_id \
         WHERE a.action IN ('amended', 'verified', 'rejected') AND a.at >= $1 \
           AND r.status IN ('resolved', 'rejected') \
           AND NOT EXISTS (SELECT 1 FROM audit later \
               WHERE later.registration_id = a.registration_id AND later.id > a.id \
                 AND later.action IN ('amended', 'verified', 'rejected')) \
         GROUP BY 1, 2, 3",
    )
    .bind(since.as_second())
    .fetch_all(pool)
    .await?;
    Ok(DashboardFacts {
        deadline_hours,
        overdue_this_hour,
        centres,
        closings,
    })
}
