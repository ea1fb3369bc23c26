//! The `Seeder` over SQLite: the simulated register's tables and the seeded truth, written
//! through the store's writer like every other write.

use super::Seeder;
use crate::register::{SeedEvent, SimulatedRegister};
use crate::store::sqlite::Database;
use crate::store::StoreResult;
use async_trait::async_trait;
use sqlx::{QueryBuilder, Row, Sqlite};
use uln_domain::{RegisterLearner, Uln};

/// Truth rows per INSERT: 2 columns × 10,000 stays under SQLite's 32,766 parameters.
const TRUTH_CHUNK: usize = 10_000;

pub(crate) struct SqliteSeeder {
    db: Database,
    register: SimulatedRegister,
}

impl SqliteSeeder {
    pub(crate) fn new(db: Database, register: SimulatedRegister) -> Self {
        SqliteSeeder { db, register }
    }
}

#[async_trait]
impl Seeder for SqliteSeeder {
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
        let mut tx = self.db.writer().begin().await?;
        for chunk in truth.chunks(TRUTH_CHUNK) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO seeded_anomalies (registration_id, kind) ",
            );
            insert.push_values(chunk, |mut b, (id, kind)| {
                b.push_bind(*id).push_bind(kind.clone());
            });
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await
    }

    async fn registrations_sharing_a_uln(
        &self,
        after: &str,
        groups: u32,
    ) -> StoreResult<Vec<crate::store::Registration>> {
        crate::store::sqlite::similar::sharing_a_uln(self.db.reads(), after, groups).await
    }

    async fn set_anomalies(&self, anomalies: &[(i64, i64)]) -> StoreResult<()> {
        let mut tx = self.db.writer().begin().await?;
        for (id, bits) in anomalies {
            sqlx::query("UPDATE registrations SET anomalies = ? WHERE id = ?")
                .bind(bits)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    }

    async fn seeded_truth(&self) -> StoreResult<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT registration_id, kind FROM seeded_anomalies ORDER BY registration_id",
        )
        .fetch_all(self.db.reads())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("registration_id")?, r.try_get("kind")?)))
            .collect()
    }
}
