//! Every table of the schema and what moving it to PostgreSQL means: copied row for row, derived
//! by the target's own triggers (and then compared), or part of the schema itself. The source is
//! checked against this list before anything is copied (`source::check_tables`), so a table or
//! column added by a later migration and not listed here stops the move instead of being left
//! behind.

/// How a column is stored on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// INTEGER in SQLite, BIGINT in PostgreSQL.
    Integer,
    Text,
    /// 0 or 1 in SQLite, BOOLEAN in PostgreSQL.
    Flag,
    /// JSON text in SQLite, JSONB in PostgreSQL (which normalises spacing and key order).
    Json,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

const fn integer(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Integer,
    }
}

const fn text(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Copied row for row, ids kept.
    Copied,
    /// Filled on the target by triggers as the copied rows arrive; compared, never copied.
    Derived,
}

#[derive(Debug)]
pub(crate) struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
    /// The primary key: rows are read in this order on both sides, so both hash alike.
    pub key: &'static [&'static str],
    /// `id` is `GENERATED ALWAYS AS IDENTITY` on PostgreSQL: inserted with `OVERRIDING SYSTEM
    /// VALUE`, and its sequence then moved past the copied ids.
    pub identity: bool,
    pub origin: Origin,
}

/// Tables every migrated database has from its migrations alone, so neither copied nor compared:
/// the queue bits are constants, and the operators' generation only tells a database's own
/// servers that their token caches may be stale (a new database's servers start with none).
pub(crate) const SCHEMA_TABLES: &[&str] = &["queue_bits", "operators_generation"];

/// In copy order: each table after those its foreign keys name.
pub(crate) const TABLES: &[Table] = &[
    Table {
        name: "operators",
        columns: &[
            integer("id"),
            text("name"),
            text("role"),
            text("token_hash"),
            integer("created_at"),
            integer("revoked_at"),
        ],
        key: &["id"],
        identity: true,
        origin: Origin::Copied,
    },
    Table {
        name: "operator_keys",
        columns: &[
            integer("id"),
            integer("operator_id"),
            text("fingerprint"),
            text("public_key"),
            text("comment"),
            integer("added_at"),
        ],
        key: &["id"],
        identity: true,
        origin: Origin::Copied,
    },
    Table {
        name: "registrations",
        columns: &[
            integer("id"),
            text("uln"),
            text("given_name"),
            text("family_name"),
            text("date_of_birth"),
            text("gender"),
            text("postcode"),
            text("centre"),
            integer("registered_at"),
            integer("deadline"),
            text("status"),
            integer("version"),
            text("verify_code"),
            text("failure_flags"),
            integer("anomalies"),
            text("reject_reason"),
            text("qualification"),
            integer("snoozed_until"),
            text("assigned_to"),
        ],
        key: &["id"],
        identity: true,
        origin: Origin::Copied,
    },
    Table {
        name: "audit",
        columns: &[
            integer("id"),
            integer("registration_id"),
            text("subject"),
            text("operator"),
            integer("at"),
            text("action"),
            text("reason"),
            Column {
                name: "changes",
                kind: Kind::Json,
            },
        ],
        key: &["id"],
        identity: true,
        origin: Origin::Copied,
    },
    Table {
        name: "claims",
        columns: &[
            integer("registration_id"),
            text("operator"),
            integer("claimed_at"),
            integer("renewed_at"),
        ],
        key: &["registration_id"],
        identity: false,
        origin: Origin::Copied,
    },
    Table {
        name: "pending_verifications",
        columns: &[
            integer("id"),
            text("uln"),
            text("given_name"),
            text("family_name"),
            text("date_of_birth"),
            text("gender"),
            text("postcode"),
            text("centre"),
            text("qualification"),
            integer("registered_at"),
            integer("deadline"),
            text("submitted_by"),
            integer("submitted_at"),
        ],
        key: &["id"],
        identity: true,
        origin: Origin::Copied,
    },
    Table {
        name: "seeded_anomalies",
        columns: &[integer("registration_id"), text("kind")],
        key: &["registration_id"],
        identity: false,
        origin: Origin::Copied,
    },
    Table {
        name: "lrs_learners",
        columns: &[
            text("uln"),
            text("given_name"),
            text("family_name"),
            text("date_of_birth"),
            text("gender"),
            text("postcode"),
            text("preferred_given_name"),
            text("middle_names"),
            text("previous_family_name"),
            Column {
                name: "ability_to_share",
                kind: Kind::Flag,
            },
            integer("version"),
        ],
        key: &["uln"],
        identity: false,
        origin: Origin::Copied,
    },
    Table {
        name: "lrs_linked_ulns",
        columns: &[text("linked_uln"), text("master_uln")],
        key: &["linked_uln"],
        identity: false,
        origin: Origin::Copied,
    },
    Table {
        name: "lrs_events",
        columns: &[
            integer("id"),
            text("uln"),
            text("source"),
            text("qualification_code"),
            text("title"),
            text("qualification_type"),
            text("level"),
            text("grade"),
            text("awarding_organisation"),
            text("provider"),
            text("award_date"),
            integer("credits"),
            text("status"),
        ],
        key: &["id"],
        identity: true,
        origin: Origin::Copied,
    },
    Table {
        name: "lrs_challenges",
        columns: &[
            integer("id"),
            text("reference"),
            text("uln"),
            text("kind"),
            text("corrected"),
            text("note"),
            text("contact"),
            text("status"),
            integer("created_at"),
            integer("resolved_at"),
            text("raised_by"),
        ],
        key: &["id"],
        identity: true,
        origin: Origin::Copied,
    },
    Table {
        name: "lrs_challenge_events",
        columns: &[integer("challenge_id"), integer("event_id")],
        key: &["challenge_id", "event_id"],
        identity: false,
        origin: Origin::Copied,
    },
    // Kept by the registrations triggers on both sides: rebuilt on the target by the copied
    // registrations' inserts, then compared with the source's, which proves the triggers agree.
    Table {
        name: "open_counts",
        columns: &[integer("queue"), integer("hour"), integer("n")],
        key: &["queue", "hour"],
        identity: false,
        origin: Origin::Derived,
    },
];

