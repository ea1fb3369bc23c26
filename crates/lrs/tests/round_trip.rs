//! Every operation written and read back, on both sides of the wire.

mod common;

use common::*;
use uln_lrs::*;

fn request_survives(request: Request) {
    let xml = to_envelope(&request);
    let read = request_from_envelope(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(read, request, "{xml}");
}

fn response_survives(response: Response) {
    let xml = response_to_envelope(&response);
    let read = from_envelope(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(read, response, "{xml}");
}

#[test]
fn verify_learner_round_trips() {
    request_survives(Request::VerifyLearner(VerifyLearner {
        credentials: credentials(),
        learner: learner_to_verify("Zoë", "Ó Briain"),
    }));
    response_survives(Response::VerifyLearner(VerifiedLearner {
        mis_identifier: None,
        ..verified(0)
    }));
}

#[test]
fn batch_verify_round_trips() {
    request_survives(Request::SubmitVerifyBatch(SubmitVerifyBatch {
        credentials: credentials(),
        learner_record_count: 3,
        org_email: Some("lrs@example.org".into()),
        learners: vec![
            BatchLearnerToVerify {
                mis_identifier: Some("A&B-1".into()),
                learner: learner_to_verify("Ann", "Lee"),
            },
            BatchLearnerToVerify {
                mis_identifier: None,
                learner: LearnerToVerify {
                    date_of_birth: None,
                    gender: None,
                    ..learner_to_verify("Bob", "Ray")
                },
            },
        ],
    }));
    response_survives(Response::VerifyBatchSubmitted(VerifyBatchSubmitted {
        response_code: ResponseCode::Unknown("WSRC0031".into()),
        job_id: 987_654_321_012,
    }));
    request_survives(Request::GetVerifyBatchOutput(GetVerifyBatchOutput {
        credentials: credentials(),
        job_id: 987_654_321_012,
    }));
    response_survives(batch_output(3));
}

#[test]
fn find_learner_round_trips() {
    request_survives(Request::LearnerByUln(FindLearnerByUln {
        find_type: FindType::Check,
        credentials: credentials(),
        uln: "1174112637".into(),
        family_name: "O'Neill".into(),
        given_name: "Seán".into(),
    }));
    request_survives(Request::LearnerByDemographics(FindLearnerByDemographics {
        find_type: FindType::Full,
        credentials: credentials(),
        family_name: "Smith".into(),
        given_name: "Amelia".into(),
        date_of_birth: "2005-07-30".into(),
        gender: "2".into(),
        last_known_post_code: "ZZ99 9ZZ".into(),
        previous_family_name: Some("Jones".into()),
        school_at_age16: None,
        place_of_birth: Some("Cork".into()),
        email_address: None,
    }));
    let learner = Learner {
        uln: "9276308686".into(),
        given_name: "Amelia".into(),
        family_name: "Smith".into(),
        date_of_birth: "2005-07-30".into(),
        gender: "2".into(),
        last_known_post_code: "SW1A 1AA".into(),
        fields: vec![
            (LearnerField::CreatedDate, "2019-01-01".into()),
            (LearnerField::MasterSubstituted, "Y".into()),
            (LearnerField::PreferredGivenName, "Millie".into()),
            (LearnerField::VersionNumber, "7".into()),
        ],
        linked_ulns: vec!["1174112637".into(), "6936002314".into()],
    };
    response_survives(Response::FindLearner(FindLearnerResp {
        response_code: ResponseCode::PossibleMatches,
        uln: None,
        family_name: Some("Smith".into()),
        given_name: Some("Amelia".into()),
        date_of_birth: Some("2005-07-30".into()),
        gender: Some("2".into()),
        last_known_post_code: Some("ZZ99 9ZZ".into()),
        previous_family_name: None,
        school_at_age16: None,
        place_of_birth: None,
        email_address: None,
        learners: vec![
            learner.clone(),
            Learner {
                linked_ulns: vec![],
                ..learner
            },
        ],
    }));
}

#[test]
fn learning_events_round_trip() {
    request_survives(Request::GetLearnerLearningEvents(
        GetLearnerLearningEvents {
            caller: caller(),
            uln: "1026893096".into(),
            given_name: "Darcie".into(),
            family_name: "Tucker".into(),
            date_of_birth: Some("1976-08-16".into()),
            gender: None,
            get_type: "FULL".into(),
        },
    ));
    response_survives(Response::LearnerLearningEvents(LearnerLearningEvents {
        response_code: ResponseCode::MasterSubstituted,
        found_uln: Some("1026893096".into()),
        incoming_uln: Some("4444599390".into()),
        learning_events: vec![LearningEvent {
            id: Some("38075232".into()),
            subject: Some("GCSE in English <Language> & Literature".into()),
            subject_code: Some("600/1166/X".into()),
            grade: Some("A*".into()),
            ..LearningEvent::default()
        }],
    }));
}

#[test]
fn data_challenges_round_trip() {
    request_survives(Request::CreateDataChallenge(CreateDataChallenge {
        caller: caller(),
        details: Box::new(DataChallengeDetails {
            challenge_type: Some("Incorrect".into()),
            uln: Some("1026893096".into()),
            learning_event1_id: Some("4411".into()),
            supplied_achieved_grade: Some("A".into()),
            additional_information: Some("Grade re-marked; see letter \"R/23\"".into()),
            ..DataChallengeDetails::default()
        }),
    }));
    response_survives(Response::DataChallengeCreated(DataChallengeCreated {
        response_code: ResponseCode::ExactMatch,
        data_challenge_reference: Some("DC-000123".into()),
        response_description: None,
    }));
    request_survives(Request::ListDataChallenge(ListDataChallenge {
        caller: caller(),
        uln: "1026893096".into(),
        date_created_start: Some("2026-01-01T00:00:00".into()),
        date_created_end: None,
    }));
    response_survives(Response::DataChallengeList(DataChallengeList {
        response_code: ResponseCode::ExactMatch,
        data_challenges: vec![DataChallengeItem {
            created_date: Some("2026-02-01T10:00:00".into()),
            reference_no: Some("DC-000123".into()),
            status: Some("Open".into()),
            challenge_type: Some("Duplicate".into()),
            resolved_date: None,
        }],
    }));
}

#[test]
fn retrieve_ulns_round_trips() {
    request_survives(Request::RetrieveUlns(RetrieveUlns {
        credentials: credentials(),
        ulns: vec!["9276308686".into(), "4444599390".into()],
    }));
    response_survives(Response::RetrievedUlns(RetrievedUlns {
        learners: vec![
            RetrievedLearner {
                uln: "4444599390".into(),
                master_uln: Some("9276308686".into()),
                response_code: ResponseCode::MasterSubstituted,
                family_name: Some("Ó Briain".into()),
                given_name: Some("Zoë".into()),
                date_of_birth: Some("2008-03-01".into()),
                gender: Some("2".into()),
            },
            RetrievedLearner {
                uln: "1026893096".into(),
                master_uln: None,
                response_code: ResponseCode::NoMatch,
                family_name: None,
                given_name: None,
                date_of_birth: None,
                gender: None,
            },
        ],
    }));
}

#[test]
fn a_fault_round_trips_as_a_fault() {
    let fault = SoapFault::miap(MiapApiException {
        error_code: ResponseCode::InvalidRequest,
        error_actor: Some("LearnerService".into()),
        description: Some("Invalid request".into()),
        further_details: Some(
            "cvc-pattern-valid: '' is not facet-valid for 'MIAPNameNonEmpty'".into(),
        ),
        error_timestamp: Some("2026-12-03T10:00:00".into()),
    });
    match from_envelope(&fault_to_envelope(&fault)) {
        Err(WireError::Fault(read)) => assert_eq!(*read, fault),
        other => panic!("expected a fault, got {other:?}"),
    }
}

#[test]
fn soap_action_and_endpoint_follow_the_service() {
    let plr = Request::ListDataChallenge(ListDataChallenge {
        caller: caller(),
        uln: "1026893096".into(),
        date_created_start: None,
        date_created_end: None,
    });
    assert_eq!(plr.service().path(), "LearnerServiceR9.svc");
    assert_eq!(
        plr.soap_action(),
        "http://tempuri.org/ILearnerServiceR9/ListDataChallenge"
    );
    let verify = Request::VerifyLearner(VerifyLearner {
        credentials: credentials(),
        learner: learner_to_verify("A", "B"),
    });
    assert_eq!(verify.service(), Service::Learner);
    assert_eq!(verify.soap_action(), "");
}
