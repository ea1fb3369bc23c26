//! Real-shaped responses, faults, and everything that must be refused without a panic.

mod common;

use common::*;
use uln_lrs::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_linked_learner_find_reads_the_master_and_its_linked_ulns() {
    let Ok(Response::FindLearner(found)) = from_envelope(&fixture("find_linked_learner.xml"))
    else {
        panic!("not a find response");
    };
    assert_eq!(found.response_code, ResponseCode::MasterSubstituted);
    let learner = &found.learners[0];
    assert_eq!(learner.uln, "9276308686");
    assert_eq!(learner.given_name, "Zoë");
    assert_eq!(learner.field(LearnerField::MasterSubstituted), Some("Y"));
    assert_eq!(
        learner.field(LearnerField::PreviousFamilyName),
        Some("Ó Briain")
    );
    assert_eq!(
        learner.field(LearnerField::SchoolAtAge16),
        Some("Hill & Dale Academy ")
    );
    assert_eq!(learner.field(LearnerField::Notes), None);
    assert_eq!(learner.linked_ulns, ["1174112637"]);
}

#[test]
fn a_plr_reads_its_events_with_nil_and_empty_fields_as_absent() {
    let Ok(Response::LearnerLearningEvents(plr)) = from_envelope(&fixture("plr_exact_match.xml"))
    else {
        panic!("not a PLR response");
    };
    assert_eq!(plr.response_code, ResponseCode::ExactMatch);
    assert_eq!(plr.learning_events.len(), 2);
    let first = &plr.learning_events[0];
    assert_eq!(first.subject_code.as_deref(), Some("601/4711/2"));
    assert_eq!(first.level, None);
    assert_eq!(first.participation_end_date, None);
    assert_eq!(
        plr.learning_events[1].under_data_challenge.as_deref(),
        Some("Y")
    );
}

#[test]
fn a_plr_not_shared_has_no_events_and_no_found_uln() {
    let Ok(Response::LearnerLearningEvents(plr)) = from_envelope(&fixture("plr_not_shared.xml"))
    else {
        panic!("not a PLR response");
    };
    assert_eq!(plr.response_code, ResponseCode::NotShared);
    assert_eq!(plr.found_uln, None);
    assert_eq!(plr.incoming_uln.as_deref(), Some("1026893096"));
    assert!(plr.learning_events.is_empty());
}

#[test]
fn an_out_of_hours_fault_is_a_typed_fault_not_a_parse_error() {
    let Err(WireError::Fault(fault)) = from_envelope(&fixture("fault_out_of_hours.xml")) else {
        panic!("expected a fault");
    };
    assert_eq!(fault.error_code(), Some(&ResponseCode::OutOfHours));
    let exception = fault.exception.as_ref().expect("MIAPAPIException detail");
    assert_eq!(exception.error_actor.as_deref(), Some("LearnerService"));
    assert_eq!(
        exception.error_timestamp.as_deref(),
        Some("2026-12-03T23:41:07")
    );
}

#[test]
fn an_unknown_response_code_is_kept() {
    let xml = fixture("plr_not_shared.xml").replace("WSEC0206", "WSEC0777");
    let Ok(Response::LearnerLearningEvents(plr)) = from_envelope(&xml) else {
        panic!("an unknown code must still parse");
    };
    assert_eq!(plr.response_code, ResponseCode::Unknown("WSEC0777".into()));
}

fn assert_malformed(xml: &str, needle: &str) {
    match from_envelope(xml) {
        Err(WireError::Malformed(message)) => {
            assert!(message.contains(needle), "{message:?} lacks {needle:?}")
        }
        other => panic!("expected malformed, got {other:?}"),
    }
}

fn assert_shape(xml: &str, needle: &str) {
    match from_envelope(xml) {
        Err(e @ WireError::Shape { .. }) => {
            assert!(e.to_string().contains(needle), "{e} lacks {needle:?}")
        }
        other => panic!("expected a shape error, got {other:?}"),
    }
}

#[test]
fn malformed_xml_is_refused() {
    assert_malformed("<soap:Envelope xmlns:soap='x'><a></b></soap:Envelope>", "");
    assert_malformed(
        "<x:Envelope><x:Body/></x:Envelope>",
        "undeclared namespace prefix",
    );
    assert_malformed("", "no root element");
}

#[test]
fn a_truncated_document_is_refused() {
    let xml = fixture("find_linked_learner.xml");
    let after_an_element = xml.find("</Learner>").expect("fixture has a Learner");
    assert_malformed(&xml[..after_an_element], "truncated");
    assert_malformed(&xml[..xml.len() / 2], "");
}

#[test]
fn a_wrong_root_element_is_refused_by_name() {
    assert_shape("<html><body>502 Bad Gateway</body></html>", "found <html>");
    let other_soap = fixture("plr_not_shared.xml").replace(
        "http://schemas.xmlsoap.org/soap/envelope/",
        "http://www.w3.org/2003/05/soap-envelope",
    );
    assert_shape(&other_soap, "expected a SOAP 1.1 Envelope");
}

#[test]
fn a_missing_required_element_is_named() {
    let xml = fixture("find_linked_learner.xml").replace("<ULN>9276308686</ULN>", "");
    assert_shape(&xml, "missing element ULN");
}

#[test]
fn an_unknown_operation_is_named() {
    let xml = fixture("plr_not_shared.xml").replace("GetLearnerLearningEventsResponse", "Nope");
    assert_shape(&xml, "unknown operation <Nope>");
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = " ".repeat(MAX_DOCUMENT_BYTES + 1);
    assert!(matches!(
        from_envelope(&huge),
        Err(WireError::TooLarge { .. })
    ));
}

#[test]
fn over_deep_input_is_refused() {
    let deep = format!(
        "{}{}",
        "<a>".repeat(MAX_DEPTH + 1),
        "</a>".repeat(MAX_DEPTH + 1)
    );
    assert!(matches!(
        from_envelope(&deep),
        Err(WireError::TooDeep { .. })
    ));
}

#[test]
fn a_dtd_is_refused() {
    let xml = "<!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>";
    assert_malformed(xml, "DTD");
}

#[test]
fn a_batch_output_over_5000_rows_is_refused() {
    let xml = response_to_envelope(&batch_output(MAX_BATCH_OUTPUT_ROWS + 1));
    assert_shape(&xml, "more than 5000");
    assert!(from_envelope(&response_to_envelope(&batch_output(MAX_BATCH_OUTPUT_ROWS))).is_ok());
}
