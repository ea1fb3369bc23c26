//! Scoring the evaluation: top-1 per category, unsafe suggestions, and how well the top
//! suggestion's confidence predicts being right (calibration).

use super::{Case, Category, Expected, Kinds};
use crate::seed::calibration::Calibration;
use std::collections::BTreeMap;
use std::fmt::Write;
use uln_domain::{
    Amendment, AnomalyKind, Demographics, RegisterLearner, SuggestedAction, Suggestion,
    SuggestionKind,
};

/// How many unsafe and wrong cases a report keeps per category, to be read by eye.
const KEPT: usize = 2;

#[derive(Debug, Default, Clone)]
pub struct CategoryScore {
    pub cases: usize,
    pub right: usize,
    /// Cases with at least one suggestion copying the register's details onto someone else's
    /// registration.
    pub unsafe_cases: usize,
    /// Top suggestion's kind (or "none") -> count.
    pub top: BTreeMap<&'static str, usize>,
    /// A few unsafe or wrong cases, described.
    pub examples: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Evaluation {
    pub by_category: BTreeMap<Category, CategoryScore>,
    pub calibration: Calibration,
}

impl Evaluation {
    pub fn record(&mut self, case: &Case, suggestions: &[Suggestion]) {
        let top = suggestions.first();
        let right = top.is_some_and(|t| is_right(case, t));
        let is_unsafe = matches!(case.expected, Expected::DifferentPerson)
            && suggestions.iter().any(|s| copies_register_details(case, s));
        self.calibration
            .record(top.map(|t| (t.kind.name(), t.confidence)), right);
        let score = self.by_category.entry(case.category).or_default();
        score.cases += 1;
        score.right += usize::from(right);
        score.unsafe_cases += usize::from(is_unsafe);
        *score
            .top
            .entry(top.map_or("none", |t| t.kind.name()))
            .or_default() += 1;
        if (is_unsafe || !right) && score.examples.len() < KEPT {
            let kinds: Vec<String> = suggestions
                .iter()
                .map(|s| format!("{}({})", s.kind.name(), s.confidence))
                .collect();
            let verdict = if is_unsafe { "unsafe" } else { "wrong" };
            score.examples.push(format!(
                "{verdict} {}: {}\n      suggested {kinds:?}",
                case.category.name(),
                describe(case)
            ));
        }
    }

    pub fn cases(&self) -> usize {
        self.by_category.values().map(|c| c.cases).sum()
    }

    pub fn right(&self) -> usize {
        self.by_category.values().map(|c| c.right).sum()
    }

    pub fn unsafe_cases(&self) -> usize {
        self.by_category.values().map(|c| c.unsafe_cases).sum()
    }

    pub fn top1(&self) -> f64 {
        self.right() as f64 / self.cases().max(1) as f64
    }

    /// Top-1 over the categories of one group ("one cause", "two causes", ...).
    pub fn group_top1(&self, group: &str) -> (usize, usize) {
        self.by_category
            .iter()
            .filter(|(c, _)| c.group() == group)
            .fold((0, 0), |(r, n), (_, s)| (r + s.right, n + s.cases))
    }

