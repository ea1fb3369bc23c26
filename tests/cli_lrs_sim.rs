//! `uln-console lrs-sim` as an integrator starts it: its help, then the binary serving a verify
//! over SOAP with the demo account, and refusing a wrong password.

mod common;

use common::processes::{start_until, uln_console, Running};
use std::process::Command;
use uln_lrs::*;

#[test]
fn the_help_names_the_options_and_says_where_the_data_comes_from() {
    let output = Command::new(env!("CARGO_BIN_EXE_uln-console"))
        .args(["lrs-sim", "--help"])
        .output()
        .expect("uln-console runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--latency",
        "--jitter",
        "--fault-rate",
        "--drop-rate",
        "--closed",
        "--ukprn",
        "--user",
        "--password",
        "uln-console seed",
        "WSEC0004",
    ] {
        assert!(
            help.contains(option),
            "{option} is not in the help:\n{help}"
        );
    }
}

/// Starts the binary on a free loopback port and waits for the address it logs.
fn start(database: &str) -> (Running, String) {
    let mut command = uln_console();
    command.args(["lrs-sim", "--database", database, "--listen", "127.0.0.1:0"]);
    start_until(command, |line| {
        let (_, rest) = line.split_once("127.0.0.1:")?;
        let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(format!("http://127.0.0.1:{port}"))
    })
}

fn verify(password: &str) -> Request {
    Request::VerifyLearner(VerifyLearner {
        credentials: OrgCredentials {
            organisation: OrganisationId::Ukprn("10099999".into()),
            user_name: "lrs-sim".into(),
            org_password: password.into(),
        },
        learner: LearnerToVerify {
            uln: "1026893096".into(),
            family_name: "Other".into(),
            given_name: "Ann".into(),
            date_of_birth: None,
            gender: None,
        },
    })
}

#[tokio::test]
async fn the_binary_serves_verify_with_the_demo_account_and_refuses_a_wrong_password() {
    let dir = tempfile::TempDir::new().expect("a temp dir");
    let database = format!("sqlite://{}", dir.path().join("lrs.db").display());
    let (_running, base) = start(&database);
    let post = |request: Request| {
        let url = format!("{base}/{}", request.service().path());
        async move {
            reqwest::Client::new()
                .post(url)
                .header("Content-Type", "text/xml; charset=utf-8")
                .body(to_envelope(&request))
                .send()
                .await
                .expect("an answer")
                .text()
                .await
                .expect("a body")
        }
    };
    let Ok(Response::VerifyLearner(answer)) =
        from_envelope(&post(verify("lrs-sim-password")).await)
    else {
        panic!("not a verify answer");
    };
    assert_eq!(
        answer.response_code,
        ResponseCode::UlnNotFound,
        "an empty register"
    );
    let Err(WireError::Fault(fault)) = from_envelope(&post(verify("guess")).await) else {
        panic!("a wrong password is not refused");
    };
    assert_eq!(
        fault.error_code(),
        Some(&ResponseCode::IncorrectOrganisationPassword)
    );
}
