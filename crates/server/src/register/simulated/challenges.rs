//! Data challenges: checked against the learner's PLR, then stored with their events.

use super::{refused, SimulatedRegister, CORRECTABLE_EVENT_FIELDS};
use crate::register::{
    Challenge, ChallengeKind, LearningEvent, NewChallenge, RegisterLookup, RegisterResult,
};

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
        let events = self.tables.events(master.as_str()).await?;
        Self::check_challenge(challenge, &events)?;
        let mut event_ids = challenge.event_ids.clone();
        event_ids.sort_unstable();
        event_ids.dedup();
        self.tables
            .insert_challenge(&master, challenge, &event_ids)
            .await
    }
}
