use super::*;
use crate::queue::Queue;

#[test]
fn values_travel_as_their_wire_names() {
    assert_eq!(
        serde_json::to_string(&VerifyCode::SimilarMatch).unwrap(),
        "\"WSVRC003\""
    );
    assert_eq!(
        serde_json::from_str::<ChallengeStatus>("\"in_progress\"").unwrap(),
        ChallengeStatus::InProgress
    );
    assert_eq!(serde_json::to_string(&Gender::Female).unwrap(), "\"2\"");
    for status in RecordStatus::ALL {
        let json = serde_json::to_string(status).unwrap();
        assert_eq!(json, format!("\"{}\"", status.wire_name()));
        assert_eq!(
            serde_json::from_str::<RecordStatus>(&json).unwrap(),
            *status
        );
    }
}

#[test]
fn a_value_from_a_newer_server_reads_as_unknown() {
    assert_eq!(
        serde_json::from_str::<RecordStatus>("\"archived\"").unwrap(),
        RecordStatus::Unknown
    );
    assert_eq!(
        serde_json::from_str::<Queue>("\"ghosts\"").unwrap(),
        Queue::Kind(AnomalyKind::Unknown)
    );
    assert_eq!(RecordStatus::from_wire("archived"), None);
    assert_eq!(RecordStatus::from_wire("unknown"), None);
}

#[test]
fn queues_are_all_or_an_anomaly_kind() {
    assert_eq!(serde_json::to_string(&Queue::All).unwrap(), "\"all\"");
    let spelling: Queue = serde_json::from_str("\"spelling\"").unwrap();
    assert_eq!(spelling, Queue::Kind(AnomalyKind::Spelling));
    assert_eq!(spelling.label(), "spelling");
    assert_eq!(
        Queue::Kind(AnomalyKind::DateOfBirth).label(),
        "date of birth"
    );
}
