//! Administering operators (list, revoke, change role) and making every server notice at once.
//!
//! The command line writes the database directly and servers are separate processes, so a server
//! cannot be told; instead each polls the operators' generation, a counter the database bumps on
//! every change to an operator's role, token or revocation, and empties its token cache when it
//! moves. An open event stream re-checks its token at each change and ends once the token no
//! longer authenticates.

use crate::extract::TokenHash;
use crate::store::{AuditAction, AuditRecord, OperatorAccount, Role, StoreError};
use crate::{AppState, Backend};
use jiff::Timestamp;
use std::time::Duration;

/// How often a server asks whether operators changed: a revocation bites within about this.
pub const OPERATOR_CHECK_INTERVAL: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum OperatorAdminError {
    #[error("there is no operator called {0:?} (`uln-console operator list` shows who there is)")]
    Unknown(String),
    #[error("{0:?} is a built-in system operator: it holds no token and its role cannot change")]
    System(String),
    #[error("{0:?} was revoked at {1}; add a new operator instead")]
    Revoked(String, Timestamp),
    #[error(
        "the key {0} already belongs to an operator (`uln-console operator list` shows whose)"
    )]
    KeyTaken(String),
    #[error("{0:?} holds no key {1} (`uln-console operator list` shows their keys)")]
    UnknownKey(String, String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What revoking did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revocation {
    Revoked(OperatorAccount),
    /// Revoked earlier; nothing changed.
    AlreadyRevoked(OperatorAccount),
}

impl Backend {
    /// Every operator, revoked ones included, by name.
    pub async fn operators(&self) -> Result<Vec<OperatorAccount>, OperatorAdminError> {
        Ok(self.state.store.operators().await?)
    }

    /// Revokes `name`'s token; on this server at once, on the others within about a second.
    /// The audit trail records it as done `by` (the administrator, as the caller names them).
    pub async fn revoke_operator(
        &self,
        name: &str,
        by: &str,
    ) -> Result<Revocation, OperatorAdminError> {
        let account = self.changeable(name).await?;
        if account.revoked_at.is_some() {
            return Ok(Revocation::AlreadyRevoked(account));
        }
        let revoked = self.state.store.revoke_operator(name).await?;
        self.notice_operator_change().await;
        self.state
            .store
            .append_audit(&AuditRecord::on_subject(
                name,
                by,
                AuditAction::OperatorRevoked,
            ))
            .await?;
        Ok(Revocation::Revoked(revoked.ok_or_else(|| {
            OperatorAdminError::Unknown(name.to_owned())
        })?))
    }

    /// Gives `name` a new role, which their next request has (on other servers within a second);
    /// audited as done `by`.
    pub async fn set_operator_role(
        &self,
        name: &str,
        role: Role,
        by: &str,
    ) -> Result<OperatorAccount, OperatorAdminError> {
        if role == Role::System {
            return Err(OperatorAdminError::System(name.to_owned()));
        }
        let account = self.changeable(name).await?;
        if let Some(at) = account.revoked_at {
            return Err(OperatorAdminError::Revoked(name.to_owned(), at));
        }
        let changed = self.state.store.set_operator_role(name, role).await?;
        self.notice_operator_change().await;
        let change = serde_json::json!({
            "role": { "before": account.operator.role.name(), "after": role.name() }
        });
        self.state
            .store
            .append_audit(
                &AuditRecord::on_subject(name, by, AuditAction::OperatorRoleChanged)
                    .with_changes(change),
            )
            .await?;
        changed.ok_or_else(|| OperatorAdminError::Unknown(name.to_owned()))
    }

    /// The operator called `name`, if an administrator may change them.
    pub(crate) async fn changeable(
        &self,
        name: &str,
    ) -> Result<OperatorAccount, OperatorAdminError> {
        let account = self
            .operators()
            .await?
            .into_iter()
            .find(|a| a.operator.name == name)
            .ok_or_else(|| OperatorAdminError::Unknown(name.to_owned()))?;
        if account.operator.role == Role::System {
            return Err(OperatorAdminError::System(name.to_owned()));
        }
        Ok(account)
    }

    /// This server need not wait for its next poll to forget what it cached.
    pub(crate) async fn notice_operator_change(&self) {
        check_generation(&self.state).await;
    }
}

async fn check_generation(state: &AppState) {
    match state.store.operators_generation().await {
        Ok(generation) => state.operators.observe_generation(generation),
        // The cache's time limit still bounds how long a stale entry lives.
        Err(e) => tracing::warn!(error = %e, "cannot read the operators' generation"),
    }
}

/// Polls the operators' generation for as long as the server runs.
pub async fn watch(state: AppState) {
    let mut every = tokio::time::interval(OPERATOR_CHECK_INTERVAL);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        check_generation(&state).await;
    }
}

/// Resolves once `token` no longer authenticates (its operator was revoked), checked at every
/// change of the operators' generation; never, if the server stops watching.
pub async fn token_revoked(state: AppState, token: TokenHash) {
    let mut changes = state.operators.changes();
    while changes.changed().await.is_ok() {
        match state.operator_by_token_hash(&token.0).await {
            Ok(Some(operator)) if operator.role.allows(Role::Viewer) => {}
            Ok(_) => return,
            // A database hiccup is no reason to drop a subscriber; the next change asks again.
            Err(e) => tracing::warn!(error = %e, "cannot re-check an event stream's operator"),
        }
    }
    std::future::pending().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::hash_token;
    use crate::ServerConfig;

    #[tokio::test]
    async fn the_server_that_revokes_forgets_the_cached_token_at_once() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let url = format!("sqlite://{}", dir.path().join("admin.db").display());
        let backend = Backend::open(ServerConfig::new(url)).await.expect("opens");
        let (ria, token) = backend.add_operator("ria", Role::Operator).await.unwrap();
        let cache = &backend.state.operators;
        // As a request and the watcher would leave it: generation seen, operator cached.
        check_generation(&backend.state).await;
        cache.insert(hash_token(&token), ria.clone(), cache.generation());
        assert_eq!(cache.get(&hash_token(&token)), Some(ria));

        let revoked = backend
            .revoke_operator("ria", "admin")
            .await
            .expect("revoked");
        assert!(matches!(revoked, Revocation::Revoked(_)));
        assert_eq!(cache.get(&hash_token(&token)), None, "no poll needed");
    }

    #[tokio::test]
    async fn revocations_and_role_changes_are_audited_with_who_made_them() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let url = format!("sqlite://{}", dir.path().join("admin.db").display());
        let backend = Backend::open(ServerConfig::new(url)).await.expect("opens");
        backend.add_operator("ria", Role::Operator).await.unwrap();
        backend
            .set_operator_role("ria", Role::Supervisor, "command line (pat)")
            .await
            .unwrap();
        backend
            .revoke_operator("ria", "command line (pat)")
            .await
            .unwrap();
        // A second revocation changes nothing, so it adds no row.
        backend
            .revoke_operator("ria", "command line (pat)")
            .await
            .unwrap();

        let trail = backend.state.store.audit_by_subject("ria").await.unwrap();
        let rows: Vec<(&str, &str)> = trail
            .iter()
            .map(|a| (a.action.as_str(), a.operator.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("operator_role_changed", "command line (pat)"),
                ("operator_revoked", "command line (pat)")
            ]
        );
        let change = trail[0].changes.as_ref().expect("the role change");
        assert_eq!(change["role"]["before"], "operator");
        assert_eq!(change["role"]["after"], "supervisor");
    }
}
