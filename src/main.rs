use anyhow::Context;
use clap::Parser;
use uln_console::domain::RemovalPeriod;
use uln_console::server::seed::{seed, SeedConfig};
use uln_console::server::store::Role;
use uln_console::server::{Backend, ServerConfig};

mod cli;

use cli::{Cli, Command, OperatorCommand, RoleArg};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(run(cli))
}

fn log_to_stderr() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ULN_CONSOLE_LOG")
        .unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
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
        }) => {
            log_to_stderr();
            let mut config = ServerConfig::new(cli::database_url(&database));
            config.removal_period = RemovalPeriod::days(removal_days);
            let backend = Backend::open(config).await?;
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            tracing::info!(address = %listener.local_addr()?, "serving /api/v1");
            backend.serve(listener, shutdown_signal()).await
        }
        Some(Command::Seed {
            database,
            learners,
            registrations,
            seed: s,
            anomaly_percent,
            removal_days,
        }) => {
            log_to_stderr();
            let backend = Backend::open(ServerConfig::new(cli::database_url(&database))).await?;
            let config = SeedConfig {
                learners,
                registrations,
                seed: s,
                anomaly_percent,
                ..SeedConfig::default()
            };
            let summary = seed(&backend, &config, RemovalPeriod::days(removal_days)).await?;
            println!(
                "seeded {} learners ({} linked ULNs, {} learning events) and {} registrations ({} exceptions) in {:.1}s",
                summary.learners, summary.linked_ulns, summary.events, summary.registrations, summary.exceptions, summary.seconds
            );
            Ok(())
        }
        Some(Command::Operator {
            command:
                OperatorCommand::Add {
                    name,
                    role,
                    database,
                },
        }) => {
            let backend = Backend::open(ServerConfig::new(cli::database_url(&database))).await?;
            let role = match role {
                RoleArg::Viewer => Role::Viewer,
                RoleArg::Operator => Role::Operator,
                RoleArg::Supervisor => Role::Supervisor,
            };
            let (_, token) = backend.add_operator(name.trim(), role).await?;
            println!("{token}");
            Ok(())
        }
        None => demo().await,
    }
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

/// The embedded default: a backend over a demo database in the user's data directory, seeded on
/// first run, with a local operator. (The console itself arrives with the next issue.)
async fn demo() -> anyhow::Result<()> {
    log_to_stderr();
    let dirs = directories::ProjectDirs::from("", "", "uln-console")
        .context("no home directory to keep demo data in")?;
    let data = dirs.data_dir();
    std::fs::create_dir_all(data).with_context(|| format!("cannot create {}", data.display()))?;
    let path = data.join("demo.db");
    let first_run = !path.exists();
    let backend = Backend::open(ServerConfig::new(cli::database_url(
        &path.to_string_lossy(),
    )))
    .await?;
    if first_run {
        // A token from an older demo database would not open this one.
        let _ = std::fs::remove_file(data.join("local-operator.token"));
        eprintln!("First run: seeding demo data into {} …", path.display());
        let summary = seed(&backend, &SeedConfig::default(), RemovalPeriod::default()).await?;
        eprintln!(
            "Seeded {} registrations ({} exceptions).",
            summary.registrations, summary.exceptions
        );
    }
    let token = local_operator_token(&backend, data).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    println!("DEMO backend (demo data, not real learners) at http://{address}/api/v1");
    println!(
        "Token (kept in {}): {token}",
        data.join("local-operator.token").display()
    );
    println!("Try: curl -H 'Authorization: Bearer {token}' http://{address}/api/v1/queues");
    println!("Press Ctrl-C to stop.");
    backend.serve(listener, shutdown_signal()).await
}
