//! The one place a database implementation is chosen, from the URL's scheme. Everything else in
//! the server sees the traits.

use crate::register::{LearnerRegister, SimulatedRegister};
use crate::seed::sqlite::SqliteSeeder;
use crate::seed::Seeder;
use crate::store::sqlite::{Database, SqliteStore};
use crate::store::{PoolSize, Store, StoreError, StoreResult};
use std::sync::Arc;

/// One opened database, as the server (store and register) and the seeder see it.
#[derive(Clone)]
pub struct Storage {
    pub store: Arc<dyn Store>,
    pub register: Arc<dyn LearnerRegister>,
    pub seeder: Arc<dyn Seeder>,
}

/// Opens the database at `url`, creating and migrating it as needed. A PostgreSQL implementation
/// joins as one more arm (`postgres:`), with its own migrations.
pub async fn open(url: &str, size: PoolSize) -> StoreResult<Storage> {
    let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
    match scheme {
        "sqlite" => {
            let db = Database::open(url, size).await?;
            let register = SimulatedRegister::new(db.clone());
            Ok(Storage {
                store: Arc::new(SqliteStore::new(db.clone())),
                seeder: Arc::new(SqliteSeeder::new(db, register.clone())),
                register: Arc::new(register),
            })
        }
        // Only the scheme: the rest of a URL may hold a password.
        other => Err(StoreError::UnsupportedUrl(format!("{other}:"))),
    }
}
