//! Sending one batch, retried only when the backend certainly did nothing with it.

use crate::{
    ApiClient, ClientError, RegistrationBatch, RegistrationResult, RegistrationSubmission,
};
use std::time::Duration;

/// Tries after the first; with `FIRST_WAIT` doubling, about 3.5 s of waiting before giving up.
const RETRIES: u32 = 3;
const FIRST_WAIT: Duration = Duration::from_millis(500);

/// Why a whole batch got no results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchFailure {
    /// The backend certainly did not store the rows (no connection, or it refused the
    /// request before acting on it): sending them again is safe.
    NotSent(String),
    /// The request reached the backend but no usable answer came back: the rows may have been
    /// stored, and sending them again could register the learners twice.
    Unconfirmed(String),
}

/// Sends `rows` as one request; a failure that certainly left nothing stored (no connection,
/// the server busy or failing before it answered) is retried with doubling waits.
pub async fn send_batch(
    client: &ApiClient,
    rows: Vec<RegistrationSubmission>,
    watcher: &mut impl super::ImportWatcher,
) -> Result<Vec<RegistrationResult>, BatchFailure> {
    let expected = rows.len();
    let batch = RegistrationBatch {
        registrations: rows,
    };
    let mut wait = FIRST_WAIT;
    let mut attempt = 0;
    loop {
        let (failure, retry) = match client.submit_registrations(&batch).await {
            Ok(answer) if answer.results.len() == expected => return Ok(answer.results),
            Ok(answer) => (
                BatchFailure::Unconfirmed(format!(
                    "the backend answered {} results for {expected} rows: the rows may have been stored; check before sending them again",
                    answer.results.len()
                )),
                Retry::No,
            ),
            Err(error) => classify(&error),
        };
        match failure {
            BatchFailure::NotSent(why) if retry == Retry::Yes && attempt < RETRIES => {
                attempt += 1;
                watcher.retrying(attempt, wait, &why);
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
            other => return Err(other),
        }
    }
}

/// Whether asking again may help: not for a refusal (a bad token, a role without the right),
/// and never when the rows may have been stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    Yes,
    No,
}

/// What a failed request means for its rows. Texts are the backend's or the network's and
/// carry no row data (the server names fields, never values, in whole-request refusals).
fn classify(error: &ClientError) -> (BatchFailure, Retry) {
    let unconfirmed = |what: String| {
        let why = format!("{what}: the rows may have been stored; check before sending them again");
        (BatchFailure::Unconfirmed(why), Retry::No)
    };
    match error {
        ClientError::Unreachable(e) => (
            BatchFailure::NotSent(format!("backend unreachable: {e}")),
            Retry::Yes,
        ),
        ClientError::NoAnswer(e) => unconfirmed(format!("sent, but no answer came ({e})")),
        // Our server answers 503 (busy, or the register unavailable) and 500 (its transaction
        // rolled back) without having stored anything.
        ClientError::Api {
            status: status @ (500 | 503),
            body,
        } => (
            BatchFailure::NotSent(format!("the backend failed ({status}): {}", body.message)),
            Retry::Yes,
        ),
        // A 502 or 504 comes from a proxy in front of the backend, which may have taken the
        // request and stored it.
        ClientError::Api {
            status: status @ 500..,
            body,
        } => unconfirmed(format!("a gateway failed ({status}: {})", body.message)),
        ClientError::Api { status, body } => (
            BatchFailure::NotSent(format!("refused ({status}): {}", body.message)),
            Retry::No,
        ),
        ClientError::Decode(e) => {
            unconfirmed(format!("the backend's answer could not be read ({e})"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorBody, ErrorCode};

    fn api(status: u16) -> ClientError {
        ClientError::Api {
            status,
            body: ErrorBody {
                code: ErrorCode::Unknown,
                message: "m".into(),
                fields: None,
                current: None,
                claim: None,
            },
        }
    }

    #[test]
    fn only_failures_that_left_nothing_stored_are_retried() {
        let retried = |e: ClientError| classify(&e).1 == Retry::Yes;
        assert!(retried(ClientError::Unreachable("refused".into())));
        assert!(retried(api(503)));
        assert!(retried(api(500)));
        assert!(!retried(api(504)), "a gateway may have passed it on");
        assert!(!retried(api(403)), "a refusal stays a refusal");
        assert!(!retried(ClientError::NoAnswer("reset".into())));
        assert!(matches!(
            classify(&ClientError::NoAnswer("reset".into())).0,
            BatchFailure::Unconfirmed(_)
        ));
    }
}
