//! A row as both databases can give it, and a checksum over rows that comes out the same on both
//! sides when they hold the same data: each value is hashed in one canonical form, whatever its
//! storage type (SQLite's 0/1 and PostgreSQL's BOOLEAN; JSON text and JSONB).

use super::tables::{Kind, Table};
use sha2::{Digest, Sha256};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Integer(i64),
    Text(String),
    Flag(bool),
    /// JSON as the source stored it; hashed in canonical form.
    Json(String),
}

pub(crate) type Values = Vec<Value>;

fn decode_error(table: &Table, column: &str, what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("{}.{column}: {what}", table.name).into())
}

pub(crate) fn from_sqlite(table: &Table, row: &SqliteRow) -> Result<Values, sqlx::Error> {
    let mut values = Vec::with_capacity(table.columns.len());
    for (i, column) in table.columns.iter().enumerate() {
        let value = match column.kind {
            Kind::Integer => row.try_get::<Option<i64>, _>(i)?.map(Value::Integer),
            Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::Text),
            Kind::Json => row.try_get::<Option<String>, _>(i)?.map(Value::Json),
            Kind::Flag => match row.try_get::<Option<i64>, _>(i)? {
                None => None,
                Some(0) => Some(Value::Flag(false)),
                Some(1) => Some(Value::Flag(true)),
                // Not the number itself: an error message must not carry stored values.
                Some(_) => return Err(decode_error(table, column.name, "neither 0 nor 1")),
            },
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(values)
}

pub(crate) fn from_postgres(table: &Table, row: &PgRow) -> Result<Values, sqlx::Error> {
    let mut values = Vec::with_capacity(table.columns.len());
    for (i, column) in table.columns.iter().enumerate() {
        let value = match column.kind {
            Kind::Integer => row.try_get::<Option<i64>, _>(i)?.map(Value::Integer),
            Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::Text),
            Kind::Json => row.try_get::<Option<String>, _>(i)?.map(Value::Json),
            Kind::Flag => row.try_get::<Option<bool>, _>(i)?.map(Value::Flag),
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(values)
}

/// Row count and SHA-256 of a table's rows in key order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Checksum {
    pub rows: u64,
    pub digest: [u8; 32],
}

impl Checksum {
    /// The first 16 hex digits: enough to compare by eye in a summary.
    pub fn short(&self) -> String {
        self.digest[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl std::fmt::Debug for Checksum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} rows, sha256 {}…", self.rows, self.short())
    }
}

pub(crate) struct TableHasher {
    rows: u64,
    sha: Sha256,
}

impl TableHasher {
    pub fn new() -> Self {
        TableHasher {
            rows: 0,
            sha: Sha256::new(),
        }
    }

    /// Each value is tagged and its text length-prefixed, so no two different rows (or row
    /// boundaries) serialise alike.
    pub fn add(&mut self, table: &Table, row: &[Value]) -> Result<(), sqlx::Error> {
        self.rows += 1;
        for (value, column) in row.iter().zip(table.columns) {
            match value {
                Value::Null => self.sha.update(b"N"),
                Value::Integer(n) => {
                    self.sha.update(b"I");
                    self.sha.update(n.to_be_bytes());
                }
                Value::Flag(flag) => self.sha.update(if *flag { b"T" } else { b"F" }),
                Value::Text(text) => self.text(b"S", text),
                Value::Json(text) => {
                    let json: serde_json::Value = serde_json::from_str(text)
                        .map_err(|_| decode_error(table, column.name, "not JSON"))?;
                    self.text(b"J", &canonical_json(&json));
                }
            }
        }
        Ok(())
    }

    fn text(&mut self, tag: &[u8], text: &str) {
        self.sha.update(tag);
        self.sha.update((text.len() as u64).to_be_bytes());
        self.sha.update(text.as_bytes());
    }

    pub fn finish(self) -> Checksum {
        Checksum {
            rows: self.rows,
            digest: self.sha.finalize().into(),
        }
    }
}

/// Compact JSON with every object's keys sorted: JSONB reorders keys and drops spacing, so the
/// source's text and the target's are compared in this form.
fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value as J;
    match value {
        J::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        J::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&J::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate_data::tables::TABLES;

    fn audit() -> &'static Table {
        TABLES.iter().find(|t| t.name == "audit").unwrap()
    }

    fn checksum(rows: &[Values]) -> Checksum {
        let mut hasher = TableHasher::new();
        for row in rows {
            hasher.add(audit(), row).unwrap();
        }
        hasher.finish()
    }

    fn row(reason: Value, changes: Value) -> Values {
        vec![
            Value::Integer(1),
            Value::Null,
            Value::Text("export".into()),
            Value::Text("ada".into()),
            Value::Integer(5),
            Value::Text("exported".into()),
            reason,
            changes,
        ]
    }

    #[test]
    fn json_hashes_alike_whatever_its_spacing_and_key_order() {
        let sqlite = row(
            Value::Null,
            Value::Json(r#"{"uln": {"before": "1", "after": null}, "a": [1, 2]}"#.into()),
        );
        let postgres = row(
            Value::Null,
            Value::Json(r#"{"a":[1,2],"uln":{"after":null,"before":"1"}}"#.into()),
        );
        assert_eq!(checksum(&[sqlite]), checksum(&[postgres]));
    }

    #[test]
    fn null_and_empty_text_hash_apart() {
        let null = row(Value::Null, Value::Null);
        let empty = row(Value::Text(String::new()), Value::Null);
        assert_ne!(checksum(&[null]), checksum(&[empty]));
    }

    #[test]
    fn text_boundaries_are_part_of_the_hash() {
        let mut a_bc = row(Value::Text("bc".into()), Value::Null);
        a_bc[3] = Value::Text("a".into());
        let mut ab_c = row(Value::Text("c".into()), Value::Null);
        ab_c[3] = Value::Text("ab".into());
        assert_ne!(checksum(&[a_bc]), checksum(&[ab_c]));
    }
}
