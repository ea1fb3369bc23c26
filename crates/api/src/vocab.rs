//! The closed sets of the wire: every status, action, code and kind the API sends or takes is one
//! of these enums, shared by the server and the console, so nothing compares strings.
//!
//! Each set is declared once, as a table of variant and wire name; the serde names, the list of
//! values and the human label all come from that table. Every set also has `Unknown`: a value
//! sent by a newer server than this build, read rather than refused so an old console keeps
//! working. The server refuses `Unknown` in requests with a 422 naming the field.

closed_set! {
    /// Where a registration stands.
    RecordStatus {
        Matched = "matched",
        Open = "open",
        Resolved = "resolved",
        Rejected = "rejected",
        Expired = "expired",
    }
}

closed_set! {
    /// What a change event reports.
    ChangeAction {
        Created = "created",
        Amended = "amended",
        Rejected = "rejected",
        Verified = "verified",
        Reopened = "reopened",
        Expired = "expired",
        /// Parked until a time: it leaves the queues until then.
        Snoozed = "snoozed",
        /// Back in the queues: woken early, or its snooze ran out.
        Woken = "woken",
        /// Given to a colleague (the row names whom), or taken back.
        Assigned = "assigned",
        /// An operator took back their own change within the undo window.
        Undone = "undone",
    }
}

closed_set! {
    /// What an audit row records.
    AuditAction {
        Created = "created",
        Viewed = "viewed",
        /// Read for a console ahead of the operator (`?prefetch=true`): the data left the server,
        /// but nobody has seen it yet. Seeing it is a `viewed` row.
        ReadAhead = "read_ahead",
        Amended = "amended",
        Rejected = "rejected",
        Verified = "verified",
        Reopened = "reopened",
        Expired = "expired",
        PlrLookup = "plr_lookup",
        LearnerSearch = "learner_search",
        ChallengeRaised = "challenge_raised",
        OperatorRevoked = "operator_revoked",
        OperatorRoleChanged = "operator_role_changed",
        /// A phone enquiry wrapped up: its times, outcome and the operator's note.
        Call = "call",
        /// A queue view written to a file (`POST /exports`).
        Exported = "exported",
        /// Masked personal details shown again for one record or learner while the console was
        /// masked for screen sharing (`POST /exceptions/{id}/reveal`, `/learners/{uln}/reveal`).
        Revealed = "revealed",
        /// An operator's note on a record (`POST /exceptions/{id}/notes`); the text is the reason.
        Noted = "noted",
        /// An open record parked until a time (`POST /exceptions/{id}/snooze`).
        Snoozed = "snoozed",
        /// A snooze ended, early or when its time came.
        Woken = "woken",
        /// The record given to a colleague or taken back (`POST /exceptions/{id}/assign`, or a
        /// handover); the message is the reason, `assigned_to` before and after in the changes.
        Assigned = "assigned",
        /// An operator's change taken back within the undo window (`POST /exceptions/{id}/undo`):
        /// the state before it written back as a new version; the reason names the entry undone.
        Undone = "undone",
        /// An operator claimed the record to work on it (`PUT /exceptions/{id}/claim`).
        Claimed = "claimed",
        /// An operator took the record over from another's live claim; the reason names whose.
        ClaimTakenOver = "claim_taken_over",
        /// A console session over SSH began (subject `ssh`).
        SshSessionStarted = "ssh_session_started",
        /// A console session over SSH ended (subject `ssh`).
        SshSessionEnded = "ssh_session_ended",
        /// An SSH key given to an operator (subject: the operator).
        OperatorKeyAdded = "operator_key_added",
        /// An SSH key taken from an operator (subject: the operator).
        OperatorKeyRemoved = "operator_key_removed",
    }
}

