//! The server's own enums (store and register) in their wire forms. Exhaustive matches, so a new
//! variant on either side is a compile error until it is placed on the wire.

use crate::register::{ChallengeKind, ChallengeStatus, PlrCode, SearchCode};
use crate::store::{AuditAction, RecordStatus, Role};
use uln_api as api;

impl From<RecordStatus> for api::RecordStatus {
    fn from(s: RecordStatus) -> Self {
        match s {
            RecordStatus::Matched => api::RecordStatus::Matched,
            RecordStatus::Open => api::RecordStatus::Open,
            RecordStatus::Resolved => api::RecordStatus::Resolved,
            RecordStatus::Rejected => api::RecordStatus::Rejected,
            RecordStatus::Expired => api::RecordStatus::Expired,
        }
    }
}

impl From<Role> for api::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Viewer => api::Role::Viewer,
            Role::Operator => api::Role::Operator,
            Role::Supervisor => api::Role::Supervisor,
            Role::System => api::Role::System,
        }
    }
}

impl From<AuditAction> for api::AuditAction {
    fn from(a: AuditAction) -> Self {
        match a {
            AuditAction::Created => api::AuditAction::Created,
            AuditAction::Viewed => api::AuditAction::Viewed,
            AuditAction::ReadAhead => api::AuditAction::ReadAhead,
            AuditAction::Amended => api::AuditAction::Amended,
            AuditAction::Rejected => api::AuditAction::Rejected,
            AuditAction::Verified => api::AuditAction::Verified,
            AuditAction::Reopened => api::AuditAction::Reopened,
            AuditAction::Expired => api::AuditAction::Expired,
            AuditAction::PlrLookup => api::AuditAction::PlrLookup,
            AuditAction::LearnerSearch => api::AuditAction::LearnerSearch,
            AuditAction::ChallengeRaised => api::AuditAction::ChallengeRaised,
            AuditAction::OperatorRevoked => api::AuditAction::OperatorRevoked,
            AuditAction::OperatorRoleChanged => api::AuditAction::OperatorRoleChanged,
            AuditAction::Call => api::AuditAction::Call,
            AuditAction::Exported => api::AuditAction::Exported,
            AuditAction::Revealed => api::AuditAction::Revealed,
            AuditAction::Noted => api::AuditAction::Noted,
            AuditAction::Snoozed => api::AuditAction::Snoozed,
            AuditAction::Woken => api::AuditAction::Woken,
            AuditAction::Assigned => api::AuditAction::Assigned,
            AuditAction::Undone => api::AuditAction::Undone,
            AuditAction::Claimed => api::AuditAction::Claimed,
            AuditAction::ClaimTakenOver => api::AuditAction::ClaimTakenOver,
            AuditAction::SshSessionStarted => api::AuditAction::SshSessionStarted,
            AuditAction::SshSessionEnded => api::AuditAction::SshSessionEnded,
            AuditAction::OperatorKeyAdded => api::AuditAction::OperatorKeyAdded,
            AuditAction::OperatorKeyRemoved => api::AuditAction::OperatorKeyRemoved,
        }
    }
}

/// The change an audited action makes to a record, for the event stream; None for actions that
/// only read (views, lookups) or touch no record.
pub fn change_action(a: AuditAction) -> Option<api::ChangeAction> {
    match a {
        AuditAction::Created => Some(api::ChangeAction::Created),
        AuditAction::Amended => Some(api::ChangeAction::Amended),
        AuditAction::Rejected => Some(api::ChangeAction::Rejected),
        AuditAction::Verified => Some(api::ChangeAction::Verified),
        AuditAction::Reopened => Some(api::ChangeAction::Reopened),
        AuditAction::Expired => Some(api::ChangeAction::Expired),
        AuditAction::Snoozed => Some(api::ChangeAction::Snoozed),
        AuditAction::Woken => Some(api::ChangeAction::Woken),
        AuditAction::Assigned => Some(api::ChangeAction::Assigned),
        AuditAction::Undone => Some(api::ChangeAction::Undone),
        AuditAction::Viewed
        | AuditAction::ReadAhead
        | AuditAction::PlrLookup
        | AuditAction::LearnerSearch
        | AuditAction::ChallengeRaised
        | AuditAction::OperatorRevoked
        | AuditAction::OperatorRoleChanged
        | AuditAction::Call
        | AuditAction::Exported
        | AuditAction::Revealed
        | AuditAction::Noted
        // A claim is not a change to the record: it goes out as a claim event instead.
        | AuditAction::Claimed
        | AuditAction::ClaimTakenOver
        | AuditAction::SshSessionStarted
        | AuditAction::SshSessionEnded
        | AuditAction::OperatorKeyAdded
        | AuditAction::OperatorKeyRemoved => None,
    }
}

