//! The proof of a move: every table's rows read back from both databases, in key order, counted
//! and hashed alike (`rows::TableHasher`). Read independently of the copy, so a table the copy
//! missed or mangled shows here.

use super::rows::{self, Checksum, TableHasher};
use super::tables::{Origin, Table, TABLES};
use super::MigrateError;
use futures_util::TryStreamExt;
use sqlx::{PgConnection, SqliteConnection};

/// One table as found on both sides.
#[derive(Debug, Clone)]
pub struct TableCheck {
    pub table: &'static str,
    /// Derived tables are rebuilt by the target's triggers, not copied.
    pub derived: bool,
    pub source: Checksum,
    pub target: Checksum,
}

impl TableCheck {
    pub fn matches(&self) -> bool {
        self.source == self.target
    }
}

pub(crate) async fn compare(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
) -> Result<Vec<TableCheck>, MigrateError> {
    let mut checks = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let check = TableCheck {
            table: table.name,
            derived: table.origin == Origin::Derived,
            source: source_checksum(source, table).await?,
            target: target_checksum(target, table).await?,
        };
        tracing::info!(
            table = table.name,
            rows = check.target.rows,
            matches = check.matches(),
            "verified"
        );
        checks.push(check);
    }
    Ok(checks)
}

async fn source_checksum(
    source: &mut SqliteConnection,
    table: &Table,
) -> Result<Checksum, MigrateError> {
    let select = table.sqlite_select();
    let mut stream = sqlx::query(&select).fetch(&mut *source);
    let mut hasher = TableHasher::new();
    while let Some(row) = stream.try_next().await.map_err(MigrateError::Source)? {
        let values = rows::from_sqlite(table, &row).map_err(MigrateError::Source)?;
        hasher.add(table, &values).map_err(MigrateError::Source)?;
    }
    Ok(hasher.finish())
}

async fn target_checksum(
    target: &mut PgConnection,
    table: &Table,
) -> Result<Checksum, MigrateError> {
    let select = table.postgres_select();
    let mut stream = sqlx::query(&select).fetch(&mut *target);
    let mut hasher = TableHasher::new();
    while let Some(row) = stream.try_next().await.map_err(MigrateError::Target)? {
        let values = rows::from_postgres(table, &row).map_err(MigrateError::Target)?;
        hasher.add(table, &values).map_err(MigrateError::Target)?;
    }
    Ok(hasher.finish())
}
