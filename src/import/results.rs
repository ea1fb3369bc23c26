//! The results file: one line per input row, written as each batch is answered, so an import
//! that is stopped still leaves the answers it had.

use super::rows::InputRow;
use super::send::BatchFailure;
use std::fs::File;
use std::path::Path;
use uln_api::{RegistrationOutcome, RegistrationResult};

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
