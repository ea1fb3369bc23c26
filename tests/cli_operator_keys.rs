//! `uln-console operator …` for SSH keys (issue 17): given with `add --ssh-key` or `add-key`,
//! checked when given, listed by fingerprint, and taken away with `remove-key`.
//! With `ULN_TEST_POSTGRES_URL` set the commands run against a PostgreSQL database instead.

mod common;

use common::ssh::OperatorKey;
use common::TestDatabase as Database;
use std::process::{Command, Output};

fn operator(db: &Database, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uln-console"))
        .arg("operator")
        .args(args)
        .args(["--database", &db.url])
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .expect("uln-console runs")
}

fn succeeds(db: &Database, args: &[&str]) -> String {
    let output = operator(db, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?} failed: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn fails(db: &Database, args: &[&str]) -> String {
    let output = operator(db, args);
    assert!(!output.status.success(), "{args:?} should have failed");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn keys_are_given_listed_by_fingerprint_and_removed() {
    let db = Database::create().await;
    let (first, second) = (OperatorKey::generate(), OperatorKey::generate());
    succeeds(
        &db,
        &[
            "add",
            "asha",
            "--role",
            "operator",
            "--ssh-key",
            &first.line,
        ],
    );
    let said = succeeds(&db, &["add-key", "asha", &second.line]);
    assert!(said.contains(&second.fingerprint), "{said}");

    let listing = succeeds(&db, &["list"]);
    for key in [&first, &second] {
        let line = listing
            .lines()
            .find(|l| l.contains(&key.fingerprint))
            .unwrap_or_else(|| panic!("{} not listed:\n{listing}", key.fingerprint));
        assert!(line.starts_with("asha "), "{line}");
        assert!(line.ends_with("operator@desk"), "the key's comment: {line}");
    }

    succeeds(&db, &["remove-key", "asha", &first.fingerprint]);
    let listing = succeeds(&db, &["list"]);
    assert!(!listing.contains(&first.fingerprint), "{listing}");
    assert!(listing.contains(&second.fingerprint), "{listing}");
    let again = fails(&db, &["remove-key", "asha", &first.fingerprint]);
    assert!(again.contains("holds no key"), "{again}");
}

#[tokio::test]
async fn a_bad_or_taken_key_is_refused_with_a_clear_error_and_adds_nothing() {
    let db = Database::create().await;
    let refused = fails(
        &db,
        &[
            "add",
            "ben",
            "--role",
            "viewer",
            "--ssh-key",
            "ssh-ed25519 nonsense",
        ],
    );
    assert!(
        refused.contains("not an OpenSSH public key line"),
        "{refused}"
    );
    assert!(
        !succeeds(&db, &["list"]).contains("ben"),
        "no operator made from a bad key"
    );

    let key = OperatorKey::generate();
    succeeds(
        &db,
        &["add", "ben", "--role", "viewer", "--ssh-key", &key.line],
    );
    succeeds(&db, &["add", "cy", "--role", "viewer"]);
    let taken = fails(&db, &["add-key", "cy", &key.line]);
    assert!(taken.contains("already belongs to an operator"), "{taken}");
    let unknown = fails(&db, &["add-key", "nobody", &key.line]);
    assert!(unknown.contains("no operator called"), "{unknown}");
}
