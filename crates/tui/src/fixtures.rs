//! Fixed data for console tests: a queue and a record, with a fixed clock.

use super::app::{App, Connection};
use super::keymap::Keymap;
use super::theme::Theme;
use uln_api::*;

use jiff::Timestamp;

pub fn now() -> Timestamp {
    "2026-11-24T12:00:00Z".parse().unwrap()
}

pub fn summary(
    id: i64,
    given: &str,
    family: &str,
    centre: &str,
    deadline: &str,
    anomaly: &str,
) -> ExceptionSummary {
    ExceptionSummary {
        id,
        uln: Some(format!("{}", 9_276_308_686i64 + id)),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: "2007-02-03".into(),
        centre: centre.into(),
        registered_at: "2026-11-01T09:00:00Z".into(),
        deadline: deadline.into(),
        anomalies: vec![AnomalyKind::from_wire(anomaly).expect("a known anomaly kind")],
        status: RecordStatus::Open,
        version: 1,
        assigned_to: None,
        claim: None,
    }
}

pub fn rows() -> Vec<ExceptionSummary> {
    vec![
        summary(
            1,
            "Amelia",
            "Hughes",
            "Calder Valley College",
            "2026-11-24T10:00:00Z",
            "spelling",
        ),
        summary(
            2,
            "Oscar",
            "Patel",
            "Jubilee Park Academy",
            "2026-11-25T09:30:00Z",
            "different_person",
        ),
        summary(
            3,
            "Grace",
            "O'Brien",
            "Calder Valley College",
            "2026-11-28T16:00:00Z",
            "postcode",
        ),
        summary(
            4,
            "Noah",
            "Smith",
            "Westbrook High School",
            "2026-12-05T08:00:00Z",
            "linked_uln",
        ),
        summary(
            5,
            "Isla",
            "Begum",
            "Abbey Mead Academy",
            "2026-12-20T08:00:00Z",
            "date_of_birth",
        ),
    ]
}

pub fn queues() -> QueueList {
    let q = |name: &str, open, overdue, h48| QueueCounts {
        queue: Queue::from_wire(name).expect("a known queue"),
        open,
        overdue,
        due_within_48h: h48,
        due_within_7d: h48 + 1,
        snoozed: 0,
    };
    QueueList {
        queues: vec![
            q("all", 5, 1, 1),
            q("spelling", 1, 1, 0),
            q("postcode", 1, 0, 0),
            q("linked_uln", 1, 0, 0),
        ],
    }
}

pub fn app() -> App {
    let connection = Connection {
        backend: "http://127.0.0.1:8080/api/v1".into(),
        operator: "olu (operator)".into(),
        demo: true,
        online: true,
        last_update: Some(now()),
    };
    App::new(Keymap::default(), Theme::monochrome(), connection, now())
}

/// An app showing the fixed queue, as after loading.
pub fn loaded_app() -> App {
    let mut app = app();
    app.start();
    app.on_message(super::message::Message::Queues(Ok(queues())));
    let generation = app.queue.generation;
    app.on_message(super::message::Message::Page {
        generation,
        result: Ok(ExceptionPage {
            items: rows(),
            next_cursor: None,
        }),
    });
    app
}

/// The backend's 412: the record moved on to `current` since the version sent.
pub fn version_conflict(current: ExceptionDetail) -> ClientError {
    ClientError::Api {
        status: 412,
        body: ErrorBody {
            code: ErrorCode::VersionConflict,
            message: "changed".into(),
            fields: None,
            current: Some(Box::new(current)),
            claim: None,
        },
    }
}

pub fn detail() -> ExceptionDetail {
    ExceptionDetail {
        id: 1,
        status: RecordStatus::Open,
        version: 3,
        centre: "Calder Valley College".into(),
        registered_at: "2026-10-27T10:00:00Z".into(),
        deadline: "2026-11-24T10:00:00Z".into(),
        qualification: None,
        anomalies: vec![AnomalyKind::Spelling],
        reject_reason: None,
        supplied: SuppliedDetails {
            uln: Some("9276308686".into()),
            given_name: "Amelia".into(),
            family_name: "Hughs".into(),
            date_of_birth: "2007-02-03".into(),
            gender: Gender::Female,
            postcode: "LS1 4AP".into(),
        },
        authoritative: Some(AuthoritativeDetails {
            uln: "9276308686".into(),
            given_name: "Amelia".into(),
            family_name: "Hughes".into(),
            date_of_birth: "2007-02-03".into(),
            gender: Gender::Female,
            postcode: Some("LS1 4AP".into()),
            preferred_given_name: Some("Millie".into()),
            middle_names: Some("Rose".into()),
            previous_family_name: Some("Clarke".into()),
            linked_ulns: vec!["1174112637".into()],
            ability_to_share: true,
            version: 2,
        }),
        verification: VerificationView { code: VerifyCode::SimilarMatch, description: "similar match: ULN found, names similar but not exact".into(), failure_flags: vec![] },
        comparison: Some(ComparisonView {
            given_name: FieldMatch::Match,
            family_name: FieldMatch::Similar,
            date_of_birth: FieldMatch::Match,
            gender: FieldMatch::Match,
            postcode: FieldMatch::Match,
        }),
        suggestions: vec![SuggestionView {
            kind: SuggestionKind::Spelling,
            reason: "The family name is one letter away from the LRS spelling \"Hughes\"; amend to the LRS spelling.".into(),
            confidence: 78,
            action: SuggestedAction::Amend { amendment: LearnerFields { family_name: Some("Hughes".into()), ..LearnerFields::default() } },
        }],
        audit: vec![AuditEntry { id: 41, at: "2026-11-24T11:58:00Z".into(), operator: "olu".into(), action: AuditAction::Viewed, reason: None, changes: None }],
        audit_total: 1,
        notes: Vec::new(),
        notes_total: 0,
        snoozed_until: None,
        assigned_to: None,
        assignment: None,
        register_unavailable: None,
        claim: None,
    }
}

