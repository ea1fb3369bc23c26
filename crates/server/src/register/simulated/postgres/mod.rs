//! The simulated register's tables in PostgreSQL, beside the store's. Lists of values go in as
//! arrays (`= ANY($1)`), so any number of ULNs or dates is one statement.

mod load;

use super::columns::{event_ids, with_links, ChallengeColumns, EventColumns, LearnerColumns};
use super::tables::RegisterTables;
use crate::register::SeedEvent;
use crate::register::{Challenge, ChallengeStatus, LearningEvent, NewChallenge, RegisterResult};
use crate::store::StoreResult;
use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::{FromRow, PgPool, Row};
use std::collections::HashMap;
use uln_domain::{RegisterLearner, Uln};

/// Every column of `lrs_learners` as `LearnerColumns` reads it.
const LEARNER_COLUMNS: &str = "uln, given_name, family_name, date_of_birth, gender, postcode, \
     preferred_given_name, middle_names, previous_family_name, \
     ability_to_share::int4::int8 AS ability_to_share, version";

pub(crate) struct PostgresRegisterTables {
    pub(crate) pool: PgPool,
}

impl PostgresRegisterTables {
    async fn learner_rows(
        &self,
        condition: &str,
        values: &[&str],
    ) -> RegisterResult<Vec<LearnerColumns>> {
        let sql = format!("SELECT {LEARNER_COLUMNS} FROM lrs_learners WHERE {condition} = ANY($1)");
        Ok(sqlx::query_as(&sql)
            .bind(values)
            .fetch_all(&self.pool)
            .await?)
    }
}

#[async_trait]
impl RegisterTables for PostgresRegisterTables {
    async fn learners(&self, ulns: &[&str]) -> RegisterResult<Vec<RegisterLearner>> {
        let rows = self.learner_rows("uln", ulns).await?;
        let pairs: Vec<(String, String)> = sqlx::query_as(
            "SELECT master_uln, linked_uln FROM lrs_linked_ulns \
             WHERE master_uln = ANY($1) ORDER BY master_uln, linked_uln COLLATE \"C\"",
        )
        .bind(ulns)
        .fetch_all(&self.pool)
        .await?;
        with_links(rows, pairs)
    }

    async fn masters_of(&self, ulns: &[&str]) -> RegisterResult<HashMap<String, String>> {
        Ok(sqlx::query_as(
            "SELECT linked_uln, master_uln FROM lrs_linked_ulns WHERE linked_uln = ANY($1)",
        )
        .bind(ulns)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .collect())
    }

    async fn born_on(&self, dates: &[Date]) -> RegisterResult<Vec<RegisterLearner>> {
        let dates: Vec<String> = dates.iter().map(Date::to_string).collect();
        let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
        let rows = self.learner_rows("date_of_birth", &dates).await?;
        rows.into_iter()
            .map(|r| r.into_learner(Vec::new()))
            .collect()
    }

    async fn events(&self, master: &str) -> RegisterResult<Vec<LearningEvent>> {
        // Dates are ISO text: byte order ("C") is date order whatever the database's collation.
        let rows = sqlx::query(
            "SELECT e.*, EXISTS (SELECT 1 FROM lrs_challenge_events ce JOIN lrs_challenges c ON c.id = ce.challenge_id \
               WHERE ce.event_id = e.id AND c.status IN ('open', 'in_progress')) AS under_challenge \
             FROM lrs_events e WHERE e.uln = $1 ORDER BY e.award_date COLLATE \"C\" DESC, e.id",
        )
        .bind(master)
        .fetch_all(&self.pool)
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
        let mut tx = self.pool.begin().await?;
        // The reference is the row's own id, so concurrent challenges never share one (the
        // SQLite form, MAX(id) + 1, relies on its single writer).
        let row = sqlx::query(
            "WITH next AS (SELECT nextval(pg_get_serial_sequence('lrs_challenges', 'id')) AS id) \
             INSERT INTO lrs_challenges (id, reference, uln, kind, corrected, note, contact, status, created_at, raised_by) \
             OVERRIDING SYSTEM VALUE \
             SELECT id, 'DC-' || lpad(id::text, 6, '0'), $1, $2, $3, $4, $5, 'open', $6, $7 FROM next RETURNING *",
        )
        .bind(master.as_str())
        .bind(challenge.kind.name())
        .bind(challenge.corrected.as_ref().map(|c| serde_json::Value::Object(c.clone()).to_string()))
        .bind(challenge.note.trim())
        .bind(challenge.contact.as_deref())
        .bind(Timestamp::now().as_second())
        .bind(&challenge.raised_by)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        sqlx::query(
            "INSERT INTO lrs_challenge_events (challenge_id, event_id) SELECT $1, unnest($2::int8[])",
        )
        .bind(id)
        .bind(event_ids)
        .execute(&mut *tx)
        .await?;
        let created = ChallengeColumns::from_row(&row)?.into_challenge(event_ids.to_vec())?;
        tx.commit().await?;
        Ok(created)
    }

    async fn challenges(&self, status: Option<ChallengeStatus>) -> RegisterResult<Vec<Challenge>> {
        let rows = sqlx::query(
            "SELECT c.*, (SELECT string_agg(event_id::text, ',' ORDER BY event_id) \
                          FROM lrs_challenge_events WHERE challenge_id = c.id) AS events \
             FROM lrs_challenges c WHERE ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT 1000",
        )
        .bind(status.map(|s| s.name()))
        .fetch_all(&self.pool)
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
        load::load(&self.pool, learners, links, events).await
    }

    async fn learner_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM lrs_learners")
            .fetch_one(&self.pool)
            .await?)
    }
}
