//! Diagnosis scored against the seeder's ground truth: a real SQLite file is seeded with registrations
//! of which a known share carry one injected anomaly each, and every such registration is assessed
//! as the backend would assess it (register lookup, then diagnosis).
//!
//! The database is seeded once per test binary and scored once; each test asserts on the shared
//! scores, so running the tests in parallel threads costs one seeding.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

use jiff::civil::{date, Date};
use jiff::Timestamp;
use uln_domain::diagnosis::diagnose;
use uln_domain::{
    Demographics, Gender, Lookup, PersonName, Postcode, RegisterLearner, RemovalPeriod,
    SuggestedAction, SuggestionKind, Uln,
};
use uln_server::seed::calibration::HONEST;
use uln_server::seed::quality::{load_cases, QualityReport};
use uln_server::seed::{SeedConfig, INJECTED};
use uln_server::{Backend, ServerConfig};

const MIN_CASES: usize = 10_000;
const MIN_CASES_PER_KIND: usize = 100;
const MIN_ACCURACY: f64 = 0.95;

fn scores() -> &'static QualityReport {
    static SCORES: OnceLock<QualityReport> = OnceLock::new();
    SCORES.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        runtime.block_on(seed_and_score())
    })
}

async fn seed_and_score() -> QualityReport {
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
    backend
        .seed(&config, RemovalPeriod::default())
        .await
        .expect("seeding succeeds");
    let seeded = started.elapsed();

    let started = Instant::now();
    let mut report = QualityReport::default();
    for case in load_cases(&backend).await.expect("the seeded cases load") {
        let suggestions = diagnose(&case.uln, &case.demographics, case.lookup.as_lookup());
        report.record(&case, &suggestions);
    }
    eprintln!(
        "diagnosis quality: seeded in {:.1}s, scored {} cases in {:.1}s: top-1 {:.3}%, unsafe {}",
        seeded.as_secs_f64(),
        report.cases(),
        started.elapsed().as_secs_f64(),
        100.0 * report.accuracy(),
        report.unsafe_cases()
    );
    report
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
    let different = scores.cases_of(SuggestionKind::DifferentPerson);
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

/// Issue 12, point 7, on the seeder's cases: each band of stated confidence is right about as often
/// as it says (thresholds and why on `HONEST`).
#[test]
fn the_stated_confidence_is_right_about_as_often_as_it_says() {
    let scores = scores();
    let dishonest = scores.calibration.dishonest_bands(HONEST);
    assert!(
        dishonest.is_empty(),
        "confidence bands right less often than stated, or far more often: {dishonest:?}\n{}\n{}",
        scores.calibration.table(),
        scores.calibration.by_top_table()
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

/// A common name is weak evidence: the same name, born on a day no slip explains, is someone else
/// until the centre says otherwise, whether or not the postcode matches.
#[test]
fn a_namesake_born_on_a_day_no_slip_explains_is_never_amended() {
    let oliver = register_learner("Oliver", None, "Smith", date(2005, 3, 14));
    let mut namesake = supplied_as(&oliver, "Oliver");
    namesake.date_of_birth = date(2006, 10, 2);
    assert!(is_rejected_without_amendment(&namesake, &oliver));
    namesake.postcode = Postcode::parse("M1 1AE").expect("a valid postcode");
    assert!(is_rejected_without_amendment(&namesake, &oliver));
}
