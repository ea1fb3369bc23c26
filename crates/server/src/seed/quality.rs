//! Scoring diagnosis against the seeder's ground truth: shared by the quality test, which enforces
//! the thresholds, and the bench, which reports the figures.

use crate::assess::lookup_supplied;
use crate::register::RegisterLookup;
use crate::seed::calibration::Calibration;
use crate::Backend;
use std::collections::BTreeMap;
use uln_domain::{Demographics, RegisterLearner, SuggestedAction, Suggestion, SuggestionKind};

/// How many misses a report keeps, to be read by eye.
const MISSES_KEPT: usize = 20;

/// One seeded registration with an injected anomaly, and the register's answer for its ULN.
pub struct TruthCase {
    pub id: i64,
    /// The injected `SuggestionKind`'s name.
    pub truth: String,
    pub uln: String,
    pub demographics: Demographics,
    pub lookup: RegisterLookup,
}

/// Every registration the seeder injected an anomaly into.
pub async fn load_cases(backend: &Backend) -> anyhow::Result<Vec<TruthCase>> {
    let store = backend.state.store.as_ref();
    let register = backend.state.register.as_ref();
    let truth = backend.seeder().seeded_truth().await?;
    let mut cases = Vec::with_capacity(truth.len());
    for batch in truth.chunks(5_000) {
        let mut registrations = Vec::with_capacity(batch.len());
        for (id, _) in batch {
            registrations.push(
                store.registration(*id).await?.ok_or_else(|| {
                    anyhow::anyhow!("seeded truth names missing registration {id}")
                })?,
            );
        }
        let supplied: Vec<(&str, &_)> = registrations
            .iter()
            .map(|r| (r.uln.as_deref().unwrap_or_default(), &r.demographics))
            .collect();
        let lookups = lookup_supplied(register, &supplied).await?;
        for (((id, kind), registration), lookup) in batch.iter().zip(registrations).zip(lookups) {
            let uln = registration.uln.unwrap_or_default();
            cases.push(TruthCase {
                id: *id,
                truth: kind.clone(),
                uln,
                demographics: registration.demographics,
                lookup,
            });
        }
    }
    Ok(cases)
}

/// One injected kind's results.
#[derive(Debug, Default)]
pub struct KindScore {
    pub cases: usize,
    pub correct: usize,
    /// Different-person cases offered any amendment.
    pub unsafe_cases: usize,
    /// Top suggestion's kind (or "none") -> count.
    pub top: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Default)]
pub struct QualityReport {
    pub by_kind: BTreeMap<String, KindScore>,
    /// A few cases not diagnosed as injected, described for a person to judge.
    pub misses: Vec<String>,
    /// Right here means the top suggestion's kind is the injected one, as for top-1.
    pub calibration: Calibration,
}

impl QualityReport {
    /// Scores the suggestions diagnosis gave for one case.
    pub fn record(&mut self, case: &TruthCase, suggestions: &[Suggestion]) {
        let top = suggestions.first().map_or("none", |s| s.kind.name());
        self.calibration.record(
            suggestions.first().map(|s| (s.kind.name(), s.confidence)),
            top == case.truth,
        );
        let score = self.by_kind.entry(case.truth.clone()).or_default();
        score.cases += 1;
        *score.top.entry(top).or_default() += 1;
        if top == case.truth {
            score.correct += 1;
        } else if self.misses.len() < MISSES_KEPT {
            let kinds: Vec<&str> = suggestions.iter().map(|s| s.kind.name()).collect();
            self.misses.push(format!(
                "registration {}, injected {}, suggested {kinds:?}\n    {}",
                case.id,
                case.truth,
                describe(&case.demographics, case.lookup.learner())
            ));
        }
        let offers_amendment = suggestions
            .iter()
            .any(|s| matches!(s.action, SuggestedAction::Amend { .. }));
        if case.truth == SuggestionKind::DifferentPerson.name() && offers_amendment {
            score.unsafe_cases += 1;
        }
    }

    pub fn cases(&self) -> usize {
        self.by_kind.values().map(|k| k.cases).sum()
    }

    pub fn correct(&self) -> usize {
        self.by_kind.values().map(|k| k.correct).sum()
    }

    pub fn unsafe_cases(&self) -> usize {
        self.by_kind.values().map(|k| k.unsafe_cases).sum()
    }

    pub fn accuracy(&self) -> f64 {
        self.correct() as f64 / self.cases().max(1) as f64
    }

    pub fn cases_of(&self, kind: SuggestionKind) -> usize {
        self.by_kind.get(kind.name()).map_or(0, |k| k.cases)
    }

    /// The per-kind table, in Markdown, as BENCHMARKS.md records it.
    pub fn markdown_table(&self) -> String {
        let row = |kind: &str, cases: usize, correct: usize, unsafe_cases: usize| {
            let share = 100.0 * correct as f64 / cases.max(1) as f64;
            format!("| {kind:<22} | {cases:>7} | {share:>12.2}% | {unsafe_cases:>6} |\n")
        };
        let mut out = format!(
            "| {:<22} | {:>7} | {:>13} | {:>6} |\n",
            "kind", "cases", "top-1 correct", "unsafe"
        );
        out.push_str(&format!(
            "|{:-<24}|{:->9}|{:->15}|{:->8}|\n",
            "", ":", ":", ":"
        ));
        for (kind, s) in &self.by_kind {
            out.push_str(&row(kind, s.cases, s.correct, s.unsafe_cases));
        }
        out.push_str(&row(
            "**all**",
            self.cases(),
            self.correct(),
            self.unsafe_cases(),
        ));
        out
    }

    /// Truth kind -> top suggestion counts, then the misses kept: what a failure needs to show.
    pub fn confusion(&self) -> String {
        let mut out = format!(
            "{} cases, top-1 accuracy {:.3}%, unsafe {}\n",
            self.cases(),
            100.0 * self.accuracy(),
            self.unsafe_cases()
        );
        for (truth, s) in &self.by_kind {
            let tops: Vec<String> = s.top.iter().map(|(top, n)| format!("{top}={n}")).collect();
            out.push_str(&format!(
                "  {truth:<22} cases={:<6} correct={:<6} unsafe={:<4} top: {}\n",
                s.cases,
                s.correct,
                s.unsafe_cases,
                tops.join(", ")
            ));
        }
        for miss in &self.misses {
            out.push_str(&format!("  miss: {miss}\n"));
        }
        out
    }
}

/// Supplied vs register details (all synthetic demo data), so a miss can be judged by eye.
fn describe(supplied: &Demographics, learner: Option<&RegisterLearner>) -> String {
    let s = supplied;
    let supplied = format!(
        "supplied: {} / {} / {} / {:?} / {}",
        s.given_name, s.family_name, s.date_of_birth, s.gender, s.postcode
    );
    match learner {
        None => format!("{supplied}; register: none"),
        Some(l) => format!(
            "{supplied}; register: {} (preferred {:?}, middle {:?}) / {} (previous {:?}) / {} / {:?} / {:?}",
            l.given_name,
            l.preferred_given_name,
            l.middle_names,
            l.family_name,
            l.previous_family_name,
            l.date_of_birth,
            l.gender,
            l.postcode.as_ref().map(ToString::to_string)
        ),
    }
}
