//! The PostgreSQL store: what the SQLite store does, for a deployment where several servers share
//! one database. PostgreSQL takes concurrent writers itself, so there is no writer queue here:
//! each write is its own transaction, and a version-checked UPDATE makes exactly one of several
//! writers at one version win (the others block on the row, then find the version moved on).
//! The simulated register and the seeder share its pool (`database::open`).

mod assignments;
mod changes;
mod claims;
mod dashboard;
mod feed;
mod notes;
mod operator_keys;
mod operators;
mod pages;
mod pending;
mod rows;
pub(crate) mod similar;
mod snooze;
mod store;
mod writes;

pub use feed::PostgresFeed;
pub use store::PostgresStore;

/// The advisory lock an expiry pass holds (`pg_try_advisory_xact_lock`), so that the servers of
/// one database take turns. Public for tests that hold it to see a pass skipped.
pub const EXPIRY_LOCK: i64 = 0x756c_6e5f_6578_7069; // "uln_expi"

use super::{PoolSize, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long a request waits for a free connection before it is told the server is busy.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a pool on the database and brings its schema up to date. Several servers may do this
/// at once: sqlx's migrator holds an advisory lock while it works.
pub(crate) async fn connect(options: PgConnectOptions, size: PoolSize) -> StoreResult<PgPool> {
    let options = options
        // A commit is answered only once it is flushed to disk (and, with synchronous standbys
        // configured, to them): every write here is acknowledged to a person, so a server or
        // database set to a weaker default must not weaken it. UTC so that nothing read back
        // depends on the server's time zone.
        .options([("synchronous_commit", "on"), ("timezone", "UTC")])
        .application_name("uln-console");
    let pool = PgPoolOptions::new()
        .max_connections(size.max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}
