//! Sample messages shared by the wire tests.
#![allow(dead_code)]

use uln_lrs::*;

pub fn credentials() -> OrgCredentials {
    OrgCredentials {
        organisation: OrganisationId::Ukprn("10012345".into()),
        user_name: "helpdesk".into(),
        org_password: "p<a>ss&'\"word!!".into(),
    }
}

pub fn caller() -> PlrCaller {
    PlrCaller {
        credentials: OrgCredentials {
            organisation: OrganisationId::OrganisationRef("AO1234".into()),
            ..credentials()
        },
        user_type: UserType::Learner,
        vendor_id: 42,
        language: "ENG".into(),
    }
}

pub fn learner_to_verify(given: &str, family: &str) -> LearnerToVerify {
    LearnerToVerify {
        uln: "9276308686".into(),
        family_name: family.into(),
        given_name: given.into(),
        date_of_birth: Some("2006-02-11".into()),
        gender: Some("2".into()),
    }
}

pub fn verified(row: usize) -> VerifiedLearner {
    VerifiedLearner {
        mis_identifier: Some(format!("row-{row}")),
        searched: learner_to_verify("Zoë", "Ó Briain"),
        response_code: ResponseCode::LearnerDoesNotMatch,
        uln: Some("9276308686".into()),
        family_name: Some("Okafor".into()),
        given_name: Some("Zoë".into()),
        date_of_birth: Some("2006-02-11".into()),
        gender: Some("2".into()),
        failure_flags: vec![FailureFlag::FamilyVsFamily, FailureFlag::DateOfBirth],
    }
}

pub fn batch_output(rows: usize) -> Response {
    Response::VerifyBatchOutput(VerifyBatchOutput {
        response_code: ResponseCode::BatchSuccessful,
        job_status: Some("Completed".into()),
        job_started: Some("2026-12-03T09:00:00".into()),
        job_finished: Some("2026-12-03T09:04:10".into()),
        learners: (0..rows).map(verified).collect(),
    })
}
