//! The writer's group commit, which only the SQLite store has: what it promises cannot be seen
//! through the `Store` trait alone (see `crates/server/tests/store_story.rs` for that).

use super::{Database, PoolSize, SqliteStore};
use crate::store::*;
use jiff::Timestamp;
use uln_domain::{Demographics, Gender, PersonName, Postcode, VerifyCode};

fn exception(family: &str) -> NewRegistration {
    let now = Timestamp::now();
    NewRegistration {
        uln: "9276308686".into(),
        demographics: Demographics {
            given_name: PersonName::parse("Ann").expect("a name"),
            family_name: PersonName::parse(family).expect("a name"),
            date_of_birth: "2008-03-01".parse().expect("a date"),
            gender: Gender::parse("2").expect("a gender"),
            postcode: Postcode::parse("LS1 4AP").expect("a postcode"),
        },
        centre: "Leeds City College".into(),
        qualification: None,
        registered_at: now,
        deadline: now + jiff::SignedDuration::from_hours(24 * 28),
        status: RecordStatus::Open,
        verify_code: VerifyCode::NoMatch,
        failure_flags: Vec::new(),
        anomalies: Vec::new(),
    }
}

/// Writes that share a commit are independent: one that fails is undone alone.
#[tokio::test]
async fn a_failed_change_in_a_shared_commit_leaves_the_others_committed() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let db = Database::open(&url, PoolSize::EMBEDDED)
        .await
        .expect("opens");
    let store = SqliteStore::new(db.clone());
    let ids = store
        .insert_registrations(&[exception("Lee"), exception("Khan")], None)
        .await
        .expect("stored");
    let bad = store.registration(ids[0]).await.unwrap().unwrap();
    let good = store.registration(ids[1]).await.unwrap().unwrap();
    // An audit row naming no registration breaks the foreign key, so that change must fail.
    let broken_audit = AuditRecord::on_registration(i64::MAX, "test", AuditAction::Amended);
    let audit = AuditRecord::on_registration(good.id, "test", AuditAction::Amended);
    let view = AuditRecord::on_registration(good.id, "test", AuditAction::Viewed);
    let broken_view = AuditRecord::on_registration(i64::MAX, "test", AuditAction::Viewed);
    let (unchanged_bad, unchanged_good) = (
        RecordUpdate::unchanged(&bad),
        RecordUpdate::unchanged(&good),
    );
    let commits_before = db.writer().commits();
    // On this single-threaded runtime the committer cannot run until all four are queued.
    let (failed, updated, viewed, failed_view) = tokio::join!(
        store.update_registration(bad.id, bad.version, &unchanged_bad, &broken_audit),
        store.update_registration(good.id, good.version, &unchanged_good, &audit),
        store.append_audit(&view),
        store.append_audit(&broken_view),
    );
    assert_eq!(
        db.writer().commits(),
        commits_before + 1,
        "the four writes shared one commit"
    );
    assert!(failed.is_err());
    assert!(
        failed_view.is_err(),
        "a bad audit row fails its own writer only"
    );
    assert!(matches!(updated.unwrap(), UpdateOutcome::Updated(r) if r.version == good.version + 1));
    viewed.unwrap();
    let bad_now = store.registration(bad.id).await.unwrap().unwrap();
    assert_eq!(bad_now.version, bad.version, "the failed change was undone");
    assert!(store.audit_trail(bad.id).await.unwrap().is_empty());
    let good_actions: Vec<String> = store
        .audit_trail(good.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(good_actions.contains(&"amended".to_string()));
    assert!(good_actions.contains(&"viewed".to_string()));
}
