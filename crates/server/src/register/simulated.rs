//! The simulated LRS: learners, linked ULNs, learning events and data challenges in tables of its
//! own, answering with the codes domain.md lists.

use super::*;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};
use std::collections::HashMap;
use uln_domain::demographics::parse_date_of_birth;
use uln_domain::names::names_equivalent;
use uln_domain::{Gender, PersonName, Postcode};

/// More possible matches than this and the register asks for more details (WSRC0002).
const MAX_POSSIBLE_MATCHES: usize = 10;

/// Event fields a data challenge may correct.
pub const CORRECTABLE_EVENT_FIELDS: [&str; 8] = [
    "qualification_code",
    "title",
    "level",
    "grade",
    "awarding_organisation",
    "provider",
    "award_date",
    "credits",
];

#[derive(Clone)]
pub struct SimulatedRegister {
    pool: SqlitePool,
}

/// A learning event as the seeder creates it.
#[derive(Debug, Clone)]
pub struct SeedEvent {
    pub uln: String,
    pub source: &'static str,
    pub qualification_code: String,
    pub title: &'static str,
    pub qualification_type: &'static str,
    pub level: &'static str,
    pub grade: Option<&'static str>,
    pub awarding_organisation: &'static str,
    pub provider: String,
    pub award_date: Option<Date>,
    pub credits: Option<i64>,
    pub status: &'static str,
}

fn corrupt(what: impl std::fmt::Display) -> RegisterError {
    RegisterError::Corrupt(what.to_string())
}

fn refused(field: &str, message: impl Into<String>) -> RegisterError {
    RegisterError::Refused {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// A register learner's columns as stored, read from a row or from JSON built inside SQLite.
#[derive(serde::Deserialize)]
struct LearnerColumns {
    uln: String,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    gender: String,
    postcode: Option<String>,
    preferred_given_name: Option<String>,
    middle_names: Option<String>,
    previous_family_name: Option<String>,
    ability_to_share: i64,
    version: i64,
}

/// `json_object` over every column of `lrs_learners`, for `LearnerColumns`.
const LEARNER_JSON: &str = "json_object('uln', uln, 'given_name', given_name, \
     'family_name', family_name, 'date_of_birth', date_of_birth, 'gender', gender, \
     'postcode', postcode, 'preferred_given_name', preferred_given_name, \
     'middle_names', middle_names, 'previous_family_name', previous_family_name, \
     'ability_to_share', ability_to_share, 'version', version)";

impl LearnerColumns {
    fn from_row(row: &SqliteRow) -> RegisterResult<Self> {
        Ok(LearnerColumns {
            uln: row.try_get("uln")?,
            given_name: row.try_get("given_name")?,
            family_name: row.try_get("family_name")?,
            date_of_birth: row.try_get("date_of_birth")?,
            gender: row.try_get("gender")?,
            postcode: row.try_get("postcode")?,
            preferred_given_name: row.try_get("preferred_given_name")?,
            middle_names: row.try_get("middle_names")?,
            previous_family_name: row.try_get("previous_family_name")?,
            ability_to_share: row.try_get("ability_to_share")?,
            version: row.try_get("version")?,
        })
    }

    fn into_learner(self, linked_ulns: Vec<Uln>) -> RegisterResult<RegisterLearner> {
        Ok(RegisterLearner {
            uln: Uln::parse(&self.uln).map_err(corrupt)?,
            given_name: PersonName::parse(&self.given_name).map_err(corrupt)?,
            family_name: PersonName::parse(&self.family_name).map_err(corrupt)?,
            date_of_birth: parse_date_of_birth(&self.date_of_birth).map_err(corrupt)?,
            gender: Gender::parse(&self.gender).map_err(corrupt)?,
            postcode: self
                .postcode
                .map(|p| Postcode::parse(&p).map_err(corrupt))
                .transpose()?,
            preferred_given_name: self.preferred_given_name,
            middle_names: self.middle_names,
            previous_family_name: self.previous_family_name,
            linked_ulns,
            ability_to_share: self.ability_to_share != 0,
            version: self.version,
        })
    }
}

/// A JSON array of strings, for `json_each(?)`: any number of values in one bound parameter.
fn json_array<'a>(items: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::from(items.collect::<Vec<_>>()).to_string()
}

fn learner_from(row: &SqliteRow, linked_ulns: Vec<Uln>) -> RegisterResult<RegisterLearner> {
    LearnerColumns::from_row(row)?.into_learner(linked_ulns)
}

fn challenge_from(row: &SqliteRow, event_ids: Vec<i64>) -> RegisterResult<Challenge> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let corrected: Option<String> = row.try_get("corrected")?;
    let resolved_at: Option<i64> = row.try_get("resolved_at")?;
    let ts = |s: i64| Timestamp::from_second(s).map_err(corrupt);
    Ok(Challenge {
        reference: row.try_get("reference")?,
        uln: row.try_get("uln")?,
        kind: ChallengeKind::from_name(&kind).ok_or_else(|| corrupt(&kind))?,
        event_ids,
        corrected: corrected
            .map(|c| serde_json::from_str(&c).map_err(corrupt))
            .transpose()?,
        note: row.try_get("note")?,
        contact: row.try_get("contact")?,
        status: ChallengeStatus::from_name(&status).ok_or_else(|| corrupt(&status))?,
        created_at: ts(row.try_get("created_at")?)?,
        resolved_at: resolved_at.map(ts).transpose()?,
        raised_by: row.try_get("raised_by")?,
    })
}

