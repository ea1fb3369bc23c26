//! Starting the console, told the truth in one line before any screen: no terminal (`ssh host
//! uln-console` without `-t`), a wrong backend address, a refused token. The real binary, with no
//! terminal, against the real server on loopback.

mod common;

use common::TestServer;
use std::process::{Command, Output, Stdio};

#[test]
fn the_console_without_a_terminal_says_so_in_one_line_and_starts_nothing() {
    let home = tempfile::tempdir().expect("a temporary home");
    let out = Command::new(env!("CARGO_BIN_EXE_uln-console"))
        .env("HOME", home.path())
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("ULN_CONSOLE_BACKEND")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("needs a terminal"), "{said}");
    assert!(said.contains("ssh -t"), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    let started = walk(home.path());
    assert!(
        started.is_empty(),
        "no demo database or log was made: {started:?}"
    );
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The console run with no terminal against `backend` with `token`, from a blocking thread so the
/// test's server keeps answering.
async fn console_against(backend: String, token: String) -> (Option<i32>, String) {
    let out: Output = tokio::task::spawn_blocking(move || {
        let home = tempfile::tempdir().expect("a temporary home");
        Command::new(env!("CARGO_BIN_EXE_uln-console"))
            .env("HOME", home.path())
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .env("ULN_CONSOLE_BACKEND", backend)
            .env("ULN_CONSOLE_TOKEN", token)
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("the console ran");
    let said = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    (out.status.code(), said)
}

#[tokio::test]
async fn a_wrong_address_or_a_refused_token_is_said_before_any_screen() {
    let server = TestServer::start_with(common::Options {
        learners: 10,
        registrations: 10,
        ..common::Options::default()
    })
    .await;
    let root = server.base.trim_end_matches("/api/v1").to_owned();

    let (code, said) = console_against(format!("{root}/elsewhere"), server.viewer.clone()).await;
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("no uln-console API at"), "{said}");

    let (code, said) = console_against(root.clone(), "not-a-token".into()).await;
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("refused your token"), "{said}");

    // The server's root is taken as well as the API root: with a good token the only complaint
    // left is the missing terminal.
    for given in [root.clone(), server.base.clone()] {
        let (code, said) = console_against(given.clone(), server.viewer.clone()).await;
        assert_eq!(code, Some(1), "{said}");
        assert!(said.contains("needs a terminal"), "{given}: {said}");
    }
}
