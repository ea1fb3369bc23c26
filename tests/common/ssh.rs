//! The console served over SSH from a test server's backend, as `serve --ssh` serves it, and
//! the real OpenSSH client in a pseudo-terminal to reach it.

use super::pty::Terminal;
use super::TestServer;
use portable_pty::CommandBuilder;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use uln_ssh::{SessionLimits, Sessions};

#[path = "../../src/ssh_gate.rs"]
mod ssh_gate;

/// An SSH server on 127.0.0.1:0 in front of a test server; stops when dropped.
pub struct SshFront {
    pub port: u16,
    /// The sessions it serves now.
    pub sessions: Arc<Sessions>,
    _stop: oneshot::Sender<()>,
    _host_key_dir: tempfile::TempDir,
}

pub const ROOMY: SessionLimits = SessionLimits {
    per_operator: 5,
    total: 50,
};

impl SshFront {
    pub async fn start(server: &TestServer) -> SshFront {
        Self::start_with(server, ROOMY, Duration::from_secs(30 * 60)).await
    }

    pub async fn start_with(
        server: &TestServer,
        limits: SessionLimits,
        idle_timeout: Duration,
    ) -> SshFront {
        Self::start_full(server, limits, idle_timeout, None).await
    }

    /// With operators' console settings read from `settings` (`NAME.toml`), as `serve
    /// --ssh-config-dir` reads them.
    pub async fn start_with_settings(server: &TestServer, settings: PathBuf) -> SshFront {
        let idle = Duration::from_secs(30 * 60);
        Self::start_full(server, ROOMY, idle, Some(settings)).await
    }

    async fn start_full(
        server: &TestServer,
        limits: SessionLimits,
        idle_timeout: Duration,
        consoles: Option<PathBuf>,
    ) -> SshFront {
        let dir = tempfile::tempdir().unwrap();
        let host_key = uln_ssh::load_or_create_host_key(&dir.path().join("host_key")).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let settings = uln_ssh::SshSettings {
            host_key,
            api_base: server.base.clone(),
            idle_timeout,
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let sessions = Arc::new(Sessions::new(limits));
        tokio::spawn(uln_ssh::serve(
            listener,
            ssh_gate::BackendGate(server.state.clone(), consoles),
            settings,
            sessions.clone(),
            async {
                let _ = stopped.await;
            },
        ));
        SshFront {
            port,
            sessions,
            _stop: stop,
            _host_key_dir: dir,
        }
    }

    /// Waits until the server holds `n` sessions; fails after ten seconds.
    pub fn wait_for_sessions(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.sessions.open() != n {
            assert!(
                Instant::now() < deadline,
                "the server holds {} sessions, not {n}",
                self.sessions.open()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// OpenSSH's client connecting with `key` in a 40 × 160 terminal.
    pub fn connect(&self, key: &OperatorKey) -> Terminal {
        connect(self.port, key)
    }

    /// The client's options, for a test that runs it without a terminal.
    pub fn client_args(&self, key: &OperatorKey) -> Vec<String> {
        client_args(self.port, key)
    }
}

/// OpenSSH's client connecting to `port` with `key` in a 40 × 160 terminal, trusting whatever
/// host key it is shown and using no agent, config or other key.
pub fn connect(port: u16, key: &OperatorKey) -> Terminal {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new("ssh");
    cmd.args(client_args(port, key));
    cmd.arg("-tt");
    cmd.arg("operator@127.0.0.1");
    cmd.env("HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("SSH_AUTH_SOCK");
    Terminal::spawn(cmd, home, 40, 160)
}

/// The client's options: `key` only, no config, any host key accepted and not remembered.
pub fn client_args(port: u16, key: &OperatorKey) -> Vec<String> {
    let port = port.to_string();
    let key = key.private.display().to_string();
    [
        "-i",
        &key,
        "-p",
        &port,
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// A key pair made by `ssh-keygen`, as an operator makes theirs.
pub struct OperatorKey {
    pub private: PathBuf,
    /// The public key's line, as the operator sends it to the administrator.
    pub line: String,
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    _dir: tempfile::TempDir,
}

impl OperatorKey {
    pub fn generate() -> OperatorKey {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("id_ed25519");
        let made = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "operator@desk", "-f"])
            .arg(&private)
            .status()
            .expect("ssh-keygen runs (package openssh-client)");
        assert!(made.success());
        let line = std::fs::read_to_string(private.with_extension("pub")).unwrap();
        let listed = std::process::Command::new("ssh-keygen")
            .arg("-lf")
            .arg(private.with_extension("pub"))
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
        let fingerprint = listed.split_whitespace().nth(1).unwrap().to_owned();
        OperatorKey {
            private,
            line: line.trim().to_owned(),
            fingerprint,
            _dir: dir,
        }
    }
}

/// Gives `operator` the key with the command an administrator runs.
pub fn add_key(server: &TestServer, operator: &str, key: &OperatorKey) {
    super::processes::run(&[
        "operator",
        "add-key",
        operator,
        &key.line,
        "--database",
        &server.database_url,
    ]);
}

/// The queue is on screen.
pub fn queue_shown(s: &str) -> bool {
    s.contains("all open") && s.contains("Removal in")
}
