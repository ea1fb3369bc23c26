//! The product's binary run as an operations team runs it: started, waited on for the line that
//! says it is serving, and killed when the test ends however it ends.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a process may take to say it is serving.
pub const STARTUP: Duration = Duration::from_secs(60);

/// Kills the process when the test ends, however it ends.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn uln_console() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_uln-console"));
    command.env("ULN_CONSOLE_LOG", "info").env("NO_COLOR", "1");
    command
}

pub fn run(args: &[&str]) -> String {
    let output = uln_console().args(args).output().expect("uln-console runs");
    assert!(output.status.success(), "{args:?} failed");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Starts `command` with its stderr read on a thread, and waits for the first line `found`
/// accepts, returning what it picked out.
pub fn start_until(
    mut command: Command,
    found: impl Fn(&str) -> Option<String>,
) -> (Running, String) {
    let mut child = command
        .stderr(Stdio::piped())
        .spawn()
        .expect("uln-console starts");
    let stderr = child.stderr.take().expect("stderr");
    let running = Running(child);
    let (lines, heard) = mpsc::channel();
    std::thread::spawn(move || {
        // Read to the end even once nobody listens: a closed pipe would fail the logging.
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    loop {
        let line = heard
            .recv_timeout(STARTUP)
            .expect("the process says where it serves");
        if let Some(picked) = found(&line) {
            return (running, picked);
        }
    }
}

/// Runs `command` to its end, which must come within `patience`: a process that starts serving
/// instead is killed and fails the test rather than hanging it. Status, stdout and stderr.
pub fn exit_within(mut command: Command, patience: Duration) -> (ExitStatus, String, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("uln-console starts");
    let read = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = read(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = read(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let mut running = Running(child);
    let deadline = Instant::now() + patience;
    let status = loop {
        if let Some(status) = running.0.try_wait().expect("the process can be waited on") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the process did not exit within {patience:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = |reader: std::thread::JoinHandle<String>| reader.join().expect("the pipe is read");
    (status, text(stdout), text(stderr))
}
