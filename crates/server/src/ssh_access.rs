//! The console served over SSH, as the backend sees it: operators' public keys, and the bearer
//! tokens minted for live SSH sessions.
//!
//! A session's console reaches the backend over HTTP like any other, with a token minted when its
//! key was accepted. The token lives in memory only, for as long as the session: it is never
//! stored, and it authenticates as the key's operator with the operator's current role, so a
//! revocation, a new role or a removed key bites as it does for a stored token.

use crate::auth::{hash_token, new_token};
use crate::operators::OperatorAdminError;
use crate::store::{
    AuditAction, AuditRecord, NewOperatorKey, Operator, OperatorKey, Role, StoreError, StoreResult,
};
use crate::{AppState, Backend};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The audit trail's subject for SSH sessions.
const SSH_SUBJECT: &str = "ssh";

/// Live SSH sessions' tokens, by hash, each with the fingerprint of the key it was minted for;
/// and the SSH server's own token for the event stream and queues its sessions share.
#[derive(Default)]
pub struct SshSessionTokens {
    by_hash: Mutex<HashMap<String, String>>,
    /// (token, its hash): minted once, kept in this process's memory only.
    stream: OnceLock<(String, String)>,
}

/// Whom the SSH server's stream token authenticates: a viewer that is no stored operator.
const STREAM_READER: &str = "ssh-server";

impl SshSessionTokens {
    /// Whether `token_hash` is the SSH server's stream token, which opens `/events` and the queue
    /// pages only (`extract::shared_read`).
    pub(crate) fn is_stream_token(&self, token_hash: &str) -> bool {
        self.stream
            .get()
            .is_some_and(|(_, hash)| hash == token_hash)
    }

    fn fingerprint_of(&self, token_hash: &str) -> Option<String> {
        let tokens = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        tokens.get(token_hash).cloned()
    }

    fn insert(&self, token_hash: String, fingerprint: String) {
        let mut tokens = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        tokens.insert(token_hash, fingerprint);
    }

    fn remove(&self, token_hash: &str) {
        let mut tokens = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        tokens.remove(token_hash);
    }
}

/// One live SSH session as the backend granted it.
#[derive(Debug)]
pub struct SshSession {
    pub operator: Operator,
    /// The bearer token the session's console sends; valid until `Backend::end_ssh_session`.
    pub token: String,
    pub fingerprint: String,
    source: String,
    started: Instant,
}

impl AppState {
    /// The operator a bearer token (by hash) authenticates: an SSH session's, or a stored one's.
    pub(crate) async fn operator_by_token_hash(&self, hash: &str) -> StoreResult<Option<Operator>> {
        if self.ssh_sessions.is_stream_token(hash) {
            return Ok(Some(Operator {
                id: 0,
                name: STREAM_READER.into(),
                role: Role::Viewer,
            }));
        }
        match self.ssh_sessions.fingerprint_of(hash) {
            Some(fingerprint) => self.store.operator_by_key(&fingerprint).await,
            None => self.store.operator_by_token_hash(hash).await,
        }
    }

    /// The SSH server's token for the one event stream and the queues its sessions share: it
    /// opens `/events` and the queue pages as a viewer and nothing else, for as long as this
    /// process runs. Never stored or shown.
    pub fn ssh_stream_token(&self) -> anyhow::Result<String> {
        if let Some((token, _)) = self.ssh_sessions.stream.get() {
            return Ok(token.clone());
        }
        let token = new_token().map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
        let hash = hash_token(&token);
        // Two servers minting at once keep the first.
        Ok(self
            .ssh_sessions
            .stream
            .get_or_init(|| (token, hash))
            .0
            .clone())
    }

    /// The operator a key belongs to, if they may use the console (not revoked, not a system
    /// operator).
    pub async fn operator_by_key(&self, fingerprint: &str) -> StoreResult<Option<Operator>> {
        Ok(self
            .store
            .operator_by_key(fingerprint)
            .await?
            .filter(|o| o.role != Role::System))
    }

