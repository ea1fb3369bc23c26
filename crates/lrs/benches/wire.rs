//! Microseconds per envelope written and parsed: a single verify and a 5000-row batch output.
//! Run: `cargo bench -p uln-lrs --bench wire`. Prints figures; asserts nothing.

use std::hint::black_box;
use std::time::Instant;

use uln_lrs::*;

fn credentials() -> OrgCredentials {
    OrgCredentials {
        organisation: OrganisationId::Ukprn("10012345".into()),
        user_name: "helpdesk".into(),
        org_password: "secret-password1".into(),
    }
}

fn searched() -> LearnerToVerify {
    LearnerToVerify {
        uln: "9276308686".into(),
        family_name: "Ó Briain".into(),
        given_name: "Zoë".into(),
        date_of_birth: Some("2006-02-11".into()),
        gender: Some("2".into()),
    }
}

fn row(i: usize) -> VerifiedLearner {
    VerifiedLearner {
        mis_identifier: Some(format!("row-{i}")),
        searched: searched(),
        response_code: ResponseCode::LearnerDoesNotMatch,
        uln: Some("9276308686".into()),
        family_name: Some("Okafor".into()),
        given_name: Some("Zoë".into()),
        date_of_birth: Some("2006-02-11".into()),
        gender: Some("2".into()),
        failure_flags: vec![FailureFlag::FamilyVsFamily],
    }
}

fn measure(label: &str, runs: u32, mut work: impl FnMut()) {
    work();
    let start = Instant::now();
    for _ in 0..runs {
        work();
    }
    let micros = start.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    println!("{label:<40} {micros:>12.1} µs");
}

fn main() {
    let verify = Request::VerifyLearner(VerifyLearner {
        credentials: credentials(),
        learner: searched(),
    });
    let verify_xml = to_envelope(&verify);
    measure("single verify: write request", 20_000, || {
        black_box(to_envelope(black_box(&verify)));
    });
    measure("single verify: parse request", 20_000, || {
        black_box(request_from_envelope(black_box(&verify_xml)).ok());
    });

    let output = Response::VerifyBatchOutput(VerifyBatchOutput {
        response_code: ResponseCode::BatchSuccessful,
        job_status: Some("Completed".into()),
        job_started: None,
        job_finished: None,
        learners: (0..MAX_BATCH_OUTPUT_ROWS).map(row).collect(),
    });
    let output_xml = response_to_envelope(&output);
    println!("5000-row batch output: {} bytes", output_xml.len());
    measure("5000-row batch output: write", 20, || {
        black_box(response_to_envelope(black_box(&output)));
    });
    measure("5000-row batch output: parse", 20, || {
        black_box(from_envelope(black_box(&output_xml)).ok());
    });
}