/// The caller knows the learner's family name (current or previous), date of birth and, if given,
/// their given name (legal or preferred).
fn identity_holds(learner: &RegisterLearner, who: &IdentityCheck) -> bool {
    let family_ok = names_equivalent(&who.family_name, learner.family_name.as_str())
        || learner
            .previous_family_name
            .as_deref()
            .is_some_and(|p| names_equivalent(&who.family_name, p));
    let given_ok = who.given_name.as_deref().is_none_or(|g| {
        names_equivalent(g, learner.given_name.as_str())
            || learner
                .preferred_given_name
                .as_deref()
                .is_some_and(|p| names_equivalent(g, p))
    });
    family_ok && given_ok && who.date_of_birth == learner.date_of_birth
}

impl SimulatedRegister {
    pub fn new(pool: SqlitePool) -> Self {
        SimulatedRegister { pool }
    }

    pub async fn learner_count(&self) -> RegisterResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM lrs_learners")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn learner(&self, uln: &str) -> RegisterResult<Option<RegisterLearner>> {
        let Some(row) = sqlx::query("SELECT * FROM lrs_learners WHERE uln = ?")
            .bind(uln)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let linked: Vec<String> = sqlx::query_scalar(
            "SELECT linked_uln FROM lrs_linked_ulns WHERE master_uln = ? ORDER BY linked_uln",
        )
        .bind(uln)
        .fetch_all(&self.pool)
        .await?;
        let linked = linked
            .iter()
            .map(|u| Uln::parse(u).map_err(corrupt))
            .collect::<RegisterResult<_>>()?;
        Ok(Some(learner_from(&row, linked)?))
    }

    async fn events(&self, master: &str) -> RegisterResult<Vec<LearningEvent>> {
        let rows = sqlx::query(
            "SELECT e.*, EXISTS (SELECT 1 FROM lrs_challenge_events ce JOIN lrs_challenges c ON c.id = ce.challenge_id \
               WHERE ce.event_id = e.id AND c.status IN ('open', 'in_progress')) AS under_challenge \
             FROM lrs_events e WHERE e.uln = ? ORDER BY e.award_date DESC, e.id",
        )
        .bind(master)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let award: Option<String> = r.try_get("award_date")?;
                Ok(LearningEvent {
                    id: r.try_get("id")?,
                    source: r.try_get("source")?,
                    qualification_code: r.try_get("qualification_code")?,
                    title: r.try_get("title")?,
                    qualification_type: r.try_get("qualification_type")?,
                    level: r.try_get("level")?,
                    grade: r.try_get("grade")?,
                    awarding_organisation: r.try_get("awarding_organisation")?,
                    provider: r.try_get("provider")?,
                    award_date: award
                        .map(|d| parse_date_of_birth(&d).map_err(corrupt))
                        .transpose()?,
                    credits: r.try_get("credits")?,
                    status: r.try_get("status")?,
                    under_challenge: r.try_get("under_challenge")?,
                })
            })
            .collect()
    }

    /// Bulk-loads seeded learners, links (linked ULN → master) and events in one transaction.
    pub async fn load(
        &self,
        learners: &[RegisterLearner],
        links: &[(Uln, Uln)],
        events: &[SeedEvent],
    ) -> RegisterResult<()> {
        let mut tx = self.pool.begin().await?;
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
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO lrs_linked_ulns (linked_uln, master_uln) ",
            );
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

    fn check_challenge(challenge: &NewChallenge, events: &[LearningEvent]) -> RegisterResult<()> {
        if challenge.note.trim().is_empty() {
            return Err(refused("note", "a note is required: say what is wrong"));
        }
        for id in &challenge.event_ids {
            if !events.iter().any(|e| e.id == *id) {
                return Err(refused(
                    "event_ids",
                    format!("event {id} is not on this learner's PLR"),
                ));
            }
        }
        let mut distinct = challenge.event_ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        match challenge.kind {
            ChallengeKind::IncorrectInformation => {
                if distinct.len() != 1 {
                    return Err(refused("event_ids", "name exactly one event to correct"));
                }
                let corrected = challenge.corrected.as_ref().filter(|c| !c.is_empty());
                let Some(corrected) = corrected else {
                    return Err(refused("corrected", "give the corrected values"));
                };
                if let Some(bad) = corrected
                    .keys()
                    .find(|k| !CORRECTABLE_EVENT_FIELDS.contains(&k.as_str()))
                {
                    return Err(refused(
                        "corrected",
                        format!("'{bad}' is not a correctable event field"),
                    ));
                }
            }
            ChallengeKind::NotLearners => {
                if distinct.is_empty() {
                    return Err(refused("event_ids", "name at least one event"));
                }
            }
            ChallengeKind::Duplicate => {
                if distinct.len() != 2 {
                    return Err(refused("event_ids", "name the two duplicated events"));
                }
            }
        }
        Ok(())
    }
}