    /// The per-category table in Markdown, as BENCHMARKS.md records it.
    pub fn category_table(&self) -> String {
        let mut out = String::from(
            "| group | category | cases | top-1 right | unsafe | top suggestions |\n|---|---|--:|--:|--:|---|\n",
        );
        for (category, s) in &self.by_category {
            let mut tops: Vec<(&str, usize)> = s.top.iter().map(|(k, n)| (*k, *n)).collect();
            tops.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            let tops: Vec<String> = tops
                .iter()
                .take(3)
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.1}% | {} | {} |",
                category.group(),
                category.name(),
                s.cases,
                percent(s.right, s.cases),
                s.unsafe_cases,
                tops.join(", ")
            );
        }
        let _ = writeln!(
            out,
            "| **all** | | {} | **{:.1}%** | **{}** | |",
            self.cases(),
            100.0 * self.top1(),
            self.unsafe_cases()
        );
        out
    }

    /// Everything a failing assertion or a reader needs: figures, tables, examples.
    pub fn report(&self) -> String {
        let mut out = format!(
            "{} cases, top-1 {:.1}% ({} right), unsafe {}\n",
            self.cases(),
            100.0 * self.top1(),
            self.right(),
            self.unsafe_cases()
        );
        for group in [
            "one cause",
            "two causes",
            "real-life names",
            "different person",
        ] {
            let (right, cases) = self.group_top1(group);
            let _ = writeln!(out, "  {group}: {:.1}% of {cases}", percent(right, cases));
        }
        out.push('\n');
        out.push_str(&self.category_table());
        out.push('\n');
        out.push_str(&self.calibration.table());
        for line in self.by_category.values().flat_map(|s| &s.examples) {
            let _ = writeln!(out, "  {line}");
        }
        out
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

/// Whether the top suggestion is what the case expects.
fn is_right(case: &Case, top: &Suggestion) -> bool {
    match case.expected {
        Expected::FixAll(kinds) => kind_accepted(kinds, top.kind) && fixes_everything(case, top),
        Expected::Resolve(kind) => {
            top.kind == kind && !matches!(top.action, SuggestedAction::Amend { .. })
        }
        Expected::DifferentPerson => {
            top.kind == SuggestionKind::DifferentPerson
                && !matches!(top.action, SuggestedAction::Amend { .. })
        }
    }
}

fn kind_accepted(kinds: Kinds, kind: SuggestionKind) -> bool {
    match kinds {
        Kinds::OneOf(list) => list.contains(&kind),
        Kinds::DateSlip => {
            kind.anomaly() == Some(AnomalyKind::DateOfBirth)
                && kind != SuggestionKind::DateOfBirthDiffers
        }
        Kinds::Any => true,
    }
}

/// True when applying the suggestion leaves the registration matching the register exactly: the
/// master ULN and all five key fields. A fix of only part of the record leaves it an exception.
fn fixes_everything(case: &Case, s: &Suggestion) -> bool {
    let (SuggestedAction::Amend { amendment: a }, Some(l)) = (&s.action, case.lookup.learner())
    else {
        return false;
    };
    let amended = apply(&case.supplied, a);
    let uln = a
        .uln
        .as_ref()
        .map_or(case.supplied_uln.as_str(), |u| u.as_str());
    uln == l.uln.as_str()
        && amended.given_name == l.given_name
        && amended.family_name == l.family_name
        && amended.date_of_birth == l.date_of_birth
        && amended.gender == l.gender
        && Some(&amended.postcode) == l.postcode.as_ref()
}

fn apply(d: &Demographics, a: &Amendment) -> Demographics {
    Demographics {
        given_name: a.given_name.clone().unwrap_or_else(|| d.given_name.clone()),
        family_name: a
            .family_name
            .clone()
            .unwrap_or_else(|| d.family_name.clone()),
        date_of_birth: a.date_of_birth.unwrap_or(d.date_of_birth),
        gender: a.gender.unwrap_or(d.gender),
        postcode: a.postcode.clone().unwrap_or_else(|| d.postcode.clone()),
    }
}

/// The unsafe act: an amendment that sets some field (or the ULN) to the register's value where the
/// registration says otherwise, so the registration would be made to match someone else.
fn copies_register_details(case: &Case, s: &Suggestion) -> bool {
    let (SuggestedAction::Amend { amendment: a }, Some(l)) = (&s.action, case.lookup.learner())
    else {
        return false;
    };
    let d = &case.supplied;
    let copies = |field_set: bool, same_as_register: bool, differs_now: bool| {
        field_set && same_as_register && differs_now
    };
    copies(
        a.uln.is_some(),
        a.uln.as_ref() == Some(&l.uln),
        case.supplied_uln != l.uln.as_str(),
    ) || copies(
        a.given_name.is_some(),
        a.given_name.as_ref() == Some(&l.given_name),
        d.given_name != l.given_name,
    ) || copies(
        a.family_name.is_some(),
        a.family_name.as_ref() == Some(&l.family_name),
        d.family_name != l.family_name,
    ) || copies(
        a.date_of_birth.is_some(),
        a.date_of_birth == Some(l.date_of_birth),
        d.date_of_birth != l.date_of_birth,
    ) || copies(
        a.gender.is_some(),
        a.gender == Some(l.gender),
        d.gender != l.gender,
    ) || copies(
        a.postcode.is_some(),
        a.postcode.as_ref() == l.postcode.as_ref(),
        Some(&d.postcode) != l.postcode.as_ref(),
    )
}

/// Supplied vs register (synthetic names only), so a miss can be judged by eye.
fn describe(case: &Case) -> String {
    let s = &case.supplied;
    let supplied = format!(
        "supplied {} / {} / {} / {} / {} / {}",
        case.supplied_uln,
        s.given_name,
        s.family_name,
        s.date_of_birth,
        s.gender.describe(),
        s.postcode
    );
    match case.lookup.learner() {
        None => format!("{supplied}; register: none"),
        Some(l) => format!("{supplied}; register {}", register(l)),
    }
}

fn register(l: &RegisterLearner) -> String {
    format!(
        "{} / {} (preferred {:?}, middle {:?}) / {} (previous {:?}) / {} / {} / {}",
        l.uln,
        l.given_name,
        l.preferred_given_name,
        l.middle_names,
        l.family_name,
        l.previous_family_name,
        l.date_of_birth,
        l.gender.describe(),
        l.postcode
            .as_ref()
            .map_or("none".into(), ToString::to_string)
    )
}
