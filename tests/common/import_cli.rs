//! Running `uln-console import` as a centre's administrator does, and reading what it wrote.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::sync::mpsc;
use uln_api::RegistrationSubmission;

/// How long one import may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running import: its stderr lines arrive on `stderr` as they are written.
pub struct Import {
    child: Child,
    stdout: std::thread::JoinHandle<String>,
    stderr: mpsc::UnboundedReceiver<String>,
}

pub struct Finished {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `uln-console import` sent to the API at `base` with `token`, running.
pub fn start_at(base: &str, token: &str, dir: &Path, args: &[&str]) -> Import {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uln-console"))
        .arg("import")
        .args(["--backend", base])
        .args(args)
        .env("ULN_CONSOLE_TOKEN", token)
        // No config of the machine's user: none exists here.
        .env("ULN_CONSOLE_CONFIG", dir.join("no-config.toml"))
        .env_remove("ULN_CONSOLE_BACKEND")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("uln-console import starts");
    let mut out = child.stdout.take().expect("stdout");
    let stdout = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let err = BufReader::new(child.stderr.take().expect("stderr"));
    let (lines, stderr) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in err.lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    Import {
        child,
        stdout,
        stderr,
    }
}

impl Import {
    /// Waits for a stderr line containing `text`.
    pub async fn line_with(&mut self, text: &str) -> String {
        let wait = async {
            while let Some(line) = self.stderr.recv().await {
                if line.contains(text) {
                    return line;
                }
            }
            panic!("the import ended without writing {text:?}")
        };
        tokio::time::timeout(PATIENCE, wait)
            .await
            .unwrap_or_else(|_| panic!("no {text:?} on stderr within {PATIENCE:?}"))
    }

    /// Waits for the import to end (polling its status, with a limit), then reads what it wrote.
    pub async fn finish(mut self) -> Finished {
        let status = tokio::time::timeout(PATIENCE, async {
            loop {
                if let Some(status) = self.child.try_wait().expect("the child can be waited on") {
                    return status;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        let Ok(status) = status else {
            let _ = self.child.kill();
            panic!("the import did not end within {PATIENCE:?}");
        };
        let mut stderr = Vec::new();
        while let Some(line) = self.stderr.recv().await {
            stderr.push(line);
        }
        Finished {
            code: status.code().expect("an exit code"),
            stdout: self.stdout.join().expect("stdout read"),
            stderr: stderr.join("\n"),
        }
    }
}

/// A row of the file, fields in the order of `HEADER`, quoted where they need it.
pub fn line(r: &RegistrationSubmission) -> String {
    let q = |s: &str| match s.contains([',', '"', ' ']) {
        true => format!("\"{}\"", s.replace('"', "\"\"")),
        false => s.to_owned(),
    };
    [
        &r.uln,
        &r.given_name,
        &r.family_name,
        &r.date_of_birth,
        &r.gender,
        &r.postcode,
        &r.centre,
    ]
    .map(|s| q(s))
    .join(",")
}

pub const HEADER: &str = "uln,given_name,family_name,date_of_birth,gender,postcode,centre";

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the file is written");
    path
}

/// The results file's rows, header first, each split into its fields.
pub fn results_of(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("the results file exists");
    reader
        .records()
        .map(|r| {
            r.expect("a results row")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}
