//! Looking learners up: by ULN (one or many, substituting the master for a linked ULN), by
//! demographics, and their learning events.

use super::rows::{event_from, json_array, learner_from, LearnerColumns, LEARNER_JSON};
use super::{corrupt, refused, SimulatedRegister};
use crate::register::{
    DemographicQuery, LearningEvent, RegisterLookup, RegisterResult, SearchCode, SearchOutcome,
};
use std::collections::HashMap;
use uln_domain::names::names_equivalent;
use uln_domain::{RegisterLearner, Uln};

/// More possible matches than this and the register asks for more details (WSRC0002).
const MAX_POSSIBLE_MATCHES: usize = 10;

impl SimulatedRegister {
    pub(super) async fn learner(&self, uln: &str) -> RegisterResult<Option<RegisterLearner>> {
        let Some(row) = sqlx::query("SELECT * FROM lrs_learners WHERE uln = ?")
            .bind(uln)
            .fetch_optional(self.db.reads())
            .await?
        else {
            return Ok(None);
        };
        let linked: Vec<String> = sqlx::query_scalar(
            "SELECT linked_uln FROM lrs_linked_ulns WHERE master_uln = ? ORDER BY linked_uln",
        )
        .bind(uln)
        .fetch_all(self.db.reads())
        .await?;
        let linked = linked
            .iter()
            .map(|u| Uln::parse(u).map_err(corrupt))
            .collect::<RegisterResult<_>>()?;
        Ok(Some(learner_from(&row, linked)?))
    }

    pub(super) async fn events(&self, master: &str) -> RegisterResult<Vec<LearningEvent>> {
        let rows = sqlx::query(
            "SELECT e.*, EXISTS (SELECT 1 FROM lrs_challenge_events ce JOIN lrs_challenges c ON c.id = ce.challenge_id \
               WHERE ce.event_id = e.id AND c.status IN ('open', 'in_progress')) AS under_challenge \
             FROM lrs_events e WHERE e.uln = ? ORDER BY e.award_date DESC, e.id",
        )
        .bind(master)
        .fetch_all(self.db.reads())
        .await?;
        rows.iter().map(event_from).collect()
    }

    pub(super) async fn lookup_one(&self, uln: &Uln) -> RegisterResult<RegisterLookup> {
        if let Some(learner) = self.learner(uln.as_str()).await? {
            return Ok(RegisterLookup::Direct(learner));
        }
        let master: Option<String> =
            sqlx::query_scalar("SELECT master_uln FROM lrs_linked_ulns WHERE linked_uln = ?")
                .bind(uln.as_str())
                .fetch_optional(self.db.reads())
                .await?;
        match master {
            Some(master) => match self.learner(&master).await? {
                Some(learner) => Ok(RegisterLookup::Linked(learner)),
                None => Err(corrupt(format!("linked ULN has no master {master}"))),
            },
            None => Ok(RegisterLookup::NotFound),
        }
    }

    /// Four queries for any number of ULNs, where one at a time costs two to four each. The
    /// ULNs go in as one JSON array (`json_each`), so there is no limit on bound parameters.
    pub(super) async fn lookup_all(&self, ulns: &[Uln]) -> RegisterResult<Vec<RegisterLookup>> {
        let asked = json_array(ulns.iter().map(Uln::as_str));
        // Linked ULNs among those asked, and their masters.
        let links: HashMap<String, String> = sqlx::query_as(
            "SELECT linked_uln, master_uln FROM lrs_linked_ulns \
             WHERE linked_uln IN (SELECT value FROM json_each(?))",
        )
        .bind(&asked)
        .fetch_all(self.db.reads())
        .await?
        .into_iter()
        .collect();
        let wanted = json_array(
            ulns.iter()
                .map(Uln::as_str)
                .chain(links.values().map(String::as_str)),
        );
        // The learners come back as one JSON value: one hand-off from SQLite's thread, not one
        // per row (the same reason as the store's list pages).
        let rows: String = sqlx::query_scalar(&format!(
            "SELECT json_group_array({LEARNER_JSON}) FROM lrs_learners \
             WHERE uln IN (SELECT value FROM json_each(?))"
        ))
        .bind(&wanted)
        .fetch_one(self.db.reads())
        .await?;
        let rows: Vec<LearnerColumns> = serde_json::from_str(&rows).map_err(corrupt)?;
        // Each learner's own linked ULNs, in order.
        let mut linked_of: HashMap<String, Vec<Uln>> = HashMap::new();
        let pairs: Vec<(String, String)> = sqlx::query_as(
            "SELECT master_uln, linked_uln FROM lrs_linked_ulns \
             WHERE master_uln IN (SELECT value FROM json_each(?)) ORDER BY master_uln, linked_uln",
        )
        .bind(&wanted)
        .fetch_all(self.db.reads())
        .await?;
        for (master, linked) in pairs {
            linked_of
                .entry(master)
                .or_default()
                .push(Uln::parse(&linked).map_err(corrupt)?);
        }
        let mut learners = HashMap::with_capacity(rows.len());
        for row in rows {
            let linked = linked_of.remove(&row.uln).unwrap_or_default();
            learners.insert(row.uln.clone(), row.into_learner(linked)?);
        }
        ulns.iter()
            .map(|uln| {
                if let Some(learner) = learners.get(uln.as_str()) {
                    return Ok(RegisterLookup::Direct(learner.clone()));
                }
                match links.get(uln.as_str()) {
                    Some(master) => match learners.get(master) {
                        Some(learner) => Ok(RegisterLookup::Linked(learner.clone())),
                        None => Err(corrupt(format!("linked ULN has no master {master}"))),
                    },
                    None => Ok(RegisterLookup::NotFound),
                }
            })
            .collect()
    }

