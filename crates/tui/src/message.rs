//! Everything asynchronous comes back to the app as a `Message`; the app asks for work with
//! `Effect`s, which the runtime carries out. The app itself never waits on the network.

use super::screens::plr::PlrQuery;
use super::search::{FilterJob, Filtered};
use jiff::Timestamp;
use uln_api::SortKey;
use uln_api::{
    AuditPage, CallList, CallRequest, CallView, ChallengeList, ChallengeRequest, ChallengeView,
    ChangeEvent, ClientResult, ExceptionDetail, ExceptionPage, LearnerFields, LearnerSearchQuery,
    LearnerSearchResponse, PlrResponse, QueueList, SuppliedDetails,
};
use uln_domain::RejectReason;

#[derive(Debug)]
pub enum Message {
    /// The clock moved on (every second; the runtime redraws for it only when what is shown
    /// changes: a call's timer shows seconds, countdowns minutes).
    Tick(Timestamp),
    Queues(ClientResult<QueueList>),
    /// Whether the register (the LRS) can be asked now, and how many registrations wait.
    RegisterStatus(ClientResult<uln_api::RegisterStatus>),
    /// One page of the current queue; `generation` drops pages of a queue no longer shown.
    Page {
        generation: u64,
        result: ClientResult<ExceptionPage>,
    },
    /// The queue shown is one shared with the other consoles of this process, and has moved on
    /// (a page came, or its load ended); `claims` are the live ones known there.
    SharedQueue {
        generation: u64,
        queue: std::sync::Arc<crate::feed::queues::SharedQueue>,
        claims: Vec<(i64, uln_api::ClaimView)>,
    },
    /// Boxed: a record is far larger than the other messages.
    Detail(Box<ClientResult<ExceptionDetail>>),
    /// Record `id` read ahead with `ticket` (see `Effect::ReadAhead`).
    ReadAhead {
        id: i64,
        ticket: u64,
        result: Box<ClientResult<ExceptionDetail>>,
    },
    /// The backend's answer to `Effect::Reveal`.
    Revealed {
        subject: crate::mask::Subject,
        result: ClientResult<()>,
    },
    /// The backend's answer to `Effect::MarkViewed`.
    Viewed {
        id: i64,
        result: ClientResult<()>,
    },
    /// A change made anywhere, from the backend's event stream.
    Change(ChangeEvent),
    /// A record claimed, renewed, taken over or released anywhere, from the event stream.
    ClaimChanged(uln_api::ClaimEvent),
    /// A note written on a record anywhere, from the event stream (ids only, not its text).
    NoteWritten(uln_api::NoteEvent),
    /// The backend's answer to `Effect::Claim` on record `id`.
    Claimed {
        id: i64,
        take_over: bool,
        result: ClientResult<uln_api::ClaimView>,
    },
    /// The event stream says this console missed changes (it fell behind): reload what is shown.
    Resync,
    /// Older entries of record `id`'s audit trail (`Effect::LoadOlderAudit`).
    OlderAudit {
        id: i64,
        result: ClientResult<AuditPage>,
    },
    /// The event stream connected (true) or dropped (false).
    Connection(bool),
    /// The event stream connected to another of the backend's servers than before (the one in
    /// use stopped): its API root.
    ServerInUse(String),
    /// The backend refused our token (401) when the event stream reconnected: it was revoked,
    /// most likely. Sent once until the stream connects again.
    TokenRefused,
    /// The backend's answer to an amend, reject or verify.
    Written {
        write: Write,
        result: Box<ClientResult<ExceptionDetail>>,
    },
    Plr(Box<ClientResult<PlrResponse>>),
    ChallengeRaised(Box<ClientResult<ChallengeView>>),
    Challenges(ClientResult<ChallengeList>),
    Dashboard(ClientResult<uln_api::Dashboard>),
    /// Who the backend says we are.
    Me(ClientResult<uln_api::Me>),
    /// A background filter over the queue finished.
    Filtered(Filtered),
    /// The register searched by record `id`'s supplied details.
    LearnerSearch {
        id: i64,
        result: Box<ClientResult<LearnerSearchResponse>>,
    },
    /// The register searched by what the operator typed (`Effect::SearchRegister`).
    RegisterSearch(Box<ClientResult<LearnerSearchResponse>>),
    /// The backend recorded the export (`Effect::RecordExport`): now it may be written.
    ExportRecorded {
        file: Box<ExportFile>,
        result: ClientResult<uln_api::ExportRecorded>,
    },
    /// The export was written to `path` (`Effect::WriteExport`), or why not.
    Exported {
        path: std::path::PathBuf,
        rows: usize,
        result: Result<(), String>,
    },
    /// The caller's identity checked against the register (`Effect::CheckCaller`).
    CallerChecked(Box<ClientResult<PlrResponse>>),
    /// The backend's answer to a call's wrap-up.
    CallRecorded(ClientResult<CallView>),
    /// The register searched for a caller (`Effect::SearchForCaller`).
    CallerSearch(Box<ClientResult<LearnerSearchResponse>>),
    /// The operator's recent calls.
    Calls(ClientResult<CallList>),
    /// The backend's answer to `Effect::Bulk`: its dry run, or what became of each record.
    Bulk {
        action: crate::screens::bulk::BulkRequestAction,
        dry_run: bool,
        result: Box<ClientResult<uln_api::BulkReport>>,
    },
    /// The backend's answer to `Effect::Snooze` on record `id`.
    Snoozed {
        id: i64,
        result: ClientResult<uln_api::Snoozed>,
    },
    /// The backend's answer to `Effect::Undo`: `change` taken back, or why not.
    Undone {
        change: crate::app::undo::UndoableChange,
        result: Box<ClientResult<ExceptionDetail>>,
    },
    /// The backend's answer to `Effect::AddNote` on record `id`.
    NoteAdded {
        id: i64,
        result: ClientResult<uln_api::NoteView>,
    },
    /// Who records can be assigned to (`Effect::LoadColleagues`).
    Colleagues(ClientResult<uln_api::ColleagueList>),
    /// The backend's answer to `Effect::Assign` on record `id`.
    Assigned {
        id: i64,
        result: Box<ClientResult<ExceptionDetail>>,
    },
    /// What the operator holds (`Effect::LoadHandover`).
    Handover(ClientResult<uln_api::HandoverSummary>),
    /// The backend's answer to `Effect::HandOver`.
    HandedOver(ClientResult<uln_api::HandoverReport>),
    /// Background work ended without an answer (it panicked); what it was for.
    /// The file named by `:import` read, or why it cannot be imported.
    ImportRead(Box<Result<crate::tasks::import::ImportPlan, String>>),
    ImportProgress(crate::tasks::import::ImportProgress),
    /// The import ended: its summary, or why the results could not be written.
    ImportDone(Result<crate::tasks::import::ImportSummary, String>),
    WorkFailed(&'static str),
}

/// The queue as shown, as CSV, and where to write it.
#[derive(Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub path: std::path::PathBuf,
    pub rows: usize,
    /// Replace a file already at `path` (the operator was told it exists and said yes).
    pub replace: bool,
    pub csv: Vec<u8>,
    /// What the audit trail records of it, before anything is written.
    pub audit: uln_api::ExportRequest,
}

