//! The SQLite database being moved: opened read-only, so the move cannot change it, and accepted
//! only if its schema is this version's and holds nothing the table list does not know.

use super::tables::{Origin, SCHEMA_TABLES, TABLES};
use super::MigrateError;
use crate::store::sqlite::MIGRATOR;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::Duration;

/// Opens `url` read-only. A server still writing to it waits at most this long for our reads;
/// the move reads one snapshot, so its writes after that would not be moved (README).
pub(crate) async fn open(url: &str) -> Result<SqliteConnection, MigrateError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(MigrateError::Source)?
        .read_only(true)
        .busy_timeout(Duration::from_secs(10));
    let mut connection = options.connect().await.map_err(MigrateError::Source)?;
    check_current(&mut connection).await?;
    check_tables(&mut connection).await?;
    Ok(connection)
}

/// Opening the source the usual way would migrate it; instead an older (or newer) schema is
/// refused, and the operator brings it up to date by running this version's server on it once.
async fn check_current(connection: &mut SqliteConnection) -> Result<(), MigrateError> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *connection)
            .await
            .map_err(|_| MigrateError::SourceNotCurrent("it has no migration history".into()))?;
    let known: Vec<i64> = MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .map(|m| m.version)
        .collect();
    if applied == known {
        return Ok(());
    }
    let why = match applied.iter().find(|v| !known.contains(v)) {
        Some(newer) => format!("migration {newer} is newer than this version"),
        None => format!(
            "it is at migration {}, this version at {}",
            applied.last().copied().unwrap_or(0),
            known.last().copied().unwrap_or(0)
        ),
    };
    Err(MigrateError::SourceNotCurrent(why))
}

/// Every table and column of the source must be one the move knows what to do with.
async fn check_tables(connection: &mut SqliteConnection) -> Result<(), MigrateError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name != '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *connection)
    .await
    .map_err(MigrateError::Source)?;
    for name in &tables {
        if SCHEMA_TABLES.contains(&name.as_str()) {
            continue;
        }
        let Some(table) = TABLES.iter().find(|t| t.name == name) else {
            return Err(MigrateError::UnknownSchema(format!("table {name}")));
        };
        let columns: BTreeSet<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(name)
            .fetch_all(&mut *connection)
            .await
            .map_err(MigrateError::Source)?
            .into_iter()
            .collect();
        let listed: BTreeSet<String> = table.columns.iter().map(|c| c.name.to_owned()).collect();
        if let Some(extra) = columns.difference(&listed).next() {
            return Err(MigrateError::UnknownSchema(format!(
                "column {name}.{extra}"
            )));
        }
        if let Some(missing) = listed.difference(&columns).next() {
            return Err(MigrateError::UnknownSchema(format!(
                "column {name}.{missing} is missing"
            )));
        }
    }
    if let Some(absent) = TABLES
        .iter()
        .find(|t| t.origin == Origin::Copied && !tables.iter().any(|n| n == t.name))
    {
        return Err(MigrateError::UnknownSchema(format!(
            "table {} is missing",
            absent.name
        )));
    }
    Ok(())
}

/// One read transaction: the copy and the verification then see the same rows, even if a server
/// writes meanwhile.
pub(crate) async fn snapshot(
    connection: &mut SqliteConnection,
) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>, MigrateError> {
    connection.begin().await.map_err(MigrateError::Source)
}