    /// Starts a session for the key with `fingerprint`, connected from `source`: its token, or
    /// None if the key no longer admits anyone. Audited as the key's operator.
    pub async fn start_ssh_session(
        &self,
        fingerprint: &str,
        source: &str,
    ) -> anyhow::Result<Option<SshSession>> {
        let Some(operator) = self.operator_by_key(fingerprint).await? else {
            return Ok(None);
        };
        let token = new_token().map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
        self.ssh_sessions
            .insert(hash_token(&token), fingerprint.to_owned());
        let change = serde_json::json!({ "fingerprint": fingerprint, "source": source });
        self.store
            .append_audit(
                &AuditRecord::on_subject(
                    SSH_SUBJECT,
                    &operator.name,
                    AuditAction::SshSessionStarted,
                )
                .with_changes(change),
            )
            .await?;
        Ok(Some(SshSession {
            operator,
            token,
            fingerprint: fingerprint.to_owned(),
            source: source.to_owned(),
            started: Instant::now(),
        }))
    }

    /// Whether `session`'s key still admits its operator (not revoked, key not removed).
    pub async fn ssh_session_allowed(&self, session: &SshSession) -> bool {
        match self.operator_by_key(&session.fingerprint).await {
            Ok(operator) => operator.is_some(),
            // A database hiccup ends nobody's session; the next check asks again.
            Err(_) => true,
        }
    }

    /// Ends `session`: its token stops authenticating at once. Audited with how long it lasted and
    /// why it ended.
    pub async fn end_ssh_session(&self, session: SshSession, ended_by: &str) -> anyhow::Result<()> {
        let hash = hash_token(&session.token);
        // Both, so that no request authenticates with it from here on.
        self.ssh_sessions.remove(&hash);
        self.operators.forget(&hash);
        let change = serde_json::json!({
            "fingerprint": session.fingerprint,
            "source": session.source,
            "seconds": session.started.elapsed().as_secs(),
            "ended_by": ended_by,
        });
        self.store
            .append_audit(
                &AuditRecord::on_subject(
                    SSH_SUBJECT,
                    &session.operator.name,
                    AuditAction::SshSessionEnded,
                )
                .with_changes(change),
            )
            .await?;
        Ok(())
    }
}

impl Backend {
    /// Gives `name` an SSH key; audited as done `by`.
    pub async fn add_operator_key(
        &self,
        name: &str,
        key: &NewOperatorKey,
        by: &str,
    ) -> Result<(), OperatorAdminError> {
        let account = self.changeable(name).await?;
        if let Some(at) = account.revoked_at {
            return Err(OperatorAdminError::Revoked(name.to_owned(), at));
        }
        match self
            .state
            .store
            .add_operator_key(account.operator.id, key)
            .await
        {
            Err(StoreError::Duplicate(_)) => {
                return Err(OperatorAdminError::KeyTaken(key.fingerprint.clone()))
            }
            result => result?,
        }
        self.notice_operator_change().await;
        let change = serde_json::json!({ "fingerprint": key.fingerprint });
        self.state
            .store
            .append_audit(
                &AuditRecord::on_subject(name, by, AuditAction::OperatorKeyAdded)
                    .with_changes(change),
            )
            .await?;
        Ok(())
    }

    /// Takes an SSH key from `name`: it no longer connects, and its live sessions end within
    /// seconds. Audited as done `by`.
    pub async fn remove_operator_key(
        &self,
        name: &str,
        fingerprint: &str,
        by: &str,
    ) -> Result<(), OperatorAdminError> {
        let account = self.changeable(name).await?;
        let store = &self.state.store;
        if !store
            .remove_operator_key(account.operator.id, fingerprint)
            .await?
        {
            return Err(OperatorAdminError::UnknownKey(
                name.to_owned(),
                fingerprint.to_owned(),
            ));
        }
        self.notice_operator_change().await;
        let change = serde_json::json!({ "fingerprint": fingerprint });
        store
            .append_audit(
                &AuditRecord::on_subject(name, by, AuditAction::OperatorKeyRemoved)
                    .with_changes(change),
            )
            .await?;
        Ok(())
    }

    /// Every operator's SSH keys, by operator name.
    pub async fn operator_keys(&self) -> Result<Vec<OperatorKey>, OperatorAdminError> {
        Ok(self.state.store.operator_keys().await?)
    }
}
