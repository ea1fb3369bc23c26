//! The questions the queues ask the store: a page of open exceptions in an order (with the keyset
//! cursor that continues it), and the counts per queue.

use super::Registration;
use serde::{Deserialize, Serialize};
use uln_api::{Direction, QueueOrder, QueueRow, SortKey, SortValue};
use uln_domain::AnomalyKind;

/// Where the previous page ended: the sort value and id of its last row (keyset paging, so rows
/// changing status between pages never shift the ones still to come). The field names are those
/// of the cursors already handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub sort: SortKey,
    pub descending: bool,
    pub key: CursorKey,
    pub id: i64,
}

impl Cursor {
    /// The cursor that continues `order` after `row`.
    pub fn after(row: &impl QueueRow, order: QueueOrder) -> Cursor {
        let key = match row.sort_value(order.key) {
            SortValue::Time(t) => CursorKey::Time(t),
            SortValue::Text(t) => CursorKey::Text(t.to_owned()),
        };
        Cursor {
            sort: order.key,
            descending: order.direction.is_descending(),
            key,
            id: row.id(),
        }
    }

    pub fn order(&self) -> QueueOrder {
        let direction = if self.descending {
            Direction::Descending
        } else {
            Direction::Ascending
        };
        QueueOrder::new(self.sort, direction)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CursorKey {
    Time(i64),
    Text(String),
}

/// A page of open exceptions, in `order` (see `uln_api::sort` for what the order is).
#[derive(Debug, Clone, Default)]
pub struct ExceptionQuery {
    pub queue: Option<AnomalyKind>,
    /// Open exceptions (the queues), closed ones, or both.
    pub records: uln_api::RecordFilter,
    pub text: Option<String>,
    /// Snoozed records are left out of the queues until their time, or listed on their own.
    pub snoozed: uln_api::SnoozeFilter,
    /// Only the records this operator holds ("mine"), when set.
    pub assigned_to: Option<String>,
    /// The time snoozes are judged at: a snooze whose time has passed is over.
    pub now: Option<jiff::Timestamp>,
    pub order: QueueOrder,
    pub limit: u32,
    pub after: Option<Cursor>,
}

impl QueueRow for Registration {
    fn id(&self) -> i64 {
        self.id
    }

    fn sort_value(&self, key: SortKey) -> SortValue<'_> {
        match key {
            SortKey::Deadline => SortValue::Time(self.deadline.as_second()),
            SortKey::Registered => SortValue::Time(self.registered_at.as_second()),
            SortKey::Centre => SortValue::Text(&self.centre),
            SortKey::FamilyName => SortValue::Text(self.demographics.family_name.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    /// None for the "all open" queue.
    pub kind: Option<AnomalyKind>,
    pub open: i64,
    pub overdue: i64,
    pub due_within_48h: i64,
    pub due_within_7d: i64,
    /// Of `open`, those snoozed now: still open exceptions with a deadline, only out of the
    /// queue's default view.
    pub snoozed: i64,
}