impl Table {
    pub fn column_kind(&self, name: &str) -> Option<Kind> {
        self.columns.iter().find(|c| c.name == name).map(|c| c.kind)
    }

    /// The columns as SQLite is asked for them.
    pub fn sqlite_select(&self) -> String {
        let columns: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            columns.join(", "),
            self.name,
            self.key.join(", ")
        )
    }

    /// The same rows from PostgreSQL, in the same order: text keys in byte order (COLLATE "C"),
    /// which is SQLite's BINARY order for UTF-8, and JSONB as its text.
    pub fn postgres_select(&self) -> String {
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|c| match c.kind {
                Kind::Json => format!("{0}::text AS {0}", c.name),
                _ => c.name.to_owned(),
            })
            .collect();
        let key: Vec<String> = self
            .key
            .iter()
            .map(|k| match self.column_kind(k) {
                Some(Kind::Text) => format!("{k} COLLATE \"C\""),
                _ => (*k).to_owned(),
            })
            .collect();
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            columns.join(", "),
            self.name,
            key.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_column_is_a_column_of_its_table() {
        for table in TABLES {
            for key in table.key {
                assert!(table.column_kind(key).is_some(), "{}.{key}", table.name);
            }
            assert_eq!(table.identity, table.key == ["id"], "{}", table.name);
        }
    }

    #[test]
    fn text_keys_are_read_from_postgres_in_byte_order() {
        let learners = TABLES.iter().find(|t| t.name == "lrs_learners").unwrap();
        assert!(learners
            .postgres_select()
            .ends_with("ORDER BY uln COLLATE \"C\""));
    }
}
