//! `GET /dashboard`: whether the team is keeping up. Per queue, the open backlog by days left
//! and the centres producing the most of it; for the whole team, resolutions per day over the
//! last four weeks; and, for a supervisor only, resolutions per operator over the same days.

use crate::client::{ApiClient, ClientResult};
use crate::queue::Queue;
use crate::vocab::DaysLeft;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The days the resolutions cover, today (UK) included.
pub const RESOLUTION_DAYS: usize = 28;
/// The centres listed per queue.
pub const TOP_CENTRES: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// The UK (Europe/London) date the days are counted from, `YYYY-MM-DD`
    #[schema(format = Date)]
    pub today: String,
    /// `all` first, then each anomaly kind
    pub queues: Vec<QueueDashboard>,
    /// One entry per UK day, oldest first, today last: 28 entries. For the whole team, not per
    /// queue: an amendment that resolves a record re-assesses its anomalies, so the queue it was
    /// worked in is not kept.
    pub resolutions: Vec<DayResolutions>,
    /// Supervisors only: who closed how many records over the same days, most first. Absent
    /// for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_operator: Option<Vec<OperatorResolutions>>,
}

/// One queue's backlog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueueDashboard {
    pub queue: Queue,
    pub open: i64,
    /// Open and not overdue, with the deadline on or before this Sunday (UK)
    pub due_this_week: i64,
    /// Every band of `DaysLeft`, in order, empty ones included
    pub backlog: Vec<BacklogBand>,
    /// At most 10 centres, most open exceptions first (ties by name, byte order)
    pub top_centres: Vec<CentreBacklog>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BacklogBand {
    pub days_left: DaysLeft,
    pub open: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CentreBacklog {
    pub centre: String,
    pub open: i64,
}

/// Records closed on one UK day: `resolved` by an amendment or re-verification that made them
/// match, `rejected` by a rejection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DayResolutions {
    #[schema(format = Date)]
    pub date: String,
    pub resolved: i64,
    pub rejected: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OperatorResolutions {
    pub operator: String,
    pub resolved: i64,
    pub rejected: i64,
}

impl DayResolutions {
    pub fn closed(&self) -> i64 {
        self.resolved + self.rejected
    }
}

impl OperatorResolutions {
    pub fn closed(&self) -> i64 {
        self.resolved + self.rejected
    }
}

impl ApiClient {
    /// The team's picture (`GET /dashboard`); `by_operator` only for a supervisor.
    pub async fn dashboard(&self) -> ClientResult<Dashboard> {
        self.send(self.request(Method::GET, "/dashboard")).await
    }
}