    pub(super) async fn search(&self, query: &DemographicQuery) -> RegisterResult<SearchOutcome> {
        let mut outcomes = self.search_all(std::slice::from_ref(query)).await?;
        Ok(outcomes.pop().expect("one query, one outcome"))
    }

    /// `search` for many queries with one statement: every learner born on any of their dates,
    /// then each query's matches among those born on its date.
    pub(super) async fn search_all(
        &self,
        queries: &[DemographicQuery],
    ) -> RegisterResult<Vec<SearchOutcome>> {
        let mut dates = Vec::with_capacity(queries.len());
        for query in queries {
            let Some(date_of_birth) = query.date_of_birth else {
                return Err(refused(
                    "date_of_birth",
                    "the register searches by date of birth: give one",
                ));
            };
            dates.push(date_of_birth);
        }
        let rows: String = sqlx::query_scalar(&format!(
            "SELECT json_group_array({LEARNER_JSON}) FROM lrs_learners \
             WHERE date_of_birth IN (SELECT value FROM json_each(?))"
        ))
        .bind(json_array(
            dates
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        ))
        .fetch_one(self.db.reads())
        .await?;
        let rows: Vec<LearnerColumns> = serde_json::from_str(&rows).map_err(corrupt)?;
        let mut born: HashMap<jiff::civil::Date, Vec<RegisterLearner>> = HashMap::new();
        for row in rows {
            let learner = row.into_learner(Vec::new())?;
            born.entry(learner.date_of_birth).or_default().push(learner);
        }
        Ok(queries
            .iter()
            .zip(&dates)
            .map(|(query, date)| outcome_for(query, born.get(date).map_or(&[][..], Vec::as_slice)))
            .collect())
    }
}

/// The register's answer to one search among the learners born on its date.
fn outcome_for(query: &DemographicQuery, born_that_day: &[RegisterLearner]) -> SearchOutcome {
    let mut possible = Vec::new();
    let mut exact = Vec::new();
    for learner in born_that_day {
        let given_like = names_equivalent(&query.given_name, learner.given_name.as_str())
            || learner
                .preferred_given_name
                .as_deref()
                .is_some_and(|p| names_equivalent(&query.given_name, p));
        let family_like = names_equivalent(&query.family_name, learner.family_name.as_str())
            || learner
                .previous_family_name
                .as_deref()
                .is_some_and(|p| names_equivalent(&query.family_name, p));
        if !(given_like && family_like) {
            continue;
        }
        let is_exact = query.given_name.trim() == learner.given_name.as_str()
            && query.family_name.trim() == learner.family_name.as_str()
            && query.gender.is_none_or(|g| g == learner.gender)
            && query
                .postcode
                .as_ref()
                .is_none_or(|p| learner.postcode.as_ref() == Some(p));
        if is_exact {
            exact.push(learner.clone());
        }
        possible.push(learner.clone());
    }
    let (code, learners) = if exact.len() == 1 {
        (SearchCode::Exact, exact)
    } else if possible.len() > MAX_POSSIBLE_MATCHES {
        (SearchCode::TooMany, Vec::new())
    } else if possible.is_empty() {
        (SearchCode::NoMatch, Vec::new())
    } else {
        (SearchCode::Possible, possible)
    };
    SearchOutcome { code, learners }
}
