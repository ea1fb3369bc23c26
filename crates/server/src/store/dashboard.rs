//! What the dashboard (`GET /dashboard`) is computed from. Each store reads these with a few
//! queries that touch counters and small partial indexes only (migrations 0002 and 0008), never a
//! scan of the registrations; `crate::dashboard` turns them into UK days and bands.

/// The facts, as each store reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardFacts {
    /// The open-exception counters of migration 0002: (queue: 0 for all or an anomaly bit,
    /// deadline hour in unix hours, open rows).
    pub deadline_hours: Vec<(i64, i64, i64)>,
    /// Open rows whose deadline is in the hour of `now` and at or before `now`, by anomaly set:
    /// the part of "overdue" the hourly counters cannot tell.
    pub overdue_this_hour: Vec<(i64, i64)>,
    /// Open rows per (centre, anomaly set).
    pub centres: Vec<(String, i64, i64)>,
    /// Records closed since the start asked for, by the hour (unix hours) of the closing action.
    pub closings: Vec<ClosingsInHour>,
}

/// How many records one operator closed in one hour, and how.
///
/// A record counts as closed when it is resolved or rejected now; the closing action is the
/// latest amendment, re-verification or rejection on its trail (a reopen is always followed by
/// one of those before the record is closed again), and its time and operator are the
/// resolution's. An amendment or re-verification only closes a record when it
/// made it match, and the audit row alone does not say so, which is why the record's status is
/// read too. So a record resolved, reopened and resolved again counts once, at its last
/// resolution, and one reopened since and still open does not count: these are the resolutions
/// that stood. Expiry is not a resolution.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClosingsInHour {
    pub hour: i64,
    pub operator: String,
    pub rejected: bool,
    pub records: i64,
}
