//! Verifying a registration's details against the register: the step shared by submission,
//! amendment and re-verification.

use super::register::{
    DemographicQuery, LearnerRegister, RegisterLookup, RegisterResult, Supplied,
};
use super::store::RecordStatus;
use uln_domain::diagnosis::duplicates::is_extra_registration;
use uln_domain::diagnosis::namesakes::{
    registered_elsewhere, rests_on_a_known_as_name, someone_else_suggestions,
};
use uln_domain::diagnosis::{anomaly_kinds, diagnose};
use uln_domain::verification::verify_supplied;
use uln_domain::{AnomalyKind, Demographics, RegisterLearner, Suggestion, Uln, Verification};

pub struct Assessment {
    pub lookup: RegisterLookup,
    pub verification: Verification,
    pub suggestions: Vec<Suggestion>,
    pub anomalies: Vec<AnomalyKind>,
    /// Another registration already registers this learner for the qualification: the record
    /// stays an exception, even if its details verify, until one of the two is rejected.
    pub extra_registration: bool,
}

impl Assessment {
    /// The status a still-unresolved exception takes, or `cleared` when it now matches.
    pub fn status(&self, cleared: RecordStatus) -> RecordStatus {
        if self.verification.is_match() && !self.extra_registration {
            cleared
        } else {
            RecordStatus::Open
        }
    }
}

pub async fn assess(
    register: &dyn LearnerRegister,
    supplied_uln: &str,
    supplied: &Demographics,
) -> RegisterResult<Assessment> {
    let lookup = match Uln::parse(supplied_uln) {
        Ok(uln) => register.lookup(&uln, &Supplied::from(supplied)).await?,
        Err(_) => RegisterLookup::NotFound,
    };
    with_namesakes(
        register,
        supplied,
        assess_with(lookup, supplied_uln, supplied),
    )
    .await
}

/// `assess` for many registrations (ULN and details as supplied), with one bulk register lookup.
pub async fn assess_many(
    register: &dyn LearnerRegister,
    supplied: &[(&str, &Demographics)],
) -> RegisterResult<Vec<Assessment>> {
    let lookups = lookup_supplied(register, supplied).await?;
    let mut assessed: Vec<Assessment> = supplied
        .iter()
        .zip(lookups)
        .map(|((uln, demographics), lookup)| assess_with(lookup, uln, demographics))
        .collect();
    // The known-as names among them, checked against the register with one bulk search.
    let asking: Vec<usize> = (0..assessed.len())
        .filter(|&i| needs_namesake_check(&assessed[i]))
        .collect();
    let queries: Vec<DemographicQuery> = asking.iter().map(|&i| named(supplied[i].1)).collect();
    let answers = register.find_by_demographics_many(&queries).await?;
    for (i, found) in asking.into_iter().zip(answers) {
        apply_namesakes(&mut assessed[i], supplied[i].1, &found.learners);
    }
    Ok(assessed)
}

/// When the diagnosis explains the given name only as a name the learner is known by, asks the
/// register whether another learner has exactly the supplied name and date of birth (a twin, a
/// sibling); if so the details are theirs, and the fixes give way to confirming identity.
/// One search, and only for those records (see `uln_domain::diagnosis::namesakes`).
async fn with_namesakes(
    register: &dyn LearnerRegister,
    supplied: &Demographics,
    mut assessment: Assessment,
) -> RegisterResult<Assessment> {
    if needs_namesake_check(&assessment) {
        let found = register.find_by_demographics(&named(supplied)).await?;
        apply_namesakes(&mut assessment, supplied, &found.learners);
    }
    Ok(assessment)
}

fn needs_namesake_check(assessment: &Assessment) -> bool {
    assessment.lookup.learner().is_some() && rests_on_a_known_as_name(&assessment.suggestions)
}

/// The register search for learners of exactly these names and date of birth.
fn named(supplied: &Demographics) -> DemographicQuery {
    DemographicQuery {
        given_name: supplied.given_name.to_string(),
        family_name: supplied.family_name.to_string(),
        date_of_birth: Some(supplied.date_of_birth),
        gender: None,
        postcode: None,
    }
}

fn apply_namesakes(
    assessment: &mut Assessment,
    supplied: &Demographics,
    found: &[RegisterLearner],
) {
    let Some(reached) = assessment.lookup.learner().map(|l| l.uln.clone()) else {
        return;
    };
    if let Some(elsewhere) = registered_elsewhere(supplied, &reached, found) {
        assessment.suggestions = someone_else_suggestions(supplied, elsewhere);
        assessment.anomalies = anomaly_kinds(&assessment.suggestions);
    }
}

/// The register's answer for each ULN as supplied (with its details), in order, from one bulk
/// lookup; a malformed ULN is never sent and is not found.
pub async fn lookup_supplied(
    register: &dyn LearnerRegister,
    supplied: &[(&str, &Demographics)],
) -> RegisterResult<Vec<RegisterLookup>> {
    let parsed: Vec<Option<(Uln, Supplied)>> = supplied
        .iter()
        .map(|(uln, details)| Some((Uln::parse(uln).ok()?, Supplied::from(*details))))
        .collect();
    let valid: Vec<(Uln, Supplied)> = parsed.iter().flatten().cloned().collect();
    let mut found = register.lookup_many(&valid).await?.into_iter();
    Ok(parsed
        .iter()
        .map(|p| match p {
            Some(_) => found.next().unwrap_or(RegisterLookup::NotFound),
            None => RegisterLookup::NotFound,
        })
        .collect())
}

/// The pure half of `assess`, for callers that already hold the register's answer.
pub fn assess_with(
    lookup: RegisterLookup,
    supplied_uln: &str,
    supplied: &Demographics,
) -> Assessment {
    let verification = verify_supplied(supplied_uln, supplied, lookup.as_lookup());
    let suggestions = diagnose(supplied_uln, supplied, lookup.as_lookup());
    let anomalies = anomaly_kinds(&suggestions);
    Assessment {
        lookup,
        verification,
        suggestions,
        anomalies,
        extra_registration: false,
    }
}

impl Assessment {
    /// Adds what other registrations say about this one (duplicates), ahead of the rest: they
    /// concern the registration as a whole, and amending an extra registration would only make
    /// a second registration of one learner match.
    pub fn with_duplicates(mut self, found: Vec<Suggestion>) -> Assessment {
        if found.is_empty() {
            return self;
        }
        self.extra_registration = is_extra_registration(&found);
        let rest = std::mem::replace(&mut self.suggestions, found);
        self.suggestions.extend(rest);
        self.anomalies = anomaly_kinds(&self.suggestions);
        self
    }
}
