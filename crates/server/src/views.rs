//! From stored and domain values to the wire types of `uln_api`.

use super::register::{Challenge, LearningEvent};
use super::store::{Registration, StoredAudit, TrailPage};
use jiff::Timestamp;
use uln_api as api;
use uln_domain::FailureFlag;
use uln_domain::{
    Amendment, Comparison, Demographics, RegisterLearner, SuggestedAction, Suggestion, VerifyCode,
};

pub fn time(t: Timestamp) -> String {
    t.to_string()
}

pub fn comparison(c: &Comparison) -> api::ComparisonView {
    api::ComparisonView {
        given_name: c.given_name.into(),
        family_name: c.family_name.into(),
        date_of_birth: c.date_of_birth.into(),
        gender: c.gender.into(),
        postcode: c.postcode.into(),
    }
}

pub fn verification(code: VerifyCode, flags: &[FailureFlag]) -> api::VerificationView {
    api::VerificationView {
        code: code.into(),
        description: code.describe().to_owned(),
        failure_flags: flags.iter().map(|f| (*f).into()).collect(),
    }
}

pub fn amendment_fields(a: &Amendment) -> api::LearnerFields {
    api::LearnerFields {
        uln: a.uln.as_ref().map(|u| u.to_string()),
        given_name: a.given_name.as_ref().map(|n| n.to_string()),
        family_name: a.family_name.as_ref().map(|n| n.to_string()),
        date_of_birth: a.date_of_birth.map(|d| d.to_string()),
        gender: a.gender.map(|g| g.code().to_owned()),
        postcode: a.postcode.as_ref().map(|p| p.to_string()),
    }
}

pub fn suggestion(s: &Suggestion) -> api::SuggestionView {
    let action = match &s.action {
        SuggestedAction::Amend { amendment } => api::SuggestedAction::Amend {
            amendment: amendment_fields(amendment),
        },
        SuggestedAction::Reject { reason } => api::SuggestedAction::Reject {
            reason: (*reason).into(),
        },
        SuggestedAction::SearchByDemographics => api::SuggestedAction::SearchByDemographics,
        SuggestedAction::AskCentre => api::SuggestedAction::AskCentre,
        SuggestedAction::ConfirmIdentity => api::SuggestedAction::ConfirmIdentity,
        SuggestedAction::ChallengeDuplicate { uln } => api::SuggestedAction::ChallengeDuplicate {
            uln: uln.to_string(),
        },
    };
    api::SuggestionView {
        kind: s.kind.into(),
        reason: s.reason.clone(),
        confidence: s.confidence,
        action,
    }
}

pub fn supplied(uln: Option<&str>, d: &Demographics) -> api::SuppliedDetails {
    api::SuppliedDetails {
        uln: uln.map(str::to_owned),
        given_name: d.given_name.to_string(),
        family_name: d.family_name.to_string(),
        date_of_birth: d.date_of_birth.to_string(),
        gender: d.gender.into(),
        postcode: d.postcode.to_string(),
    }
}

pub fn authoritative(l: &RegisterLearner) -> api::AuthoritativeDetails {
    api::AuthoritativeDetails {
        uln: l.uln.to_string(),
        given_name: l.given_name.to_string(),
        family_name: l.family_name.to_string(),
        date_of_birth: l.date_of_birth.to_string(),
        gender: l.gender.into(),
        postcode: l.postcode.as_ref().map(|p| p.to_string()),
        preferred_given_name: l.preferred_given_name.clone(),
        middle_names: l.middle_names.clone(),
        previous_family_name: l.previous_family_name.clone(),
        linked_ulns: l.linked_ulns.iter().map(|u| u.to_string()).collect(),
        ability_to_share: l.ability_to_share,
        version: l.version,
    }
}

pub fn learner(l: &RegisterLearner) -> api::LearnerView {
    api::LearnerView {
        uln: l.uln.to_string(),
        given_name: l.given_name.to_string(),
        family_name: l.family_name.to_string(),
        date_of_birth: l.date_of_birth.to_string(),
        gender: l.gender.into(),
        postcode: l.postcode.as_ref().map(|p| p.to_string()),
    }
}

/// Stored by name; a name this build cannot read is shown as unknown rather than lost.
fn audit_action(a: &StoredAudit) -> api::AuditAction {
    api::AuditAction::from_wire(&a.action).unwrap_or(api::AuditAction::Unknown)
}

pub fn audit(a: &StoredAudit) -> api::AuditEntry {
    api::AuditEntry {
        id: a.id,
        at: time(a.at),
        operator: a.operator.clone(),
        action: audit_action(a),
        reason: a.reason.clone(),
        changes: a.changes.clone().map(crate::undo::shown_changes),
    }
}

/// A `noted` audit row as the record shows it: the note's text is the row's reason.
pub fn note(a: &StoredAudit) -> api::NoteView {
    api::NoteView {
        id: a.id,
        at: time(a.at),
        operator: a.operator.clone(),
        text: a.reason.clone().unwrap_or_default(),
    }
}

