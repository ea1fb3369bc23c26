//! The change feed over PostgreSQL: NOTIFY on one channel, a LISTEN connection per server.

use crate::store::feed::{ChangeFeed, FeedListener};
use crate::store::StoreResult;
use async_trait::async_trait;
use sqlx::postgres::PgListener;
use sqlx::PgPool;

/// The channel every server of one database announces its changes on.
const CHANNEL: &str = "uln_changes";

/// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (the default build's page size).
const MAX_PAYLOAD: usize = 7999;

pub struct PostgresFeed {
    pool: PgPool,
}

impl PostgresFeed {
    pub(crate) fn new(pool: PgPool) -> PostgresFeed {
        PostgresFeed { pool }
    }
}

#[async_trait]
impl ChangeFeed for PostgresFeed {
    async fn announce(&self, payloads: &[String]) -> StoreResult<()> {
        // One statement, so one round trip for a burst; its notifications are delivered in the
        // array's order, as one transaction's are.
        sqlx::query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
            .bind(CHANNEL)
            .bind(payloads)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn listen(&self) -> StoreResult<Box<dyn FeedListener>> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        // Reconnecting is the caller's to decide (`fleet::relay`): it must know of every gap.
        listener.eager_reconnect(false);
        listener.listen(CHANNEL).await?;
        Ok(Box::new(PostgresListener(listener)))
    }

    fn max_payload(&self) -> usize {
        MAX_PAYLOAD
    }
}

struct PostgresListener(PgListener);

#[async_trait]
impl FeedListener for PostgresListener {
    async fn next(&mut self) -> StoreResult<Option<String>> {
        // try_recv, not recv: recv would reconnect silently and hide the gap.
        let heard = self.0.try_recv().await?;
        Ok(heard.map(|n| n.payload().to_owned()))
    }
}
