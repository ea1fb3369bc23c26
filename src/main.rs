use anyhow::Context;
use clap::Parser;
use config::Config;
use uln_api::ApiClient;
use uln_domain::RemovalPeriod;
use uln_server::seed::SeedConfig;
use uln_server::store::PoolSize;
use uln_server::store::Role;
use uln_server::{Backend, ServerConfig};
use uln_tui::app::Connection;
use uln_tui::run_in_terminal;
use uln_tui::saved_state::ConsoleState;
use uln_tui::theme::Theme;

mod cli;
use uln_tui::config;
mod import;
mod operator_admin;
mod shared_backend;
mod ssh_gate;
mod ssh_serve;

use cli::{Cli, Command};

fn main() -> anyhow::Result<std::process::ExitCode> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new()?;
    // The import has exit codes of its own (some rows not sent is not a failure to start).
    if let Some(Command::Import(args)) = cli.command {
        return Ok(runtime.block_on(import::run(args, cli.backend, cli.config)));
    }
    runtime.block_on(run(cli))?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// `info`, but PostgreSQL's notices (such as "relation already exists, skipping" when servers
/// start together) only when they warn.
const DEFAULT_LOG_FILTER: &str = "info,sqlx::postgres::notice=warn";

/// Logs go to stderr through a background writer: a stderr nobody reads (a full pipe under a
/// supervisor that stopped reading) then drops log lines instead of stalling every request that
/// logs. The guard flushes what is queued when dropped, so it lives as long as the command.
fn log_to_stderr() -> tracing_appender::non_blocking::WorkerGuard {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ULN_CONSOLE_LOG")
        .unwrap_or_else(|_| DEFAULT_LOG_FILTER.into());
    let (writer, guard) = tracing_appender::non_blocking(std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .init();
    guard
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Some(Command::Serve {
            database,
            listen,
            removal_days,
            snooze_margin_hours,
            undo_window_seconds,
            claim_idle_minutes,
            timeouts,
            register,
            ssh,
        }) => {
            let _log = log_to_stderr();
            let mut config = ServerConfig::new(cli::database_url(&database));
            config.register = register.choice()?;
            config.removal_period = RemovalPeriod::days(removal_days);
            config.snooze_margin = uln_server::routes::snooze::margin_of_hours(snooze_margin_hours);
            config.undo_window = uln_server::undo::window_of_seconds(undo_window_seconds);
            config.claim_idle = uln_server::routes::claims::idle_of_minutes(claim_idle_minutes);
            config.http = timeouts.limits();
            let backend = Backend::open(config).await?;
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            let api = format!("http://{}/api/v1", listener.local_addr()?);
            tracing::info!(api = %api, "serving");
            // One signal stops both the API and the SSH server.
            let (stop, stopping) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                shutdown_signal().await;
                let _ = stop.send(true);
            });
            let ssh = ssh_serve::start(
                &ssh,
                backend.state.clone(),
                listener.local_addr()?,
                stopping.clone(),
            )
            .await?;
            backend
                .serve(listener, ssh_serve::stopped(stopping))
                .await?;
            if let Some(ssh) = ssh {
                let _ = ssh.await;
            }
            tracing::info!("stopped");
            Ok(())
        }
        Some(Command::Seed {
            database,
            learners,
            registrations,
            seed: s,
            anomaly_percent,
            removal_days,
        }) => {
            let _log = log_to_stderr();
            let backend = Backend::open(ServerConfig::new(cli::database_url(&database))).await?;
            let config = SeedConfig {
                learners,
                registrations,
                seed: s,
                anomaly_percent,
                ..SeedConfig::default()
            };
            let summary = backend
                .seed(&config, RemovalPeriod::days(removal_days))
                .await?;
            println!(
                "seeded {} learners ({} linked ULNs, {} learning events) and {} registrations ({} exceptions, {} with a ULN another registration has for someone else) in {:.1}s",
                summary.learners, summary.linked_ulns, summary.events, summary.registrations, summary.exceptions, summary.duplicates, summary.seconds
            );
            Ok(())
        }
        Some(Command::MigrateData { from, to }) => {
            let _log = log_to_stderr();
            let from = cli::database_url(&from);
            let report = uln_server::migrate_data::migrate_data(&from, &to).await?;
            print!("{report}");
            println!("every table's rows and checksum agree: the move is committed");
            Ok(())
        }
        Some(Command::LrsSim(args)) => lrs_sim(args).await,
        Some(Command::Operator { command }) => operator_admin::run(command).await,
        Some(Command::Import(_)) => unreachable!("main runs the import itself"),
        None => console(cli.backend, cli.config).await,
    }
}

/// `lrs-sim`: the simulated register on the LRS's SOAP wire until SIGTERM or SIGINT.
async fn lrs_sim(args: cli::LrsSimArgs) -> anyhow::Result<()> {
    let _log = log_to_stderr();
    let url = cli::database_url(&args.database);
    let storage = uln_server::database::open(&url, PoolSize::SERVER).await?;
    let learners = storage.seeder.learners_in_register().await?;
    if learners == 0 {
        tracing::warn!(
            "the register is empty: every ULN is unknown; fill it with uln-console seed"
        );
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, learners, "lrs-sim serving");
    uln_server::lrs_sim::serve(listener, storage.register, args.config(), shutdown_signal()).await;
    tracing::info!("stopped");
    Ok(())
}

