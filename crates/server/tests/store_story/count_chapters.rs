//! The queue counts, kept by the database as records change, checked against the rows themselves.

use crate::fixtures::exception;
use jiff::{SignedDuration, Timestamp};
use uln_domain::AnomalyKind;
use uln_server::store::*;

/// The counts as the definition gives them, from every open row (snoozed or not).
async fn counted_from_rows(store: &dyn Store, now: Timestamp) -> Vec<QueueCount> {
    let open = open_rows(store, now, uln_api::SnoozeFilter::Any).await;
    let snoozed: std::collections::HashSet<i64> =
        open_rows(store, now, uln_api::SnoozeFilter::Snoozed)
            .await
            .iter()
            .map(|r| r.id)
            .collect();
    let (h48, d7) = (
        now + SignedDuration::from_hours(48),
        now + SignedDuration::from_hours(24 * 7),
    );
    std::iter::once(None)
        .chain(AnomalyKind::ALL.into_iter().map(Some))
        .map(|kind| {
            let rows: Vec<&Registration> = open
                .iter()
                .filter(|r| kind.is_none_or(|k| r.anomalies.contains(&k)))
                .collect();
            let count = |f: &dyn Fn(&Registration) -> bool| rows.iter().filter(|r| f(r)).count();
            QueueCount {
                kind,
                open: rows.len() as i64,
                overdue: count(&|r| r.deadline <= now) as i64,
                due_within_48h: count(&|r| r.deadline > now && r.deadline <= h48) as i64,
                due_within_7d: count(&|r| r.deadline > now && r.deadline <= d7) as i64,
                snoozed: count(&|r| snoozed.contains(&r.id)) as i64,
            }
        })
        .collect()
}

/// Every open row the list gives with this snooze filter at `now`, page by page.
async fn open_rows(
    store: &dyn Store,
    now: Timestamp,
    snoozed: uln_api::SnoozeFilter,
) -> Vec<Registration> {
    let mut open = Vec::new();
    let mut after = None;
    loop {
        let query = ExceptionQuery {
            limit: 1_000,
            after: after.take(),
            snoozed,
            now: Some(now),
            ..ExceptionQuery::default()
        };
        let page = store.list_exceptions(&query).await.expect("a page");
        after = page.last().map(|r| Cursor::after(r, query.order));
        let more = page.len() == 1_000;
        open.extend(page);
        if !more {
            break;
        }
    }
    open
}

/// Registrations, amendments that resolve or re-diagnose, expiry and reopening, in a random but
/// repeatable order; after each step the counts equal a count of the rows, at band edges that
/// fall exactly on deadlines and on the hour.
pub async fn queue_counts_stay_exact_through_every_change(store: &dyn Store, now: Timestamp) {
    let mut rng = fastrand::Rng::with_seed(10);
    let hour = now.as_second().div_euclid(3600) * 3600;
    let mut ids = Vec::new();
    for step in 0..60 {
        match rng.u8(0..6) {
            0 | 1 => {
                let batch: Vec<NewRegistration> = (0..rng.usize(1..6))
                    .map(|_| {
                        let mut r = exception(now, rng.i64(0..30), "Lee", "Leeds City College");
                        r.deadline = Timestamp::from_second(hour + rng.i64(-7200..9 * 86_400))
                            .expect("a time");
                        r.anomalies = random_kinds(&mut rng);
                        r
                    })
                    .collect();
                ids.extend(store.insert_registrations(&batch, None).await.unwrap());
            }
            2 if !ids.is_empty() => {
                let id = ids[rng.usize(..ids.len())];
                let current = store.registration(id).await.unwrap().expect("stored");
                let mut update = RecordUpdate::unchanged(&current);
                update.status = [RecordStatus::Open, RecordStatus::Resolved][rng.usize(..2)];
                update.anomalies = random_kinds(&mut rng);
                let audit = AuditRecord::on_registration(id, "olu", AuditAction::Amended);
                let outcome = store
                    .update_registration(id, current.version, &update, &audit)
                    .await
                    .unwrap();
                assert!(matches!(outcome, UpdateOutcome::Updated(_)));
            }
            // Snoozes hide rows from the queue, never from the open counts; they end with the
            // clock (counted at edges either side) or by the wake pass.
            3 if !ids.is_empty() => {
                let id = ids[rng.usize(..ids.len())];
                let current = store.registration(id).await.unwrap().expect("stored");
                let until = Timestamp::from_second(hour + rng.i64(-3600..3 * 86_400)).unwrap();
                let until = (rng.u8(0..4) != 0).then_some(until);
                let audit = AuditRecord::on_registration(id, "olu", AuditAction::Snoozed);
                let update = RecordUpdate {
                    snoozed_until: until,
                    ..RecordUpdate::unchanged(&current)
                };
                store
                    .update_registration(id, current.version, &update, &audit)
                    .await
                    .unwrap();
            }
            4 => {
                let at = Timestamp::from_second(hour + rng.i64(-3600..3600)).unwrap();
                store.wake_due(at, "system").await.unwrap();
            }
            _ => {
                let at = Timestamp::from_second(hour + rng.i64(-3600..3600)).unwrap();
                store.expire_overdue(at, "system").await.unwrap();
            }
        }
        // Edges on the hour, a second either side, and exactly on some row's deadline.
        let mut edges = vec![hour, hour - 1, hour + 1, now.as_second()];
        if let Some(id) = ids.first() {
            let r = store.registration(*id).await.unwrap().expect("stored");
            edges.push(r.deadline.as_second());
            edges.push(r.deadline.as_second() - 48 * 3600);
        }
        for edge in edges {
            let at = Timestamp::from_second(edge).unwrap();
            assert_eq!(
                store.queue_counts(at).await.unwrap(),
                counted_from_rows(store, at).await,
                "step {step}, counted at {at}"
            );
        }
    }
}

fn random_kinds(rng: &mut fastrand::Rng) -> Vec<AnomalyKind> {
    let mut kinds: Vec<AnomalyKind> = AnomalyKind::ALL
        .into_iter()
        .filter(|_| rng.u8(0..5) == 0)
        .collect();
    if kinds.is_empty() {
        kinds.push(AnomalyKind::ALL[rng.usize(..AnomalyKind::ALL.len())]);
    }
    kinds
}

/// Batches submitted at the same moment (as by several servers) all land, and the counters they
/// share stay exact: no batch waits forever on another's counters, none is lost.
pub async fn concurrent_batches_keep_the_counts_exact(store: &dyn Store, now: Timestamp) {
    let hour = now.as_second().div_euclid(3600) * 3600;
    let batch = |seed: u64| {
        let mut rng = fastrand::Rng::with_seed(seed);
        (0..300)
            .map(|_| {
                let mut r = exception(now, rng.i64(0..30), "Lee", "Leeds City College");
                r.deadline =
                    Timestamp::from_second(hour + rng.i64(-7200..9 * 86_400)).expect("a time");
                r.anomalies = random_kinds(&mut rng);
                r
            })
            .collect::<Vec<NewRegistration>>()
    };
    let batches: Vec<Vec<NewRegistration>> = (0..4).map(batch).collect();
    let stored = futures_util::future::join_all(
        batches
            .iter()
            .map(|rows| store.insert_registrations(rows, Some("olu"))),
    )
    .await;
    for ids in stored {
        assert_eq!(ids.expect("every batch is stored").len(), 300);
    }
    assert_eq!(
        store.queue_counts(now).await.unwrap(),
        counted_from_rows(store, now).await
    );
}
