//! The cast and the paperwork of the story: learners, their events and registrations.

use jiff::{SignedDuration, Timestamp};
use uln_domain::VerifyCode;
use uln_domain::{AnomalyKind, Demographics, Gender, PersonName, Postcode, RegisterLearner, Uln};
use uln_server::register::SeedEvent;
use uln_server::store::{NewRegistration, RecordStatus, Store};

/// Days from registration to the deadline in this story.
pub const REMOVAL_DAYS: i64 = 28;
pub fn name(text: &str) -> PersonName {
    PersonName::parse(text).expect("a valid name")
}

pub fn uln(text: &str) -> Uln {
    Uln::parse(text).expect("a valid ULN")
}

pub fn learner(ulns: &str, given: &str, family: &str, dob: &str) -> RegisterLearner {
    RegisterLearner {
        uln: uln(ulns),
        given_name: name(given),
        family_name: name(family),
        date_of_birth: dob.parse().expect("a date"),
        gender: Gender::parse("2").expect("a gender"),
        postcode: Some(Postcode::parse("LS1 4AP").expect("a postcode")),
        preferred_given_name: None,
        middle_names: None,
        previous_family_name: None,
        linked_ulns: Vec::new(),
        ability_to_share: true,
        version: 1,
    }
}

pub fn event(uln: &str, title: &'static str) -> SeedEvent {
    SeedEvent {
        uln: uln.into(),
        source: "AO",
        qualification_code: "600/1166/X".into(),
        title,
        qualification_type: "GCSE",
        level: "2",
        grade: Some("7"),
        awarding_organisation: "AQA",
        provider: "Leeds City College".into(),
        award_date: Some("2024-08-22".parse().expect("a date")),
        credits: None,
        status: "final",
    }
}

/// An open exception registered `days_ago`, whose family name and centre are the sort keys.
pub fn exception(now: Timestamp, days_ago: i64, family: &str, centre: &str) -> NewRegistration {
    let registered_at = now - SignedDuration::from_hours(24 * days_ago);
    NewRegistration {
        uln: "1026893096".into(),
        demographics: Demographics {
            given_name: name("Ann"),
            family_name: name(family),
            date_of_birth: "2008-03-01".parse().expect("a date"),
            gender: Gender::parse("2").expect("a gender"),
            postcode: Postcode::parse("LS1 4AP").expect("a postcode"),
        },
        centre: centre.into(),
        qualification: None,
        registered_at,
        deadline: registered_at + SignedDuration::from_hours(24 * REMOVAL_DAYS),
        status: RecordStatus::Open,
        verify_code: VerifyCode::NotFound,
        failure_flags: Vec::new(),
        anomalies: vec![AnomalyKind::UlnNotFound],
    }
}

pub async fn audit_actions(store: &dyn Store, id: i64) -> Vec<String> {
    let trail = store.audit_trail(id).await.expect("the audit trail reads");
    trail.into_iter().map(|a| a.action).collect()
}
