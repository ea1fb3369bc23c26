//! Wire types of the event stream (`GET /events`): what every console hears as records change.

use crate::types::{ExceptionSummary, QueueList};
use crate::vocab::{ChangeAction, RecordStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Sent on the event stream for every change. It carries what a console needs to update its
/// queue without asking: the record's row as the queues show it while it is an open exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChangeEvent {
    pub record_id: i64,
    pub status: RecordStatus,
    pub version: i64,
    pub operator: String,
    pub action: ChangeAction,
    /// The record as a queue row when it is open after the change (it joins or stays in the
    /// queues it belongs to); absent when it left them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<ExceptionSummary>,
}

/// Sent on the event stream when a note is written on a record. A note changes nothing about the
/// record (no version), so it is not a `ChangeEvent`; and it carries ids and the author only,
/// never the text, which is free and may name the learner: a console showing the record reads
/// it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NoteEvent {
    pub record_id: i64,
    /// The note's id (its `noted` audit row)
    pub note_id: i64,
    /// Who wrote it
    pub operator: String,
}

/// What the event stream delivers: a change, new queue counts, or word that changes were missed.
// Each event is moved once from the stream to the console; boxing the change would only add
// an allocation per event.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    Change(ChangeEvent),
    /// A record claimed, renewed, taken over or released.
    Claim(crate::ClaimEvent),
    /// A note written on a record.
    Note(NoteEvent),
    /// The counts of every queue, sent after changes (several changes close together share one)
    /// and every minute, as deadlines move between bands with time.
    Queues(QueueList),
    /// The subscriber fell behind and missed changes: reload whatever is shown.
    Resync,
    /// The server is stopping and this is the stream's last event: connect again (another server
    /// may be up at once) and reload, as after any gap.
    Reconnect,
}
