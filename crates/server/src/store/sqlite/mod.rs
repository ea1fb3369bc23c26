//! The SQLite store: WAL, `synchronous=FULL` so an acknowledged write survives a power cut,
//! migrations embedded in the binary and applied at start. One `Database` is shared by the store,
//! the simulated register and the seeder: reads go to the pool, every write through its `Writer`.

mod assignments;
mod changes;
mod claims;
mod dashboard;
mod notes;
mod operator_keys;
mod operators;
mod pages;
mod pending;
mod rows;
pub(crate) mod similar;
mod snooze;
mod store;
mod writer;

pub use store::SqliteStore;
pub use writer::Writer;

use super::{StoreError, StoreResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// `pub(crate)` for `migrate_data`, which checks that a source it must not change is already current.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a request waits for a free connection before it is told the server is busy.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// How much memory SQLite may use: connections in the pool, and page cache per connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSize {
    pub max_connections: u32,
    pub cache_mib: u32,
}

impl PoolSize {
    /// A shared backend: 64 MiB of page cache per connection (SQLite's default is 2 MiB), so big
    /// transactions such as a batch submission or seeding stop spilling pages mid-transaction,
    /// and hot indexes stay in memory for reads. Up to 8 × 64 MiB once every connection is warm.
    /// No memory map (mmap_size): it made list pages 50% faster but record views 40% slower,
    /// because every audit row that grows the file makes SQLite remap it (BENCHMARKS.md).
    pub const SERVER: PoolSize = PoolSize {
        max_connections: 8,
        cache_mib: 64,
    };
    /// The console's own backend, serving one operator: it shares the machine and its memory
    /// with the console, so 4 connections × 8 MiB.
    pub const EMBEDDED: PoolSize = PoolSize {
        max_connections: 4,
        cache_mib: 8,
    };
}

/// An opened SQLite database: the pool for reads and the one writer.
#[derive(Clone)]
pub struct Database {
    reads: SqlitePool,
    writer: Writer,
}

impl Database {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or `sqlite::memory:`)
    /// and brings its schema up to date.
    pub async fn open(url: &str, size: PoolSize) -> StoreResult<Database> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A negative cache_size is in KiB.
            .pragma(
                "cache_size",
                format!("-{}", u64::from(size.cache_mib) * 1024),
            );
        let pool = SqlitePoolOptions::new()
            .max_connections(size.max_connections)
            // A request that cannot get a connection in this time is answered 503, not left
            // waiting for sqlx's default of 30 s.
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Database {
            writer: Writer::start(pool.clone()),
            reads: pool,
        })
    }

    /// For reads only: a write here would bypass the writer's queue and meet the others at
    /// SQLite's lock, whose busy handler sleeps.
    pub fn reads(&self) -> &SqlitePool {
        &self.reads
    }

    pub fn writer(&self) -> &Writer {
        &self.writer
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Database(Box::new(e))
    }
}

pub(crate) use super::{corrupt, timestamp};

#[cfg(test)]
mod tests;
