//! Whatever a name holds, the envelope stays well-formed and the text comes back unchanged.

mod common;

use common::*;
use uln_lrs::*;

const AWKWARD: [&str; 6] = [
    "<script>",
    "Tom & Jerry",
    "O'Brien \"Junior\"",
    "Zoë",
    "Ó Briain",
    "]]></GivenName><Injected/>",
];

#[test]
fn awkward_names_are_escaped_and_read_back() {
    for name in AWKWARD {
        let request = Request::VerifyLearner(VerifyLearner {
            credentials: credentials(),
            learner: learner_to_verify(name, name),
        });
        let xml = to_envelope(&request);
        assert!(!xml.contains("<Injected/>"), "{xml}");
        assert!(!xml.contains("<script>"), "{xml}");
        assert_eq!(request_from_envelope(&xml).expect(name), request);
    }
}

#[test]
fn characters_xml_cannot_carry_are_replaced_so_the_document_stays_well_formed() {
    let request = Request::VerifyLearner(VerifyLearner {
        credentials: credentials(),
        learner: learner_to_verify("Ann\u{0}\u{1b}", "Lee"),
    });
    let Ok(Request::VerifyLearner(read)) = request_from_envelope(&to_envelope(&request)) else {
        panic!("envelope did not read back");
    };
    assert_eq!(read.learner.given_name, "Ann\u{FFFD}\u{FFFD}");
}

#[test]
fn the_password_is_kept_out_of_debug_output() {
    let shown = format!("{:?}", credentials());
    assert!(!shown.contains("p<a>ss"), "{shown}");
}
