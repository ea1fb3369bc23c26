//! The results file: one line per input row, written as each batch is answered, so an import
//! that is stopped still leaves the answers it had.

use super::rows::InputRow;
use super::send::BatchFailure;
use crate::{RegistrationOutcome, RegistrationResult};
use std::fs::File;
use std::path::Path;

/// What became of one input row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The backend's answer for a row it took.
    Answered(RegistrationOutcome),
    /// Never reached the backend, or certainly not stored: send it again.
    NotSent,
    /// Sent, but no answer came: it may have been stored, so check before sending it again.
    Unconfirmed,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Answered(RegistrationOutcome::Matched),
        Outcome::Answered(RegistrationOutcome::Exception),
        Outcome::Answered(RegistrationOutcome::Pending),
        Outcome::Answered(RegistrationOutcome::Invalid),
        Outcome::NotSent,
        Outcome::Unconfirmed,
    ];

    pub fn named(name: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Answered(o) => o.wire_name(),
            Outcome::NotSent => "not_sent",
            Outcome::Unconfirmed => "unconfirmed",
        }
    }

    /// Whether the backend has the row (or certainly does not need it again).
    pub fn was_sent(self) -> bool {
        matches!(self, Outcome::Answered(_))
    }
}

/// One line of the results file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    pub outcome: Outcome,
    id: Option<i64>,
    verification_code: Option<&'static str>,
    anomalies: Vec<&'static str>,
    reasons: String,
}

impl RowResult {
    /// A row the file did not let us read: invalid, with why.
    pub fn unreadable(why: &str) -> RowResult {
        Self::failed(Outcome::Answered(RegistrationOutcome::Invalid), why)
    }

    pub fn failed_batch(failure: &BatchFailure) -> RowResult {
        match failure {
            BatchFailure::NotSent(why) => Self::failed(Outcome::NotSent, why),
            BatchFailure::Unconfirmed(why) => Self::failed(Outcome::Unconfirmed, why),
        }
    }

    fn failed(outcome: Outcome, why: &str) -> RowResult {
        RowResult {
            outcome,
            id: None,
            verification_code: None,
            anomalies: vec![],
            reasons: why.to_owned(),
        }
    }

    pub fn answered(result: &RegistrationResult) -> RowResult {
        // The server's field errors: field name → why, as `field: why; field: why`.
        let reasons = result.errors.as_ref().map_or_else(String::new, |errors| {
            errors
                .iter()
                .map(|(field, why)| match why.as_str() {
                    Some(text) => format!("{field}: {text}"),
                    None => format!("{field}: {why}"),
                })
                .collect::<Vec<_>>()
                .join("; ")
        });
        RowResult {
            outcome: Outcome::Answered(result.outcome),
            id: result.id,
            verification_code: result.verification_code.map(|c| c.wire_name()),
            anomalies: result.anomalies.iter().map(|a| a.wire_name()).collect(),
            reasons,
        }
    }
}

/// The results file, open for writing.
pub struct ResultsFile {
    writer: csv::Writer<File>,
}

impl ResultsFile {
    /// Creates the file; an existing one is replaced only when `replace`. It holds ULNs, so it is
    /// readable by its owner only.
    pub fn create(path: &Path, replace: bool) -> std::io::Result<ResultsFile> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true);
        match replace {
            true => options.create(true).truncate(true),
            false => options.create_new(true),
        };
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut writer = csv::Writer::from_writer(options.open(path)?);
        writer.write_record([
            "row",
            "uln",
            "outcome",
            "record_id",
            "verification_code",
            "anomalies",
            "reasons",
        ])?;
        Ok(ResultsFile { writer })
    }

    /// One line per row, flushed, so the file holds every answer received so far.
    ///
    /// The ULN is echoed as the centre's file gave it: a centre matches results to learners by
    /// row and ULN (a row number alone goes wrong once the file is sorted or edited), and the
    /// results go back to the centre that sent the ULN. Names, dates of birth and postcodes are
    /// left out: the ULN is enough to find the row, and the results file is copied and mailed
    /// about more than the input is.
    pub fn write(&mut self, rows: &[(&InputRow, RowResult)]) -> std::io::Result<()> {
        for (row, result) in rows {
            let id = result.id.map(|id| id.to_string()).unwrap_or_default();
            self.writer.write_record([
                row.line.to_string().as_str(),
                row.uln(),
                result.outcome.name(),
                &id,
                result.verification_code.unwrap_or_default(),
                &result.anomalies.join(";"),
                &result.reasons,
            ])?;
        }
        self.writer.flush()
    }
}

/// A line of an earlier run's results file: its row, its outcome, and the line as written.
pub struct EarlierLine {
    pub row: u64,
    pub outcome: Outcome,
    record: csv::StringRecord,
}

/// An earlier run's results file, for `--resume`; why not, if it is not one.
pub fn read_earlier(path: &Path) -> Result<Vec<EarlierLine>, String> {
    let not_results =
        |why: String| format!("{} is not a results file to resume: {why}", path.display());
    let mut reader = csv::Reader::from_path(path).map_err(|e| not_results(e.to_string()))?;
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| not_results(e.to_string()))?;
        let row = record.get(0).and_then(|r| r.parse().ok());
        let outcome = record.get(2).and_then(Outcome::named);
        let (Some(row), Some(outcome)) = (row, outcome) else {
            return Err(not_results(format!(
                "line {} has no row and outcome",
                lines.len() + 2
            )));
        };
        lines.push(EarlierLine {
            row,
            outcome,
            record,
        });
    }
    Ok(lines)
}

/// Writes `into` from the lines kept from an earlier run and the results file of the rows sent
/// again, in row order; `into` is replaced only once the whole file is written.
pub fn merge(kept: Vec<EarlierLine>, fresh: &Path, into: &Path) -> std::io::Result<()> {
    let mut lines: Vec<(u64, csv::StringRecord)> =
        kept.into_iter().map(|l| (l.row, l.record)).collect();
    for record in csv::Reader::from_path(fresh)?.into_records() {
        let record = record?;
        let row = record
            .get(0)
            .and_then(|r| r.parse().ok())
            .unwrap_or_default();
        lines.push((row, record));
    }
    lines.sort_by_key(|(row, _)| *row);
    let merged = fresh.with_extension("merged");
    let mut file = ResultsFile::create(&merged, true)?;
    for (_, record) in &lines {
        file.writer.write_record(record)?;
    }
    file.writer.flush()?;
    std::fs::rename(&merged, into)?;
    std::fs::remove_file(fresh)
}
