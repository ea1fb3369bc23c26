//! Generating registrations against the seeded register: most exactly as the register has the
//! learner, a share with one injected anomaly, each verified and diagnosed as a submission would be.

use super::anomalies::{exact, inject, pick_kind, Context};
use super::people::{self, UlnSource};
use crate::store::{NewRegistration, RecordStatus};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use uln_domain::diagnosis::{anomaly_kinds, diagnose};
use uln_domain::verification::verify_supplied;
use uln_domain::{Demographics, Lookup, RegisterLearner, RemovalPeriod, SuggestionKind};

/// Learners tried for an anomaly before the registration is left exact: not every learner can
/// carry every kind (no previous family name, say).
const INJECTION_ATTEMPTS: usize = 50;

/// The register's answer for a supplied ULN, from the in-memory copy the seeder holds.
pub(super) struct RegisterIndex<'a> {
    learners: &'a [RegisterLearner],
    by_uln: HashMap<&'a str, usize>,
    by_linked: HashMap<&'a str, usize>,
}

impl<'a> RegisterIndex<'a> {
    pub(super) fn new(learners: &'a [RegisterLearner]) -> Self {
        let mut by_uln = HashMap::with_capacity(learners.len());
        let mut by_linked = HashMap::new();
        for (i, l) in learners.iter().enumerate() {
            by_uln.insert(l.uln.as_str(), i);
            for linked in &l.linked_ulns {
                by_linked.insert(linked.as_str(), i);
            }
        }
        RegisterIndex {
            learners,
            by_uln,
            by_linked,
        }
    }

    fn lookup(&self, uln: &str) -> Lookup<'a> {
        if let Some(&i) = self.by_uln.get(uln) {
            Lookup::Direct(&self.learners[i])
        } else if let Some(&i) = self.by_linked.get(uln) {
            Lookup::Linked(&self.learners[i])
        } else {
            Lookup::NotFound
        }
    }
}

/// One batch of registrations, and for each open exception among them, its row in the batch and
/// the anomaly injected into it (None when it is an exception without one).
pub(super) struct Batch {
    pub rows: Vec<NewRegistration>,
    pub exceptions: Vec<(usize, Option<SuggestionKind>)>,
}

/// What every registration of a seeding run draws on.
pub(super) struct Generator<'a> {
    pub rng: &'a mut fastrand::Rng,
    pub ulns: &'a mut UlnSource,
    pub index: &'a RegisterIndex<'a>,
    pub anomaly_percent: u8,
    pub now: Timestamp,
    pub removal: RemovalPeriod,
}

impl Generator<'_> {
    pub(super) fn batch(&mut self, size: usize) -> Batch {
        let mut batch = Batch {
            rows: Vec::with_capacity(size),
            exceptions: Vec::new(),
        };
        // Leave ten minutes so nothing is already overdue when seeding finishes.
        let spread = self.removal.duration().as_secs() - 600;
        for _ in 0..size {
            let (uln, demographics, kind) = self.supplied();
            let lookup = self.index.lookup(&uln);
            let verification = verify_supplied(&uln, &demographics, lookup);
            let anomalies = anomaly_kinds(&diagnose(&uln, &demographics, lookup));
            let registered_at =
                self.now - SignedDuration::from_secs(self.rng.i64(0..spread.max(1)));
            let status = if verification.is_match() {
                RecordStatus::Matched
            } else {
                RecordStatus::Open
            };
            if status == RecordStatus::Open {
                batch.exceptions.push((batch.rows.len(), kind));
            }
            batch.rows.push(NewRegistration {
                uln,
                demographics,
                centre: people::random_centre(self.rng).to_owned(),
                qualification: None,
                registered_at,
                deadline: self.removal.deadline(registered_at),
                status,
                verify_code: verification.code,
                failure_flags: verification.failure_flags,
                anomalies,
            });
        }
        batch
    }

    /// The ULN and details a centre supplies, and the anomaly injected into them if any.
    fn supplied(&mut self) -> (String, Demographics, Option<SuggestionKind>) {
        let learners = self.index.learners;
        let learner = &learners[self.rng.usize(..learners.len())];
        if self.rng.u8(0..100) < self.anomaly_percent {
            let kind = pick_kind(self.rng);
            let mut cx = Context {
                rng: self.rng,
                ulns: self.ulns,
                learners,
            };
            let found = (0..INJECTION_ATTEMPTS).find_map(|_| {
                let candidate = &learners[cx.rng.usize(..learners.len())];
                inject(kind, candidate, &mut cx)
            });
            if let Some((uln, d)) = found {
                return (uln, d, Some(kind));
            }
        }
        (learner.uln.to_string(), exact(learner), None)
    }
}