/// Without the contents: they are learners' personal data, and debug output can reach a log.
impl std::fmt::Debug for ExportFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportFile")
            .field("rows", &self.rows)
            .field("replace", &self.replace)
            .field("bytes", &self.csv.len())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Amend,
    Reject,
    Verify,
    Reopen,
}

impl Write {
    pub fn name(self) -> &'static str {
        match self {
            Write::Amend => "amend",
            Write::Reject => "reject",
            Write::Verify => "verify",
            Write::Reopen => "reopen",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadQueues,
    LoadRegisterStatus,
    LoadPage {
        generation: u64,
        queue: Option<String>,
        cursor: Option<String>,
        sort: SortKey,
        descending: bool,
        /// Open exceptions (a queue), or closed records too (`:all-records`).
        records: uln_api::RecordFilter,
        /// Snoozed records left out (a queue), or only they (`:snoozed`).
        snoozed: uln_api::SnoozeFilter,
        /// Only the operator's own records (`:mine`): `me`.
        assigned_to: Option<String>,
    },
    /// The record a screen shows or is about to show. Read without counting as a view: the app
    /// audits a record with `MarkViewed` when it comes on screen, and only then.
    LoadDetail(i64),
    /// A neighbour of the record shown, read ahead so walking to it waits on nothing; `ticket`
    /// tells this read from a later one of the same record.
    ReadAhead {
        id: i64,
        ticket: u64,
    },
    /// The page of record `id`'s audit trail older than entry `before`.
    LoadOlderAudit {
        id: i64,
        before: i64,
    },
    /// Audit that record `id` came on screen.
    MarkViewed(i64),
    /// Audit that a record's or learner's details were shown while masked.
    Reveal(crate::mask::Subject),
    Amend {
        id: i64,
        version: i64,
        fields: LearnerFields,
        note: Option<String>,
    },
    /// An amendment sent stating that the centre confirmed the learner's identity, with how.
    AmendConfirmingIdentity {
        id: i64,
        version: i64,
        fields: LearnerFields,
        note: String,
    },
    Reject {
        id: i64,
        version: i64,
        reason: RejectReason,
        note: Option<String>,
    },
    Verify(i64),
    /// Write a note on record `id`: cleaned already, sent as it is.
    AddNote {
        id: i64,
        text: String,
    },
    /// One action over `records`, each at the version read: a dry run, or applied.
    Bulk {
        action: crate::screens::bulk::BulkRequestAction,
        records: Vec<uln_api::BulkRecord>,
        dry_run: bool,
    },
    /// Claim record `id` (or renew this operator's claim on it); `take_over` takes it from
    /// another operator, who is told.
    Claim {
        id: i64,
        take_over: bool,
    },
    /// Release this operator's claim on record `id`: they left it.
    ReleaseClaim(i64),
    /// Snooze record `id`, read at `version`.
    Snooze {
        id: i64,
        version: i64,
        until: crate::screens::snooze::SnoozeUntil,
        reason: String,
    },
    /// Wake snoozed record `id`, read at `version`, early: back in the queue now.
    Wake {
        id: i64,
        version: i64,
    },
    /// Who records can be assigned to.
    LoadColleagues,
    /// Give record `id`, read at `version`, to colleague `to`, with a message (cleaned already).
    Assign {
        id: i64,
        version: i64,
        /// None takes the record back: nobody holds it.
        to: Option<String>,
        message: Option<String>,
    },
    /// What the operator holds, for the handover screen.
    LoadHandover,
    /// Pass what the operator holds to a colleague, as the handover screen confirmed it.
    HandOver(uln_api::HandoverRequest),
    /// Take back this console's last change to a record: `change.version` is the version it
    /// produced.
    Undo(crate::app::undo::UndoableChange),
    /// A supervisor reopens a resolved or rejected record read at `version`.
    Reopen {
        id: i64,
        version: i64,
    },
    LookupPlr(PlrQuery),
    RaiseChallenge {
        uln: String,
        request: ChallengeRequest,
    },
    LoadChallenges,
    LoadDashboard,
    /// Search the register by record `id`'s supplied details.
    SearchLearners {
        id: i64,
        supplied: SuppliedDetails,
    },
    /// Search the register by what the operator typed in the register search.
    SearchRegister(LearnerSearchQuery),
    WhoAmI,
    /// Write the queue as shown to a file, away from the input path.
    /// Record the export in the audit trail; the file is written once that answers.
    RecordExport(ExportFile),
    WriteExport(ExportFile),
    /// Check a caller's identity: a PLR lookup made for the call panel, whose answer goes to it.
    CheckCaller(PlrQuery),
    /// Send a call's wrap-up; a write, so it is never abandoned half way.
    RecordCall(CallRequest),
    LoadCalls,
    /// Search the register for a caller who does not know their ULN.
    SearchForCaller {
        given_name: String,
        family_name: String,
        date_of_birth: String,
    },
    /// Filter a big queue away from the input path.
    Filter(FilterJob),
    /// Read a registration batch file for `:import`, away from the input path.
    ReadImport(std::path::PathBuf),
    /// Send a read batch file; a write, so it is never abandoned half way.
    RunImport(Box<crate::tasks::import::ImportPlan>),
    Quit,
}
