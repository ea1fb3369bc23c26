//! `uln-console operator …` as an administrator types it: adding, listing, revoking and re-roling
//! operators, and the answers to names and roles that do not exist.

//! With `ULN_TEST_POSTGRES_URL` set the commands run against a PostgreSQL database instead.

mod common;

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

/// What the command printed; fails the test if it failed.
fn succeeds(db: &Database, args: &[&str]) -> String {
    let output = operator(db, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?} failed: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What the command said on stderr; fails the test if it succeeded.
fn fails(db: &Database, args: &[&str]) -> String {
    let output = operator(db, args);
    assert!(!output.status.success(), "{args:?} should have failed");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The listed line of operator `name`, split into its columns.
/// `02 Dec 2026 19:19`, as people read times.
fn is_london_time(text: &str) -> bool {
    jiff::civil::DateTime::strptime("%d %b %Y %H:%M", text).is_ok()
}

fn listed(listing: &str, name: &str) -> Vec<String> {
    listing
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find(|columns| columns.first().map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("{name} is not listed:\n{listing}"))
}

#[tokio::test]
async fn operators_are_listed_revoked_and_given_new_roles_without_showing_tokens() {
    let db = Database::create().await;
    let token = succeeds(&db, &["add", "alice", "--role", "operator"]);
    succeeds(&db, &["add", "bob", "--role", "viewer"]);

    let listing = succeeds(&db, &["list"]);
    assert!(listing.starts_with("NAME"), "a header first:\n{listing}");
    assert!(!listing.contains(token.trim()), "never a token:\n{listing}");
    let alice = listed(&listing, "alice");
    assert_eq!((alice[1].as_str(), alice[3].as_str()), ("operator", "-"));
    assert!(is_london_time(&alice[2]), "{alice:?}");
    assert_eq!(listed(&listing, "bob")[1], "viewer");

    let revoked = succeeds(&db, &["revoke", "alice"]);
    assert!(revoked.contains("revoked alice"), "{revoked}");
    let alice = listed(&succeeds(&db, &["list"]), "alice");
    assert!(is_london_time(&alice[3]), "revoked at: {alice:?}");
    let again = succeeds(&db, &["revoke", "alice"]);
    assert!(again.contains("already revoked"), "{again}");

    let changed = succeeds(&db, &["set-role", "bob", "supervisor"]);
    assert!(changed.contains("bob is now supervisor"), "{changed}");
    assert_eq!(listed(&succeeds(&db, &["list"]), "bob")[1], "supervisor");
}

#[tokio::test]
async fn unknown_names_and_roles_are_explained_and_system_operators_are_left_alone() {
    let db = Database::create().await;
    succeeds(&db, &["add", "alice", "--role", "operator"]);

    let unknown = fails(&db, &["revoke", "nobody"]);
    assert!(
        unknown.contains("no operator called \"nobody\""),
        "{unknown}"
    );
    let unknown = fails(&db, &["set-role", "nobody", "viewer"]);
    assert!(
        unknown.contains("no operator called \"nobody\""),
        "{unknown}"
    );
    let bad_role = fails(&db, &["set-role", "alice", "admin"]);
    assert!(
        bad_role.contains("'admin'") && bad_role.contains("viewer, operator, supervisor"),
        "{bad_role}"
    );
    let to_system = fails(&db, &["set-role", "alice", "system"]);
    assert!(to_system.contains("'system'"), "{to_system}");

    succeeds(&db, &["revoke", "alice"]);
    let revoked = fails(&db, &["set-role", "alice", "viewer"]);
    assert!(revoked.contains("\"alice\" was revoked"), "{revoked}");

    // No command creates one; a database may hold one all the same.
    let pool = db.fixtures().await;
    sqlx::query(
        "INSERT INTO operators (name, role, token_hash, created_at) VALUES ('system', 'system', 'none', 0)",
    )
    .execute(&pool)
    .await
    .expect("a system operator");
    pool.close().await;
    for args in [&["revoke", "system"][..], &["set-role", "system", "viewer"]] {
        let refused = fails(&db, args);
        assert!(
            refused.contains("built-in system operator"),
            "{args:?}: {refused}"
        );
    }
    let listing = succeeds(&db, &["list"]);
    assert_eq!(
        listed(&listing, "system")[1..],
        ["system", "01 Jan 1970 01:00", "-"],
        "times in Europe/London (British Standard Time all through 1970)"
    );
}