pub fn event(id: i64, title: &str, grade: &str, under_challenge: bool) -> LearningEventView {
    LearningEventView {
        id,
        source: EventSource::Ao,
        qualification_code: "601/4447/6".into(),
        title: title.into(),
        qualification_type: "GCSE".into(),
        level: "Level 1/2".into(),
        grade: Some(grade.into()),
        awarding_organisation: "Pearson".into(),
        provider: "Calder Valley College".into(),
        award_date: Some("2023-08-24".into()),
        credits: None,
        status: EventStatus::Final,
        under_challenge,
    }
}

/// A PLR lookup that found the fixture learner, with two events (the second under challenge).
pub fn plr_found() -> PlrResponse {
    PlrResponse {
        code: RegisterCode::ExactMatch,
        message: "learner found".into(),
        learner: detail().authoritative,
        events: vec![
            event(11, "GCSE (9-1) in Mathematics", "5", false),
            event(12, "GCSE (9-1) in English Language", "7", true),
        ],
    }
}

/// The register's answer to a search by the fixture learner's details: two learners.
pub fn learners_found() -> LearnerSearchResponse {
    let learner = |uln: &str, given: &str, postcode: &str| LearnerView {
        uln: uln.into(),
        given_name: given.into(),
        family_name: "Hughes".into(),
        date_of_birth: "2007-02-03".into(),
        gender: Gender::Female,
        postcode: Some(postcode.into()),
    };
    LearnerSearchResponse {
        code: RegisterCode::PossibleMatches,
        message: "possible matches".into(),
        learners: vec![
            learner("9276308686", "Amelia", "LS1 4AP"),
            learner("1174112637", "Amelie", "M1 1AA"),
        ],
    }
}

/// A data challenge raised on the fixture learner's first event.
pub fn challenge(reference: &str) -> ChallengeView {
    ChallengeView {
        reference: reference.into(),
        uln: "9276308686".into(),
        kind: ChallengeKind::IncorrectInformation,
        event_ids: vec![11],
        corrected: None,
        note: "certificate says 6".into(),
        contact: None,
        status: ChallengeStatus::Open,
        created_at: "2026-11-20T10:00:00Z".into(),
        resolved_at: None,
        operator: "olu".into(),
    }
}

/// The dashboard on the fixed day, with the per-operator part when `supervisor`.
pub fn dashboard(supervisor: bool) -> Dashboard {
    let bands = |counts: [i64; 7]| -> Vec<BacklogBand> {
        DaysLeft::ALL
            .iter()
            .zip(counts)
            .map(|(days_left, open)| BacklogBand {
                days_left: *days_left,
                open,
            })
            .collect()
    };
    let centre = |centre: &str, open| CentreBacklog {
        centre: centre.into(),
        open,
    };
    let queue = |name: &str, counts: [i64; 7], due_this_week, top_centres| QueueDashboard {
        queue: Queue::from_wire(name).expect("a known queue"),
        open: counts.iter().sum(),
        due_this_week,
        backlog: bands(counts),
        top_centres,
    };
    let first = jiff::civil::date(2026, 10, 28);
    let resolutions = (0..28)
        .map(|day: i64| DayResolutions {
            date: first
                .checked_add(jiff::Span::new().days(day))
                .unwrap()
                .to_string(),
            resolved: [3, 0, 5, 8, 2, 0, 0][day as usize % 7],
            rejected: i64::from(day % 5 == 0),
        })
        .collect();
    Dashboard {
        today: "2026-11-24".into(),
        queues: vec![
            queue(
                "all",
                [1, 4, 9, 23, 40, 61, 0],
                31,
                vec![
                    centre("Calderdale College", 17),
                    centre("Leeds City College", 12),
                    centre("Bradford College", 9),
                ],
            ),
            queue(
                "spelling",
                [1, 0, 2, 5, 7, 11, 0],
                6,
                vec![centre("Leeds City College", 4)],
            ),
            queue(
                "postcode",
                [0, 2, 3, 6, 9, 12, 0],
                8,
                vec![centre("Bradford College", 3)],
            ),
            queue("linked_uln", [0, 0, 0, 0, 0, 0, 0], 0, Vec::new()),
        ],
        resolutions,
        by_operator: supervisor.then(|| {
            vec![
                OperatorResolutions {
                    operator: "sam".into(),
                    resolved: 41,
                    rejected: 3,
                },
                OperatorResolutions {
                    operator: "olu".into(),
                    resolved: 30,
                    rejected: 3,
                },
            ]
        }),
    }
}
