//! The chapters told through `Store`: operators, registrations, paging, versions, audit, expiry.

use crate::fixtures::{audit_actions, exception, name};
use crate::AuditTamper;
use jiff::{SignedDuration, Timestamp};
use uln_domain::{AnomalyKind, RejectReason};
use uln_server::store::*;

pub async fn operators_sign_up(store: &dyn Store) {
    let olu = store
        .add_operator("olu", Role::Operator, "hash-olu")
        .await
        .expect("an operator is added");
    assert_eq!(
        store.operator_by_token_hash("hash-olu").await.unwrap(),
        Some(olu)
    );
    assert!(matches!(
        store.add_operator("olu", Role::Viewer, "other").await,
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(store.operator_by_token_hash("nobody").await.unwrap(), None);
}

/// Names chosen where byte order and a dictionary disagree: capitals before lower case, "Zoë"
/// after "Zoey", and ties on every key that only the id breaks.
pub async fn centres_submit_registrations(store: &dyn Store, now: Timestamp) -> Vec<i64> {
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
    let ids = store
        .insert_registrations(&rows, Some("olu"))
        .await
        .expect("stored");
    assert_eq!(ids.len(), rows.len());
    for (id, row) in ids.iter().zip(&rows) {
        let stored = store.registration(*id).await.unwrap().expect("stored");
        assert_eq!((stored.version, stored.status), (1, row.status));
        assert_eq!(stored.demographics, row.demographics);
        assert_eq!(
            stored.deadline,
            Timestamp::from_second(row.deadline.as_second()).unwrap()
        );
        let trail = store.audit_trail(*id).await.unwrap();
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
    let counts = store.queue_counts(now).await.unwrap();
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

pub async fn every_order_pages_without_gaps_or_repeats(store: &dyn Store, ids: &[i64]) {
    let mut open = Vec::new();
    for id in &ids[..5] {
        open.push(store.registration(*id).await.unwrap().unwrap());
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
                let page = store.list_exceptions(&query).await.unwrap();
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
    let found = store.list_exceptions(&query).await.unwrap();
    assert_eq!(found.len(), 2, "a search matches text in any case");
}

pub async fn a_stale_version_loses_to_exactly_one_winner(store: &dyn Store, id: i64) {
    let before = store.registration(id).await.unwrap().unwrap();
    let mut amended = RecordUpdate::unchanged(&before);
    amended.demographics.given_name = name("Anne");
    let mut rejected = RecordUpdate::unchanged(&before);
    rejected.status = RecordStatus::Rejected;
    rejected.reject_reason = Some(RejectReason::WrongLearner);
    let amend = AuditRecord::on_registration(id, "olu", AuditAction::Amended);
    let reject = AuditRecord::on_registration(id, "sam", AuditAction::Rejected);
    let (a, b) = tokio::join!(
        store.update_registration(id, before.version, &amended, &amend),
        store.update_registration(id, before.version, &rejected, &reject),
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
    let actions = audit_actions(store, id).await;
    assert_eq!(
        actions.len(),
        2,
        "the loser's audit row was never written: {actions:?}"
    );
    let gone = RecordUpdate::unchanged(&before);
    let outcome = store
        .update_registration(i64::MAX, 1, &gone, &amend)
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::NotFound));
    // Leave the record open for the chapters that follow.
    let now = store.registration(id).await.unwrap().unwrap();
    let reopen = AuditRecord::on_registration(id, "sam", AuditAction::Reopened);
    let mut open_again = RecordUpdate::unchanged(&now);
    (open_again.status, open_again.reject_reason) = (RecordStatus::Open, None);
    let outcome = store.update_registration(id, now.version, &open_again, &reopen);
    assert!(matches!(outcome.await.unwrap(), UpdateOutcome::Updated(_)));
}

pub async fn the_audit_trail_only_grows(store: &dyn Store, tamper: &dyn AuditTamper, id: i64) {
    let before = store.audit_trail(id).await.unwrap();
    let lookup = AuditRecord::on_subject("uln:9276308686", "olu", AuditAction::PlrLookup)
        .because("caller asked for their PLR");
    store.append_audit(&lookup).await.unwrap();
    let by_subject = store.audit_by_subject("uln:9276308686").await.unwrap();
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
    assert_eq!(store.audit_trail(id).await.unwrap(), before);
}

pub async fn the_four_week_rule_expires_and_a_supervisor_reopens(
    store: &dyn Store,
    now: Timestamp,
    ids: &[i64],
) {
    // Two days on, the record registered 27 days ago is past its deadline; the rest are not.
    let later = now + SignedDuration::from_hours(48);
    let counts = store.queue_counts(later).await.unwrap();
    let all = counts
        .iter()
        .find(|c| c.kind.is_none())
        .expect("the all queue");
    assert_eq!((all.open, all.overdue), (5, 1));
    // Snoozed past its deadline: expiry ends the snooze with the record.
    let due = store.registration(ids[4]).await.unwrap().unwrap();
    let snooze = RecordUpdate {
        snoozed_until: Some(later + SignedDuration::from_hours(1)),
        ..RecordUpdate::unchanged(&due)
    };
    let audit = AuditRecord::on_registration(due.id, "sam", AuditAction::Snoozed);
    store
        .update_registration(due.id, due.version, &snooze, &audit)
        .await
        .unwrap();
    let overdue = store.registration(ids[4]).await.unwrap().unwrap();
    assert!(overdue.snoozed_until.is_some());
    let expired = store
        .expire_overdue(later, "system:four-week-rule")
        .await
        .unwrap();
    assert_eq!(expired, [(overdue.id, overdue.version + 1)]);
    let now_expired = store.registration(overdue.id).await.unwrap().unwrap();
    assert_eq!(
        (now_expired.status, now_expired.uln.as_deref()),
        (RecordStatus::Expired, None)
    );
    assert_eq!(
        now_expired.snoozed_until, None,
        "a closed record is not snoozed"
    );
    let actions = audit_actions(store, overdue.id).await;
    assert_eq!(actions.last().map(String::as_str), Some("expired"));
    assert!(store
        .expire_overdue(later, "system")
        .await
        .unwrap()
        .is_empty());
    let mut reopen = RecordUpdate::unchanged(&now_expired);
    reopen.status = RecordStatus::Open;
    let audit = AuditRecord::on_registration(overdue.id, "sam", AuditAction::Reopened);
    let outcome = store
        .update_registration(overdue.id, now_expired.version, &reopen, &audit)
        .await
        .unwrap();
    assert!(matches!(outcome, UpdateOutcome::Updated(r) if r.status == RecordStatus::Open));
    let query = ExceptionQuery {
        limit: 10,
        ..ExceptionQuery::default()
    };
    let page = store.list_exceptions(&query).await.unwrap();
    assert!(page.iter().any(|r| r.id == overdue.id));
}

/// A revoked operator stays listed (the audit trail names them) but their token stops working;
/// every change to an operator moves the generation that servers poll.
pub async fn an_operator_is_re_roled_then_revoked(store: &dyn Store) {
    let start = store.operators_generation().await.unwrap();
    store
        .add_operator("ria", Role::Operator, "hash-ria")
        .await
        .expect("an operator is added");
    let ria = store.set_operator_role("ria", Role::Viewer).await.unwrap();
    assert_eq!(ria.map(|a| a.operator.role), Some(Role::Viewer));
    let signed_in = store.operator_by_token_hash("hash-ria").await.unwrap();
    assert_eq!(signed_in.map(|o| o.role), Some(Role::Viewer));
    let re_roled = store.operators_generation().await.unwrap();
    assert_ne!(re_roled, start, "a new role moves the generation");

    let revoked = store.revoke_operator("ria").await.unwrap().expect("ria");
    let at = revoked.revoked_at.expect("a time of revocation");
    assert_eq!(
        store.operator_by_token_hash("hash-ria").await.unwrap(),
        None
    );
    assert_ne!(store.operators_generation().await.unwrap(), re_roled);
    let again = store.revoke_operator("ria").await.unwrap().expect("ria");
    assert_eq!(
        again.revoked_at,
        Some(at),
        "the first revocation's time is kept"
    );
    let listed = store.operators().await.unwrap();
    assert!(listed
        .iter()
        .any(|a| a.operator.name == "ria" && a.revoked_at == Some(at)));
    assert_eq!(store.revoke_operator("nobody").await.unwrap(), None);
    let nobody = store.set_operator_role("nobody", Role::Viewer).await;
    assert_eq!(nobody.unwrap(), None);
}

/// The trail operators see pages newest first, each entry once, reads ahead left out.
pub async fn the_trail_pages_newest_first_without_reads_ahead(store: &dyn Store, id: i64) {
    for action in [AuditAction::Viewed, AuditAction::ReadAhead].repeat(3) {
        let row = AuditRecord::on_registration(id, "olu", action);
        store.append_audit(&row).await.unwrap();
    }
    let all = store.audit_trail(id).await.unwrap();
    let seen: Vec<i64> = all
        .iter()
        .rev()
        .filter(|a| a.action != AuditAction::ReadAhead.name())
        .map(|a| a.id)
        .collect();
    let (mut paged, mut before) = (Vec::new(), None);
    loop {
        let page = store.record_trail(id, before, 2).await.unwrap();
        assert_eq!(page.total, seen.len() as i64);
        let Some(last) = page.entries.last() else {
            break;
        };
        before = Some(last.id);
        paged.extend(page.entries.iter().map(|a| a.id));
    }
    assert_eq!(paged, seen);
}

/// Duplicates are found by a shared ULN, or by family name (ASCII case ignored) and date of birth.
pub async fn possible_duplicates_share_a_uln_or_a_person(store: &dyn Store, ids: &[i64]) {
    let probe = |ulns: &[&str], family: &str| DuplicateProbe {
        ulns: ulns.iter().map(|u| (*u).to_owned()).collect(),
        register_learner_ulns: Vec::new(),
        family_name: family.into(),
        date_of_birth: "2008-03-01".parse().expect("a date"),
    };
    let found = |rows: Vec<Registration>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    let by_uln = store
        .possible_duplicates(&[probe(&["1026893096"], "Nobody")])
        .await
        .unwrap();
    assert_eq!(
        found(by_uln),
        ids,
        "every open or matched row with the ULN, by id"
    );
    let by_person = store
        .possible_duplicates(&[probe(&[], "ADAMS"), probe(&["9999999999"], "zoey")])
        .await
        .unwrap();
    assert_eq!(
        found(by_person),
        [ids[0], ids[2], ids[3], ids[4]],
        "adams and Adams for ADAMS, Zoey for zoey, not Zoë"
    );
    assert!(store.possible_duplicates(&[]).await.unwrap().is_empty());
}

/// Eight writers at one version: one wins, seven are shown the winner's record, one audit row.
pub async fn many_writers_at_one_version_leave_one_winner(store: &dyn Store, id: i64) {
    let before = store.registration(id).await.unwrap().expect("stored");
    let audits_before = audit_actions(store, id).await.len();
    let writers = (0..8).map(|n| {
        let mut update = RecordUpdate::unchanged(&before);
        update.demographics.given_name = name(["Ann", "Anne", "Anna", "Annie"][n % 4]);
        let audit = AuditRecord::on_registration(id, "olu", AuditAction::Amended);
        async move {
            store
                .update_registration(id, before.version, &update, &audit)
                .await
        }
    });
    let outcomes = futures_util::future::join_all(writers).await;
    let won = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(UpdateOutcome::Updated(_))))
        .count();
    let stale = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(UpdateOutcome::Stale(r)) if r.version == before.version + 1))
        .count();
    assert_eq!((won, stale), (1, 7));
    assert_eq!(audit_actions(store, id).await.len(), audits_before + 1);
}