impl From<ChallengeKind> for api::ChallengeKind {
    fn from(k: ChallengeKind) -> Self {
        match k {
            ChallengeKind::IncorrectInformation => api::ChallengeKind::IncorrectInformation,
            ChallengeKind::NotLearners => api::ChallengeKind::NotLearners,
            ChallengeKind::Duplicate => api::ChallengeKind::Duplicate,
        }
    }
}

/// The register's challenge kind; None for a kind this build does not know.
pub fn challenge_kind(k: api::ChallengeKind) -> Option<ChallengeKind> {
    match k {
        api::ChallengeKind::IncorrectInformation => Some(ChallengeKind::IncorrectInformation),
        api::ChallengeKind::NotLearners => Some(ChallengeKind::NotLearners),
        api::ChallengeKind::Duplicate => Some(ChallengeKind::Duplicate),
        api::ChallengeKind::Unknown => None,
    }
}

impl From<ChallengeStatus> for api::ChallengeStatus {
    fn from(s: ChallengeStatus) -> Self {
        match s {
            ChallengeStatus::Open => api::ChallengeStatus::Open,
            ChallengeStatus::InProgress => api::ChallengeStatus::InProgress,
            ChallengeStatus::Resolved => api::ChallengeStatus::Resolved,
            ChallengeStatus::Rejected => api::ChallengeStatus::Rejected,
        }
    }
}

impl From<PlrCode> for api::RegisterCode {
    fn from(c: PlrCode) -> Self {
        match c {
            PlrCode::Found => api::RegisterCode::ExactMatch,
            PlrCode::MasterSubstituted => api::RegisterCode::MasterSubstituted,
            PlrCode::NoSuchLearner => api::RegisterCode::NoMatch,
            PlrCode::IdentityNotVerified => api::RegisterCode::NotVerified,
            PlrCode::NotShared => api::RegisterCode::NotSharing,
        }
    }
}

impl From<SearchCode> for api::RegisterCode {
    fn from(c: SearchCode) -> Self {
        match c {
            SearchCode::NoMatch => api::RegisterCode::NoMatch,
            SearchCode::TooMany => api::RegisterCode::TooManyMatches,
            SearchCode::Possible => api::RegisterCode::PossibleMatches,
            SearchCode::Exact => api::RegisterCode::ExactMatch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_codes_keep_their_lrs_names_on_the_wire() {
        for code in [
            PlrCode::Found,
            PlrCode::MasterSubstituted,
            PlrCode::NoSuchLearner,
            PlrCode::IdentityNotVerified,
            PlrCode::NotShared,
        ] {
            assert_eq!(api::RegisterCode::from(code).wire_name(), code.code());
        }
        for code in [
            SearchCode::NoMatch,
            SearchCode::TooMany,
            SearchCode::Possible,
            SearchCode::Exact,
        ] {
            assert_eq!(api::RegisterCode::from(code).wire_name(), code.code());
        }
    }

    #[test]
    fn statuses_and_actions_keep_their_stored_names_on_the_wire() {
        for status in [
            RecordStatus::Matched,
            RecordStatus::Open,
            RecordStatus::Resolved,
            RecordStatus::Rejected,
            RecordStatus::Expired,
        ] {
            assert_eq!(api::RecordStatus::from(status).wire_name(), status.name());
        }
        for role in [Role::Viewer, Role::Operator, Role::Supervisor, Role::System] {
            assert_eq!(api::Role::from(role).wire_name(), role.name());
        }
        let changes = [
            AuditAction::Created,
            AuditAction::Amended,
            AuditAction::Rejected,
            AuditAction::Verified,
            AuditAction::Reopened,
            AuditAction::Expired,
        ];
        for action in changes {
            assert_eq!(api::AuditAction::from(action).wire_name(), action.name());
            assert_eq!(
                change_action(action).map(|c| c.wire_name()),
                Some(action.name())
            );
        }
    }
}
