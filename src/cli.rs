//! Command-line arguments.

use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;

#[derive(Debug, Parser)]
#[command(
    name = "uln-console",
    version,
    about = "Helpdesk console for unmatched ULNs, and its registration backend"
)]
pub struct Cli {
    /// A shared backend's API root, e.g. https://uln.example.ac.uk/api/v1 (token in ULN_CONSOLE_TOKEN);
    /// several servers of one backend as a comma-separated list, tried in turn. Without it the
    /// console runs its own backend over demo data.
    #[arg(long, env = "ULN_CONSOLE_BACKEND")]
    pub backend: Option<String>,
    /// The config file; default: uln-console.toml in the XDG config directory.
    #[arg(long, env = "ULN_CONSOLE_CONFIG")]
    pub config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the registration backend's HTTP API.
    Serve {
        /// sqlite://PATH (created if missing) or postgres://USER@HOST/DATABASE (must exist)
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
        /// Address to listen on; loopback unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Days an exception may stay unresolved before its ULN is removed.
        #[arg(long, default_value_t = 28)]
        removal_days: u32,
        #[command(flatten)]
        timeouts: TimeoutArgs,
    },
    /// Fill a new database with deterministic demo data (register learners and registrations).
    Seed {
        /// sqlite://PATH (created if missing) or postgres://USER@HOST/DATABASE (must exist)
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
        #[arg(long, default_value_t = 2_000)]
        learners: usize,
        #[arg(long, default_value_t = 3_000)]
        registrations: usize,
        /// Same seed, same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Share of registrations that carry an anomaly, in percent.
        #[arg(long, default_value_t = 35, value_parser = clap::value_parser!(u8).range(0..=100))]
        anomaly_percent: u8,
        #[arg(long, default_value_t = 28)]
        removal_days: u32,
    },
    /// Move a SQLite deployment (embedded or single-server), audit trail included, into an empty
    /// PostgreSQL database: one transaction, committed only when every table's row count and
    /// checksum agree on both sides.
    MigrateData {
        /// The SQLite database to move: sqlite://PATH or a file path. Only read, never changed.
        #[arg(long)]
        from: String,
        /// The PostgreSQL database to fill, postgres://USER@HOST/DB; its schema is created, and
        /// it must hold no data. From the environment, a password stays out of process listings.
        #[arg(long, env = "ULN_CONSOLE_MIGRATE_TO", hide_env_values = true)]
        to: String,
    },
    /// Manage the operators who may use the API.
    Operator {
        #[command(subcommand)]
        command: OperatorCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Create an operator and print their API token (shown once; only its hash is stored).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
    },
    /// List every operator: name, role, when added and when revoked (never tokens).
    List {
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
    },
    /// Revoke an operator's token: servers refuse it within seconds and end their live updates.
    /// The operator stays listed, for the audit trail names them.
    Revoke {
        name: String,
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
    },
    /// Give an operator another role, from their next request on.
    SetRole {
        name: String,
        #[arg(value_enum)]
        role: RoleArg,
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Operator,
    Supervisor,
}

/// Accepts `sqlite://path`, `sqlite:path`, a bare file path, or a PostgreSQL URL
/// (`postgres://…` or `postgresql://…`).
pub fn database_url(text: &str) -> String {
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|scheme| text.starts_with(scheme)) {
        text.to_owned()
    } else {
        format!("sqlite://{text}")
    }
}

/// How long `serve` waits for slow clients and for itself when stopping, in seconds.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct TimeoutArgs {
    /// A connection must send a request's headers within this of opening or of its previous
    /// response; idle keep-alive connections are closed after it.
    #[arg(long, env = "ULN_CONSOLE_IDLE_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: u64,
    /// A request body must arrive in full within this of its headers (else 408).
    #[arg(long, env = "ULN_CONSOLE_BODY_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,
    /// On SIGTERM or SIGINT, how long requests in flight may take before the server exits.
    #[arg(long, env = "ULN_CONSOLE_SHUTDOWN_GRACE", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=600))]
    pub shutdown_grace: u64,
}

impl TimeoutArgs {
    pub fn limits(self) -> uln_server::http::HttpLimits {
        use std::time::Duration;
        uln_server::http::HttpLimits {
            idle_and_headers: Duration::from_secs(self.idle_timeout),
            body: Duration::from_secs(self.body_timeout),
            shutdown_grace: Duration::from_secs(self.shutdown_grace),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn a_database_is_a_sqlite_path_or_a_url_of_either_database() {
        assert_eq!(database_url("demo.db"), "sqlite://demo.db");
        assert_eq!(database_url("sqlite:demo.db"), "sqlite:demo.db");
        for url in [
            "postgres://uln@db/uln",
            "postgresql://uln@db/uln?sslmode=require",
        ] {
            assert_eq!(database_url(url), url);
        }
    }
}
