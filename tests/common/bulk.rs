//! Bulk requests as tests build them: a group at the versions read, and a record's version moved
//! on behind the group's back.

use super::TestServer;
use jiff::{SignedDuration, Timestamp};
use uln_api::BulkRecord;
use uln_server::store::Registration;

pub fn at_their_versions(records: &[&Registration]) -> Vec<BulkRecord> {
    records
        .iter()
        .map(|r| BulkRecord {
            id: r.id,
            version: r.version,
        })
        .collect()
}

/// Moves a record's version on behind the group's back: snoozed and woken again.
pub async fn changed_meanwhile(server: &TestServer, record: &Registration) -> i64 {
    let operator = server.as_operator();
    let until = (Timestamp::now() + SignedDuration::from_hours(24)).to_string();
    let snoozed = operator
        .snooze(record.id, record.version, &until, "meanwhile")
        .await
        .unwrap();
    operator
        .wake(record.id, snoozed.version)
        .await
        .unwrap()
        .version
}
