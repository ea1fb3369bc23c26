//! Filling the simulated register with the seeder's learners, links and events.

use crate::register::SeedEvent;
use crate::store::sqlite::Database;
use crate::store::StoreResult;
use sqlx::{QueryBuilder, Sqlite};
use uln_domain::{RegisterLearner, Uln};

/// Bulk-loads seeded learners, links (linked ULN → master) and events in one transaction.
pub(super) async fn load(
    db: &Database,
    learners: &[RegisterLearner],
    links: &[(Uln, Uln)],
    events: &[SeedEvent],
) -> StoreResult<()> {
    let mut tx = db.writer().begin().await?;
    for chunk in learners.chunks(2000) {
        let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO lrs_learners (uln, given_name, family_name, date_of_birth, gender, postcode, \
                 preferred_given_name, middle_names, previous_family_name, ability_to_share, version) ",
            );
        q.push_values(chunk, |mut b, l| {
            b.push_bind(l.uln.as_str())
                .push_bind(l.given_name.as_str())
                .push_bind(l.family_name.as_str())
                .push_bind(l.date_of_birth.to_string())
                .push_bind(l.gender.code())
                .push_bind(l.postcode.as_ref().map(|p| p.as_str()))
                .push_bind(l.preferred_given_name.as_deref())
                .push_bind(l.middle_names.as_deref())
                .push_bind(l.previous_family_name.as_deref())
                .push_bind(l.ability_to_share)
                .push_bind(l.version);
        });
        q.build().execute(&mut *tx).await?;
    }
    for chunk in links.chunks(10_000) {
        let mut q =
            QueryBuilder::<Sqlite>::new("INSERT INTO lrs_linked_ulns (linked_uln, master_uln) ");
        q.push_values(chunk, |mut b, (linked, master)| {
            b.push_bind(linked.as_str()).push_bind(master.as_str());
        });
        q.build().execute(&mut *tx).await?;
    }
    for chunk in events.chunks(2000) {
        let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO lrs_events (uln, source, qualification_code, title, qualification_type, level, grade, \
                 awarding_organisation, provider, award_date, credits, status) ",
            );
        q.push_values(chunk, |mut b, e| {
            b.push_bind(&e.uln)
                .push_bind(e.source)
                .push_bind(&e.qualification_code)
                .push_bind(e.title)
                .push_bind(e.qualification_type)
                .push_bind(e.level)
                .push_bind(e.grade)
                .push_bind(e.awarding_organisation)
                .push_bind(&e.provider)
                .push_bind(e.award_date.map(|d| d.to_string()))
                .push_bind(e.credits)
                .push_bind(e.status);
        });
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
