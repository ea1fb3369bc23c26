//! The console over SSH with about 100,000 open exceptions (issue 17): the server process's
//! resident memory with 0, 1, 10 and 20 sessions connected by OpenSSH's `ssh`, and the bytes a
//! keystroke sends to the client's terminal over SSH beside a local console on the same backend.
//!
//! cargo build --release && cargo run --release --example ssh_sessions -- [REGISTRATIONS] [SESSIONS…]
//!
//! Seeds /tmp/uln-ssh-REGISTRATIONS.db on first use (reused after; 290,000 registrations give
//! about 100,700 open exceptions), adds an operator with a fresh key, and runs
//! `target/release/uln-console serve --ssh` on loopback (`ULN_CONSOLE_BIN` names another build). Each client runs in a 50 × 200
//! pseudo-terminal; a session counts as connected once its whole queue has loaded (no
//! "loading…"), and memory is read from /proc/PID/status once it stops moving. Bytes are counted
//! as read from the client's pseudo-terminal, from a key until the screen is quiet for 300 ms, the
//! same way for `ssh` and for a local `uln-console` against the same server. Figures are printed
//! for BENCHMARKS.md; nothing is asserted.

use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uln_domain::RemovalPeriod;
use uln_server::seed::SeedConfig;
use uln_server::{Backend, ServerConfig};

const ROWS: u16 = 50;
const COLS: u16 = 200;
/// A screen that wrote nothing for this long has finished answering a key.
const QUIET: Duration = Duration::from_millis(300);

/// Seeds the database if it is new; says how many exceptions are open.
fn prepare(registrations: usize) -> anyhow::Result<PathBuf> {
    let db = PathBuf::from(format!("/tmp/uln-ssh-{registrations}.db"));
    tokio::runtime::Runtime::new()?.block_on(async {
        let backend =
            Backend::open(ServerConfig::new(format!("sqlite://{}", db.display()))).await?;
        if backend.seeder().learners_in_register().await? == 0 {
            let config = SeedConfig {
                learners: (registrations / 5).max(1000),
                registrations,
                seed: 7,
                anomaly_percent: 35,
                ..SeedConfig::default()
            };
            backend.seed(&config, RemovalPeriod::default()).await?;
        }
        let counts = backend
            .state
            .store
            .queue_counts(jiff::Timestamp::now())
            .await?;
        let open = counts
            .iter()
            .find(|c| c.kind.is_none())
            .map_or(0, |c| c.open);
        println!("{open} open exceptions in {}", db.display());
        anyhow::Ok(())
    })?;
    Ok(db)
}

