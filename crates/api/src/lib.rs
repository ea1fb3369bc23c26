//! The API contract: wire types shared by the server and the console, and the typed HTTP client.

#[macro_use]
mod closed_set;
mod amend;
pub mod assign;
mod backends;
pub mod bulk;
mod busy;
pub mod calls;
pub mod claims;
pub mod client;
pub mod dashboard;
pub mod error_codes;
pub mod events;
pub mod exports;
mod from_domain;
pub mod import;
pub mod notes;
pub mod plr;
pub mod queue;
pub mod registrations;
pub mod snooze;
pub mod sort;
pub mod sse;
mod trail;
pub mod types;
mod undo;
pub mod vocab;

pub use assign::*;
pub use bulk::*;
pub use calls::*;
pub use claims::{ClaimEvent, ClaimRequest, ClaimView};
pub use client::{ApiClient, ClientError, ClientResult, ListQuery};
pub use dashboard::*;
pub use error_codes::*;
pub use events::*;
pub use exports::{ExportRecorded, ExportRequest};
pub use notes::{NewNote, NoteView, NOTES_IN_DETAIL};
pub use plr::*;
pub use queue::Queue;
pub use registrations::*;
pub use snooze::{SnoozeRequest, Snoozed};
pub use sort::{Direction, QueueOrder, QueueRow, SortKey, SortValue};
pub use types::*;
pub use vocab::*;
