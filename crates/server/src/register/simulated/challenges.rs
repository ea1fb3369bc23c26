//! Data challenges: checked against the learner's PLR, then stored with their events.

use super::rows::challenge_from;
use super::{corrupt, refused, SimulatedRegister, CORRECTABLE_EVENT_FIELDS};
use crate::register::{
    Challenge, ChallengeKind, ChallengeStatus, LearningEvent, NewChallenge, RegisterLookup,
    RegisterResult,
};
use jiff::Timestamp;
use sqlx::Row;

impl SimulatedRegister {
    pub(super) fn check_challenge(
        challenge: &NewChallenge,
        events: &[LearningEvent],
    ) -> RegisterResult<()> {
        if challenge.note.trim().is_empty() {
            return Err(refused("note", "a note is required: say what is wrong"));
        }
        for id in &challenge.event_ids {
            if !events.iter().any(|e| e.id == *id) {
                return Err(refused(
                    "event_ids",
                    format!("event {id} is not on this learner's PLR"),
                ));
            }
        }
        let mut distinct = challenge.event_ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        match challenge.kind {
            ChallengeKind::IncorrectInformation => {
                if distinct.len() != 1 {
                    return Err(refused("event_ids", "name exactly one event to correct"));
                }
                let corrected = challenge.corrected.as_ref().filter(|c| !c.is_empty());
                let Some(corrected) = corrected else {
                    return Err(refused("corrected", "give the corrected values"));
                };
                if let Some(bad) = corrected
                    .keys()
                    .find(|k| !CORRECTABLE_EVENT_FIELDS.contains(&k.as_str()))
                {
                    return Err(refused(
                        "corrected",
                        format!("'{bad}' is not a correctable event field"),
                    ));
                }
            }
            ChallengeKind::NotLearners => {
                if distinct.is_empty() {
                    return Err(refused("event_ids", "name at least one event"));
                }
            }
            ChallengeKind::Duplicate => {
                if distinct.len() != 2 {
                    return Err(refused("event_ids", "name the two duplicated events"));
                }
            }
        }
        Ok(())
    }

    pub(super) async fn create(&self, challenge: &NewChallenge) -> RegisterResult<Challenge> {
        let master = match self.lookup_one(&challenge.uln).await? {
            RegisterLookup::NotFound => return Err(refused("uln", "no learner has this ULN")),
            RegisterLookup::Direct(l) | RegisterLookup::Linked(l) => l.uln,
        };
        let events = self.events(master.as_str()).await?;
        Self::check_challenge(challenge, &events)?;
        let mut tx = self.db.writer().begin().await?;
        let now = Timestamp::now().as_second();
        let done = sqlx::query(
            "INSERT INTO lrs_challenges (reference, uln, kind, corrected, note, contact, status, created_at, raised_by) \
             VALUES (printf('DC-%06d', (SELECT COALESCE(MAX(id), 0) + 1 FROM lrs_challenges)), ?, ?, ?, ?, ?, 'open', ?, ?)",
        )
        .bind(master.as_str())
        .bind(challenge.kind.name())
        .bind(challenge.corrected.as_ref().map(|c| serde_json::Value::Object(c.clone()).to_string()))
        .bind(challenge.note.trim())
        .bind(challenge.contact.as_deref())
        .bind(now)
        .bind(&challenge.raised_by)
        .execute(&mut *tx)
        .await?;
        let id = done.last_insert_rowid();
        let mut event_ids = challenge.event_ids.clone();
        event_ids.sort_unstable();
        event_ids.dedup();
        for event_id in &event_ids {
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
        let created = challenge_from(&row, event_ids)?;
        tx.commit().await?;
        Ok(created)
    }

    pub(super) async fn list(
        &self,
        status: Option<ChallengeStatus>,
    ) -> RegisterResult<Vec<Challenge>> {
        let rows = sqlx::query(
            "SELECT c.*, (SELECT group_concat(event_id) FROM lrs_challenge_events WHERE challenge_id = c.id) AS events \
             FROM lrs_challenges c WHERE (?1 IS NULL OR status = ?1) ORDER BY id DESC LIMIT 1000",
        )
        .bind(status.map(|s| s.name()))
        .fetch_all(self.db.reads())
        .await?;
        rows.iter()
            .map(|row| {
                let events: Option<String> = row.try_get("events")?;
                let ids = events
                    .unwrap_or_default()
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse::<i64>().map_err(corrupt))
                    .collect::<RegisterResult<Vec<_>>>()?;
                challenge_from(row, ids)
            })
            .collect()
    }
}
