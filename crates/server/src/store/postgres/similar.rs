//! The registrations that may duplicate others, as `sqlite/similar.rs` finds them: sharing a ULN,
//! or a family name (ASCII case ignored, as SQLite's NOCASE) and date of birth, with any probe.
//! Two indexed statements whatever the number of probes: the probes go in as arrays.

use super::rows::registration_from;
use crate::store::columns::REGISTRATION_COLUMNS;
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
    let columns = prefixed(REGISTRATION_COLUMNS, "r.");
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

fn prefixed(columns: &str, prefix: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{prefix}{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}