fn anomalies(r: &Registration) -> Vec<api::AnomalyKind> {
    r.anomalies.iter().map(|k| (*k).into()).collect()
}

pub fn exception_summary(r: &Registration) -> api::ExceptionSummary {
    api::ExceptionSummary {
        id: r.id,
        uln: r.uln.clone(),
        given_name: r.demographics.given_name.to_string(),
        family_name: r.demographics.family_name.to_string(),
        date_of_birth: r.demographics.date_of_birth.to_string(),
        centre: r.centre.clone(),
        registered_at: time(r.registered_at),
        deadline: time(r.deadline),
        anomalies: anomalies(r),
        status: r.status.into(),
        version: r.version,
        assigned_to: r.assigned_to.clone(),
        claim: None,
    }
}

/// A live claim as consoles show it: it lapses `idle` after its last renewal.
pub fn claim(c: &crate::store::StoredClaim, idle: jiff::SignedDuration) -> api::ClaimView {
    api::ClaimView {
        operator: c.operator.clone(),
        since: time(c.claimed_at),
        expires_at: time(c.renewed_at.checked_add(idle).unwrap_or(c.renewed_at)),
    }
}

/// The record as an operator sees it. Comparison and suggestions reflect the register as it is
/// now; the verification is the one last recorded (re-run it with `verify`).
pub fn exception_detail(
    r: &Registration,
    lrs: Option<&RegisterLearner>,
    comparison_now: Option<&Comparison>,
    suggestions: &[Suggestion],
    latest: &TrailPage,
    notes: &TrailPage,
) -> api::ExceptionDetail {
    api::ExceptionDetail {
        id: r.id,
        status: r.status.into(),
        version: r.version,
        centre: r.centre.clone(),
        registered_at: time(r.registered_at),
        deadline: time(r.deadline),
        qualification: r.qualification.clone(),
        anomalies: anomalies(r),
        reject_reason: r.reject_reason.map(Into::into),
        supplied: supplied(r.uln.as_deref(), &r.demographics),
        authoritative: lrs.map(authoritative),
        verification: verification(r.verify_code, &r.failure_flags),
        comparison: comparison_now.map(comparison),
        suggestions: suggestions.iter().map(suggestion).collect(),
        // The page is newest first; the record shows its trail in the order it happened.
        audit: latest.entries.iter().rev().map(audit).collect(),
        audit_total: latest.total,
        // Newest first from the store; shown in the order they were written, as the trail is.
        notes: notes.entries.iter().rev().map(note).collect(),
        notes_total: notes.total,
        snoozed_until: snoozed_now(r, Timestamp::now()).map(time),
        assigned_to: r.assigned_to.clone(),
        assignment: None,
        register_unavailable: None,
        claim: None,
    }
}

/// When the record's snooze ends, if it is snoozed at `now`: a snooze whose time has passed is
/// over even before the wake job clears it, and only an open record is ever snoozed.
pub fn snoozed_now(r: &Registration, now: Timestamp) -> Option<Timestamp> {
    r.snoozed_until
        .filter(|until| r.status == crate::store::RecordStatus::Open && *until > now)
}

/// A page of the trail as the store gives it, newest first; `more` if older entries remain.
pub fn audit_page(page: &TrailPage, more: bool) -> api::AuditPage {
    api::AuditPage {
        entries: page.entries.iter().map(audit).collect(),
        total: page.total,
        next_before: page.entries.last().filter(|_| more).map(|a| a.id),
    }
}

pub fn event(e: &LearningEvent) -> api::LearningEventView {
    api::LearningEventView {
        id: e.id,
        source: api::EventSource::from_wire(&e.source).unwrap_or(api::EventSource::Unknown),
        qualification_code: e.qualification_code.clone(),
        title: e.title.clone(),
        qualification_type: e.qualification_type.clone(),
        level: e.level.clone(),
        grade: e.grade.clone(),
        awarding_organisation: e.awarding_organisation.clone(),
        provider: e.provider.clone(),
        award_date: e.award_date.map(|d| d.to_string()),
        credits: e.credits,
        status: api::EventStatus::from_wire(&e.status).unwrap_or(api::EventStatus::Unknown),
        under_challenge: e.under_challenge,
    }
}

pub fn challenge(c: &Challenge) -> api::ChallengeView {
    api::ChallengeView {
        reference: c.reference.clone(),
        uln: c.uln.clone(),
        kind: c.kind.into(),
        event_ids: c.event_ids.clone(),
        corrected: c.corrected.clone(),
        note: c.note.clone(),
        contact: c.contact.clone(),
        status: c.status.into(),
        created_at: time(c.created_at),
        resolved_at: c.resolved_at.map(time),
        operator: c.raised_by.clone(),
    }
}
