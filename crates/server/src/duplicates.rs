//! A registration judged against the others that may duplicate it: the store finds the
//! candidates (same ULN, the register learner's master or linked ULNs, or same family name and
//! date of birth), the domain's rules judge them (`uln_domain::diagnosis::duplicates`).

use crate::assess::Assessment;
use crate::store::{DuplicateProbe, RecordStatus, Registration, Store, StoreResult};
use std::collections::HashMap;
use uln_domain::diagnosis::duplicates::{
    duplicate_suggestions, OtherRegistration, ThisRegistration,
};
use uln_domain::diagnosis::withholds_fixes;
use uln_domain::Demographics;

/// The registration being assessed, stored or about to be.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// None before it is stored: every stored registration is then an earlier one.
    pub id: Option<i64>,
    pub uln: &'a str,
    pub qualification: Option<&'a str>,
    pub details: &'a Demographics,
}

/// The assessment with what the other registrations say about this one.
pub async fn with_duplicates(
    store: &dyn Store,
    subject: Subject<'_>,
    assessment: Assessment,
) -> StoreResult<Assessment> {
    let mut judged = with_duplicates_in_batch(store, &[subject], vec![assessment]).await?;
    Ok(judged.pop().expect("one assessment in, one out"))
}

/// `with_duplicates` for many registrations, in order, with two statements for them all. Rows
/// about to be stored (no id) are judged against the stored registrations and the rows before
/// them in the batch; stored ones against the others stored.
pub async fn with_duplicates_in_batch(
    store: &dyn Store,
    subjects: &[Subject<'_>],
    assessments: Vec<Assessment>,
) -> StoreResult<Vec<Assessment>> {
    let probes: Vec<DuplicateProbe> = subjects
        .iter()
        .zip(&assessments)
        .map(|(s, a)| probe(s, a))
        .collect();
    let found = store.possible_duplicates(&probes).await?;
    let stored_index = Index::new(found.iter().map(|r| (r.uln.as_deref(), &r.demographics)));
    let batch_index = Index::new(subjects.iter().map(|s| (Some(s.uln), s.details)));
    // A row's later siblings count too (one ULN on two people goes both ways), as verified.
    let verified: Vec<bool> = assessments
        .iter()
        .map(|a| a.verification.is_match())
        .collect();
    let mut done: Vec<Assessment> = Vec::with_capacity(assessments.len());
    for ((i, subject), assessment) in subjects.iter().enumerate().zip(assessments) {
        let probe = &probes[i];
        let mut others: Vec<OtherRegistration<'_>> = stored_index
            .matching(probe)
            .filter(|&k| Some(found[k].id) != subject.id)
            .map(|k| stored(&found[k], subject, probe))
            .collect();
        if subject.id.is_some() {
            // Stored rows meet each other among the stored candidates.
            let judged = judge(subject, &assessment, &others);
            done.push(assessment.with_duplicates(judged));
            continue;
        }
        // Rows of this batch have no id yet: a judgement's wording is not kept, only its
        // anomalies and whether the row is one too many; the detail names the ids once stored.
        others.extend(batch_index.matching(probe).filter(|&j| j != i).map(|j| {
            let sibling = &subjects[j];
            OtherRegistration {
                id: 0,
                supplied_uln: sibling.uln,
                qualification: sibling.qualification,
                details: sibling.details,
                same_register_learner: reaches(probe, Some(sibling.uln)),
                matched: match done.get(j) {
                    Some(judged) => judged.status(RecordStatus::Matched) == RecordStatus::Matched,
                    None => verified[j],
                },
                earlier: j < i,
            }
        }));
        let judged = judge(subject, &assessment, &others);
        done.push(assessment.with_duplicates(judged));
    }
    Ok(done)
}

fn judge(
    subject: &Subject<'_>,
    assessment: &Assessment,
    others: &[OtherRegistration<'_>],
) -> Vec<uln_domain::Suggestion> {
    let this = ThisRegistration {
        supplied_uln: subject.uln,
        qualification: subject.qualification,
        details: subject.details,
        reaches: assessment.lookup.learner().map(|l| &l.uln),
        owns_uln: assessment.lookup.learner().is_some()
            && !withholds_fixes(&assessment.suggestions),
    };
    duplicate_suggestions(&this, others)
}

/// The ULNs that reach the register learner this one reached (its master and linked ULNs), with
/// the supplied one; and the person's family name and date of birth.
fn probe(subject: &Subject<'_>, assessment: &Assessment) -> DuplicateProbe {
    let mut ulns = vec![subject.uln.to_owned()];
    let mut reach = Vec::new();
    if let Some(learner) = assessment.lookup.learner() {
        reach.push(learner.uln.to_string());
        reach.extend(learner.linked_ulns.iter().map(|u| u.to_string()));
    }
    ulns.extend(reach.iter().cloned());
    DuplicateProbe {
        ulns,
        register_learner_ulns: reach,
        family_name: subject.details.family_name.as_str().to_owned(),
        date_of_birth: subject.details.date_of_birth,
    }
}

fn reaches(probe: &DuplicateProbe, uln: Option<&str>) -> bool {
    uln.is_some_and(|u| probe.register_learner_ulns.iter().any(|r| r == u))
}

fn stored<'a>(
    r: &'a Registration,
    subject: &Subject<'_>,
    probe: &DuplicateProbe,
) -> OtherRegistration<'a> {
    OtherRegistration {
        id: r.id,
        supplied_uln: r.uln.as_deref().unwrap_or(""),
        qualification: r.qualification.as_deref(),
        details: &r.demographics,
        same_register_learner: reaches(probe, r.uln.as_deref()),
        matched: r.status == RecordStatus::Matched,
        earlier: subject.id.is_none_or(|id| r.id < id),
    }
}

/// Registrations by ULN and by (family name in lower case, date of birth), so each row of a batch
/// looks only at its own candidates.
struct Index {
    by_uln: HashMap<String, Vec<usize>>,
    by_person: HashMap<(String, jiff::civil::Date), Vec<usize>>,
}

impl Index {
    fn new<'a>(rows: impl Iterator<Item = (Option<&'a str>, &'a Demographics)>) -> Index {
        let mut index = Index {
            by_uln: HashMap::new(),
            by_person: HashMap::new(),
        };
        for (k, (uln, details)) in rows.enumerate() {
            if let Some(uln) = uln.filter(|u| !u.is_empty()) {
                index.by_uln.entry(uln.to_owned()).or_default().push(k);
            }
            let person = (
                details.family_name.as_str().to_lowercase(),
                details.date_of_birth,
            );
            index.by_person.entry(person).or_default().push(k);
        }
        index
    }

    /// Each row sharing a ULN or the person with the probe, once, in order.
    fn matching(&self, probe: &DuplicateProbe) -> impl Iterator<Item = usize> {
        let person = (probe.family_name.to_lowercase(), probe.date_of_birth);
        let mut rows: Vec<usize> = probe
            .ulns
            .iter()
            .filter_map(|u| self.by_uln.get(u))
            .chain(self.by_person.get(&person))
            .flatten()
            .copied()
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows.into_iter()
    }
}
