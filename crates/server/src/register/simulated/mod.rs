//! The simulated LRS: learners, linked ULNs, learning events and data challenges in tables of its
//! own, answering with the codes domain.md lists. Its rules are here; its tables live in the
//! store's database, SQLite or PostgreSQL (`tables::RegisterTables`).

mod challenges;
mod columns;
mod learners;
mod postgres;
mod sqlite;
mod tables;

use super::*;
use crate::store::sqlite::Database;
use crate::store::{StoreError, StoreResult};
use std::sync::Arc;
use tables::RegisterTables;
use uln_domain::names::names_equivalent;

/// Event fields a data challenge may correct.
pub const CORRECTABLE_EVENT_FIELDS: [&str; 8] = [
    "qualification_code",
    "title",
    "level",
    "grade",
    "awarding_organisation",
    "provider",
    "award_date",
    "credits",
];

#[derive(Clone)]
pub struct SimulatedRegister {
    tables: Arc<dyn RegisterTables>,
}

impl SimulatedRegister {
    /// The register in the store's SQLite database, writing through the store's writer.
    pub fn on_sqlite(db: Database) -> Self {
        SimulatedRegister {
            tables: Arc::new(sqlite::SqliteRegisterTables { db }),
        }
    }

    /// The register in the store's PostgreSQL database.
    pub fn on_postgres(pool: sqlx::PgPool) -> Self {
        SimulatedRegister {
            tables: Arc::new(postgres::PostgresRegisterTables { pool }),
        }
    }

    /// Bulk-loads seeded learners, links (linked ULN → master) and events in one transaction.
    pub(crate) async fn load(
        &self,
        learners: &[RegisterLearner],
        links: &[(Uln, Uln)],
        events: &[SeedEvent],
    ) -> StoreResult<()> {
        self.tables.load(learners, links, events).await
    }

    pub(crate) async fn learner_count(&self) -> StoreResult<i64> {
        self.tables.learner_count().await
    }
}

fn corrupt(what: impl std::fmt::Display) -> RegisterError {
    RegisterError::Corrupt(what.to_string())
}

fn refused(field: &str, message: impl Into<String>) -> RegisterError {
    RegisterError::Refused {
        field: field.to_owned(),
        message: message.into(),
    }
}

impl From<sqlx::Error> for RegisterError {
    fn from(e: sqlx::Error) -> Self {
        RegisterError::Storage(StoreError::from(e))
    }
}

/// The caller knows the learner's family name (current or previous), date of birth and, if given,
/// their given name (legal or preferred).
fn identity_holds(learner: &RegisterLearner, who: &IdentityCheck) -> bool {
    let family_ok = names_equivalent(&who.family_name, learner.family_name.as_str())
        || learner
            .previous_family_name
            .as_deref()
            .is_some_and(|p| names_equivalent(&who.family_name, p));
    let given_ok = who.given_name.as_deref().is_none_or(|g| {
        names_equivalent(g, learner.given_name.as_str())
            || learner
                .preferred_given_name
                .as_deref()
                .is_some_and(|p| names_equivalent(g, p))
    });
    family_ok && given_ok && who.date_of_birth == learner.date_of_birth
}

#[async_trait]
impl LearnerRegister for SimulatedRegister {
    /// The simulated register answers by ULN alone: `supplied` is not needed.
    async fn lookup(&self, uln: &Uln, _supplied: &Supplied) -> RegisterResult<RegisterLookup> {
        self.lookup_one(uln).await
    }

    async fn lookup_many(&self, asked: &[(Uln, Supplied)]) -> RegisterResult<Vec<RegisterLookup>> {
        let ulns: Vec<Uln> = asked.iter().map(|(uln, _)| uln.clone()).collect();
        self.lookup_all(&ulns).await
    }

    async fn find_by_demographics(
        &self,
        query: &DemographicQuery,
    ) -> RegisterResult<SearchOutcome> {
        self.search(query).await
    }

    async fn find_by_demographics_many(
        &self,
        queries: &[DemographicQuery],
    ) -> RegisterResult<Vec<SearchOutcome>> {
        self.search_all(queries).await
    }

    async fn fetch_plr(&self, uln: &Uln, identity: &IdentityCheck) -> RegisterResult<PlrOutcome> {
        let (learner, code) = match self.lookup_one(uln).await? {
            RegisterLookup::NotFound => {
                return Ok(PlrOutcome {
                    code: PlrCode::NoSuchLearner,
                    learner: None,
                    events: Vec::new(),
                })
            }
            RegisterLookup::Direct(l) => (l, PlrCode::Found),
            RegisterLookup::Linked(l) => (l, PlrCode::MasterSubstituted),
        };
        if !identity_holds(&learner, identity) {
            return Ok(PlrOutcome {
                code: PlrCode::IdentityNotVerified,
                learner: None,
                events: Vec::new(),
            });
        }
        if !learner.ability_to_share {
            return Ok(PlrOutcome {
                code: PlrCode::NotShared,
                learner: None,
                events: Vec::new(),
            });
        }
        let events = self.tables.events(learner.uln.as_str()).await?;
        Ok(PlrOutcome {
            code,
            learner: Some(learner),
            events,
        })
    }

    async fn create_challenge(&self, challenge: &NewChallenge) -> RegisterResult<Challenge> {
        self.create(challenge).await
    }

    async fn challenges(&self, status: Option<ChallengeStatus>) -> RegisterResult<Vec<Challenge>> {
        self.tables.challenges(status).await
    }
}
