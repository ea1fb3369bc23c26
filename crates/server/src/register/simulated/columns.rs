//! The simulated register's rows as every database stores them (dates as ISO text, times as unix
//! seconds), and their decoding into our types, shared by the SQLite and PostgreSQL tables.

use super::corrupt;
use crate::register::{Challenge, ChallengeKind, ChallengeStatus, LearningEvent, RegisterResult};
use jiff::Timestamp;
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::{Gender, PersonName, Postcode, RegisterLearner, Uln};

/// A register learner's columns as stored, read from a row or from JSON built inside SQLite.
/// `ability_to_share` is 0 or 1 (PostgreSQL's boolean is selected as `::int8`).
#[derive(serde::Deserialize, sqlx::FromRow)]
pub(super) struct LearnerColumns {
    pub(super) uln: String,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    gender: String,
    postcode: Option<String>,
    preferred_given_name: Option<String>,
    middle_names: Option<String>,
    previous_family_name: Option<String>,
    ability_to_share: i64,
    version: i64,
}

impl LearnerColumns {
    pub(super) fn into_learner(self, linked_ulns: Vec<Uln>) -> RegisterResult<RegisterLearner> {
        Ok(RegisterLearner {
            uln: Uln::parse(&self.uln).map_err(corrupt)?,
            given_name: PersonName::from_stored(&self.given_name).map_err(corrupt)?,
            family_name: PersonName::from_stored(&self.family_name).map_err(corrupt)?,
            date_of_birth: parse_date_of_birth(&self.date_of_birth).map_err(corrupt)?,
            gender: Gender::parse(&self.gender).map_err(corrupt)?,
            postcode: self
                .postcode
                .map(|p| Postcode::parse(&p).map_err(corrupt))
                .transpose()?,
            preferred_given_name: self.preferred_given_name,
            middle_names: self.middle_names,
            previous_family_name: self.previous_family_name,
            linked_ulns,
            ability_to_share: self.ability_to_share != 0,
            version: self.version,
        })
    }
}

/// Attaches each master's linked ULNs (pairs of master, linked, in order) to its learner.
pub(super) fn with_links(
    rows: Vec<LearnerColumns>,
    pairs: Vec<(String, String)>,
) -> RegisterResult<Vec<RegisterLearner>> {
    let mut linked_of: std::collections::HashMap<String, Vec<Uln>> = Default::default();
    for (master, linked) in pairs {
        linked_of
            .entry(master)
            .or_default()
            .push(Uln::parse(&linked).map_err(corrupt)?);
    }
    rows.into_iter()
        .map(|row| {
            let linked = linked_of.remove(&row.uln).unwrap_or_default();
            row.into_learner(linked)
        })
        .collect()
}

/// A learning event as stored, with whether an open challenge names it.
#[derive(sqlx::FromRow)]
pub(super) struct EventColumns {
    id: i64,
    source: String,
    qualification_code: String,
    title: String,
    qualification_type: String,
    level: String,
    grade: Option<String>,
    awarding_organisation: String,
    provider: String,
    award_date: Option<String>,
    credits: Option<i64>,
    status: String,
    under_challenge: bool,
}

impl EventColumns {
    pub(super) fn into_event(self) -> RegisterResult<LearningEvent> {
        Ok(LearningEvent {
            id: self.id,
            source: self.source,
            qualification_code: self.qualification_code,
            title: self.title,
            qualification_type: self.qualification_type,
            level: self.level,
            grade: self.grade,
            awarding_organisation: self.awarding_organisation,
            provider: self.provider,
            award_date: self
                .award_date
                .map(|d| parse_date_of_birth(&d).map_err(corrupt))
                .transpose()?,
            credits: self.credits,
            status: self.status,
            under_challenge: self.under_challenge,
        })
    }
}

/// A data challenge as stored; its events are kept apart.
#[derive(sqlx::FromRow)]
pub(super) struct ChallengeColumns {
    reference: String,
    uln: String,
    kind: String,
    corrected: Option<String>,
    note: String,
    contact: Option<String>,
    status: String,
    created_at: i64,
    resolved_at: Option<i64>,
    raised_by: String,
}

impl ChallengeColumns {
    pub(super) fn into_challenge(self, event_ids: Vec<i64>) -> RegisterResult<Challenge> {
        let ts = |s: i64| Timestamp::from_second(s).map_err(corrupt);
        Ok(Challenge {
            reference: self.reference,
            uln: self.uln,
            kind: ChallengeKind::from_name(&self.kind).ok_or_else(|| corrupt(&self.kind))?,
            event_ids,
            corrected: self
                .corrected
                .map(|c| serde_json::from_str(&c).map_err(corrupt))
                .transpose()?,
            note: self.note,
            contact: self.contact,
            status: ChallengeStatus::from_name(&self.status)
                .ok_or_else(|| corrupt(&self.status))?,
            created_at: ts(self.created_at)?,
            resolved_at: self.resolved_at.map(ts).transpose()?,
            raised_by: self.raised_by,
        })
    }
}

/// Event ids as a comma-separated list (SQLite's `group_concat`, PostgreSQL's `string_agg`).
pub(super) fn event_ids(list: Option<String>) -> RegisterResult<Vec<i64>> {
    list.unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map_err(corrupt))
        .collect()
}
