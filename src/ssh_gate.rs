//! The backend as the SSH server's gate: which keys admit whom, and sessions minted, checked and
//! ended by the backend (which audits them). Shared with the SSH tests, which serve sessions from
//! an in-process backend the same way.

use uln_server::ssh_access::SshSession;
use uln_server::AppState;
use uln_ssh::EndReason;

pub struct BackendGate(pub AppState);

#[uln_ssh::async_trait]
impl uln_ssh::Gate for BackendGate {
    type Session = SshSession;

    async fn operator_for_key(&self, fingerprint: &str) -> Option<String> {
        match self.0.operator_by_key(fingerprint).await {
            Ok(operator) => operator.map(|o| o.name),
            Err(e) => {
                tracing::warn!(error = %e, "cannot look up an SSH key's operator");
                None
            }
        }
    }

    async fn start(&self, fingerprint: &str, source: &str) -> Option<SshSession> {
        match self.0.start_ssh_session(fingerprint, source).await {
            Ok(session) => session,
            Err(e) => {
                tracing::warn!(error = %e, "cannot start an SSH session");
                None
            }
        }
    }

    fn operator<'a>(&self, session: &'a SshSession) -> &'a str {
        &session.operator.name
    }

    fn role(&self, session: &SshSession) -> String {
        session.operator.role.name().to_owned()
    }

    fn token<'a>(&self, session: &'a SshSession) -> &'a str {
        &session.token
    }

    async fn still_admitted(&self, session: &SshSession) -> bool {
        self.0.ssh_session_allowed(session).await
    }

    async fn stream_token(&self) -> Option<String> {
        match self.0.ssh_stream_token() {
            Ok(token) => Some(token),
            Err(e) => {
                tracing::warn!(error = %e, "no token for the shared event stream");
                None
            }
        }
    }

    async fn end(&self, session: SshSession, why: EndReason) {
        if let Err(e) = self.0.end_ssh_session(session, why.name()).await {
            tracing::warn!(error = %e, "cannot record the end of an SSH session");
        }
    }
}
