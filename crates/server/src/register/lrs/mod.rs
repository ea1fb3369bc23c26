//! The real register: an adapter that speaks the LRS SOAP services (issue 15). Built in steps;
//! here so far are the pieces that do not depend on the wire exchange itself:
//!
//! - `credentials`: the organisation's credentials and optional TLS client certificate, from an
//!   owner-only file;
//! - `breaker`: the circuit breaker that stops calls to a service in trouble and says since
//!   when it is down.
//!
//! The wire format is `uln_lrs` (crates/lrs). Still to come: the `LearnerRegister`
//! implementation over HTTP with timeouts and retries of transient faults, `lrs-sim`, and
//! "verification pending" when the service is closed or down.

pub mod breaker;
pub mod credentials;
