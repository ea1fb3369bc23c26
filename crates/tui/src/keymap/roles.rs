//! Keys by role: an action the operator's role may not take is not offered (not in the footer,
//! not in `?`), and pressing its key says why at once instead of after a form is filled and the
//! backend refuses it. The backend still checks every request; this is for the operator.

use super::{Action, Keymap};
use uln_api::Role;

impl Action {
    /// The least role that may take this action, when it is more than looking.
    pub fn needs(self) -> Option<Role> {
        match self {
            Action::Amend
            | Action::Reject
            | Action::Verify
            | Action::Challenge
            | Action::Note
            | Action::Snooze
            | Action::Assign
            | Action::Undo
            | Action::TakeOver
            | Action::ApplySuggestion
            | Action::Bulk => Some(Role::Operator),
            Action::Reopen => Some(Role::Supervisor),
            _ => None,
        }
    }
}

/// Roles in order, each allowed what the ones before it are. A role this build does not know
/// is offered only looking, and the backend decides.
fn rank(role: Role) -> u8 {
    match role {
        Role::Viewer | Role::Unknown => 0,
        Role::Operator => 1,
        Role::Supervisor => 2,
        Role::System => 3,
    }
}

impl Keymap {
    /// Told once the backend says who the operator is; until then every key is offered.
    pub fn set_role(&mut self, role: Role) {
        self.role = Some(role);
    }

    pub fn offers(&self, action: Action) -> bool {
        self.refusal(action).is_none()
    }

    /// Why the operator's role may not take `action`, or None if it may.
    pub fn refusal(&self, action: Action) -> Option<String> {
        let needed = action.needs()?;
        let role = self.role?;
        (rank(role) < rank(needed)).then(|| {
            // Short enough for an 80-column status line; the roles are in the README.
            format!("a {} cannot {}", role.label(), action.describe())
        })
    }

    /// Why the operator may not apply suggestions (they amend or reject), or None if they may.
    pub fn refuses_suggestions(&self) -> Option<String> {
        self.refusal(Action::Amend).map(|_| {
            "suggestions are applied by an operator or supervisor; yours is a view-only role"
                .to_owned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_is_offered_what_it_may_do_and_told_why_not_otherwise() {
        let mut keys = Keymap::default();
        assert!(
            keys.offers(Action::Reopen),
            "before /me answers, everything is offered"
        );
        keys.set_role(Role::Viewer);
        assert!(keys.offers(Action::PlrLookup) && keys.offers(Action::Open));
        assert!(!keys.offers(Action::Amend) && !keys.offers(Action::Reject));
        assert!(keys.refusal(Action::Amend).unwrap().contains("viewer"));
        keys.set_role(Role::Operator);
        assert!(keys.offers(Action::Amend) && !keys.offers(Action::Reopen));
        keys.set_role(Role::Supervisor);
        assert!(keys.offers(Action::Reopen));
    }
}
