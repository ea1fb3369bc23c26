//! `/exceptions/{id}/snooze`: park an open record until a time ("waiting for the centre until
//! Thursday"), and wake it early.
//!
//! The record leaves the queues until then and comes back by itself: the queue leaves out only
//! snoozes whose time has not come (`store::*::pages`), and the wake job (`crate::wake`) says so
//! on the event stream. It never stays hidden within the snooze margin of its deadline: a later
//! time is brought forward to deadline − margin, and the answer says it was. A snooze changes the
//! record's version, like every change, so it is guarded by `If-Match`; open counts are unchanged,
//! since a snoozed record is still an open exception with a deadline.

use super::exceptions::{commit_change, load_at_version, require_open};
use super::record_change::Origin;
use super::refusals::{JsonBody, NeedsRole, NoSuchRecord, NotInThatState, Secured, VersionGuarded};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, CurrentOperator, IfMatch};
use crate::store::{AuditAction, AuditRecord, Operator, RecordUpdate, Registration, Role};
use crate::{views, AppState};
use axum::extract::State;
use axum::Json;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::{json, Map, Value};
use uln_api::{SnoozeRequest, Snoozed};
use uln_domain::text::{self, TextKind};

/// How close to its deadline a snoozed record comes back at the latest, unless configured
/// (`serve --snooze-margin-hours`): two working days to fix it before the ULN is removed.
/// (assumed; the "say 48 hours")
pub const DEFAULT_SNOOZE_MARGIN: SignedDuration = SignedDuration::from_hours(48);

/// A margin given in whole hours (the `serve` option).
pub fn margin_of_hours(hours: u32) -> SignedDuration {
    SignedDuration::from_hours(hours.into())
}

/// `until` as sent: an RFC 3339 time, or a UK wall-clock time without an offset.
fn parse_until(text: &str) -> Result<Timestamp, String> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    let london = TimeZone::get("Europe/London").map_err(|e| e.to_string())?;
    text.parse::<DateTime>()
        .and_then(|dt| dt.to_zoned(london))
        .map(|z| z.timestamp())
        .map_err(|_| "must be an RFC 3339 time or a UK date and time (2026-12-10T09:00)".into())
}

/// The time to snooze until, after the margin, and whether the margin cut it; a 422 naming
/// `until` when it is not later than now, or the record is already within the margin.
pub fn snooze_end(
    asked: Timestamp,
    deadline: Timestamp,
    margin: SignedDuration,
    now: Timestamp,
) -> Result<(Timestamp, bool), ApiError> {
    if asked <= now {
        return Err(ApiError::invalid_field("until", "must be in the future"));
    }
    let latest = deadline.checked_sub(margin).unwrap_or(deadline);
    if latest <= now {
        let why = "the record is too close to its deadline to be snoozed: it must be worked now";
        return Err(ApiError::invalid_field("until", why));
    }
    Ok(if asked > latest {
        (latest, true)
    } else {
        (asked, false)
    })
}

/// A snooze body, checked: a readable time and a clean reason.
#[derive(Debug, Clone)]
pub struct SnoozeAsked {
    pub until: Timestamp,
    pub reason: String,
}

impl SnoozeAsked {
    pub fn check(body: &SnoozeRequest) -> Result<SnoozeAsked, ApiError> {
        let mut errors = Map::new();
        let until = parse_until(&body.until)
            .map_err(|e| errors.insert("until".into(), Value::String(e)))
            .ok();
        let reason = text::clean(&body.reason, TextKind::Note)
            .map_err(|e| errors.insert("reason".into(), Value::String(e.to_string())))
            .ok();
        match (until, reason) {
            (Some(until), Some(reason)) => Ok(SnoozeAsked { until, reason }),
            _ => Err(ApiError::invalid_fields(errors)),
        }
    }
}

/// A snooze checked against the record as it is at the version read, ready to store.
pub struct PlannedSnooze {
    current: Registration,
    expected: i64,
    until: Timestamp,
    cut: bool,
    pub audit: AuditRecord,
}

