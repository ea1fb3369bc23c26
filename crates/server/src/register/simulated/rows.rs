//! The simulated register's rows decoded into our types.

use super::corrupt;
use crate::register::{Challenge, ChallengeKind, ChallengeStatus, LearningEvent, RegisterResult};
use jiff::Timestamp;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::{Gender, PersonName, Postcode, RegisterLearner, Uln};

/// A register learner's columns as stored, read from a row or from JSON built inside SQLite.
#[derive(serde::Deserialize)]
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

/// `json_object` over every column of `lrs_learners`, for `LearnerColumns`.
pub(super) const LEARNER_JSON: &str = "json_object('uln', uln, 'given_name', given_name, \
     'family_name', family_name, 'date_of_birth', date_of_birth, 'gender', gender, \
     'postcode', postcode, 'preferred_given_name', preferred_given_name, \
     'middle_names', middle_names, 'previous_family_name', previous_family_name, \
     'ability_to_share', ability_to_share, 'version', version)";

impl LearnerColumns {
    fn from_row(row: &SqliteRow) -> RegisterResult<Self> {
        Ok(LearnerColumns {
            uln: row.try_get("uln")?,
            given_name: row.try_get("given_name")?,
            family_name: row.try_get("family_name")?,
            date_of_birth: row.try_get("date_of_birth")?,
            gender: row.try_get("gender")?,
            postcode: row.try_get("postcode")?,
            preferred_given_name: row.try_get("preferred_given_name")?,
            middle_names: row.try_get("middle_names")?,
            previous_family_name: row.try_get("previous_family_name")?,
            ability_to_share: row.try_get("ability_to_share")?,
            version: row.try_get("version")?,
        })
    }

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

/// A JSON array of strings, for `json_each(?)`: any number of values in one bound parameter.
pub(super) fn json_array<'a>(items: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::from(items.collect::<Vec<_>>()).to_string()
}

pub(super) fn learner_from(
    row: &SqliteRow,
    linked_ulns: Vec<Uln>,
) -> RegisterResult<RegisterLearner> {
    LearnerColumns::from_row(row)?.into_learner(linked_ulns)
}

pub(super) fn challenge_from(row: &SqliteRow, event_ids: Vec<i64>) -> RegisterResult<Challenge> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let corrected: Option<String> = row.try_get("corrected")?;
    let resolved_at: Option<i64> = row.try_get("resolved_at")?;
    let ts = |s: i64| Timestamp::from_second(s).map_err(corrupt);
    Ok(Challenge {
        reference: row.try_get("reference")?,
        uln: row.try_get("uln")?,
        kind: ChallengeKind::from_name(&kind).ok_or_else(|| corrupt(&kind))?,
        event_ids,
        corrected: corrected
            .map(|c| serde_json::from_str(&c).map_err(corrupt))
            .transpose()?,
        note: row.try_get("note")?,
        contact: row.try_get("contact")?,
        status: ChallengeStatus::from_name(&status).ok_or_else(|| corrupt(&status))?,
        created_at: ts(row.try_get("created_at")?)?,
        resolved_at: resolved_at.map(ts).transpose()?,
        raised_by: row.try_get("raised_by")?,
    })
}

pub(super) fn event_from(r: &SqliteRow) -> RegisterResult<LearningEvent> {
    let award: Option<String> = r.try_get("award_date")?;
    Ok(LearningEvent {
        id: r.try_get("id")?,
        source: r.try_get("source")?,
        qualification_code: r.try_get("qualification_code")?,
        title: r.try_get("title")?,
        qualification_type: r.try_get("qualification_type")?,
        level: r.try_get("level")?,
        grade: r.try_get("grade")?,
        awarding_organisation: r.try_get("awarding_organisation")?,
        provider: r.try_get("provider")?,
        award_date: award
            .map(|d| parse_date_of_birth(&d).map_err(corrupt))
            .transpose()?,
        credits: r.try_get("credits")?,
        status: r.try_get("status")?,
        under_challenge: r.try_get("under_challenge")?,
    })
}
