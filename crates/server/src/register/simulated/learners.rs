//! Looking learners up: by ULN (one or many, substituting the master for a linked ULN), by
//! demographics, and their learning events.

use super::{corrupt, refused, SimulatedRegister};
use crate::register::{
    DemographicQuery, RegisterLookup, RegisterResult, SearchCode, SearchOutcome,
};
use std::collections::HashMap;
use uln_domain::names::names_equivalent;
use uln_domain::{RegisterLearner, Uln};

/// More possible matches than this and the register asks for more details (WSRC0002).
const MAX_POSSIBLE_MATCHES: usize = 10;

impl SimulatedRegister {
    pub(super) async fn lookup_one(&self, uln: &Uln) -> RegisterResult<RegisterLookup> {
        let mut found = self.lookup_all(std::slice::from_ref(uln)).await?;
        Ok(found.pop().expect("one ULN, one answer"))
    }

    /// Any number of ULNs in three statements: which are linked (and to whom), then the
    /// learners asked for and the masters of those linked, with their own linked ULNs.
    pub(super) async fn lookup_all(&self, ulns: &[Uln]) -> RegisterResult<Vec<RegisterLookup>> {
        let asked: Vec<&str> = ulns.iter().map(Uln::as_str).collect();
        let links = self.tables.masters_of(&asked).await?;
        let wanted: Vec<&str> = asked
            .iter()
            .copied()
            .chain(links.values().map(String::as_str))
            .collect();
        let learners: HashMap<String, RegisterLearner> = self
            .tables
            .learners(&wanted)
            .await?
            .into_iter()
            .map(|l| (l.uln.as_str().to_owned(), l))
            .collect();
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
        let mut born: HashMap<jiff::civil::Date, Vec<RegisterLearner>> = HashMap::new();
        for learner in self.tables.born_on(&dates).await? {
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
