//! `uln-console import FILE.csv`: a centre's registration batch sent to a shared backend in
//! batches, with a results file saying what became of every row.
//!
//! Nothing is silently lost: every input row gets a line in the results file, whether the
//! backend answered it, the file did not let it be read, or it was never sent. Nothing personal
//! is printed: progress and the summary are counts, and field-level reasons go only to the
//! results file.

mod columns;
mod progress;
mod results;
mod rows;
mod send;

use crate::cli::ImportArgs;
use crate::config::Config;
use progress::Progress;
use results::{Outcome, ResultsFile, RowResult};
use rows::InputRow;
use send::BatchFailure;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
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
    let cannot_write =
        |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", results_path.display());
    if !args.resume {
        let mut results = ResultsFile::create(&results_path, args.force).map_err(cannot_write)?;
        let outcomes = send_all(&client, &rows, args.batch, &mut results)
            .await
            .map_err(cannot_write)?;
        return Ok(summarise(&outcomes, &results_path));
    }
    // The rows sent again are written beside the earlier file, which is replaced by the merged
    // results only at the end: stopping a resumed import loses none of the earlier answers.
    let fresh_path = results_path.with_extension("resuming.csv");
    let mut fresh = ResultsFile::create(&fresh_path, true).map_err(cannot_write)?;
    let mut outcomes = send_all(&client, &rows, args.batch, &mut fresh)
        .await
        .map_err(cannot_write)?;
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

/// Sends the rows in batches of at most `batch`, writing each segment's results as it is
/// answered; returns every row's outcome. After a batch that fails as a whole, nothing more is
/// sent: the backend is gone or refusing, and the rest are reported not sent.
async fn send_all(
    client: &ApiClient,
    rows: &[InputRow],
    batch: usize,
    results: &mut ResultsFile,
) -> std::io::Result<Vec<Outcome>> {
    let segments = segments(rows, batch);
    let sendable = rows.iter().filter(|r| r.read.is_ok()).count();
    let batches = segments
        .iter()
        .filter(|s| rows[s.start..s.end].iter().any(|r| r.read.is_ok()))
        .count();
    let mut progress = Progress::new(sendable, batches);
    let mut outcomes = Vec::with_capacity(rows.len());
    // The batch that failed as a whole, if one did.
    let mut stopped: Option<usize> = None;
    for (number, segment) in segments.into_iter().enumerate() {
        let segment = &rows[segment];
        let submissions: Vec<_> = segment.iter().filter_map(|r| r.read.clone().ok()).collect();
        let answers = match (&stopped, submissions.is_empty()) {
            (_, true) => Ok(vec![]),
            (Some(failed), false) => Err(BatchFailure::NotSent(format!(
                "not sent: the import stopped after batch {failed} failed"
            ))),
            (None, false) => {
                progress.sending(number + 1);
                let sent = submissions.len();
                let answer = send::send_batch(client, submissions, &mut progress).await;
                match &answer {
                    Ok(_) => progress.answered(sent),
                    Err(_) => stopped = Some(number + 1),
                }
                answer
            }
        };
        let lines = segment_results(segment, answers);
        outcomes.extend(lines.iter().map(|(_, r)| r.outcome));
        results.write(&lines)?;
    }
    progress.finish();
    Ok(outcomes)
}

/// Consecutive slices of `rows` holding at most `batch` readable rows each; an unreadable row
/// goes with the readable rows before it (or the first segment), so results stay in file order.
fn segments(rows: &[InputRow], batch: usize) -> Vec<Range<usize>> {
    let mut segments = Vec::new();
    let (mut start, mut readable) = (0, 0);
    for (index, row) in rows.iter().enumerate() {
        if row.read.is_ok() {
            if readable == batch {
                segments.push(start..index);
                (start, readable) = (index, 0);
            }
            readable += 1;
        }
    }
    if start < rows.len() {
        segments.push(start..rows.len());
    }
    segments
}

/// Each row of a segment with its result: the backend's answers go to the readable rows in order.
fn segment_results(
    segment: &[InputRow],
    answers: Result<Vec<uln_api::RegistrationResult>, BatchFailure>,
) -> Vec<(&InputRow, RowResult)> {
    let mut answers = answers.map(Vec::into_iter);
    segment
        .iter()
        .map(|row| {
            let result = match (&row.read, &mut answers) {
                (Err(why), _) => RowResult::unreadable(why),
                (Ok(_), Ok(answers)) => answers.next().map_or_else(
                    || {
                        RowResult::failed_batch(&BatchFailure::Unconfirmed(
                            "no answer for this row".into(),
                        ))
                    },
                    |a| RowResult::answered(&a),
                ),
                (Ok(_), Err(failure)) => RowResult::failed_batch(failure),
            };
            (row, result)
        })
        .collect()
}

/// Prints the counts per outcome; the exit code.
fn summarise(outcomes: &[Outcome], results: &Path) -> u8 {
    let counts: Vec<String> = Outcome::ALL
        .iter()
        .map(|o| {
            let n = outcomes.iter().filter(|x| *x == o).count();
            format!("{n} {}", o.name())
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(readable: bool) -> InputRow {
        let read = match readable {
            true => Ok(uln_api::RegistrationSubmission {
                uln: String::new(),
                given_name: String::new(),
                family_name: String::new(),
                date_of_birth: String::new(),
                gender: String::new(),
                postcode: String::new(),
                centre: String::new(),
                qualification: None,
                registered_at: None,
            }),
            false => Err("unreadable".into()),
        };
        InputRow { line: 0, read }
    }

    #[test]
    fn segments_hold_at_most_a_batch_of_readable_rows_and_keep_every_row() {
        let rows: Vec<InputRow> = [true, false, true, true, false, true, false]
            .into_iter()
            .map(row)
            .collect();
        assert_eq!(segments(&rows, 2), [0..3, 3..7]);
        assert_eq!(segments(&rows, 5000), vec![0..7]);
        assert_eq!(
            segments(&rows[1..2], 2),
            vec![0..1],
            "unreadable rows alone"
        );
        assert!(segments(&[], 2).is_empty());
    }
}
