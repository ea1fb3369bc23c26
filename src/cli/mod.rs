//! Command-line arguments.

mod register;

pub use register::RegisterArgs;

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
        /// Hours before its deadline a snoozed record comes back at the latest.
        #[arg(long, default_value_t = 48)]
        snooze_margin_hours: u32,
        /// Seconds after a change in which its operator may undo it (the console counts 10
        /// down; the rest covers the round trip). 0 turns undo off.
        #[arg(long, default_value_t = 15)]
        undo_window_seconds: u32,
        /// Minutes a claim on a record ("Sam is on this record") lasts without its holder
        /// renewing it: an idle operator's claim lapses after this.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1440))]
        claim_idle_minutes: u32,
        #[command(flatten)]
        timeouts: TimeoutArgs,
        #[command(flatten)]
        register: RegisterArgs,
        #[command(flatten)]
        ssh: SshArgs,
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
    /// Serve the simulated register through the LRS's own SOAP operations: a test double of the
    /// Learning Records Service for the LRS adapter and for integrators.
    #[command(long_about = LRS_SIM_ABOUT)]
    LrsSim(LrsSimArgs),
    /// Submit a centre's registration batch, a CSV file with a header row, to a shared backend;
    /// writes what became of each row to a results file. Exit code 0 when every row was sent, 1
    /// when some were not (the results file says which), 2 when nothing could be started.
    Import(ImportArgs),
    /// Manage the operators who may use the API.
    Operator {
        #[command(subcommand)]
        command: OperatorCommand,
    },
}

const LRS_SIM_ABOUT: &str = "\
Serve the simulated register through the LRS's own SOAP operations: a test double of the Learning
Records Service for the LRS adapter and for integrators.

It serves whatever register data the database holds: fill a new database first with
`uln-console seed --database URL`. Endpoints: POST /LearnerService.svc (VerifyLearner,
SubmitVerifyBatch, GetVerifyBatchOutput, FindLearnerByULN, FindLearnerByDemographics, RetrieveULNs) and
POST /LearnerServiceR9.svc (GetLearnerLearningEvents, CreateDataChallenge, ListDataChallenge),
Content-Type text/xml. Answers carry the LRS's codes (WSVRC001-006 with VRF1-8 flags, WSRC0001-4,
WSRC0022 for a linked ULN with MasterSubstituted=Y, WSRC0030, WSRC0018, WSEC0206, WSEC0208,
WSEC0136); refusals are SOAP faults with a MIAPAPIException: WSEC0001 a request that breaks the
schema, WSEC0002 an unknown operation, WSEC0003 an unknown organisation or user, WSEC0005 a wrong
password, WSEC0004 out of hours, WSEC0999 an injected fault. Logs name operations, codes and
durations, never a learner's details.";

/// `uln-console lrs-sim`: where to listen, the one account it accepts, and the failures to add.
#[derive(Debug, clap::Args)]
pub struct LrsSimArgs {
    /// sqlite://PATH or postgres://USER@HOST/DATABASE, holding the register data to serve
    #[arg(long, env = "ULN_CONSOLE_DATABASE")]
    pub database: String,
    /// Address to listen on; loopback unless you say otherwise.
    #[arg(long, default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,
    /// The organisation callers must send, as UKPRN or OrganisationRef (else WSEC0003).
    #[arg(long, env = "ULN_LRS_SIM_UKPRN", default_value = uln_server::lrs_sim::DEMO_ORGANISATION)]
    pub ukprn: String,
    /// The user name callers must send (else WSEC0003).
    #[arg(long, env = "ULN_LRS_SIM_USER", default_value = uln_server::lrs_sim::DEMO_USER)]
    pub user: String,
    /// The organisation password callers must send (else WSEC0005); from the environment it
    /// stays out of process listings. Default: the demo password, lrs-sim-password.
    #[arg(long, env = "ULN_LRS_SIM_PASSWORD", hide_env_values = true, hide_default_value = true, default_value = uln_server::lrs_sim::DEMO_PASSWORD)]
    pub password: String,
    /// Delay added before every answer, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency: u64,
    /// Up to this many more milliseconds of delay, at random per request.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub jitter: u64,
    /// Share of requests answered with a WSEC0999 fault, in percent.
    #[arg(long, value_name = "PERCENT", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub fault_rate: u8,
    /// Share of requests whose answer is cut off half-way and the connection closed, in percent.
    #[arg(long, value_name = "PERCENT", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub drop_rate: u8,
    /// Daily hours, UK time, when every request is refused as out of hours (WSEC0004), e.g.
    /// 22:00-06:00 (over midnight) or 12:00-13:00.
    #[arg(long, value_name = "HH:MM-HH:MM")]
    pub closed: Option<uln_server::lrs_sim::ClosedHours>,
    #[command(flatten)]
    pub timeouts: TimeoutArgs,
}

