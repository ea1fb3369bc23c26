//! The backend as the SSH server's gate: which keys admit whom, and sessions minted, checked and
//! ended by the backend (which audits them). Shared with the SSH tests, which serve sessions from
//! an in-process backend the same way.

use std::path::{Path, PathBuf};
use uln_server::ssh_access::SshSession;
use uln_server::AppState;
use uln_ssh::{ConsoleSettings, EndReason};
use uln_tui::config::Config;

/// The backend, and the directory of operators' console settings (`NAME.toml`), if any.
pub struct BackendGate(pub AppState, pub Option<PathBuf>);

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

    fn console_settings(&self, operator: &str) -> ConsoleSettings {
        match &self.1 {
            Some(dir) => settings_of(dir, operator),
            None => ConsoleSettings::default(),
        }
    }

    async fn end(&self, session: SshSession, why: EndReason) {
        if let Err(e) = self.0.end_ssh_session(session, why.name()).await {
            tracing::warn!(error = %e, "cannot record the end of an SSH session");
        }
    }
}

/// `operator`'s settings from `dir/OPERATOR.toml`, in the format of the local console's
/// `uln-console.toml`: the keys, colour and masking are used; a file that cannot be used gives the
/// defaults and says why. No file: the defaults.
fn settings_of(dir: &Path, operator: &str) -> ConsoleSettings {
    if operator.is_empty() || operator.starts_with('.') || operator.contains(['/', '\\']) {
        return ConsoleSettings::default();
    }
    let path = dir.join(format!("{operator}.toml"));
    let config = match Config::load(&path) {
        Ok(config) => config,
        Err(e) => {
            tracing::warn!(error = %e, "an operator's console settings cannot be used");
            return ConsoleSettings {
                problem: Some(format!("default keys used: {}", one_line(&e.to_string()))),
                ..ConsoleSettings::default()
            };
        }
    };
    // Config::load has checked both already.
    let keymap = config.keymap().unwrap_or_default();
    let options = config.console_options().unwrap_or_default();
    let unused: Vec<&str> = [
        (!config.backend.is_empty()).then_some("backend"),
        config.token_file.is_some().then_some("token_file"),
        config.mouse.then_some("mouse"),
    ]
    .into_iter()
    .flatten()
    .collect();
    ConsoleSettings {
        keymap,
        no_colour: !config.theme.colour,
        mask_after_idle: options.mask_after_idle,
        problem: (!unused.is_empty()).then(|| {
            format!(
                "{} in {} not used over SSH",
                unused.join(", "),
                path.display()
            )
        }),
    }
}

/// A message of several lines (a TOML error points at its line) as one, for the status line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