/// The demo's local supervisor: created on first run, its token kept in a file only this user can read.
async fn local_operator_token(backend: &Backend, data: &std::path::Path) -> anyhow::Result<String> {
    use std::io::Write;
    let path = data.join("local-operator.token");
    if let Ok(token) = std::fs::read_to_string(&path) {
        return Ok(token.trim().to_owned());
    }
    let (_, token) = backend.add_operator("local", Role::Supervisor).await?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&path)?.write_all(token.as_bytes())?;
    Ok(token)
}

/// Ends the console on SIGTERM, SIGHUP (an SSH session dropping) or a SIGINT sent by `kill`;
/// Ctrl-C typed at the keyboard arrives as a key in raw mode. The handlers are installed when this
/// is called, before the terminal is taken over, so a hangup at any moment after that is heard
/// (an async fn would install them only when first polled, after the first frame).
fn terminal_signals() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        )
    };
    async move {
        #[cfg(unix)]
        if let (Ok(mut term), Ok(mut hup), Ok(mut int)) = signals {
            tokio::select! {
                _ = term.recv() => {}
                _ = hup.recv() => {}
                _ = int.recv() => {}
            }
            return;
        }
        std::future::pending::<()>().await
    }
}

fn data_dir() -> anyhow::Result<std::path::PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "uln-console")
        .context("no home directory to keep data in")?;
    let data = dirs.data_dir().to_owned();
    std::fs::create_dir_all(&data).with_context(|| format!("cannot create {}", data.display()))?;
    Ok(data)
}

/// The console logs to a daily file in the data directory, never to the terminal it draws on.
fn log_to_file(data: &std::path::Path) -> tracing_appender::non_blocking::WorkerGuard {
    let appender = tracing_appender::rolling::daily(data.join("logs"), "uln-console.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("ULN_CONSOLE_LOG")
        .unwrap_or_else(|_| DEFAULT_LOG_FILTER.into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .init();
    guard
}

/// Checked before anything starts: `ssh host uln-console` without -t gives no terminal, and the
/// console must say so in one line rather than fail half-way into drawing.
fn require_terminal() -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        anyhow::bail!(
            "the console needs a terminal: run it in one (over SSH: ssh -t HOST uln-console); the backend runs without one: uln-console serve"
        );
    }
    Ok(())
}

async fn console(
    backend: Option<String>,
    config_path: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let dirs = directories::ProjectDirs::from("", "", "uln-console")
        .context("no home directory to keep data in")?;
    let config_path = config_path.unwrap_or_else(|| dirs.config_dir().join("uln-console.toml"));
    let config = Config::load(&config_path)?;
    let keymap = config
        .keymap()
        .map_err(|e| anyhow::anyhow!("{}: {e}", config_path.display()))?;
    let theme = Theme::from_env(config.theme.colour);
    let options = config
        .console_options()
        .map_err(|e| anyhow::anyhow!("{}: {e}", config_path.display()))?;
    // A shared backend is checked first, so a wrong address or token is said before anything else.
    let addresses = match backend {
        Some(given) => shared_backend::addresses(&given),
        None => config.backend.clone(),
    };
    let shared = match addresses.is_empty() {
        false => Some(shared_backend::connect(&addresses, &config, &config_path).await?),
        true => None,
    };
    require_terminal()?;
    let data = data_dir()?;
    let _guard = log_to_file(&data);
    let state_path = data.join("state.toml");
    let state = ConsoleState::load(&state_path);
    let state = match shared {
        Some((client, url)) => {
            let connection = Connection {
                backend: url,
                operator: "…".into(),
                demo: false,
                online: true,
                last_update: None,
            };
            run_in_terminal(
                client,
                connection,
                keymap,
                theme,
                state,
                options,
                terminal_signals(),
            )
            .await?
        }
        None => {
            let (base, token, server) = embedded_backend(&data).await?;
            let client = ApiClient::new(base, token)?;
            let connection = Connection {
                backend: "embedded".into(),
                operator: "local (supervisor)".into(),
                demo: true,
                online: true,
                last_update: None,
            };
            let result = run_in_terminal(
                client,
                connection,
                keymap,
                theme,
                state,
                options,
                terminal_signals(),
            )
            .await;
            server.abort();
            result?
        }
    };
    if let Err(e) = state.save(&state_path) {
        tracing::warn!(error = %e, "could not save the console state");
    }
    Ok(())
}

/// The embedded default: the reference backend in-process on a loopback port, over a demo database
/// in the user's data directory, seeded on first run, with a local operator.
async fn embedded_backend(
    data: &std::path::Path,
) -> anyhow::Result<(String, String, tokio::task::JoinHandle<anyhow::Result<()>>)> {
    let path = data.join("demo.db");
    let first_run = !path.exists();
    let config = ServerConfig {
        pool_size: PoolSize::EMBEDDED,
        ..ServerConfig::new(cli::database_url(&path.to_string_lossy()))
    };
    let backend = Backend::open(config).await?;
    if first_run {
        // A token from an older demo database would not open this one.
        let _ = std::fs::remove_file(data.join("local-operator.token"));
        let summary = backend
            .seed(&SeedConfig::default(), RemovalPeriod::default())
            .await?;
        tracing::info!(
            registrations = summary.registrations,
            "seeded the demo database"
        );
    }
    let token = local_operator_token(&backend, data).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/api/v1", listener.local_addr()?);
    let server = tokio::spawn(backend.serve(listener, std::future::pending()));
    Ok((base, token, server))
}
