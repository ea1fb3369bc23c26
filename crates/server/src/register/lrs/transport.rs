//! One LRS call over HTTP: the envelope posted to its service's endpoint, a per-call timeout,
//! retries with backoff for transient failures only, and the circuit breaker around it all.
//!
//! Transient (retried, then counted by the breaker): a timeout, a refused or dropped
//! connection, a body cut off after the status line, an HTTP 5xx without an LRS fault, and the
//! faults WSEC0004 (out of hours) and WSEC0999 (unknown exception). Final (not retried, and
//! not counted: the service answered): WSEC0001/0002 (a request it cannot read: our bug),
//! WSEC0003/0005/0006 (our organisation, password or access: our configuration).
//!
//! Logs name the operation, the attempt and the kind of failure; never a body, a URL's
//! credentials (refused at start), or the organisation password.

use super::breaker::{Admission, Breaker};
use super::health::Health;
use crate::register::{RegisterError, RegisterResult, Unavailable};
use jiff::Timestamp;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uln_lrs::{from_envelope, to_envelope, Request, Response, ResponseCode, WireError};

/// How hard one call tries.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts per call, the first included.
    pub attempts: u32,
    /// The wait before the first retry; each later wait doubles, up to `longest_backoff`.
    pub first_backoff: Duration,
    pub longest_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            first_backoff: Duration::from_millis(250),
            longest_backoff: Duration::from_secs(2),
        }
    }
}

/// Why an attempt failed in a way worth trying again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transient {
    OutOfHours,
    ServerFault,
    Timeout,
    Connection,
    CutOff,
    /// An answer that is not the LRS's XML: a proxy's page, or the service failing mid-way.
    Unreadable,
}

impl Transient {
    fn name(self) -> &'static str {
        match self {
            Transient::OutOfHours => "out of hours (WSEC0004)",
            Transient::ServerFault => "server fault",
            Transient::Timeout => "timeout",
            Transient::Connection => "connection failed",
            Transient::CutOff => "answer cut off",
            Transient::Unreadable => "answer unreadable",
        }
    }
}

enum Attempt {
    Answered(Box<Response>),
    Transient(Transient),
    Final(RegisterError),
}

/// Counts a test or an operator can read: attempts sent, and how many were retries.
#[derive(Debug, Default)]
pub struct CallCounts {
    pub attempts: AtomicU64,
    pub retries: AtomicU64,
}

pub struct Transport {
    http: reqwest::Client,
    /// The base URL, ending in `/`.
    base: String,
    policy: RetryPolicy,
    pub breaker: Breaker,
    pub health: Health,
    pub counts: CallCounts,
}