closed_set! {
    /// How long an open exception has before its ULN is removed (the four-week rule), counted in
    /// UK (Europe/London) calendar days: `overdue` is past its deadline, `today` is due before
    /// midnight tonight, and the rest by how many days after today the deadline falls.
    DaysLeft {
        Overdue = "overdue",
        Today = "today",
        Days1To2 = "days_1_2",
        Days3To7 = "days_3_7",
        Days8To14 = "days_8_14",
        Days15To28 = "days_15_28",
        /// More than 28 days: only when the removal period is configured longer than four weeks.
        Later = "later",
    }
}

impl DaysLeft {
    /// For people and charts: short, and readable without colour.
    pub fn short_label(self) -> &'static str {
        match self {
            DaysLeft::Overdue => "overdue",
            DaysLeft::Today => "today",
            DaysLeft::Days1To2 => "1-2 d",
            DaysLeft::Days3To7 => "3-7 d",
            DaysLeft::Days8To14 => "8-14 d",
            DaysLeft::Days15To28 => "15-28 d",
            DaysLeft::Later => "29+ d",
            DaysLeft::Unknown => "?",
        }
    }
}

closed_set! {
    /// How a phone enquiry ended: the caller's identity checked and confirmed, checked and not
    /// confirmed, or no learner's identity was in question (a centre's general question, say).
    CallOutcome {
        Identified = "identified",
        NotIdentified = "not_identified",
        NoUln = "no_uln",
    }
}

closed_set! {
    /// An operator's role, each including the ones before it.
    Role {
        Viewer = "viewer",
        Operator = "operator",
        Supervisor = "supervisor",
        System = "system",
    }
}

closed_set! {
    /// How one supplied field compares with the register's.
    FieldMatch {
        Match = "match",
        Similar = "similar",
        Differs = "differs",
    }
}

closed_set! {
    /// The LRS verification outcome (`WSVRC…`), or `WSEC0136` for a ULN never sent.
    VerifyCode {
        Match = "WSVRC001",
        LinkedMatch = "WSVRC002",
        SimilarMatch = "WSVRC003",
        LinkedSimilarMatch = "WSVRC004",
        NoMatch = "WSVRC005",
        NotFound = "WSVRC006",
        InvalidUln = "WSEC0136",
    }
}

closed_set! {
    /// Which comparison failed (`VRF1`–`VRF8`).
    FailureFlag {
        GivenVsGiven = "VRF1",
        GivenVsFamily = "VRF2",
        GivenVsPreviousFamily = "VRF3",
        FamilyVsGiven = "VRF4",
        FamilyVsFamily = "VRF5",
        FamilyVsPreviousFamily = "VRF6",
        DateOfBirth = "VRF7",
        Gender = "VRF8",
    }
}

closed_set! {
    /// The register's answer to a PLR lookup or a search by demographics.
    RegisterCode {
        NoMatch = "WSRC0001",
        TooManyMatches = "WSRC0002",
        PossibleMatches = "WSRC0003",
        ExactMatch = "WSRC0004",
        MasterSubstituted = "WSRC0022",
        NotSharing = "WSEC0206",
        NotVerified = "WSEC0208",
    }
}

closed_set! {
    /// Gender as the LRS codes it.
    Gender {
        NotKnown = "0",
        Male = "1",
        Female = "2",
        NotSpecified = "9",
    }
}

closed_set! {
    /// Why a registration did not match; each is also a queue.
    AnomalyKind {
        MalformedUln = "malformed_uln",
        UlnNotFound = "uln_not_found",
        LinkedUln = "linked_uln",
        GivenName = "given_name",
        FamilyName = "family_name",
        NamesSwapped = "names_swapped",
        Spelling = "spelling",
        DateOfBirth = "date_of_birth",
        Gender = "gender",
        Postcode = "postcode",
        DifferentPerson = "different_person",
        /// One learner registered twice for a qualification, or one ULN on two people.
        Duplicate = "duplicate",
    }
}