#[async_trait]
impl LearnerRegister for SimulatedRegister {
    async fn lookup(&self, uln: &Uln) -> RegisterResult<RegisterLookup> {
        if let Some(learner) = self.learner(uln.as_str()).await? {
            return Ok(RegisterLookup::Direct(learner));
        }
        let master: Option<String> =
            sqlx::query_scalar("SELECT master_uln FROM lrs_linked_ulns WHERE linked_uln = ?")
                .bind(uln.as_str())
                .fetch_optional(&self.pool)
                .await?;
        match master {
            Some(master) => match self.learner(&master).await? {
                Some(learner) => Ok(RegisterLookup::Linked(learner)),
                None => Err(corrupt(format!("linked ULN has no master {master}"))),
            },
            None => Ok(RegisterLookup::NotFound),
        }
    }

    /// Four queries for any number of ULNs, where one at a time costs two to four each. The
    /// ULNs go in as one JSON array (`json_each`), so there is no limit on bound parameters.
    async fn lookup_many(&self, ulns: &[Uln]) -> RegisterResult<Vec<RegisterLookup>> {
        let asked = json_array(ulns.iter().map(Uln::as_str));
        // Linked ULNs among those asked, and their masters.
        let links: HashMap<String, String> = sqlx::query_as(
            "SELECT linked_uln, master_uln FROM lrs_linked_ulns \
             WHERE linked_uln IN (SELECT value FROM json_each(?))",
        )
        .bind(&asked)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .collect();
        let wanted = json_array(
            ulns.iter()
                .map(Uln::as_str)
                .chain(links.values().map(String::as_str)),
        );
        // The learners come back as one JSON value: one hand-off from SQLite's thread, not one
        // per row (the same reason as the store's list pages).
        let rows: String = sqlx::query_scalar(&format!(
            "SELECT json_group_array({LEARNER_JSON}) FROM lrs_learners \
             WHERE uln IN (SELECT value FROM json_each(?))"
        ))
        .bind(&wanted)
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<LearnerColumns> = serde_json::from_str(&rows).map_err(corrupt)?;
        // Each learner's own linked ULNs, in order.
        let mut linked_of: HashMap<String, Vec<Uln>> = HashMap::new();
        let pairs: Vec<(String, String)> = sqlx::query_as(
            "SELECT master_uln, linked_uln FROM lrs_linked_ulns \
             WHERE master_uln IN (SELECT value FROM json_each(?)) ORDER BY master_uln, linked_uln",
        )
        .bind(&wanted)
        .fetch_all(&self.pool)
        .await?;
        for (master, linked) in pairs {
            linked_of
                .entry(master)
                .or_default()
                .push(Uln::parse(&linked).map_err(corrupt)?);
        }
        let mut learners = HashMap::with_capacity(rows.len());
        for row in rows {
            let linked = linked_of.remove(&row.uln).unwrap_or_default();
            learners.insert(row.uln.clone(), row.into_learner(linked)?);
        }
        ulns.iter()
            .map(|uln| {
                if let Some(learner) = learners.get(uln.as_str()) {
                    return Ok(RegisterLookup::Direct(learner.clone()));
                }
                match links.get(uln.as_str()) {
                    Some(master) => match learners.get(master) {
                        Some(learner) => Ok(RegisterLookup::Linked(learner.clone())),
                        None => Err(corrupt(format!("linked ULN has no master {master}"))),
                    },
                    None => Ok(RegisterLookup::NotFound),
                }
            })
            .collect()
    }

