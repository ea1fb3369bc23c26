//! The registrations that may duplicate others, as `sqlite/similar.rs` finds them: sharing a ULN,
//! or a family name (ASCII case ignored, as SQLite's NOCASE) and date of birth, with any probe.
//! Two indexed statements whatever the number of probes: the probes go in as arrays.

use super::rows::registration_from;
use crate::store::columns::registration_columns_of;
use crate::store::{DuplicateProbe, Registration, StoreResult};
use sqlx::PgPool;
use std::collections::BTreeMap;

pub(super) async fn possible_duplicates(
    pool: &PgPool,
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
    let families: Vec<&str> = probes.iter().map(|p| p.family_name.as_str()).collect();
    let births: Vec<String> = probes.iter().map(|p| p.date_of_birth.to_string()).collect();
    let columns = registration_columns_of("r.");
    let by_uln = format!(
        "SELECT {columns} FROM registrations r WHERE r.uln = ANY($1) \
         AND r.status IN ('open', 'matched')"
    );
    // The expression `lower(family_name COLLATE "C")` is the one indexed by migration 0004.
    let by_person = format!(
        "SELECT DISTINCT {columns} FROM unnest($1::text[], $2::text[]) p(family, birth) \
         JOIN registrations r ON lower(r.family_name COLLATE \"C\") = lower(p.family COLLATE \"C\") \
           AND r.date_of_birth = p.birth \
         WHERE r.status IN ('open', 'matched')"
    );
    let mut found = BTreeMap::new();
    let rows = sqlx::query(&by_uln).bind(&ulns).fetch_all(pool).await?;
    let people = sqlx::query(&by_person)
        .bind(&families)
        .bind(&births)
        .fetch_all(pool)
        .await?;
    for row in rows.iter().chain(&people) {
        let r = registration_from(row)?;
        found.insert(r.id, r);
    }
    Ok(found.into_values().collect())
}

/// `sqlite::similar::sharing_a_uln` on PostgreSQL: a page of `groups` shared ULNs after `after`.
/// `uln > $1` and both ORDER BYs use the database's collation, so pages never overlap or skip a
/// group whatever it is.
pub(crate) async fn sharing_a_uln(
    pool: &PgPool,
    after: &str,
    groups: u32,
) -> StoreResult<Vec<Registration>> {
    let columns = registration_columns_of("r.");
    let sql = format!(
        "WITH shared AS (SELECT uln FROM registrations \
            WHERE uln > $1 AND status IN ('open', 'matched') GROUP BY uln \
            HAVING COUNT(*) > 1 AND bool_or(status = 'open') ORDER BY uln LIMIT $2) \
         SELECT {columns} FROM shared s JOIN registrations r ON r.uln = s.uln \
         WHERE r.status IN ('open', 'matched') ORDER BY r.uln, r.id"
    );
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(i64::from(groups))
        .fetch_all(pool)
        .await?;
    rows.iter().map(registration_from).collect()
}
