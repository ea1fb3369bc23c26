//! What the simulated register needs from its database: a handful of reads and writes over its
//! own tables. SQLite and PostgreSQL implement it; the register's rules (linked ULNs, search
//! outcomes, identity checks, challenge checks) live above it, once.

use crate::register::SeedEvent;
use crate::register::{Challenge, ChallengeStatus, LearningEvent, NewChallenge, RegisterResult};
use crate::store::StoreResult;
use async_trait::async_trait;
use jiff::civil::Date;
use std::collections::HashMap;
use uln_domain::{RegisterLearner, Uln};

#[async_trait]
pub(crate) trait RegisterTables: Send + Sync + 'static {
    /// The learners with these ULNs (master records only), each with its own linked ULNs in order.
    async fn learners(&self, ulns: &[&str]) -> RegisterResult<Vec<RegisterLearner>>;
    /// Linked ULN → master ULN, for those of `ulns` that are linked.
    async fn masters_of(&self, ulns: &[&str]) -> RegisterResult<HashMap<String, String>>;
    /// Every learner born on any of these dates, without their linked ULNs.
    async fn born_on(&self, dates: &[Date]) -> RegisterResult<Vec<RegisterLearner>>;
    /// A master record's learning events, newest award first, each marked if an open or
    /// in-progress challenge names it.
    async fn events(&self, master: &str) -> RegisterResult<Vec<LearningEvent>>;
    /// Stores a checked challenge against `master` with its (sorted, distinct) events, giving it
    /// the next `DC-` reference.
    async fn insert_challenge(
        &self,
        master: &Uln,
        challenge: &NewChallenge,
        event_ids: &[i64],
    ) -> RegisterResult<Challenge>;
    /// The newest 1,000 challenges, of one status or all.
    async fn challenges(&self, status: Option<ChallengeStatus>) -> RegisterResult<Vec<Challenge>>;
    /// Bulk-loads seeded learners, links (linked ULN → master) and events in one transaction.
    async fn load(
        &self,
        learners: &[RegisterLearner],
        links: &[(Uln, Uln)],
        events: &[SeedEvent],
    ) -> StoreResult<()>;
    async fn learner_count(&self) -> StoreResult<i64>;
}
