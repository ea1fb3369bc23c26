//! Registrations held while the register cannot be asked, then stored once verified: exactly
//! once, even when two servers complete the same rows at the same moment.

use crate::fixtures::exception;
use jiff::Timestamp;
use std::sync::Arc;
use uln_server::store::*;

fn submitted(row: NewRegistration) -> SubmittedRegistration {
    SubmittedRegistration {
        uln: row.uln,
        demographics: row.demographics,
        centre: row.centre,
        qualification: row.qualification,
        registered_at: row.registered_at,
        deadline: row.deadline,
    }
}

pub async fn held_registrations_are_stored_once_by_whichever_server_gets_there_first(
    store: Arc<dyn Store>,
    now: Timestamp,
) {
    let rows: Vec<NewRegistration> = ["Okafor", "Nowak", "Byrne"]
        .iter()
        .map(|family| exception(now, 2, family, "Harrogate College"))
        .collect();
    let held = store
        .insert_pending(
            &rows.iter().cloned().map(submitted).collect::<Vec<_>>(),
            "olu",
        )
        .await
        .expect("held");
    assert_eq!(store.pending_count().await.unwrap(), 3);
    let oldest = store.pending_registrations(2).await.unwrap();
    assert_eq!(
        oldest.iter().map(|p| p.id).collect::<Vec<_>>(),
        held[..2],
        "oldest first"
    );
    // Times are kept in whole seconds, as for every registration.
    let whole = rows[0].stored_as(0);
    let mut expected = submitted(rows[0].clone());
    (expected.registered_at, expected.deadline) = (whole.registered_at, whole.deadline);
    assert_eq!(oldest[0].registration, expected);
    assert_eq!(oldest[0].submitted_by, "olu");
    let trail = store
        .audit_by_subject(&format!("pending:{}", held[0]))
        .await
        .unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].operator, "olu");

    let verified: Vec<VerifiedPending> = oldest
        .iter()
        .map(|p| VerifiedPending {
            pending_id: p.id,
            submitted_by: p.submitted_by.clone(),
            registration: p.registration.clone().verified(
                RecordStatus::Open,
                uln_domain::VerifyCode::NoMatch,
                vec![],
                vec![],
            ),
        })
        .collect();
    // Two servers' jobs complete the same rows at once.
    let (a, b) = tokio::join!(
        {
            let s = store.clone();
            let v = verified.clone();
            async move { s.complete_pending(&v).await }
        },
        {
            let s = store.clone();
            let v = verified.clone();
            async move { s.complete_pending(&v).await }
        },
    );
    let (a, b) = (a.expect("one completes"), b.expect("the other too"));
    for slot in 0..2 {
        assert!(
            a[slot].is_some() != b[slot].is_some(),
            "row {slot} stored exactly once: {a:?} {b:?}"
        );
    }
    assert_eq!(
        store.pending_count().await.unwrap(),
        1,
        "the third still waits"
    );
    let id = a[0].or(b[0]).expect("stored");
    let stored = store
        .registration(id)
        .await
        .unwrap()
        .expect("the registration");
    assert_eq!(
        stored.registered_at,
        rows[0].stored_as(id).registered_at,
        "its own time"
    );
    assert_eq!(
        stored.deadline,
        rows[0].stored_as(id).deadline,
        "its own deadline"
    );
    let created = store.audit_trail(id).await.unwrap();
    assert_eq!(
        created[0].operator, "olu",
        "created by whoever submitted it"
    );
    assert!(
        created[0]
            .reason
            .as_deref()
            .is_some_and(|r| r.contains(&format!("pending:{}", held[0]))),
        "{created:?}"
    );
}
