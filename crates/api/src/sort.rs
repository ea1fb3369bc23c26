//! The order of a queue, defined once for the server's pages and the console's own re-sorting, so
//! that a page boundary and a re-sorted screen can never disagree.
//!
//! Rows are ordered by the chosen key, then by id so that no two rows tie, and the whole order is
//! reversed for descending. Text compares by its UTF-8 bytes (Unicode code point order): every
//! capital before every lower-case letter, and "Zoë" after "Zoey". Not how a person alphabetises,
//! but the same on every machine and database, which keyset paging needs: a database that sorted
//! by a locale would put rows on a different side of a cursor than this comparison does. Stores
//! say so explicitly: SQLite `COLLATE BINARY`, PostgreSQL `COLLATE "C"`. Times compare as
//! instants.

use crate::types::ExceptionSummary;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

uln_domain::named_enum! {
    /// What a queue is sorted by; the wire names are the `sort` parameter of `/exceptions`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
    pub enum SortKey as (name, from_name) {
        #[default]
        Deadline = "deadline",
        Registered = "registered",
        Centre = "centre",
        FamilyName = "family_name",
    }
}

impl SortKey {
    /// The key after this one, wrapping: how the console steps through the columns.
    pub fn next(self) -> SortKey {
        let at = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(at + 1) % SortKey::ALL.len()]
    }
}

uln_domain::named_enum! {
    /// The wire names are the `order` parameter of `/exceptions`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
    pub enum Direction as (name, from_name) {
        #[default]
        Ascending = "asc",
        Descending = "desc",
    }
}

impl Direction {
    pub fn is_descending(self) -> bool {
        self == Direction::Descending
    }
}

/// A row's value for one sort key. One key always gives the same variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortValue<'a> {
    /// Unix seconds.
    Time(i64),
    /// Compared byte by byte (see the module's documentation).
    Text(&'a str),
}

/// Anything listed in a queue: the server's stored registrations and the console's rows.
pub trait QueueRow {
    fn id(&self) -> i64;
    fn sort_value(&self, key: SortKey) -> SortValue<'_>;
}

/// A queue's order: key, direction, and the id as the tie-breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct QueueOrder {
    pub key: SortKey,
    pub direction: Direction,
}

impl QueueOrder {
    pub fn new(key: SortKey, direction: Direction) -> QueueOrder {
        QueueOrder { key, direction }
    }

    pub fn compare<R: QueueRow + ?Sized>(self, a: &R, b: &R) -> Ordering {
        let ascending = a
            .sort_value(self.key)
            .cmp(&b.sort_value(self.key))
            .then(a.id().cmp(&b.id()));
        match self.direction {
            Direction::Ascending => ascending,
            Direction::Descending => ascending.reverse(),
        }
    }

    pub fn sort<R: QueueRow>(self, rows: &mut [R]) {
        rows.sort_by(|a, b| self.compare(a, b));
    }
}

/// On the wire a time is RFC 3339 in UTC to the second (`2025-01-31T09:00:00Z`): every one has
/// the same shape, so their bytes order as the instants do and no parsing is needed to sort.
impl QueueRow for ExceptionSummary {
    fn id(&self) -> i64 {
        self.id
    }

    fn sort_value(&self, key: SortKey) -> SortValue<'_> {
        match key {
            SortKey::Deadline => SortValue::Text(&self.deadline),
            SortKey::Registered => SortValue::Text(&self.registered_at),
            SortKey::Centre => SortValue::Text(&self.centre),
            SortKey::FamilyName => SortValue::Text(&self.family_name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(i64, &'static str);

    impl QueueRow for Row {
        fn id(&self) -> i64 {
            self.0
        }
        fn sort_value(&self, _: SortKey) -> SortValue<'_> {
            SortValue::Text(self.1)
        }
    }

    fn ids(order: QueueOrder, mut rows: Vec<Row>) -> Vec<i64> {
        order.sort(&mut rows);
        rows.iter().map(|r| r.0).collect()
    }

    #[test]
    fn text_sorts_by_bytes_with_ties_broken_by_id() {
        let rows = || {
            vec![
                Row(4, "Zoë"),
                Row(3, "adams"),
                Row(2, "Zoey"),
                Row(1, "Adams"),
                Row(5, "Adams"),
            ]
        };
        let up = QueueOrder::new(SortKey::FamilyName, Direction::Ascending);
        assert_eq!(ids(up, rows()), [1, 5, 2, 4, 3]);
        let down = QueueOrder::new(SortKey::FamilyName, Direction::Descending);
        assert_eq!(ids(down, rows()), [3, 4, 2, 5, 1]);
    }

    #[test]
    fn wire_times_order_as_instants() {
        // Built from JSON so the test does not depend on how each field is typed.
        let row = |id: i64, deadline: &str| -> ExceptionSummary {
            serde_json::from_value(serde_json::json!({
                "id": id, "uln": null, "given_name": "Ann", "family_name": "Lee",
                "date_of_birth": "2000-01-01", "centre": "Leeds", "registered_at": deadline, "deadline": deadline,
                "anomalies": [], "status": "open", "version": 1
            }))
            .expect("a queue row")
        };
        let mut rows = vec![
            row(1, "2025-10-01T00:00:00Z"),
            row(2, "2025-09-30T23:59:59Z"),
        ];
        QueueOrder::default().sort(&mut rows);
        assert_eq!(rows[0].id, 2);
    }

    #[test]
    fn names_round_trip_and_keys_cycle() {
        for key in SortKey::ALL {
            assert_eq!(SortKey::from_name(key.name()), Some(key));
        }
        assert_eq!(SortKey::FamilyName.next(), SortKey::Deadline);
        assert_eq!(Direction::from_name("desc"), Some(Direction::Descending));
        assert_eq!(Direction::from_name("down"), None);
    }
}
