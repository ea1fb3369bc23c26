//! The `Seeder` over PostgreSQL: the simulated register's tables and the seeded truth, in the
//! same database as the store.

use super::Seeder;
use crate::register::{SeedEvent, SimulatedRegister};
use crate::store::{Registration, StoreResult};
use async_trait::async_trait;
use sqlx::PgPool;
use uln_domain::{RegisterLearner, Uln};

pub(crate) struct PostgresSeeder {
    pool: PgPool,
    register: SimulatedRegister,
}

impl PostgresSeeder {
    pub(crate) fn new(pool: PgPool, register: SimulatedRegister) -> Self {
        PostgresSeeder { pool, register }
    }
}

#[async_trait]
impl Seeder for PostgresSeeder {
    async fn learners_in_register(&self) -> StoreResult<i64> {
        self.register.learner_count().await
    }

    async fn load_register(
        &self,
        learners: &[RegisterLearner],
        links: &[(Uln, Uln)],
        events: &[SeedEvent],
    ) -> StoreResult<()> {
        self.register.load(learners, links, events).await
    }

    async fn record_seeded_truth(&self, truth: &[(i64, String)]) -> StoreResult<()> {
        let (ids, kinds): (Vec<i64>, Vec<&str>) =
            truth.iter().map(|(id, kind)| (*id, kind.as_str())).unzip();
        sqlx::query(
            "INSERT INTO seeded_anomalies (registration_id, kind) \
             SELECT * FROM unnest($1::int8[], $2::text[])",
        )
        .bind(&ids)
        .bind(&kinds)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn registrations_sharing_a_uln(
        &self,
        after: &str,
        groups: u32,
    ) -> StoreResult<Vec<Registration>> {
        crate::store::postgres::similar::sharing_a_uln(&self.pool, after, groups).await
    }

    async fn set_anomalies(&self, anomalies: &[(i64, i64)]) -> StoreResult<()> {
        let (ids, bits): (Vec<i64>, Vec<i64>) = anomalies.iter().copied().unzip();
        sqlx::query(
            "UPDATE registrations r SET anomalies = a.bits \
             FROM unnest($1::int8[], $2::int8[]) AS a(id, bits) WHERE r.id = a.id",
        )
        .bind(&ids)
        .bind(&bits)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A million rows just arrived in tables that were empty: until they are analysed, the
    /// planner may choose a nested loop of sequential scans for the shared-ULN pages (minutes
    /// per page at 1,000,000 registrations, 0.2 s once analysed).
    async fn loaded(&self) -> StoreResult<()> {
        sqlx::query(
            "ANALYZE registrations, seeded_anomalies, lrs_learners, lrs_linked_ulns, lrs_events",
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn seeded_truth(&self) -> StoreResult<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT registration_id, kind FROM seeded_anomalies ORDER BY registration_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
