//! `uln-console serve --register lrs` as an operations team runs it: beside `uln-console lrs-sim`,
//! both real processes on loopback, a registration submitted over HTTP is verified through the
//! LRS adapter; and a credentials file others can read is refused, naming the file and the fix,
//! without printing anything from it.

mod common;

use common::processes::{exit_within, run, start_until, uln_console, STARTUP};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use uln_api::{ApiClient, RegistrationBatch, RegistrationOutcome, RegistrationSubmission};

const UKPRN: &str = "10012345";
const USER: &str = "helpdesk-7731";
/// Sixteen characters, as the LRS's OrgPassword.
const PASSWORD: &str = "Pw-7731-secret-Q";

fn credentials_file(dir: &Path, mode: u32) -> PathBuf {
    let path = dir.join("lrs.toml");
    let text = format!("ukprn = \"{UKPRN}\"\nuser_name = \"{USER}\"\npassword = \"{PASSWORD}\"\n");
    std::fs::write(&path, text).expect("the file is written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    path
}

/// A learner from the simulator's register, as a centre would submit them.
async fn a_learner(lrs_database: &str) -> RegistrationSubmission {
    let pool = sqlx::SqlitePool::connect(lrs_database)
        .await
        .expect("the simulator's database opens");
    let (uln, given_name, family_name, date_of_birth, gender, postcode) = sqlx::query_as(
        "SELECT uln, given_name, family_name, date_of_birth, gender, postcode FROM lrs_learners WHERE postcode IS NOT NULL ORDER BY uln LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a learner with a postcode");
    RegistrationSubmission {
        uln,
        given_name,
        family_name,
        date_of_birth,
        gender,
        postcode,
        centre: "Calder Valley College".into(),
        qualification: None,
        registered_at: None,
    }
}

#[tokio::test]
async fn serve_verifies_a_registration_through_lrs_sim_both_real_processes() {
    let dir = tempfile::TempDir::new().expect("a temp dir");
    let lrs_database = format!("sqlite://{}", dir.path().join("lrs.db").display());
    let database = format!("sqlite://{}", dir.path().join("serve.db").display());
    run(&[
        "seed",
        "--database",
        &lrs_database,
        "--learners",
        "40",
        "--registrations",
        "10",
    ]);
    let mut sim = uln_console();
    sim.args([
        "lrs-sim",
        "--database",
        &lrs_database,
        "--listen",
        "127.0.0.1:0",
    ])
    .args(["--ukprn", UKPRN, "--user", USER])
    .env("ULN_LRS_SIM_PASSWORD", PASSWORD);
    let (_sim, sim_base) = start_until(sim, |line| {
        let (_, rest) = line.split_once("127.0.0.1:")?;
        let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(format!("http://127.0.0.1:{port}/"))
    });
    let token = run(&[
        "operator",
        "add",
        "olu",
        "--role",
        "operator",
        "--database",
        &database,
    ]);
    let credentials = credentials_file(dir.path(), 0o600);
    let mut serve = uln_console();
    serve
        .args(["serve", "--database", &database, "--listen", "127.0.0.1:0"])
        .args([
            "--register",
            "lrs",
            "--lrs-url",
            &sim_base,
            "--lrs-timeout",
            "30",
        ])
        .arg("--lrs-credentials")
        .arg(&credentials);
    let (_serve, api) = start_until(serve, |line| {
        let (_, rest) = line.split_once("api=")?;
        rest.split_whitespace().next().map(str::to_owned)
    });

    let client = ApiClient::new(api, &token).expect("a client");
    let batch = RegistrationBatch {
        registrations: vec![a_learner(&lrs_database).await],
    };
    let results = client
        .submit_registrations(&batch)
        .await
        .expect("the registration is verified through lrs-sim")
        .results;
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0].outcome,
        RegistrationOutcome::Matched,
        "{results:?}"
    );
}

#[test]
fn serve_refuses_a_credentials_file_others_can_read_naming_it_and_chmod_600() {
    let dir = tempfile::TempDir::new().expect("a temp dir");
    let database = format!("sqlite://{}", dir.path().join("serve.db").display());
    let credentials = credentials_file(dir.path(), 0o640);
    let mut serve = uln_console();
    serve
        .args(["serve", "--database", &database, "--listen", "127.0.0.1:0"])
        .args(["--register", "lrs", "--lrs-url", "http://127.0.0.1:9/"])
        .arg("--lrs-credentials")
        .arg(&credentials);
    let (status, stdout, stderr) = exit_within(serve, STARTUP);
    assert!(!status.success(), "serve failed with success");
    let printed = format!("{stdout}{stderr}");
    assert!(
        stderr.contains(&credentials.display().to_string()) && stderr.contains("chmod 600"),
        "{stderr}"
    );
    for secret in [PASSWORD, USER, UKPRN] {
        assert!(!printed.contains(secret), "{secret} is printed: {printed}");
    }
}