    async fn find_by_demographics(
        &self,
        query: &DemographicQuery,
    ) -> RegisterResult<SearchOutcome> {
        let Some(date_of_birth) = query.date_of_birth else {
            return Err(refused(
                "date_of_birth",
                "the register searches by date of birth: give one",
            ));
        };
        let rows = sqlx::query("SELECT * FROM lrs_learners WHERE date_of_birth = ?")
            .bind(date_of_birth.to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut possible = Vec::new();
        let mut exact = Vec::new();
        for row in &rows {
            let learner = learner_from(row, Vec::new())?;
            let given_like = names_equivalent(&query.given_name, learner.given_name.as_str())
                || learner
                    .preferred_given_name
                    .as_deref()
                    .is_some_and(|p| names_equivalent(&query.given_name, p));
            let family_like = names_equivalent(&query.family_name, learner.family_name.as_str())
                || learner
                    .previous_family_name
                    .as_deref()
                    .is_some_and(|p| names_equivalent(&query.family_name, p));
            if !(given_like && family_like) {
                continue;
            }
            let is_exact = query.given_name.trim() == learner.given_name.as_str()
                && query.family_name.trim() == learner.family_name.as_str()
                && query.gender.is_none_or(|g| g == learner.gender)
                && query
                    .postcode
                    .as_ref()
                    .is_none_or(|p| learner.postcode.as_ref() == Some(p));
            if is_exact {
                exact.push(learner.clone());
            }
            possible.push(learner);
        }
        let outcome = if exact.len() == 1 {
            SearchOutcome {
                code: SearchCode::Exact,
                learners: exact,
            }
        } else if possible.len() > MAX_POSSIBLE_MATCHES {
            SearchOutcome {
                code: SearchCode::TooMany,
                learners: Vec::new(),
            }
        } else if possible.is_empty() {
            SearchOutcome {
                code: SearchCode::NoMatch,
                learners: Vec::new(),
            }
        } else {
            SearchOutcome {
                code: SearchCode::Possible,
                learners: possible,
            }
        };
        Ok(outcome)
    }

    async fn fetch_plr(&self, uln: &Uln, identity: &IdentityCheck) -> RegisterResult<PlrOutcome> {
        let (learner, code) = match self.lookup(uln).await? {
            RegisterLookup::NotFound => {
                return Ok(PlrOutcome {
                    code: PlrCode::NoSuchLearner,
                    learner: None,
                    events: Vec::new(),
                })
            }
            RegisterLookup::Direct(l) => (l, PlrCode::Found),
            RegisterLookup::Linked(l) => (l, PlrCode::MasterSubstituted),
        };
        if !identity_holds(&learner, identity) {
            return Ok(PlrOutcome {
                code: PlrCode::IdentityNotVerified,
                learner: None,
                events: Vec::new(),
            });
        }
        if !learner.ability_to_share {
            return Ok(PlrOutcome {
                code: PlrCode::NotShared,
                learner: None,
                events: Vec::new(),
            });
        }
        let events = self.events(learner.uln.as_str()).await?;
        Ok(PlrOutcome {
            code,
            learner: Some(learner),
            events,
        })
    }

    async fn create_challenge(&self, challenge: &NewChallenge) -> RegisterResult<Challenge> {
        let master = match self.lookup(&challenge.uln).await? {
            RegisterLookup::NotFound => return Err(refused("uln", "no learner has this ULN")),
            RegisterLookup::Direct(l) | RegisterLookup::Linked(l) => l.uln,
        };
        let events = self.events(master.as_str()).await?;
        Self::check_challenge(challenge, &events)?;
        let mut tx = self.pool.begin().await?;
        let now = Timestamp::now().as_second();
        let done = sqlx::query(
            "INSERT INTO lrs_challenges (reference, uln, kind, corrected, note, contact, status, created_at, raised_by) \
             VALUES (printf('DC-%06d', (SELECT COALESCE(MAX(id), 0) + 1 FROM lrs_challenges)), ?, ?, ?, ?, ?, 'open', ?, ?)",
        )
        .bind(master.as_str())
        .bind(challenge.kind.name())
        .bind(challenge.corrected.as_ref().map(|c| serde_json::Value::Object(c.clone()).to_string()))
        .bind(challenge.note.trim())
        .bind(challenge.contact.as_deref())
        .bind(now)
        .bind(&challenge.raised_by)
        .execute(&mut *tx)
        .await?;
        let id = done.last_insert_rowid();
        let mut event_ids = challenge.event_ids.clone();
        event_ids.sort_unstable();
        event_ids.dedup();
        for event_id in &event_ids {
            sqlx::query("INSERT INTO lrs_challenge_events (challenge_id, event_id) VALUES (?, ?)")
                .bind(id)
                .bind(event_id)
                .execute(&mut *tx)
                .await?;
        }
        let row = sqlx::query("SELECT * FROM lrs_challenges WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let created = challenge_from(&row, event_ids)?;
        tx.commit().await?;
        Ok(created)
    }

    async fn challenges(&self, status: Option<ChallengeStatus>) -> RegisterResult<Vec<Challenge>> {
        let rows = sqlx::query(
            "SELECT c.*, (SELECT group_concat(event_id) FROM lrs_challenge_events WHERE challenge_id = c.id) AS events \
             FROM lrs_challenges c WHERE (?1 IS NULL OR status = ?1) ORDER BY id DESC LIMIT 1000",
        )
        .bind(status.map(|s| s.name()))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let events: Option<String> = row.try_get("events")?;
                let ids = events
                    .unwrap_or_default()
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse::<i64>().map_err(corrupt))
                    .collect::<RegisterResult<Vec<_>>>()?;
                challenge_from(row, ids)
            })
            .collect()
    }
}
