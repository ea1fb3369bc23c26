//! The registrations that may duplicate others: those sharing a ULN, or a family name and date of
//! birth, with any of a set of probes. Two indexed statements whatever the number of probes, so a
//! batch of thousands asks twice, not thousands of times.

use super::rows::registration_from;
use crate::store::columns::registration_columns_of;
use crate::store::{DuplicateProbe, Registration, StoreResult};
use sqlx::SqlitePool;
use std::collections::BTreeMap;

pub(super) async fn possible_duplicates(
    pool: &SqlitePool,
    probes: &[DuplicateProbe],
) -> StoreResult<Vec<Registration>> {
    if probes.is_empty() {
        return Ok(Vec::new());
    }
    let ulns: Vec<&str> = probes
        .iter()
        .flat_map(|p| p.ulns.iter().map(String::as_str))
        .filter(|u| !u.is_empty())
        .collect();
    let people: Vec<(&str, String)> = probes
        .iter()
        .map(|p| (p.family_name.as_str(), p.date_of_birth.to_string()))
        .collect();
    let columns = registration_columns_of("r.");
    let by_uln = format!(
        "SELECT {columns} FROM json_each(?) j CROSS JOIN registrations r ON r.uln = j.value \
         WHERE r.status IN ('open', 'matched')"
    );
    let by_person = format!(
        "SELECT {columns} FROM json_each(?) j CROSS JOIN registrations r \
         ON r.family_name = (j.value ->> 0) COLLATE NOCASE AND r.date_of_birth = (j.value ->> 1) \
         WHERE r.status IN ('open', 'matched')"
    );
    let mut found = BTreeMap::new();
    for (sql, list) in [
        (by_uln, serde_json::json!(ulns)),
        (by_person, serde_json::json!(people)),
    ] {
        for row in sqlx::query(&sql)
            .bind(list.to_string())
            .fetch_all(pool)
            .await?
        {
            let r = registration_from(&row)?;
            found.insert(r.id, r);
        }
    }
    Ok(found.into_values().collect())
}

/// Open and matched registrations whose ULN is carried by more than one of them and by at least
/// one open exception: the groups among which seeding looks for one ULN on two people. A page of
/// `groups` ULNs after `after`, ordered by ULN then id, so a caller walks them in bounded memory
/// and no group is split between pages.
pub(crate) async fn sharing_a_uln(
    pool: &SqlitePool,
    after: &str,
    groups: u32,
) -> StoreResult<Vec<Registration>> {
    let columns = registration_columns_of("r.");
    let sql = format!(
        "WITH shared AS (SELECT uln FROM registrations INDEXED BY registrations_by_uln \
            WHERE uln > ? AND status IN ('open', 'matched') GROUP BY uln \
            HAVING COUNT(*) > 1 AND SUM(status = 'open') > 0 ORDER BY uln LIMIT ?) \
         SELECT {columns} FROM shared s CROSS JOIN registrations r ON r.uln = s.uln \
         WHERE r.status IN ('open', 'matched') ORDER BY r.uln, r.id"
    );
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(groups)
        .fetch_all(pool)
        .await?;
    rows.iter().map(registration_from).collect()
}