impl LrsSimArgs {
    pub fn config(&self) -> uln_server::lrs_sim::SimConfig {
        use std::time::Duration;
        use uln_server::lrs_sim::{FaultInjection, SimAccount, SimConfig};
        SimConfig {
            account: SimAccount {
                organisation: self.ukprn.clone(),
                user_name: self.user.clone(),
                password: self.password.clone(),
            },
            faults: FaultInjection {
                latency: Duration::from_millis(self.latency),
                jitter: Duration::from_millis(self.jitter),
                fault_percent: self.fault_rate,
                drop_percent: self.drop_rate,
            },
            closed: self.closed,
            http: self.timeouts.limits(),
            ..SimConfig::default()
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The backend's API root or the server's root (token in ULN_CONSOLE_TOKEN or the config's
    /// token_file); default: the config's backend.
    #[arg(long, env = "ULN_CONSOLE_BACKEND")]
    pub backend: Option<String>,
    /// Rows per request; the API takes at most 5,000.
    #[arg(long, default_value_t = MAX_BATCH, value_parser = batch_size)]
    pub batch: usize,
    /// Where each row's result is written; default: FILE.results.csv next to the input.
    #[arg(long, value_name = "PATH")]
    pub results: Option<std::path::PathBuf>,
    /// Replace the results file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Send again only the rows the results file (of an earlier run over the same file) lists as
    /// not_sent, or does not list at all; the other lines are kept as they were.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// The centre's CSV file: a header row (uln, given_name, family_name, date_of_birth, gender,
    /// postcode, centre; optional qualification, registered_at; common synonyms accepted).
    pub file: std::path::PathBuf,
}

/// The API's own limit on one request's rows.
const MAX_BATCH: usize = uln_api::registrations::MAX_BATCH;

fn batch_size(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_BATCH).contains(&n) => Ok(n),
        _ => Err(format!("a number of rows from 1 to {MAX_BATCH}")),
    }
}

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Create an operator and print their API token (shown once; only its hash is stored).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// An SSH public key for the console over SSH, as the line of their .pub file
        /// ("ssh-ed25519 AAAA… comment"); repeat for more keys.
        #[arg(long = "ssh-key", value_name = "LINE")]
        ssh_keys: Vec<String>,
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
    },
    /// Give an operator an SSH public key: with it they open the console over SSH (`serve --ssh`).
    AddKey {
        name: String,
        /// The line of their .pub file: "ssh-ed25519 AAAA… comment".
        key: String,
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
    },
    /// Take an SSH key from an operator; their sessions with it end within seconds.
    RemoveKey {
        name: String,
        /// The key's fingerprint, SHA256:…, as `operator list` shows it.
        fingerprint: String,
        #[arg(long, env = "ULN_CONSOLE_DATABASE")]
        database: String,
    },
    /// List every operator: name, role, when added and when revoked (never tokens), and their SSH
    /// keys' fingerprints.
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

/// `serve --ssh`: the console served over SSH by the backend itself.
#[derive(Debug, Clone, clap::Args)]
pub struct SshArgs {
    /// Serve the console over SSH on this address (e.g. 0.0.0.0:2222); operators connect with
    /// the keys given to them by `operator add-key`.
    #[arg(long, value_name = "ADDR")]
    pub ssh: Option<SocketAddr>,
    /// The server's SSH host key (made on first start, readable by its owner only); default:
    /// ssh_host_ed25519_key in the data directory.
    #[arg(long, value_name = "PATH", requires = "ssh")]
    pub ssh_host_key: Option<std::path::PathBuf>,
    /// Operators' console settings over SSH: NAME.toml per operator, in the format of
    /// uln-console.toml (keys, form_keys, theme, mask_after_idle); default: ssh-consoles in the
    /// data directory. An operator without a file gets the defaults.
    #[arg(long, value_name = "DIR", requires = "ssh")]
    pub ssh_config_dir: Option<std::path::PathBuf>,
    /// A session with no key pressed for this many minutes ends.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub ssh_idle_minutes: u64,
    /// Console sessions one operator may have open at once.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub ssh_sessions_per_operator: u64,
    /// Console sessions this server serves at once, all operators together.
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub ssh_sessions: u64,
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
