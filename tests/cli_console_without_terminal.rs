//! The console started where there is no terminal (`ssh host uln-console` without `-t`, a pipe, a
//! service manager): one line saying what to do, exit status 1, nothing started.

use std::process::{Command, Stdio};

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
    let started: Vec<_> = walk(home.path());
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
