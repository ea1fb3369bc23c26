//! `uln-console import FILE.csv`: a centre's registration batch sent to a shared backend in
//! batches, with a results file saying what became of every row (the reading and sending are
//! `uln_api::import`'s, shared with the console's `:import` screen).
//!
//! Nothing personal is printed: progress and the summary are counts, and field-level reasons go
//! only to the results file.

mod progress;

use crate::cli::ImportArgs;
use crate::config::Config;
use progress::Progress;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use uln_api::import::results::{self, Outcome, ResultsFile};
use uln_api::import::rows::{self, InputRow};
use uln_api::import::send_all;
use uln_api::ApiClient;

/// Every row was sent (matched, exception, pending or invalid).
const ALL_SENT: u8 = 0;
/// Some rows were not sent, or may not have been: the results file says which.
const SOME_NOT_SENT: u8 = 1;
/// Nothing was sent: the command line, the file, the config or the token is wrong.
const USAGE: u8 = 2;

/// Runs the import; `backend` is the `--backend` given before the command, if any.
pub async fn run(args: ImportArgs, backend: Option<String>, config: Option<PathBuf>) -> ExitCode {
    match import(args, backend, config).await {
        Ok(code) => ExitCode::from(code),
        Err(why) => {
            eprintln!("uln-console import: {why:#}");
            ExitCode::from(USAGE)
        }
    }
}

async fn import(
    args: ImportArgs,
    backend: Option<String>,
    config_path: Option<PathBuf>,
) -> anyhow::Result<u8> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let input = rows::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    for header in &input.columns.ignored {
        eprintln!("warning: column {header:?} is not a registration field: it is not sent");
    }
    let results_path = args
        .results
        .clone()
        .unwrap_or_else(|| args.file.with_extension("results.csv"));
    if results_path.exists() && !args.force && !args.resume {
        anyhow::bail!(
            "{} exists: pass --force to replace it, or --results PATH",
            results_path.display()
        );
    }
    // Read before connecting, so a missing or foreign results file is said at once.
    let (kept, rows) = match args.resume {
        true => resumed(&results_path, input.rows).map_err(|why| anyhow::anyhow!(why))?,
        false => (vec![], input.rows),
    };
    let client = connect(args.backend.or(backend), config_path).await?;
    let mut progress = Progress::new();
    let cannot_write =
        |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", results_path.display());
    if !args.resume {
        let mut results = ResultsFile::create(&results_path, args.force).map_err(cannot_write)?;
        let outcomes = send_all(&client, &rows, args.batch, &mut results, &mut progress)
            .await
            .map_err(cannot_write)?;
        progress.finish();
        return Ok(summarise(&outcomes, &results_path));
    }
    // The rows sent again are written beside the earlier file, which is replaced by the merged
    // results only at the end: stopping a resumed import loses none of the earlier answers.
    let fresh_path = results_path.with_extension("resuming.csv");
    let mut fresh = ResultsFile::create(&fresh_path, true).map_err(cannot_write)?;
    let mut outcomes = send_all(&client, &rows, args.batch, &mut fresh, &mut progress)
        .await
        .map_err(cannot_write)?;
    progress.finish();
    outcomes.extend(kept.iter().map(|line| line.outcome));
    results::merge(kept, &fresh_path, &results_path).map_err(cannot_write)?;
    Ok(summarise(&outcomes, &results_path))
}

/// For `--resume`: the earlier results kept (every row but those not sent), and the input rows
/// to send again (those not sent, and those the earlier run never reached).
fn resumed(
    results_path: &Path,
    rows: Vec<InputRow>,
) -> Result<(Vec<results::EarlierLine>, Vec<InputRow>), String> {
    let kept: Vec<_> = results::read_earlier(results_path)?
        .into_iter()
        .filter(|line| line.outcome != Outcome::NotSent)
        .collect();
    let answered: std::collections::HashSet<u64> = kept.iter().map(|line| line.row).collect();
    let again = rows
        .into_iter()
        .filter(|row| !answered.contains(&row.line))
        .collect();
    Ok((kept, again))
}

/// A client for the shared backend, with the token the console would use.
async fn connect(given: Option<String>, config_path: Option<PathBuf>) -> anyhow::Result<ApiClient> {
    let config_path = match config_path {
        Some(path) => path,
        None => directories::ProjectDirs::from("", "", "uln-console")
            .map(|dirs| dirs.config_dir().join("uln-console.toml"))
            .ok_or_else(|| anyhow::anyhow!("no home directory to find the config in"))?,
    };
    let config = Config::load(&config_path)?;
    let addresses = match given {
        Some(given) => crate::shared_backend::addresses(&given),
        None => config.backend.clone(),
    };
    if addresses.is_empty() {
        anyhow::bail!("which backend? pass --backend URL (or set backend in the config)");
    }
    let (client, _) = crate::shared_backend::connect(&addresses, &config, &config_path).await?;
    Ok(client)
}

/// Prints the counts per outcome; the exit code.
fn summarise(outcomes: &[Outcome], results: &Path) -> u8 {
    let counts: Vec<String> = uln_api::import::counts(outcomes)
        .into_iter()
        .map(|(o, n)| format!("{n} {}", o.name()))
        .collect();
    println!("{} rows: {}", outcomes.len(), counts.join(", "));
    println!("results: {}", results.display());
    let unsent = outcomes.iter().filter(|o| !o.was_sent()).count();
    if unsent == 0 {
        return ALL_SENT;
    }
    println!("{unsent} rows were not sent or not confirmed: the results file says which and why");
    SOME_NOT_SENT
}
