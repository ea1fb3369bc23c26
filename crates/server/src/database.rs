//! The one place a database implementation is chosen, from the URL's scheme. Everything else in
//! the server sees the traits.

use crate::register::{LearnerRegister, SimulatedRegister};
use crate::seed::postgres::PostgresSeeder;
use crate::seed::sqlite::SqliteSeeder;
use crate::seed::Seeder;
use crate::store::feed::ChangeFeed;
use crate::store::postgres::{PostgresFeed, PostgresStore};
use crate::store::sqlite::{Database, SqliteStore};
use crate::store::{PoolSize, Store, StoreError, StoreResult};
use std::sync::Arc;

/// One opened database, as the server (store and register) and the seeder see it.
#[derive(Clone)]
pub struct Storage {
    pub store: Arc<dyn Store>,
    pub register: Arc<dyn LearnerRegister>,
    pub seeder: Arc<dyn Seeder>,
    /// How the servers sharing this database hear of each other's changes; None where only one
    /// process serves a database (SQLite).
    pub feed: Option<Arc<dyn ChangeFeed>>,
}

/// Opens the database at `url`, creating and migrating it as needed: `sqlite://PATH` (the file is
/// created if missing) or `postgres://…` (the database must exist; its tables are created).
pub async fn open(url: &str, size: PoolSize) -> StoreResult<Storage> {
    let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
    match scheme {
        "sqlite" => {
            let db = Database::open(url, size).await?;
            let register = SimulatedRegister::on_sqlite(db.clone());
            Ok(Storage {
                store: Arc::new(SqliteStore::new(db.clone())),
                seeder: Arc::new(SqliteSeeder::new(db, register.clone())),
                register: Arc::new(register),
                feed: None,
            })
        }
        "postgres" | "postgresql" => {
            let store = PostgresStore::open(url, size).await?;
            let pool = store.pool().clone();
            let register = SimulatedRegister::on_postgres(pool.clone());
            Ok(Storage {
                store: Arc::new(store),
                seeder: Arc::new(PostgresSeeder::new(pool.clone(), register.clone())),
                register: Arc::new(register),
                feed: Some(Arc::new(PostgresFeed::new(pool))),
            })
        }
        // Only the scheme: the rest of a URL may hold a password.
        other => Err(StoreError::UnsupportedUrl(format!("{other}:"))),
    }
}
