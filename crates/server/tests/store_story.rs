//! One life of a database, told through the traits the server and the seeder use (`Store`,
//! `LearnerRegister`, `Seeder`), and run against every implementation: what atuin's `db_story`
//! does for its databases. An implementation passes when the server could not tell it apart.
//!
//! It lives with the server crate, not with the end-to-end journeys at the top, because it needs
//! no HTTP, no binary and no console: only the traits and `database::open`, which the next
//! database implements. To add one, give it a function that opens a fresh empty database and one
//! line in `story_for!` at the bottom.

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use tempfile::TempDir;
use uln_domain::{AnomalyKind, Demographics, Gender, PersonName, Postcode, RegisterLearner, Uln};
use uln_domain::{RejectReason, VerifyCode};
use uln_server::database::{self, Storage};
use uln_server::register::*;
use uln_server::store::*;

/// Days from registration to the deadline in this story.
const REMOVAL_DAYS: i64 = 28;

/// What only the implementation itself can try: changing the audit trail behind the traits' back.
#[async_trait]
trait AuditTamper: Send + Sync {
    /// Tries to change an audit row; Err if the database refused.
    async fn rewrite_audit(&self) -> Result<(), String>;
    /// Tries to delete an audit row; Err if the database refused.
    async fn delete_audit(&self) -> Result<(), String>;
}

/// An implementation under test, opened fresh and empty.
struct Opened {
    storage: Storage,
    tamper: Box<dyn AuditTamper>,
    /// Whatever must live as long as the database (a temporary directory, a container).
    _keep: Box<dyn std::any::Any + Send>,
}

fn name(text: &str) -> PersonName {
    PersonName::parse(text).expect("a valid name")
}

fn uln(text: &str) -> Uln {
    Uln::parse(text).expect("a valid ULN")
}

