//! The PostgreSQL database being filled: its schema created by the store's own migrations, then
//! locked, found empty, and filled table by table inside the one transaction the caller holds.

use super::rows::{self, Value, Values};
use super::tables::{Kind, Origin, Table, TABLES};
use super::MigrateError;
use crate::store::postgres::connect;
use crate::store::{PoolSize, StoreError};
use futures_util::TryStreamExt;
use sqlx::postgres::PgConnectOptions;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, SqliteConnection};
use std::str::FromStr;

/// PostgreSQL takes at most 65,535 bind parameters per statement; rows per INSERT stay well under
/// that for the widest table, and small enough that one statement is quick to plan.
const BIND_PARAMETERS: usize = 30_000;
const MAX_ROWS_PER_INSERT: usize = 2_000;

/// Connects and brings the schema up to date, as a server on it would.
pub(crate) async fn open(url: &str) -> Result<PgPool, MigrateError> {
    let options = PgConnectOptions::from_str(url).map_err(MigrateError::Target)?;
    // One connection is all the move uses.
    let size = PoolSize {
        max_connections: 1,
        ..PoolSize::EMBEDDED
    };
    connect(options, size).await.map_err(|e| match e {
        StoreError::Busy => MigrateError::TargetUnreachable,
        StoreError::Database(source) => MigrateError::TargetSchema(source),
        other => MigrateError::TargetSchema(Box::new(other)),
    })
}

/// Locks every table the move fills against other writers (readers may go on) until the
/// transaction ends, then refuses a target that already holds rows: the move never merges.
pub(crate) async fn lock_and_require_empty(target: &mut PgConnection) -> Result<(), MigrateError> {
    let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    sqlx::query(&format!(
        "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
        names.join(", ")
    ))
    .execute(&mut *target)
    .await
    .map_err(MigrateError::Target)?;
    for table in TABLES {
        let holds: bool =
            sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {})", table.name))
                .fetch_one(&mut *target)
                .await
                .map_err(MigrateError::Target)?;
        if holds {
            return Err(MigrateError::TargetNotEmpty { table: table.name });
        }
    }
    Ok(())
}

/// Streams `table`'s rows from the source snapshot into the target in multi-row INSERTs, ids
/// kept. Returns how many rows it copied.
pub(crate) async fn copy(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &Table,
) -> Result<u64, MigrateError> {
    debug_assert_eq!(table.origin, Origin::Copied);
    let per_insert = (BIND_PARAMETERS / table.columns.len()).min(MAX_ROWS_PER_INSERT);
    let select = table.sqlite_select();
    let mut stream = sqlx::query(&select).fetch(&mut *source);
    let mut batch: Vec<Values> = Vec::with_capacity(per_insert);
    let mut copied = 0;
    while let Some(row) = stream.try_next().await.map_err(MigrateError::Source)? {
        batch.push(rows::from_sqlite(table, &row).map_err(MigrateError::Source)?);
        if batch.len() == per_insert {
            copied += insert(target, table, &mut batch).await?;
        }
    }
    if !batch.is_empty() {
        copied += insert(target, table, &mut batch).await?;
    }
    Ok(copied)
}

async fn insert(
    target: &mut PgConnection,
    table: &Table,
    batch: &mut Vec<Values>,
) -> Result<u64, MigrateError> {
    let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
    let mut insert = QueryBuilder::<Postgres>::new(format!(
        "INSERT INTO {} ({}) {}",
        table.name,
        columns.join(", "),
        if table.identity {
            "OVERRIDING SYSTEM VALUE "
        } else {
            ""
        }
    ));
    insert.push_values(batch.drain(..), |mut row, values| {
        for (value, column) in values.into_iter().zip(table.columns) {
            // A NULL is bound with its column's type, so PostgreSQL need not guess it.
            match (column.kind, value) {
                (Kind::Integer, Value::Integer(n)) => row.push_bind(Some(n)),
                (Kind::Integer, _) => row.push_bind(None::<i64>),
                (Kind::Flag, Value::Flag(flag)) => row.push_bind(Some(flag)),
                (Kind::Flag, _) => row.push_bind(None::<bool>),
                (Kind::Text, Value::Text(text)) => row.push_bind(Some(text)),
                (Kind::Text, _) => row.push_bind(None::<String>),
                (Kind::Json, Value::Json(text)) => {
                    row.push_bind(Some(text)).push_unseparated("::jsonb")
                }
                (Kind::Json, _) => row.push_bind(None::<String>).push_unseparated("::jsonb"),
            };
        }
    });
    // Each batch size is its own statement text: not worth keeping prepared.
    let done = insert
        .build()
        .persistent(false)
        .execute(&mut *target)
        .await
        .map_err(MigrateError::Target)?;
    Ok(done.rows_affected())
}

/// Moves each identity past the highest copied id, so the next row the target creates gets a new
/// id rather than a duplicate-key error. Tables left empty keep their identity at its start.
pub(crate) async fn continue_identities(target: &mut PgConnection) -> Result<(), MigrateError> {
    for table in TABLES.iter().filter(|t| t.identity) {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{0}', 'id'), max(id)) FROM {0} \
             HAVING max(id) IS NOT NULL",
            table.name
        ))
        .execute(&mut *target)
        .await
        .map_err(MigrateError::Target)?;
    }
    Ok(())
}
