//! The evaluation through the register itself, as real records are assessed: every case's register
//! learner (with its merged ULNs) is loaded into an empty simulated register, each supplied ULN is
//! looked up in bulk as the backend looks it up, and diagnosis runs on the register's answer.

use super::{Case, Evaluation};
use crate::assess::{assess_with, lookup_supplied};
use crate::Backend;
use uln_domain::Uln;

/// Lookups per bulk request, as the quality scorer batches them.
const BATCH: usize = 5_000;

/// How the register-path run went: the scores, and how many supplied ULNs the register answered
/// otherwise than the case intended (a generator or register fault; expected zero).
pub struct RegisterRun {
    pub evaluation: Evaluation,
    pub disagreements: usize,
}

/// Scores `cases` through `backend`'s register, which must be empty.
pub async fn score_through_register(
    backend: &Backend,
    cases: &[Case],
) -> anyhow::Result<RegisterRun> {
    let learners: Vec<_> = cases
        .iter()
        .filter_map(|c| c.lookup.learner().cloned())
        .collect();
    let links: Vec<(Uln, Uln)> = learners
        .iter()
        .flat_map(|l| l.linked_ulns.iter().map(|old| (old.clone(), l.uln.clone())))
        .collect();
    backend
        .seeder()
        .load_register(&learners, &links, &[])
        .await?;
    let register = backend.state.register.as_ref();
    let mut run = RegisterRun {
        evaluation: Evaluation::default(),
        disagreements: 0,
    };
    for batch in cases.chunks(BATCH) {
        let supplied: Vec<(&str, &_)> = batch
            .iter()
            .map(|c| (c.supplied_uln.as_str(), &c.supplied))
            .collect();
        for (case, lookup) in batch
            .iter()
            .zip(lookup_supplied(register, &supplied).await?)
        {
            run.disagreements += usize::from(lookup != case.lookup);
            let assessment = assess_with(lookup, &case.supplied_uln, &case.supplied);
            run.evaluation.record(case, &assessment.suggestions);
        }
    }
    Ok(run)
}
