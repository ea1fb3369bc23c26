//! A centre's registration batch read from a CSV file and sent to the backend in batches, with a
//! results file saying what became of every row: what `uln-console import` and the console's
//! `:import` screen share.
//!
//! Nothing is silently lost: every input row gets a line in the results file, whether the
//! backend answered it, the file did not let it be read, or it was never sent. What watches an
//! import hears counts only, never a row's data.

pub mod columns;
pub mod results;
pub mod rows;
pub mod send;

use crate::ApiClient;
use results::{Outcome, ResultsFile, RowResult};
use rows::InputRow;
use send::BatchFailure;
use std::ops::Range;
use std::time::Duration;

/// What an import tells whoever shows its progress. Counts and the backend's or the network's
/// words only: never a row's data.
pub trait ImportWatcher {
    /// `rows` readable rows are about to be sent in `batches` requests.
    fn starting(&mut self, rows: usize, batches: usize);
    /// Batch number `batch` (from 1) is about to be sent.
    fn sending(&mut self, batch: usize);
    /// The current batch was answered for `rows` rows.
    fn answered(&mut self, rows: usize);
    /// The current batch failed in a way that certainly stored nothing; it is sent again after
    /// `wait`.
    fn retrying(&mut self, attempt: u32, wait: Duration, why: &str);
}

/// How many rows ended each way, in `Outcome::ALL` order.
pub fn counts(outcomes: &[Outcome]) -> Vec<(Outcome, usize)> {
    Outcome::ALL
        .iter()
        .map(|o| (*o, outcomes.iter().filter(|x| *x == o).count()))
        .collect()
}

/// Sends the rows in batches of at most `batch`, writing each segment's results as it is
/// answered; returns every row's outcome. After a batch that fails as a whole, nothing more is
/// sent: the backend is gone or refusing, and the rest are reported not sent.
pub async fn send_all(
    client: &ApiClient,
    rows: &[InputRow],
    batch: usize,
    results: &mut ResultsFile,
    watcher: &mut impl ImportWatcher,
) -> std::io::Result<Vec<Outcome>> {
    let segments = segments(rows, batch);
    let sendable = rows.iter().filter(|r| r.read.is_ok()).count();
    let batches = segments
        .iter()
        .filter(|s| rows[s.start..s.end].iter().any(|r| r.read.is_ok()))
        .count();
    watcher.starting(sendable, batches);
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
                watcher.sending(number + 1);
                let sent = submissions.len();
                let answer = send::send_batch(client, submissions, watcher).await;
                match &answer {
                    Ok(_) => watcher.answered(sent),
                    Err(_) => stopped = Some(number + 1),
                }
                answer
            }
        };
        let lines = segment_results(segment, answers);
        outcomes.extend(lines.iter().map(|(_, r)| r.outcome));
        results.write(&lines)?;
    }
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
    answers: Result<Vec<crate::RegistrationResult>, BatchFailure>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(readable: bool) -> InputRow {
        let read = match readable {
            true => Ok(crate::RegistrationSubmission {
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