impl PlannedSnooze {
    /// Stores it at the version read (412 if the record moved on since), audited and published.
    pub async fn commit(self, state: &AppState) -> Result<Snoozed, ApiError> {
        let (id, until) = (self.current.id, self.until);
        let update = RecordUpdate {
            snoozed_until: Some(until),
            ..RecordUpdate::unchanged(&self.current)
        };
        let updated =
            commit_change(state, &self.current, self.expected, update, self.audit).await?;
        Ok(Snoozed {
            id,
            version: updated.version,
            until: Some(views::time(until)),
            cut_to_margin: self.cut,
        })
    }
}

/// Snoozes record `id`, read at `expected`: open only, and never past the margin before its
/// deadline (brought forward to it, and the answer says so).
pub async fn plan_snooze(
    state: &AppState,
    operator: &Operator,
    id: i64,
    expected: i64,
    request: SnoozeAsked,
    origin: Origin,
) -> Result<PlannedSnooze, ApiError> {
    let current = load_at_version(state, id, expected).await?;
    require_open(&current)?;
    let now = Timestamp::now();
    let (until, cut) = snooze_end(request.until, current.deadline, state.snooze_margin, now)?;
    let until = Timestamp::from_second(until.as_second()).unwrap_or(until);
    let before = views::snoozed_now(&current, now);
    let audit = AuditRecord::on_registration(id, &operator.name, AuditAction::Snoozed)
        .because(request.reason)
        .with_changes(json!({
            "snoozed_until": { "before": before.map(views::time), "after": views::time(until) },
            "cut_to_margin": cut,
        }));
    Ok(PlannedSnooze {
        current,
        expected,
        until,
        cut,
        audit: origin.mark(audit),
    })
}

#[utoipa::path(post, path = "/api/v1/exceptions/{id}/snooze", tag = "exceptions", operation_id = "snooze_exception",
    params(("id" = i64, Path, description = "record id"), ("If-Match" = String, Header, description = "the version last read")),
    request_body = SnoozeRequest,
    responses((status = 200, body = Snoozed, description = "snoozed: out of the queues until `until`, audited as snoozed"),
        Secured, NeedsRole, NoSuchRecord, NotInThatState, JsonBody, VersionGuarded))]
#[tracing::instrument(skip_all, fields(record_id = id))]
pub async fn snooze(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    IfMatch(expected): IfMatch,
    ApiJson(body): ApiJson<SnoozeRequest>,
) -> Result<Json<Snoozed>, ApiError> {
    let operator = who.require(Role::Operator)?;
    let request = SnoozeAsked::check(&body)?;
    let planned = plan_snooze(&state, operator, id, expected, request, Origin::Single).await?;
    Ok(Json(planned.commit(&state).await?))
}

#[utoipa::path(delete, path = "/api/v1/exceptions/{id}/snooze", tag = "exceptions", operation_id = "wake_exception",
    params(("id" = i64, Path, description = "record id"), ("If-Match" = String, Header, description = "the version last read")),
    responses((status = 200, body = Snoozed, description = "back in the queues now, audited as woken"),
        Secured, NeedsRole, NoSuchRecord, NotInThatState, VersionGuarded))]
#[tracing::instrument(skip_all, fields(record_id = id))]
pub async fn wake(
    State(state): State<AppState>,
    who: CurrentOperator,
    ApiPath(id): ApiPath<i64>,
    IfMatch(expected): IfMatch,
) -> Result<Json<Snoozed>, ApiError> {
    let operator = who.require(Role::Operator)?;
    let current = load_at_version(&state, id, expected).await?;
    require_open(&current)?;
    let before = views::snoozed_now(&current, Timestamp::now());
    let audit = AuditRecord::on_registration(id, &operator.name, AuditAction::Woken)
        .because("woken early")
        .with_changes(json!({
            "snoozed_until": { "before": before.map(views::time), "after": null },
        }));
    let update = RecordUpdate {
        snoozed_until: None,
        ..RecordUpdate::unchanged(&current)
    };
    let updated = commit_change(&state, &current, expected, update, audit).await?;
    Ok(Json(Snoozed {
        id,
        version: updated.version,
        until: None,
        cut_to_margin: false,
    }))
}
