//! The dashboard's facts from SQLite: the hourly counters, the open rows of the current hour,
//! the open-by-centre index and the closing actions since a time (migration 0008).

use crate::store::queue_counts::hour;
use crate::store::{ClosingsInHour, DashboardFacts, StoreResult};
use jiff::Timestamp;
use sqlx::SqlitePool;

pub(super) async fn dashboard_facts(
    pool: &SqlitePool,
    now: Timestamp,
    since: Timestamp,
) -> StoreResult<DashboardFacts> {
    let now = now.as_second();
    let deadline_hours = sqlx::query_as("SELECT queue, hour, n FROM open_counts")
        .fetch_all(pool)
        .await?;
    let overdue_this_hour = sqlx::query_as(
        "SELECT anomalies, COUNT(*) FROM registrations \
         WHERE status = 'open' AND deadline >= ? AND deadline <= ? GROUP BY anomalies",
    )
    .bind(hour(now) * 3600)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let centres = sqlx::query_as(
        "SELECT centre, anomalies, COUNT(*) FROM registrations INDEXED BY \
         registrations_open_by_centre WHERE status = 'open' GROUP BY centre, anomalies",
    )
    .fetch_all(pool)
    .await?;
    // The closing action is the latest status-changing one on the record's trail (see
    // `ClosingsInHour`); `audit_by_registration` finds the later ones of a record. Without the
    // hint SQLite starts from every resolved or rejected registration ever, which grows with
    // the years; from the window's closing actions the cost is the last four weeks' work.
    let closings: Vec<ClosingsInHour> = sqlx::query_as(
        "SELECT a.at / 3600 AS hour, a.operator, a.action = 'rejected' AS rejected, \
                COUNT(*) AS records \
         FROM audit a INDEXED BY audit_closings_by_time \
         JOIN registrations r ON r.id = a.registration_id \
         WHERE a.action IN ('amended', 'verified', 'rejected') AND a.at >= ? \
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
