//! Diagnosis scored against the seeder's ground truth: a real SQLite file is seeded with registrations
//! of which a known share carry one injected anomaly each, and every such registration is assessed
//! as the backend would assess it (register lookup, then diagnosis).
//!
//! The database is seeded once per test binary and scored once; each test asserts on the shared
//! scores, so running the tests in parallel threads costs one seeding.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use std::time::Instant;

use jiff::civil::{date, Date};
use jiff::Timestamp;
use uln_console::domain::diagnosis::diagnose;
use uln_console::domain::{
    Demographics, Gender, Lookup, PersonName, Postcode, RegisterLearner, RemovalPeriod,
    SuggestedAction, SuggestionKind, Uln,
};
use uln_console::server::assess::assess;
use uln_console::server::seed::{seed, SeedConfig, INJECTED};
use uln_console::server::store::Store;
use uln_console::server::{Backend, ServerConfig};

const MIN_CASES: usize = 10_000;
const MIN_CASES_PER_KIND: usize = 100;
const MIN_ACCURACY: f64 = 0.95;

/// One injected kind's results.
#[derive(Debug, Default)]
struct KindScore {
    cases: usize,
    correct: usize,
    unsafe_cases: usize,
    /// Top suggestion's kind (or "none") -> count.
    top: BTreeMap<&'static str, usize>,
}

#[derive(Debug)]
struct Scores {
    by_kind: BTreeMap<String, KindScore>,
    /// A few registrations not diagnosed as injected: id, truth kind, suggestion kinds, details.
    misses: Vec<(i64, String, Vec<&'static str>, String)>,
}

impl Scores {
    fn cases(&self) -> usize {
        self.by_kind.values().map(|k| k.cases).sum()
    }

    fn correct(&self) -> usize {
        self.by_kind.values().map(|k| k.correct).sum()
    }

    fn unsafe_cases(&self) -> usize {
        self.by_kind.values().map(|k| k.unsafe_cases).sum()
    }

    fn accuracy(&self) -> f64 {
        self.correct() as f64 / self.cases().max(1) as f64
    }

    /// Truth kind -> top suggestion kind counts, with a few misses, for failure messages.
    fn confusion(&self) -> String {
        let mut out = format!(
            "{} cases, top-1 accuracy {:.2}%, unsafe {}\n",
            self.cases(),
            100.0 * self.accuracy(),
            self.unsafe_cases()
        );
        for (truth, score) in &self.by_kind {
            let tops: Vec<String> = score
                .top
                .iter()
                .map(|(top, n)| format!("{top}={n}"))
                .collect();
            out.push_str(&format!(
                "  {truth:<22} cases={:<6} correct={:<6} unsafe={:<4} top: {}\n",
                score.cases,
                score.correct,
                score.unsafe_cases,
                tops.join(", ")
            ));
        }
        for (id, truth, kinds, details) in &self.misses {
            out.push_str(&format!(
                "  miss: registration {id}, injected {truth}, suggested {kinds:?}\n    {details}\n"
            ));
        }
        out
    }
}

fn scores() -> &'static Scores {
    static SCORES: OnceLock<Scores> = OnceLock::new();
    SCORES.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(seed_and_score())
    })
}