/// A program in a pseudo-terminal, its output parsed and counted.
struct Screen {
    parsed: Arc<Mutex<(vt100::Parser, usize, Instant)>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Screen {
    fn spawn(cmd: CommandBuilder) -> anyhow::Result<Screen> {
        let pair = native_pty_system().openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })?;
        let child = pair.slave.spawn_command(cmd)?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader()?;
        let writer = pair.master.take_writer()?;
        let parsed = Arc::new(Mutex::new((
            vt100::Parser::new(ROWS, COLS, 0),
            0usize,
            Instant::now(),
        )));
        let shared = parsed.clone();
        std::thread::spawn(move || {
            // The master must outlive the reader, or the terminal hangs up.
            let _master = pair.master;
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut guard = shared.lock().unwrap();
                guard.0.process(&buf[..n]);
                guard.1 += n;
                guard.2 = Instant::now();
            }
        });
        Ok(Screen {
            parsed,
            writer,
            child,
        })
    }

    fn text(&self) -> String {
        self.parsed.lock().unwrap().0.screen().contents()
    }

    fn bytes(&self) -> usize {
        self.parsed.lock().unwrap().1
    }

    fn wait(&self, what: &str, done: impl Fn(&str) -> bool) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(300);
        while !done(&self.text()) {
            anyhow::ensure!(Instant::now() < deadline, "no {what}:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// Waits until nothing has been written for `QUIET`.
    fn settle(&self) {
        loop {
            let last = self.parsed.lock().unwrap().2;
            if last.elapsed() >= QUIET {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The bytes `keys` made the program write.
    fn bytes_for(&mut self, keys: &str) -> anyhow::Result<usize> {
        self.settle();
        let before = self.bytes();
        self.writer.write_all(keys.as_bytes())?;
        self.writer.flush()?;
        std::thread::sleep(QUIET / 3);
        self.settle();
        Ok(self.bytes() - before)
    }

    /// The whole queue loaded and shown.
    fn wait_loaded(&self) -> anyhow::Result<()> {
        self.wait("queue", |s| {
            s.contains("Removal in") && !s.contains("loading…")
        })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Resident memory in MiB once it has stopped moving (within 1 MiB over two seconds).
fn settled_rss(pid: u32) -> f64 {
    let mut last = status_kb(pid, "VmRSS:");
    loop {
        std::thread::sleep(Duration::from_secs(2));
        let now = status_kb(pid, "VmRSS:");
        if now.abs_diff(last) < 1024 {
            return now as f64 / 1024.0;
        }
        last = now;
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A fresh operator with a fresh key: (name, private key path, API token).
fn operator(binary: &Path, db: &Path, dir: &Path) -> anyhow::Result<(String, PathBuf, String)> {
    let key = dir.join("id_ed25519");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()?;
    anyhow::ensure!(made.success(), "ssh-keygen failed");
    let line = std::fs::read_to_string(key.with_extension("pub"))?;
    let name = format!("bench{}", std::process::id());
    let added = Command::new(binary)
        .args(["operator", "add", &name, "--role", "operator", "--ssh-key"])
        .arg(line.trim())
        .arg("--database")
        .arg(db)
        .output()?;
    anyhow::ensure!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let printed = String::from_utf8_lossy(&added.stdout);
    // The token is the one line printed.
    let token = printed.trim().to_owned();
    anyhow::ensure!(!token.is_empty(), "no token printed");
    Ok((name, key, token))
}

fn ssh_client(port: u16, key: &Path, home: &Path) -> anyhow::Result<Screen> {
    let mut cmd = CommandBuilder::new("ssh");
    let key = key.display().to_string();
    let port = port.to_string();
    cmd.args([
        "-tt",
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
        "operator@127.0.0.1",
    ]);
    cmd.env("HOME", home);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("SSH_AUTH_SOCK");
    Screen::spawn(cmd)
}

fn local_console(binary: &Path, api: &str, token: &str, home: &Path) -> anyhow::Result<Screen> {
    let mut cmd = CommandBuilder::new(binary);
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("ULN_CONSOLE_BACKEND", api);
    cmd.env("ULN_CONSOLE_TOKEN", token);
    Screen::spawn(cmd)
}

/// Down a row, open the record, back, a page down: the bytes each wrote.
fn keystrokes(screen: &mut Screen) -> anyhow::Result<[usize; 3]> {
    screen.wait_loaded()?;
    let down = screen.bytes_for("j")?;
    let open = screen.bytes_for("\r")?;
    screen.wait("the record", |s| s.contains("Supplied vs LRS"))?;
    screen.bytes_for("\x1b")?;
    let page = screen.bytes_for("\x1b[6~")?;
    Ok([down, open, page])
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let registrations: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(290_000);
    let mut steps: Vec<usize> = args.iter().skip(2).filter_map(|a| a.parse().ok()).collect();
    if steps.is_empty() {
        steps = vec![0, 1, 10, 20];
    }
    // ULN_CONSOLE_BIN measures another build (the code before a change, say).
    let target = option_env!("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    let binary = std::env::var_os("ULN_CONSOLE_BIN")
        .map_or_else(|| target.join("release/uln-console"), PathBuf::from);
    anyhow::ensure!(
        binary.exists(),
        "{} is missing: build --release first",
        binary.display()
    );
    let db = prepare(registrations)?;
    let dir = tempfile::tempdir()?;
    let (name, key, token) = operator(&binary, &db, dir.path())?;
    let (api_port, ssh_port) = (free_port()?, free_port()?);
    let most = steps.iter().copied().max().unwrap_or(0).max(1) + 1;
    let mut server = Command::new(&binary)
        .arg("serve")
        .arg("--database")
        .arg(&db)
        .args(["--listen", &format!("127.0.0.1:{api_port}")])
        .args(["--ssh", &format!("127.0.0.1:{ssh_port}")])
        .arg("--ssh-host-key")
        .arg(dir.path().join("host_key"))
        .args(["--ssh-sessions-per-operator", &most.to_string()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("serve.log"))?)
        .spawn()?;
    let pid = server.id();
    let api = format!("http://127.0.0.1:{api_port}/api/v1");
    let up = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", ssh_port)).is_err() {
        anyhow::ensure!(
            up.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("operator {name}; server pid {pid}; {ROWS} × {COLS} terminals");
    let mut sessions = Vec::new();
    let mut last: Option<(usize, f64)> = None;
    for &n in &steps {
        while sessions.len() < n {
            let client = ssh_client(ssh_port, &key, dir.path())?;
            client.wait_loaded()?;
            sessions.push(client);
        }
        let rss = settled_rss(pid);
        let peak = status_kb(pid, "VmHWM:") as f64 / 1024.0;
        // Each added session's share of the growth since the previous step.
        let per = match last {
            Some((m, before)) if n > m => {
                format!(
                    ", {:.1} MiB a session added",
                    (rss - before) / (n - m) as f64
                )
            }
            _ => String::new(),
        };
        last = Some((n, rss));
        println!("{n:>3} sessions: resident {rss:.1} MiB (peak {peak:.1} MiB){per}");
    }
    drop(sessions);
    let mut over_ssh = ssh_client(ssh_port, &key, dir.path())?;
    let ssh = keystrokes(&mut over_ssh)?;
    drop(over_ssh);
    let mut local = local_console(&binary, &api, &token, dir.path())?;
    let here = keystrokes(&mut local)?;
    drop(local);
    for (what, i) in [("down a row", 0), ("open a record", 1), ("page down", 2)] {
        println!(
            "bytes for {what}: over SSH {} B, local {} B",
            ssh[i], here[i]
        );
    }
    let _ = Command::new("kill").arg(pid.to_string()).status();
    let _ = server.wait();
    Ok(())
}
