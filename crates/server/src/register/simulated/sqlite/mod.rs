//! The simulated register's tables in the store's SQLite database, written through the store's
//! writer so that its writes queue with the store's.

mod load;

use super::columns::{event_ids, with_links, ChallengeColumns, EventColumns, LearnerColumns};
use super::corrupt;
use super::tables::RegisterTables;
use crate::register::SeedEvent;
use crate::register::{Challenge, ChallengeStatus, LearningEvent, NewChallenge, RegisterResult};
use crate::store::sqlite::Database;
use crate::store::StoreResult;
use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::{FromRow, Row};
use std::collections::HashMap;
use uln_domain::{RegisterLearner, Uln};

/// `json_object` over every column of `lrs_learners`, for `LearnerColumns`.
const LEARNER_JSON: &str = "json_object('uln', uln, 'given_name', given_name, \
     'family_name', family_name, 'date_of_birth', date_of_birth, 'gender', gender, \
     'postcode', postcode, 'preferred_given_name', preferred_given_name, \
     'middle_names', middle_names, 'previous_family_name', previous_family_name, \
     'ability_to_share', ability_to_share, 'version', version)";

pub(crate) struct SqliteRegisterTables {
    pub(super) db: Database,
}

/// A JSON array of strings, for `json_each(?)`: any number of values in one bound parameter.
fn json_array<'a>(items: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::from(items.collect::<Vec<_>>()).to_string()
}

impl SqliteRegisterTables {
    /// Learners as one JSON value: one hand-off from SQLite's thread, not one per row (the same
    /// reason as the store's list pages).
    async fn learner_json(
        &self,
        condition: &str,
        values: String,
    ) -> RegisterResult<Vec<LearnerColumns>> {
        let rows: String = sqlx::query_scalar(&format!(
            "SELECT json_group_array({LEARNER_JSON}) FROM lrs_learners \
             WHERE {condition} IN (SELECT value FROM json_each(?))"
        ))
        .bind(values)
        .fetch_one(self.db.reads())
        .await?;
        serde_json::from_str(&rows).map_err(corrupt)
    }
}

#[async_trait]
impl RegisterTables for SqliteRegisterTables {
    async fn learners(&self, ulns: &[&str]) -> RegisterResult<Vec<RegisterLearner>> {
        let wanted = json_array(ulns.iter().copied());
        let rows = self.learner_json("uln", wanted.clone()).await?;
        let pairs: Vec<(String, String)> = sqlx::query_as(
            "SELECT master_uln, linked_uln FROM lrs_linked_ulns \
             WHERE master_uln IN (SELECT value FROM json_each(?)) ORDER BY master_uln, linked_uln",
        )
        .bind(&wanted)
        .fetch_all(self.db.reads())
        .await?;
        with_links(rows, pairs)
    }

    async fn masters_of(&self, ulns: &[&str]) -> RegisterResult<HashMap<String, String>> {
        Ok(sqlx::query_as(
            "SELECT linked_uln, master_uln FROM lrs_linked_ulns \
             WHERE linked_uln IN (SELECT value FROM json_each(?))",
        )
        .bind(json_array(ulns.iter().copied()))
        .fetch_all(self.db.reads())
        .await?
        .into_iter()
        .collect())
    }

    async fn born_on(&self, dates: &[Date]) -> RegisterResult<Vec<RegisterLearner>> {
        let dates: Vec<String> = dates.iter().map(Date::to_string).collect();
        let rows = self
            .learner_json(
                "date_of_birth",
                json_array(dates.iter().map(String::as_str)),
            )
            .await?;
        rows.into_iter()
            .map(|r| r.into_learner(Vec::new()))
            .collect()
    }

    async fn events(&self, master: &str) -> RegisterResult<Vec<LearningEvent>> {
        let rows = sqlx::query(
            "SELECT e.*, EXISTS (SELECT 1 FROM lrs_challenge_events ce JOIN lrs_challenges c ON c.id = ce.challenge_id \
               WHERE ce.event_id = e.id AND c.status IN ('open', 'in_progress')) AS under_challenge \
             FROM lrs_events e WHERE e.uln = ? ORDER BY e.award_date DESC, e.id",
        )
        .bind(master)
        .fetch_all(self.db.reads())
        .await?;
        rows.iter()
            .map(|r| EventColumns::from_row(r)?.into_event())
            .collect()
    }

    async fn insert_challenge(
        &self,
        master: &Uln,
        challenge: &NewChallenge,
        event_ids: &[i64],
    ) -> RegisterResult<Challenge> {
        let mut tx = self.db.writer().begin().await?;
        let done = sqlx::query(
            "INSERT INTO lrs_challenges (reference, uln, kind, corrected, note, contact, status, created_at, raised_by) \
             VALUES (printf('DC-%06d', (SELECT COALESCE(MAX(id), 0) + 1 FROM lrs_challenges)), ?, ?, ?, ?, ?, 'open', ?, ?)",
        )
        .bind(master.as_str())
        .bind(challenge.kind.name())
        .bind(challenge.corrected.as_ref().map(|c| serde_json::Value::Object(c.clone()).to_string()))
        .bind(challenge.note.trim())
        .bind(challenge.contact.as_deref())
        .bind(Timestamp::now().as_second())
        .bind(&challenge.raised_by)
        .execute(&mut *tx)
        .await?;
        let id = done.last_insert_rowid();
        for event_id in event_ids {
            sqlx::query("INSERT INTO lrs_challenge_events (challenge_id, event_id) VALUES (?, ?)")
                .bind(id)
                .bind(event_id)
                .execute(&mut *tx)
                .await?;
        }
        let row = sqlx::query("SELECT * FROM lrs_challenges WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let created = ChallengeColumns::from_row(&row)?.into_challenge(event_ids.to_vec())?;
        tx.commit().await?;
        Ok(created)
    }

    async fn challenges(&self, status: Option<ChallengeStatus>) -> RegisterResult<Vec<Challenge>> {
        let rows = sqlx::query(
            "SELECT c.*, (SELECT group_concat(event_id) FROM lrs_challenge_events WHERE challenge_id = c.id) AS events \
             FROM lrs_challenges c WHERE (?1 IS NULL OR status = ?1) ORDER BY id DESC LIMIT 1000",
        )
        .bind(status.map(|s| s.name()))
        .fetch_all(self.db.reads())
        .await?;
        rows.iter()
            .map(|row| {
                let ids = event_ids(row.try_get("events")?)?;
                ChallengeColumns::from_row(row)?.into_challenge(ids)
            })
            .collect()
    }

    async fn load(
        &self,
        learners: &[RegisterLearner],
        links: &[(Uln, Uln)],
        events: &[SeedEvent],
    ) -> StoreResult<()> {
        load::load(&self.db, learners, links, events).await
    }

    async fn learner_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM lrs_learners")
            .fetch_one(self.db.reads())
            .await?)
    }
}
