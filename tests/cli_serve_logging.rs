//! `uln-console serve` under a supervisor that stopped reading its stderr: a pipe nobody reads
//! fills, and a server that wrote its logs straight to it stalled every request that logged
//! (about thirty requests at debug level). Logs now go through a background writer that drops
//! lines it cannot write, so the server keeps answering.

mod common;

use common::processes::{run as uln_console, Running};
use common::TestDatabase;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn a_stderr_nobody_reads_does_not_stall_the_server() {
    let database = TestDatabase::create().await;
    let url = database.url.as_str();
    uln_console(&[
        "seed",
        "--database",
        url,
        "--learners",
        "50",
        "--registrations",
        "50",
    ]);
    let token = uln_console(&[
        "operator",
        "add",
        "vi",
        "--role",
        "viewer",
        "--database",
        url,
    ]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_uln-console"))
        .args(["serve", "--database", url, "--listen", "127.0.0.1:0"])
        // Every request logs a line at debug: the pipe's buffer fills within a few dozen.
        .env("ULN_CONSOLE_LOG", "debug")
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .expect("uln-console serve starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let running = Running(child);
    // Read up to the address it serves on, then never again: the pipe stays open and unread.
    let mut line = String::new();
    let api = loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).expect("stderr readable") > 0,
            "serve ended before serving"
        );
        if let Some((_, rest)) = line.split_once("api=") {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
        }
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    for n in 0..500 {
        let answer = client
            .get(format!("{api}/queues"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap_or_else(|e| panic!("request {n} got no answer: {e}"));
        assert_eq!(answer.status(), 200, "request {n}");
    }
    drop(stderr);
    drop(running);
}