async fn seed_and_score() -> Scores {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let path = dir.path().join("diagnosis-quality.db");
    let backend = Backend::open(ServerConfig::new(format!("sqlite://{}", path.display())))
        .await
        .expect("backend opens");
    let config = SeedConfig {
        learners: 5_000,
        registrations: 26_000,
        seed: 20_261_124,
        anomaly_percent: 45,
        now: Timestamp::now(),
    };
    let started = Instant::now();
    seed(&backend, &config, RemovalPeriod::default())
        .await
        .expect("seeding succeeds");
    let seeded = started.elapsed();

    let started = Instant::now();
    let store = backend.sqlite();
    let truth = store.seeded_truth().await.expect("ground truth reads");
    let mut by_kind: BTreeMap<String, KindScore> = BTreeMap::new();
    let mut misses = Vec::new();
    for (id, kind) in truth {
        let registration = store
            .registration(id)
            .await
            .expect("registration reads")
            .expect("every seeded truth names a stored registration");
        let uln = registration.uln.as_deref().unwrap_or("");
        let assessment = assess(
            backend.state.register.as_ref(),
            uln,
            &registration.demographics,
        )
        .await
        .expect("the register answers");
        let suggestions = &assessment.suggestions;
        let top = suggestions.first().map_or("none", |s| s.kind.name());
        let score = by_kind.entry(kind.clone()).or_default();
        score.cases += 1;
        *score.top.entry(top).or_default() += 1;
        if top == kind {
            score.correct += 1;
        } else if misses.len() < 20 {
            misses.push((
                id,
                kind.clone(),
                suggestions.iter().map(|s| s.kind.name()).collect(),
                describe(&registration.demographics, assessment.lookup.learner()),
            ));
        }
        if kind == SuggestionKind::DifferentPerson.name()
            && suggestions
                .iter()
                .any(|s| matches!(s.action, SuggestedAction::Amend { .. }))
        {
            score.unsafe_cases += 1;
        }
    }
    eprintln!(
        "diagnosis quality: seeded in {:.1}s, scored {} cases in {:.1}s",
        seeded.as_secs_f64(),
        by_kind.values().map(|k| k.cases).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    Scores { by_kind, misses }
}

/// Supplied vs register details (all synthetic), so a miss can be judged by eye.
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

#[test]
fn top_suggestion_matches_the_injected_anomaly_for_95_percent() {
    let scores = scores();
    assert!(
        scores.cases() >= MIN_CASES,
        "only {} cases scored, want at least {MIN_CASES}\n{}",
        scores.cases(),
        scores.confusion()
    );
    assert!(
        scores.accuracy() >= MIN_ACCURACY,
        "top-1 accuracy below {:.0}%\n{}",
        100.0 * MIN_ACCURACY,
        scores.confusion()
    );
}

#[test]
fn no_different_person_case_is_offered_an_amendment() {
    let scores = scores();
    let different = scores
        .by_kind
        .get(SuggestionKind::DifferentPerson.name())
        .map_or(0, |k| k.cases);
    assert!(
        different >= MIN_CASES_PER_KIND,
        "only {different} different-person cases scored\n{}",
        scores.confusion()
    );
    assert_eq!(
        scores.unsafe_cases(),
        0,
        "different-person cases were offered an amendment\n{}",
        scores.confusion()
    );
}

#[test]
fn every_injected_kind_is_scored_at_least_100_times() {
    let scores = scores();
    let counts: HashMap<&str, usize> = scores
        .by_kind
        .iter()
        .map(|(k, s)| (k.as_str(), s.cases))
        .collect();
    let short: Vec<(&str, usize)> = INJECTED
        .iter()
        .map(|(kind, _)| (kind.name(), counts.get(kind.name()).copied().unwrap_or(0)))
        .filter(|(_, n)| *n < MIN_CASES_PER_KIND)
        .collect();
    assert!(
        short.is_empty(),
        "kinds with fewer than {MIN_CASES_PER_KIND} cases: {short:?}\n{}",
        scores.confusion()
    );
}

// Cases the seeded data turned up, kept as fixed examples (all names synthetic).

fn register_learner(
    given: &str,
    middle: Option<&str>,
    family: &str,
    born: Date,
) -> RegisterLearner {
    RegisterLearner {
        uln: Uln::parse("9276308686").expect("a valid ULN"),
        given_name: PersonName::parse(given).expect("a valid name"),
        family_name: PersonName::parse(family).expect("a valid name"),
        date_of_birth: born,
        gender: Gender::Male,
        postcode: Some(Postcode::parse("L1 2RQ").expect("a valid postcode")),
        preferred_given_name: None,
        middle_names: middle.map(str::to_owned),
        previous_family_name: None,
        linked_ulns: Vec::new(),
        ability_to_share: true,
        version: 1,
    }
}

fn supplied_as(l: &RegisterLearner, given: &str) -> Demographics {
    Demographics {
        given_name: PersonName::parse(given).expect("a valid name"),
        family_name: l.family_name.clone(),
        date_of_birth: l.date_of_birth,
        gender: l.gender,
        postcode: l.postcode.clone().expect("a postcode"),
    }
}

fn is_rejected_without_amendment(supplied: &Demographics, l: &RegisterLearner) -> bool {
    let got = diagnose(l.uln.as_str(), supplied, Lookup::Direct(l));
    got.first().map(|s| s.kind) == Some(SuggestionKind::DifferentPerson)
        && !got
            .iter()
            .any(|s| matches!(s.action, SuggestedAction::Amend { .. }))
}

#[test]
fn a_given_name_one_letter_from_the_learners_middle_name_is_someone_else() {
    let samuel = register_learner("Samuel", Some("Mae"), "Wilson", date(1991, 4, 1));
    let max = supplied_as(&samuel, "Max");
    assert!(is_rejected_without_amendment(&max, &samuel));
}

#[test]
fn the_learners_middle_name_with_another_gender_is_someone_else() {
    let george = register_learner("George", Some("Grace"), "Smith", date(2011, 11, 5));
    let mut grace = supplied_as(&george, "Grace");
    grace.gender = Gender::Female;
    assert!(is_rejected_without_amendment(&grace, &george));
}

#[test]
fn the_learners_middle_name_with_an_unexplained_birth_date_is_someone_else() {
    let luca = register_learner("Luca", Some("Alexander"), "Thomas", date(1995, 5, 23));
    let mut alexander = supplied_as(&luca, "Alexander");
    alexander.date_of_birth = date(1996, 9, 23);
    assert!(is_rejected_without_amendment(&alexander, &luca));
}

#[test]
fn the_learners_middle_name_alone_is_still_a_known_as_name() {
    let luca = register_learner("Luca", Some("Alexander"), "Thomas", date(1995, 5, 23));
    let got = diagnose(
        luca.uln.as_str(),
        &supplied_as(&luca, "Alexander"),
        Lookup::Direct(&luca),
    );
    assert_eq!(
        got.first().map(|s| s.kind),
        Some(SuggestionKind::PreferredName)
    );
}

#[test]
fn the_previous_family_name_is_a_name_change_even_one_letter_from_the_current_one() {
    let mut benjamin = register_learner("Benjamin", None, "Hill", date(2009, 2, 19));
    benjamin.previous_family_name = Some("Hall".into());
    let mut supplied = supplied_as(&benjamin, "Benjamin");
    supplied.family_name = PersonName::parse("Hall").expect("a valid name");
    let got = diagnose(benjamin.uln.as_str(), &supplied, Lookup::Direct(&benjamin));
    assert_eq!(
        got.first().map(|s| s.kind),
        Some(SuggestionKind::FamilyNameChanged)
    );
}
