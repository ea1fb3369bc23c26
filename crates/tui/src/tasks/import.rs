//! The console's side of a batch import (`:import PATH`): the file read away from the input
//! path, then sent with `uln_api::import` while each step comes back as a message.

use crate::message::Message;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use uln_api::import::results::{Outcome, ResultsFile};
use uln_api::import::rows::InputRow;
use uln_api::import::{self, ImportWatcher};
use uln_api::registrations::MAX_BATCH;
use uln_api::ApiClient;

/// A file read and ready to send, as the operator is asked to confirm it.
#[derive(Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub path: PathBuf,
    /// Where each row's result is written: beside the file, as the command line does.
    pub results: PathBuf,
    /// A results file is already there: the operator was told, and sending replaces it.
    pub replace: bool,
    pub readable: usize,
    pub unreadable: usize,
    /// Headers that name no registration field: not sent.
    pub ignored: Vec<String>,
    pub rows: Vec<InputRow>,
}

/// Without the rows: they are learners' personal data, and debug output can reach a log.
impl std::fmt::Debug for ImportPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportPlan")
            .field("readable", &self.readable)
            .field("unreadable", &self.unreadable)
            .field("replace", &self.replace)
            .finish_non_exhaustive()
    }
}

/// One step of an import under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProgress {
    Starting {
        rows: usize,
        batches: usize,
    },
    Sending {
        batch: usize,
    },
    Answered {
        rows: usize,
    },
    Retrying {
        attempt: u32,
        wait: Duration,
        why: String,
    },
}

/// How an import ended: rows per outcome, and where each row's result is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub counts: Vec<(Outcome, usize)>,
    pub results: PathBuf,
}

impl ImportSummary {
    /// Rows not sent, or sent without an answer: the results file says which.
    pub fn unsent(&self) -> usize {
        self.counts
            .iter()
            .filter(|(o, _)| !o.was_sent())
            .map(|(_, n)| n)
            .sum()
    }
}

/// Reads and parses `path`: what the screen asks the operator to confirm. Blocking.
pub fn read_plan(path: PathBuf) -> Result<ImportPlan, String> {
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = import::rows::read(&bytes)
        .map_err(|e| format!("{} cannot be imported: {e}", path.display()))?;
    let readable = file.rows.iter().filter(|r| r.read.is_ok()).count();
    let results = path.with_extension("results.csv");
    Ok(ImportPlan {
        replace: results.exists(),
        unreadable: file.rows.len() - readable,
        readable,
        ignored: file.columns.ignored,
        rows: file.rows,
        results,
        path,
    })
}

/// Sends the plan's rows in batches, writing the results file as each is answered. Every step
/// is a message; the last is `ImportDone`. A write: owned by the session, never abandoned.
pub async fn run(plan: ImportPlan, client: ApiClient, tx: UnboundedSender<Message>) {
    let done = match ResultsFile::create(&plan.results, plan.replace) {
        Ok(mut file) => {
            let mut watcher = Watcher(tx.clone());
            import::send_all(&client, &plan.rows, MAX_BATCH, &mut file, &mut watcher)
                .await
                .map(|outcomes| ImportSummary {
                    counts: import::counts(&outcomes),
                    results: plan.results.clone(),
                })
                .map_err(|e| format!("cannot write {}: {e}", plan.results.display()))
        }
        Err(e) => Err(format!("cannot write {}: {e}", plan.results.display())),
    };
    let _ = tx.send(Message::ImportDone(done));
}

/// Passes the import's progress on to the app.
struct Watcher(UnboundedSender<Message>);

impl Watcher {
    fn say(&self, progress: ImportProgress) {
        let _ = self.0.send(Message::ImportProgress(progress));
    }
}

impl ImportWatcher for Watcher {
    fn starting(&mut self, rows: usize, batches: usize) {
        self.say(ImportProgress::Starting { rows, batches });
    }

    fn sending(&mut self, batch: usize) {
        self.say(ImportProgress::Sending { batch });
    }

    fn answered(&mut self, rows: usize) {
        self.say(ImportProgress::Answered { rows });
    }

    fn retrying(&mut self, attempt: u32, wait: Duration, why: &str) {
        self.say(ImportProgress::Retrying {
            attempt,
            wait,
            why: why.to_owned(),
        });
    }
}
