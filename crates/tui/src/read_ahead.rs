//! Records read ahead of the operator: the neighbours of the record shown, so `n` and `p` show the
//! next one without waiting on the network. A record read ahead is not a view; the app audits it
//! when it shows it.
//!
//! A copy is never older than the change events heard since it was read: a change drops an older
//! copy and overtakes a read under way (it may have been answered before the change), and a
//! resync drops everything. Each read carries a ticket, so an overtaken answer is told apart from
//! the read that replaced it.

use std::collections::{HashMap, VecDeque};
use uln_api::ExceptionDetail;

/// How many records are held: the neighbours either side and the records just left, with room to
/// walk back and forth, while staying small on a big queue.
pub const CAPACITY: usize = 8;

#[derive(Debug, Default)]
pub struct ReadAhead {
    /// Oldest first; the oldest goes when a new one needs the room.
    held: VecDeque<ExceptionDetail>,
    /// Reads under way, by record: the ticket of the latest.
    reading: HashMap<i64, u64>,
    last_ticket: u64,
}

impl ReadAhead {
    pub fn get(&self, id: i64) -> Option<&ExceptionDetail> {
        self.held.iter().find(|d| d.id == id)
    }

    pub fn is_reading(&self, id: i64) -> bool {
        self.reading.contains_key(&id)
    }

    /// Starts reading record `id` unless it is held or being read: the ticket to read it with.
    pub fn start(&mut self, id: i64) -> Option<u64> {
        if self.get(id).is_some() || self.is_reading(id) {
            return None;
        }
        self.last_ticket += 1;
        self.reading.insert(id, self.last_ticket);
        Some(self.last_ticket)
    }

    /// A read answered: held if it is the latest read of its record. Whether it was.
    pub fn answered(&mut self, ticket: u64, detail: ExceptionDetail) -> bool {
        if !self.finished(detail.id, ticket) {
            return false;
        }
        self.offer(detail);
        true
    }

    /// A read ended (answered or failed): whether it was the latest read of record `id`.
    pub fn finished(&mut self, id: i64, ticket: u64) -> bool {
        if self.reading.get(&id) != Some(&ticket) {
            return false;
        }
        self.reading.remove(&id);
        true
    }

    /// Holds `detail` (a record the operator just left, say) unless a newer copy is held.
    pub fn offer(&mut self, detail: ExceptionDetail) {
        if let Some(at) = self.held.iter().position(|d| d.id == detail.id) {
            if self.held[at].version > detail.version {
                return;
            }
            self.held.remove(at);
        }
        if self.held.len() == CAPACITY {
            self.held.pop_front();
        }
        self.held.push_back(detail);
    }

    /// Record `id` changed to `version`: an older copy is dropped and a read under way is
    /// overtaken. Whether anything was.
    pub fn changed(&mut self, id: i64, version: i64) -> bool {
        let overtaken = self.reading.remove(&id).is_some();
        let before = self.held.len();
        self.held.retain(|d| d.id != id || d.version >= version);
        overtaken || self.held.len() != before
    }

    /// Changes may have been missed (a resync, an outage): nothing held can be trusted, and reads
    /// under way are overtaken.
    pub fn clear(&mut self) {
        self.held.clear();
        self.reading.clear();
    }

    /// The screen that owned the reads under way closed, so they were cancelled.
    pub fn abandon_reads(&mut self) {
        self.reading.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn record(id: i64, version: i64) -> ExceptionDetail {
        ExceptionDetail {
            id,
            version,
            ..fixtures::detail()
        }
    }

    #[test]
    fn a_record_is_read_once_and_held_when_the_latest_read_answers() {
        let mut ahead = ReadAhead::default();
        let ticket = ahead.start(2).expect("not held yet");
        assert_eq!(ahead.start(2), None, "already being read");
        assert!(ahead.answered(ticket, record(2, 1)));
        assert_eq!(ahead.get(2).map(|d| d.version), Some(1));
        assert_eq!(ahead.start(2), None, "already held");
    }

    #[test]
    fn a_change_drops_an_older_copy_and_overtakes_a_read_under_way() {
        let mut ahead = ReadAhead::default();
        ahead.offer(record(2, 1));
        let ticket = ahead.start(3).unwrap();
        assert!(ahead.changed(2, 2));
        assert!(ahead.changed(3, 5));
        assert!(ahead.get(2).is_none());
        assert!(
            !ahead.answered(ticket, record(3, 4)),
            "an answer read before the change is dropped"
        );
        assert!(ahead.get(3).is_none());
        let again = ahead.start(3).expect("read again");
        assert!(ahead.answered(again, record(3, 5)));
        assert!(!ahead.changed(3, 5), "the copy held is that version");
    }

    #[test]
    fn an_older_copy_never_replaces_a_newer_one() {
        let mut ahead = ReadAhead::default();
        ahead.offer(record(2, 3));
        ahead.offer(record(2, 2));
        assert_eq!(ahead.get(2).map(|d| d.version), Some(3));
    }

    #[test]
    fn the_oldest_copy_makes_room_and_a_resync_drops_everything() {
        let mut ahead = ReadAhead::default();
        for id in 1..=CAPACITY as i64 + 1 {
            ahead.offer(record(id, 1));
        }
        assert!(ahead.get(1).is_none());
        assert!(ahead.get(CAPACITY as i64 + 1).is_some());
        let ticket = ahead.start(100).unwrap();
        ahead.clear();
        assert!(ahead.get(2).is_none());
        assert!(!ahead.answered(ticket, record(100, 1)));
    }
}
