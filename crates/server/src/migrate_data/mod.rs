//! Moving up (issue 14): a SQLite deployment's data, audit trail included, copied into an empty
//! PostgreSQL database in one transaction that commits only once every table's row count and
//! checksum agree on both sides. `uln-console migrate-data` is this, with a summary printed.
//!
//! Nothing personal is logged or reported: table names, counts and checksums only. Nor is a URL:
//! it may hold a password, so errors name the side (source, target), never the address.

mod rows;
mod source;
mod tables;
mod target;
mod verify;

pub use rows::Checksum;
pub use verify::TableCheck;

use sqlx::Connection;
use std::fmt;
use tables::{Origin, TABLES};

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("the source must be a sqlite: database URL, not {0}")]
    SourceScheme(String),
    #[error("the target must be a postgres: database URL, not {0}")]
    TargetScheme(String),
    #[error("source database: {0}")]
    Source(#[source] sqlx::Error),
    #[error(
        "the source database's schema is not this version's ({0}): run this version's \
         `uln-console serve` on it once to bring it up to date, then move it"
    )]
    SourceNotCurrent(String),
    #[error("the source database holds {0}, which this version cannot move: nothing was copied")]
    UnknownSchema(String),
    #[error("target database: {0}")]
    Target(#[source] sqlx::Error),
    #[error("target database: no connection could be made")]
    TargetUnreachable,
    #[error("target database: could not connect or create its schema: {0}")]
    TargetSchema(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error(
        "the target database already holds data (table {table} has rows): migrate-data only \
         fills an empty database; nothing was copied"
    )]
    TargetNotEmpty { table: &'static str },
    #[error("verification failed, nothing was committed to the target:\n{}", Mismatches(.0))]
    Verification(Vec<TableCheck>),
}

/// What a completed move found in each table, on both sides alike.
#[derive(Debug, Clone)]
pub struct MigrationReport {
    pub tables: Vec<TableCheck>,
}

impl fmt::Display for MigrationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<22} {:>10}  CHECKSUM", "TABLE", "ROWS")?;
        for check in &self.tables {
            writeln!(
                f,
                "{:<22} {:>10}  {}{}",
                check.table,
                check.target.rows,
                check.target.short(),
                if check.derived {
                    "  (rebuilt by the target's triggers)"
                } else {
                    ""
                }
            )?;
        }
        Ok(())
    }
}

struct Mismatches<'a>(&'a [TableCheck]);

impl fmt::Display for Mismatches<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for check in self.0.iter().filter(|c| !c.matches()) {
            writeln!(
                f,
                "  {}: source {} rows ({}), target {} rows ({})",
                check.table,
                check.source.rows,
                check.source.short(),
                check.target.rows,
                check.target.short()
            )?;
        }
        Ok(())
    }
}

/// The scheme alone: the rest of a URL may hold a password.
fn scheme(url: &str) -> String {
    format!("{}:", url.split_once(':').map_or("", |(scheme, _)| scheme))
}

/// Copies the SQLite database at `from` into the empty PostgreSQL database at `to` (its schema
/// created if need be), verifies every table and commits; on any error or mismatch the target
/// is left as it was. The source is only read.
pub async fn migrate_data(from: &str, to: &str) -> Result<MigrationReport, MigrateError> {
    if scheme(from) != "sqlite:" {
        return Err(MigrateError::SourceScheme(scheme(from)));
    }
    if !matches!(scheme(to).as_str(), "postgres:" | "postgresql:") {
        return Err(MigrateError::TargetScheme(scheme(to)));
    }
    let mut source = source::open(from).await?;
    let pool = target::open(to).await?;
    let mut snapshot = source::snapshot(&mut source).await?;
    let mut transaction = pool.begin().await.map_err(MigrateError::Target)?;
    target::lock_and_require_empty(&mut transaction).await?;
    for table in TABLES.iter().filter(|t| t.origin == Origin::Copied) {
        let rows = target::copy(&mut snapshot, &mut transaction, table).await?;
        tracing::info!(table = table.name, rows, "copied");
    }
    target::continue_identities(&mut transaction).await?;
    let checks = verify::compare(&mut snapshot, &mut transaction).await?;
    if checks.iter().any(|c| !c.matches()) {
        transaction.rollback().await.map_err(MigrateError::Target)?;
        return Err(MigrateError::Verification(checks));
    }
    transaction.commit().await.map_err(MigrateError::Target)?;
    snapshot.rollback().await.map_err(MigrateError::Source)?;
    source.close().await.map_err(MigrateError::Source)?;
    pool.close().await;
    Ok(MigrationReport { tables: checks })
}
