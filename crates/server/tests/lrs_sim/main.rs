//! `lrs-sim` on the wire: every operation against a small seeded register, the faults the
//! schemas define, and the failure options, through real HTTP on loopback.

mod adapter;
mod challenges;
mod failures;
mod harness;
mod operations;
mod patience;
mod secrets;
mod tls;