impl Transport {
    pub fn new(
        http: reqwest::Client,
        base: String,
        policy: RetryPolicy,
        breaker: Breaker,
        health: Health,
    ) -> Self {
        let base = if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        };
        Transport {
            http,
            base,
            policy,
            breaker,
            health,
            counts: CallCounts::default(),
        }
    }

    /// Sends `request`, retrying transient failures; the breaker refuses at once while open.
    pub async fn call(
        &self,
        operation: &'static str,
        request: &Request,
    ) -> RegisterResult<Response> {
        let attempts = match self.breaker.admit(Instant::now()) {
            // Held back while it is out of hours says so, not that it is down.
            Admission::Refuse { .. } if self.health.is_closed() => {
                return Err(RegisterError::Unavailable(Unavailable::OutOfHours))
            }
            Admission::Refuse { down_since } => {
                return Err(RegisterError::Unavailable(Unavailable::DownSince(
                    down_since,
                )))
            }
            // The probe after a cool-off is one attempt: its outcome decides the breaker.
            Admission::Probe => 1,
            Admission::Call => self.policy.attempts.max(1),
        };
        let body = to_envelope(request);
        let mut last = Transient::Connection;
        for attempt in 1..=attempts {
            if attempt > 1 {
                self.counts.retries.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(self.backoff(attempt - 1)).await;
            }
            self.counts.attempts.fetch_add(1, Ordering::Relaxed);
            let started = Instant::now();
            let outcome = self.attempt(request, &body).await;
            if matches!(outcome, Attempt::Answered(_) | Attempt::Final(_)) {
                self.health.answered(started.elapsed(), Timestamp::now());
            }
            match outcome {
                Attempt::Answered(response) => {
                    self.breaker.succeeded();
                    return Ok(*response);
                }
                Attempt::Final(error) => {
                    // The service answered: it is up, whatever it thought of the request.
                    self.breaker.succeeded();
                    tracing::error!(operation, error = %error, "the LRS refused the request");
                    return Err(error);
                }
                Attempt::Transient(why) => {
                    tracing::warn!(operation, attempt, why = why.name(), "LRS call failed");
                    last = why;
                    // Closed hours last hours, not the milliseconds between retries.
                    if why == Transient::OutOfHours {
                        self.health.out_of_hours(Timestamp::now());
                        break;
                    }
                }
            }
        }
        self.breaker.failed(Instant::now(), Timestamp::now());
        Err(RegisterError::Unavailable(match last {
            Transient::OutOfHours => Unavailable::OutOfHours,
            _ => Unavailable::Failing,
        }))
    }

    /// The wait before retry `n` (1-based): doubling from the first, capped, with up to a
    /// quarter more at random so many callers do not retry in step.
    fn backoff(&self, n: u32) -> Duration {
        let doubled = self.policy.first_backoff * 2u32.saturating_pow(n - 1);
        let wait = doubled.min(self.policy.longest_backoff);
        let spread = wait.as_millis() as u64 / 4;
        wait + Duration::from_millis(if spread == 0 {
            0
        } else {
            fastrand::u64(0..=spread)
        })
    }

    async fn attempt(&self, request: &Request, body: &str) -> Attempt {
        let url = format!("{}{}", self.base, request.service().path());
        let sent = self
            .http
            .post(url)
            .header("SOAPAction", format!("\"{}\"", request.soap_action()))
            .header(reqwest::header::CONTENT_TYPE, "text/xml; charset=utf-8")
            .body(body.to_owned())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(e) if e.is_timeout() => return Attempt::Transient(Transient::Timeout),
            Err(_) => return Attempt::Transient(Transient::Connection),
        };
        let status = response.status();
        let text = match response.text().await {
            Ok(text) => text,
            Err(e) if e.is_timeout() => return Attempt::Transient(Transient::Timeout),
            Err(_) => return Attempt::Transient(Transient::CutOff),
        };
        match from_envelope(&text) {
            Ok(answer) => Attempt::Answered(Box::new(answer)),
            Err(WireError::Fault(fault)) => match fault.error_code() {
                Some(code) => classify(code),
                None if status.is_server_error() => Attempt::Transient(Transient::ServerFault),
                None => Attempt::Final(RegisterError::Misconfigured(format!(
                    "HTTP {status}: a SOAP fault without an LRS error code"
                ))),
            },
            // A proxy's error page, or the service failing mid-way.
            Err(_) if status.is_server_error() => Attempt::Transient(Transient::ServerFault),
            // Not XML we can read, with a success status: most likely something between us and
            // the service; tried again like any other hiccup, and never taken as an answer.
            Err(e) => {
                tracing::warn!(kind = kind_of(&e), "the LRS's answer could not be read");
                Attempt::Transient(Transient::Unreadable)
            }
        }
    }
}

/// A wire error's kind, without the text it may quote.
fn kind_of(e: &WireError) -> &'static str {
    match e {
        WireError::Fault(_) => "a fault",
        WireError::Malformed(_) => "malformed XML",
        WireError::Shape { .. } => "not the message expected",
        WireError::TooLarge { .. } => "too large",
        WireError::TooDeep { .. } => "nested too deep",
    }
}

fn classify(code: &ResponseCode) -> Attempt {
    let misconfigured = |what: &str| {
        Attempt::Final(RegisterError::Misconfigured(format!(
            "{} ({code}): {what}",
            match code {
                ResponseCode::InvalidRequest => "invalid request",
                ResponseCode::UnknownRequest => "unknown request",
                ResponseCode::UnknownOrganisation => "unknown organisation",
                ResponseCode::IncorrectOrganisationPassword => "incorrect organisation password",
                ResponseCode::InsufficientAccess => "insufficient access",
                _ => "refused",
            }
        )))
    };
    match code {
        ResponseCode::OutOfHours => Attempt::Transient(Transient::OutOfHours),
        ResponseCode::UnknownException => Attempt::Transient(Transient::ServerFault),
        ResponseCode::InvalidRequest | ResponseCode::UnknownRequest => {
            misconfigured("the adapter sent a request the LRS cannot read; report it")
        }
        ResponseCode::UnknownOrganisation
        | ResponseCode::IncorrectOrganisationPassword
        | ResponseCode::InsufficientAccess => {
            misconfigured("check the LRS credentials file and the account's access")
        }
        _ => misconfigured("an LRS refusal the adapter does not know"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_hours_and_unknown_exceptions_are_retried_credentials_are_not() {
        assert!(matches!(
            classify(&ResponseCode::OutOfHours),
            Attempt::Transient(Transient::OutOfHours)
        ));
        assert!(matches!(
            classify(&ResponseCode::UnknownException),
            Attempt::Transient(Transient::ServerFault)
        ));
        for code in [
            ResponseCode::InvalidRequest,
            ResponseCode::UnknownRequest,
            ResponseCode::UnknownOrganisation,
            ResponseCode::IncorrectOrganisationPassword,
            ResponseCode::InsufficientAccess,
        ] {
            let Attempt::Final(RegisterError::Misconfigured(why)) = classify(&code) else {
                panic!("{code} should not be retried");
            };
            assert!(why.contains(code.as_str()), "{why}");
        }
    }
}