fn learner(ulns: &str, given: &str, family: &str, dob: &str) -> RegisterLearner {
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

fn event(uln: &str, title: &'static str) -> SeedEvent {
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
fn exception(now: Timestamp, days_ago: i64, family: &str, centre: &str) -> NewRegistration {
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
        registered_at,
        deadline: registered_at + SignedDuration::from_hours(24 * REMOVAL_DAYS),
        status: RecordStatus::Open,
        verify_code: VerifyCode::NotFound,
        failure_flags: Vec::new(),
        anomalies: vec![AnomalyKind::UlnNotFound],
    }
}

async fn story(opened: Opened) {
    let s = &opened.storage;
    let now = Timestamp::now();
    operators_sign_up(s).await;
    the_register_is_loaded(s).await;
    let ids = centres_submit_registrations(s, now).await;
    every_order_pages_without_gaps_or_repeats(s, &ids).await;
    a_stale_version_loses_to_exactly_one_winner(s, ids[0]).await;
    the_audit_trail_only_grows(s, opened.tamper.as_ref(), ids[0]).await;
    the_four_week_rule_expires_and_a_supervisor_reopens(s, now, &ids).await;
    a_data_challenge_is_raised(s).await;
}

async fn operators_sign_up(s: &Storage) {
    let olu = s
        .store
        .add_operator("olu", Role::Operator, "hash-olu")
        .await
        .expect("an operator is added");
    assert_eq!(
        s.store.operator_by_token_hash("hash-olu").await.unwrap(),
        Some(olu)
    );
    assert!(matches!(
        s.store.add_operator("olu", Role::Viewer, "other").await,
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(
        s.store.operator_by_token_hash("nobody").await.unwrap(),
        None
    );
}

async fn the_register_is_loaded(s: &Storage) {
    assert_eq!(s.seeder.learners_in_register().await.unwrap(), 0);
    let mut master = learner("9276308686", "Amelia", "Khan", "2008-03-01");
    master.linked_ulns.push(uln("4444599390"));
    let learners = [
        master,
        learner("1174112637", "Noah", "Lee", "2007-11-30"),
        learner("6936002314", "Isla", "Lee", "2007-11-30"),
    ];
    let links = [(uln("4444599390"), uln("9276308686"))];
    let events = [
        event("9276308686", "GCSE Maths"),
        event("9276308686", "GCSE Art"),
    ];
    s.seeder
        .load_register(&learners, &links, &events)
        .await
        .expect("the register loads");
    assert_eq!(s.seeder.learners_in_register().await.unwrap(), 3);
    let asked = [uln("4444599390"), uln("1026893096"), uln("1174112637")];
    let answers = s.register.lookup_many(&asked).await.unwrap();
    assert!(matches!(&answers[0], RegisterLookup::Linked(l) if l.uln == learners[0].uln));
    assert_eq!(answers[1], RegisterLookup::NotFound);
    assert_eq!(answers[2], RegisterLookup::Direct(learners[1].clone()));
    for (one, many) in asked.iter().zip(&answers) {
        assert_eq!(&s.register.lookup(one).await.unwrap(), many);
    }
    let query = DemographicQuery {
        given_name: "Noah".into(),
        family_name: "Lee".into(),
        date_of_birth: Some("2007-11-30".parse().unwrap()),
        ..DemographicQuery::default()
    };
    let found = s.register.find_by_demographics(&query).await.unwrap();
    assert_eq!(found.code, SearchCode::Exact);
    assert_eq!(found.learners, [learners[1].clone()]);
}

/// Names chosen where byte order and a dictionary disagree: capitals before lower case, "Zoë"
/// after "Zoey", and ties on every key that only the id breaks.
async fn centres_submit_registrations(s: &Storage, now: Timestamp) -> Vec<i64> {
    let mut rows = vec![
        exception(now, 1, "adams", "Bradford College"),
        exception(now, 5, "Zoë", "bradford college"),
        exception(now, 5, "Adams", "Bradford College"),
        exception(now, 20, "Zoey", "Ábaco Training"),
        exception(now, 27, "Adams", "Zeta Academy"),
    ];
    let mut matched = exception(now, 3, "Khan", "Leeds City College");
    matched.status = RecordStatus::Matched;
    rows.push(matched);
    let ids = s
        .store
        .insert_registrations(&rows, Some("olu"))
        .await
        .expect("stored");
    assert_eq!(ids.len(), rows.len());
    for (id, row) in ids.iter().zip(&rows) {
        let stored = s.store.registration(*id).await.unwrap().expect("stored");
        assert_eq!((stored.version, stored.status), (1, row.status));
        assert_eq!(stored.demographics, row.demographics);
        assert_eq!(
            stored.deadline,
            Timestamp::from_second(row.deadline.as_second()).unwrap()
        );
        let trail = s.store.audit_trail(*id).await.unwrap();
        assert_eq!(
            trail.len(),
            1,
            "one created row each, in the same transaction"
        );
        assert_eq!(
            (trail[0].action.as_str(), trail[0].operator.as_str()),
            ("created", "olu")
        );
    }
    let counts = s.store.queue_counts(now).await.unwrap();
    let all = counts
        .iter()
        .find(|c| c.kind.is_none())
        .expect("the all queue");
    assert_eq!(
        (all.open, all.overdue, all.due_within_48h, all.due_within_7d),
        (5, 0, 1, 1)
    );
    let not_found = counts
        .iter()
        .find(|c| c.kind == Some(AnomalyKind::UlnNotFound));
    assert_eq!(not_found.map(|c| c.open), Some(5));
    ids
}

async fn every_order_pages_without_gaps_or_repeats(s: &Storage, ids: &[i64]) {
    let mut open = Vec::new();
    for id in &ids[..5] {
        open.push(s.store.registration(*id).await.unwrap().unwrap());
    }
    for key in SortKey::ALL {
        for direction in [Direction::Ascending, Direction::Descending] {
            let order = QueueOrder::new(key, direction);
            let mut expected = open.clone();
            order.sort(&mut expected);
            let expected: Vec<i64> = expected.iter().map(|r| r.id).collect();
            let mut paged = Vec::new();
            let mut after = None;
            loop {
                let query = ExceptionQuery {
                    order,
                    limit: 2,
                    after: after.clone(),
                    ..ExceptionQuery::default()
                };
                let page = s.store.list_exceptions(&query).await.unwrap();
                paged.extend(page.iter().map(|r| r.id));
                match page.last() {
                    Some(last) if page.len() == 2 => after = Some(Cursor::after(last, order)),
                    _ => break,
                }
            }
            assert_eq!(paged, expected, "{order:?}");
        }
    }
    let query = ExceptionQuery {
        text: Some("zo".into()),
        limit: 10,
        ..ExceptionQuery::default()
    };
    let found = s.store.list_exceptions(&query).await.unwrap();
    assert_eq!(found.len(), 2, "a search matches text in any case");
}

async fn a_stale_version_loses_to_exactly_one_winner(s: &Storage, id: i64) {
    let before = s.store.registration(id).await.unwrap().unwrap();
    let mut amended = RecordUpdate::unchanged(&before);
    amended.demographics.given_name = name("Anne");
    let mut rejected = RecordUpdate::unchanged(&before);
    rejected.status = RecordStatus::Rejected;
    rejected.reject_reason = Some(RejectReason::WrongLearner);
    let amend = AuditRecord::on_registration(id, "olu", AuditAction::Amended);
    let reject = AuditRecord::on_registration(id, "sam", AuditAction::Rejected);
    let (a, b) = tokio::join!(
        s.store
            .update_registration(id, before.version, &amended, &amend),
        s.store
            .update_registration(id, before.version, &rejected, &reject),
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let winners: Vec<&Registration> = outcomes
        .iter()
        .filter_map(|o| match o {
            UpdateOutcome::Updated(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(
        winners.len(),
        1,
        "exactly one of two writers at one version wins"
    );
    assert_eq!(winners[0].version, before.version + 1);
    let loser_saw = outcomes.iter().find_map(|o| match o {
        UpdateOutcome::Stale(current) => Some(current),
        _ => None,
    });
    assert_eq!(
        loser_saw,
        Some(winners[0]),
        "the loser is shown the winner's record"
    );
    let actions: Vec<String> = s
        .store
        .audit_trail(id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions.len(),
        2,
        "the loser's audit row was never written: {actions:?}"
    );
    let gone = RecordUpdate::unchanged(&before);
    let outcome = s
        .store
        .update_registration(i64::MAX, 1, &gone, &amend)
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::NotFound));
    // Leave the record open for the chapters that follow.
    let now = s.store.registration(id).await.unwrap().unwrap();
    let reopen = AuditRecord::on_registration(id, "sam", AuditAction::Reopened);
    let mut open_again = RecordUpdate::unchanged(&now);
    (open_again.status, open_again.reject_reason) = (RecordStatus::Open, None);
    let outcome = s
        .store
        .update_registration(id, now.version, &open_again, &reopen);
    assert!(matches!(outcome.await.unwrap(), UpdateOutcome::Updated(_)));
}

async fn the_audit_trail_only_grows(s: &Storage, tamper: &dyn AuditTamper, id: i64) {
    let before = s.store.audit_trail(id).await.unwrap();
    let lookup = AuditRecord::on_subject("uln:9276308686", "olu", AuditAction::PlrLookup)
        .because("caller asked for their PLR");
    s.store.append_audit(&lookup).await.unwrap();
    let by_subject = s.store.audit_by_subject("uln:9276308686").await.unwrap();
    assert_eq!(by_subject.len(), 1);
    assert_eq!(
        by_subject[0].reason.as_deref(),
        Some("caller asked for their PLR")
    );
    assert!(
        tamper.rewrite_audit().await.is_err(),
        "audit rows are never changed"
    );
    assert!(
        tamper.delete_audit().await.is_err(),
        "audit rows are never deleted"
    );
    assert_eq!(s.store.audit_trail(id).await.unwrap(), before);
}

async fn the_four_week_rule_expires_and_a_supervisor_reopens(
    s: &Storage,
    now: Timestamp,
    ids: &[i64],
) {
    // Two days on, the record registered 27 days ago is past its deadline; the rest are not.
    let later = now + SignedDuration::from_hours(48);
    let counts = s.store.queue_counts(later).await.unwrap();
    let all = counts
        .iter()
        .find(|c| c.kind.is_none())
        .expect("the all queue");
    assert_eq!((all.open, all.overdue), (5, 1));
    let overdue = s.store.registration(ids[4]).await.unwrap().unwrap();
    let expired = s
        .store
        .expire_overdue(later, "system:four-week-rule")
        .await
        .unwrap();
    assert_eq!(expired, [(overdue.id, overdue.version + 1)]);
    let now_expired = s.store.registration(overdue.id).await.unwrap().unwrap();
    assert_eq!(
        (now_expired.status, now_expired.uln.as_deref()),
        (RecordStatus::Expired, None)
    );
    let trail = s.store.audit_trail(overdue.id).await.unwrap();
    assert_eq!(trail.last().map(|a| a.action.as_str()), Some("expired"));
    assert!(s
        .store
        .expire_overdue(later, "system")
        .await
        .unwrap()
        .is_empty());
    let mut reopen = RecordUpdate::unchanged(&now_expired);
    reopen.status = RecordStatus::Open;
    let audit = AuditRecord::on_registration(overdue.id, "sam", AuditAction::Reopened);
    let outcome = s
        .store
        .update_registration(overdue.id, now_expired.version, &reopen, &audit)
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::Updated(r) if r.status == RecordStatus::Open));
    let query = ExceptionQuery {
        limit: 10,
        ..ExceptionQuery::default()
    };
    let page = s.store.list_exceptions(&query).await.unwrap();
    assert!(page.iter().any(|r| r.id == overdue.id));
}

async fn a_data_challenge_is_raised(s: &Storage) {
    let master = uln("9276308686");
    let identity = IdentityCheck {
        given_name: Some("Amelia".into()),
        family_name: "Khan".into(),
        date_of_birth: "2008-03-01".parse().unwrap(),
    };
    let plr = s
        .register
        .fetch_plr(&uln("4444599390"), &identity)
        .await
        .unwrap();
    assert_eq!(plr.code, PlrCode::MasterSubstituted);
    assert_eq!(plr.events.len(), 2);
    let stranger = IdentityCheck {
        date_of_birth: "2001-01-01".parse().unwrap(),
        ..identity.clone()
    };
    let refused = s.register.fetch_plr(&master, &stranger).await.unwrap();
    assert_eq!(
        (refused.code, refused.events.len()),
        (PlrCode::IdentityNotVerified, 0)
    );
    let challenge = NewChallenge {
        uln: master.clone(),
        kind: ChallengeKind::NotLearners,
        event_ids: vec![plr.events[0].id],
        corrected: None,
        note: "the learner never sat this".into(),
        contact: None,
        raised_by: "olu".into(),
    };
    let created = s.register.create_challenge(&challenge).await.unwrap();
    assert_eq!(created.status, ChallengeStatus::Open);
    let open = s
        .register
        .challenges(Some(ChallengeStatus::Open))
        .await
        .unwrap();
    assert_eq!(open, [created]);
    let flagged = s.register.fetch_plr(&master, &identity).await.unwrap();
    assert!(flagged
        .events
        .iter()
        .any(|e| e.id == plr.events[0].id && e.under_challenge));
    let blank = NewChallenge {
        note: " ".into(),
        ..challenge
    };
    assert!(matches!(
        s.register.create_challenge(&blank).await,
        Err(RegisterError::Refused { .. })
    ));
}

/// SQLite in a temporary file; tampering goes through a connection of its own.
async fn sqlite() -> Opened {
    struct SqliteTamper(sqlx::SqlitePool);

    #[async_trait]
    impl AuditTamper for SqliteTamper {
        async fn rewrite_audit(&self) -> Result<(), String> {
            sqlx::query("UPDATE audit SET operator = 'someone else'")
                .execute(&self.0)
                .await
                .map(drop)
                .map_err(|e| e.to_string())
        }

        async fn delete_audit(&self) -> Result<(), String> {
            sqlx::query("DELETE FROM audit")
                .execute(&self.0)
                .await
                .map(drop)
                .map_err(|e| e.to_string())
        }
    }

    let dir = TempDir::new().expect("a temp dir");
    let url = format!("sqlite://{}", dir.path().join("story.db").display());
    let storage = database::open(&url, PoolSize::EMBEDDED)
        .await
        .expect("SQLite opens");
    let raw = sqlx::SqlitePool::connect(&url)
        .await
        .expect("a second connection");
    Opened {
        storage,
        tamper: Box::new(SqliteTamper(raw)),
        _keep: Box::new(dir),
    }
}

macro_rules! story_for {
    ($($implementation:ident),* $(,)?) => {
        $(
            mod $implementation {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn lives_the_whole_story() {
                    super::story(super::$implementation().await).await;
                }
            }
        )*
    };
}

// One line per implementation (PostgreSQL next).
story_for!(sqlite);