closed_set! {
    /// The cause a suggestion names.
    SuggestionKind {
        MalformedUln = "malformed_uln",
        UlnNotFound = "uln_not_found",
        LinkedUln = "linked_uln",
        NamesSwapped = "names_swapped",
        PreferredName = "preferred_name",
        FamilyNameChanged = "family_name_changed",
        FamilyNameDiffers = "family_name_differs",
        Spelling = "spelling",
        DayMonthSwapped = "day_month_swapped",
        YearOffByOne = "year_off_by_one",
        DigitsTransposed = "digits_transposed",
        DateOfBirthDiffers = "date_of_birth_differs",
        GenderDiffers = "gender_differs",
        PostcodeMoved = "postcode_moved",
        PostcodePlaceholder = "postcode_placeholder",
        DifferentPerson = "different_person",
        DigitMistyped = "digit_mistyped",
        SeveralCauses = "several_causes",
        DuplicateRegistration = "duplicate_registration",
        UlnOnTwoPeople = "uln_on_two_people",
    }
}

closed_set! {
    /// Why a registration's ULN is rejected.
    RejectReason {
        WrongLearner = "wrong_learner",
        NoUlnObtainable = "no_uln_obtainable",
        DuplicateRegistration = "duplicate_registration",
        CentreWithdrew = "centre_withdrew",
        Other = "other",
    }
}

closed_set! {
    /// What a data challenge disputes.
    ChallengeKind {
        IncorrectInformation = "incorrect_information",
        NotLearners = "not_learners",
        Duplicate = "duplicate",
    }
}

closed_set! {
    /// Where a data challenge stands.
    ChallengeStatus {
        Open = "open",
        InProgress = "in_progress",
        Resolved = "resolved",
        Rejected = "rejected",
    }
}

closed_set! {
    /// Where a learning event came from.
    EventSource {
        Ilr = "ILR",
        Npd = "NPD",
        Ao = "AO",
    }
}

closed_set! {
    /// Whether a learning event's result is settled.
    EventStatus {
        Final = "final",
        Provisional = "provisional",
    }
}

closed_set! {
    /// What became of one submitted registration.
    RegistrationOutcome {
        Matched = "matched",
        Exception = "exception",
        Invalid = "invalid",
        /// Valid, but the register (the LRS) could not be asked: held, and verified by the
        /// backend when the register answers again. Neither an exception nor an error.
        Pending = "pending",
    }
}

closed_set! {
    /// Whether the register (the LRS) can be asked now.
    RegisterState {
        Available = "available",
        /// Answering, but slowly: lookups and PLRs take longer than usual.
        Slow = "slow",
        /// Out of its operating hours (LRS WSEC0004).
        Closed = "closed",
        /// Not answering; calls are not sent until a probe succeeds.
        Down = "down",
    }
}

closed_set! {
    /// Which register the backend asks.
    RegisterKind {
        /// The simulated register in the backend's own database (the demo, tests).
        Simulated = "simulated",
        /// The Learning Records Service over its SOAP web services.
        Lrs = "lrs",
    }
}

closed_set! {
    /// Which records a list shows: the open exceptions (the queues), the closed ones (resolved,
    /// rejected, expired), or both. Registrations that matched first time are never listed.
    RecordFilter {
        Open = "open",
        Closed = "closed",
        All = "all",
    }
}

closed_set! {
    /// Snoozed records in a list of open exceptions: left out until their time (the queues, by
    /// default), or only they (the snoozed view), or all.
    SnoozeFilter {
        Awake = "awake",
        Snoozed = "snoozed",
        Any = "any",
    }
}

impl Default for SnoozeFilter {
    /// The queues: what is to be worked now.
    fn default() -> Self {
        SnoozeFilter::Awake
    }
}

impl Default for RecordFilter {
    /// The queues: open exceptions.
    fn default() -> Self {
        RecordFilter::Open
    }
}

closed_set! {
    /// What a handover did with one record.
    HandoverOutcome {
        /// Now assigned to the colleague, audited as `assigned`.
        Done = "done",
        /// Left as it was: changed since it was read, closed, or no longer held by `from`.
        Conflict = "conflict",
    }
}

#[cfg(test)]
#[path = "vocab_tests.rs"]
mod tests;
