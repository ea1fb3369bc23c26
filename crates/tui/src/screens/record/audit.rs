//! The record's audit trail as the screen lists it: when, what, who, why, and for changes each
//! field's value before and after ("postcode M1 1AA → LS1 4AP").

use crate::view::{date_for_people, london_time};
use jiff::Timestamp;
use ratatui::text::Line;
use serde_json::Value;
use uln_api::AuditEntry;

/// One entry's line.
pub fn entry_line(a: &AuditEntry) -> Line<'static> {
    let at =
        a.at.parse::<Timestamp>()
            .map(london_time)
            .unwrap_or_else(|_| a.at.clone());
    let mut text = format!("  {at}  {:<10} {}", a.action, a.operator);
    let changed = a.changes.as_ref().map(changes).unwrap_or_default();
    for part in [a.reason.as_deref().unwrap_or_default(), changed.as_str()] {
        if !part.is_empty() {
            text.push_str("  ");
            text.push_str(part);
        }
    }
    Line::from(text)
}

/// `changes` as the API sends it, field → {before, after}, in a few words per field:
/// "given name Amella → Amelia; postcode M1 1AA → LS1 4AP". A flag set with the change (such
/// as `identity_confirmed`) is named; anything else is shown as it came.
pub fn changes(changes: &Value) -> String {
    let Value::Object(fields) = changes else {
        return String::new();
    };
    fields
        .iter()
        .map(|(field, change)| {
            let name = field.replace('_', " ");
            match change {
                Value::Object(c) if c.contains_key("before") || c.contains_key("after") => {
                    let side = |key: &str| value(field, c.get(key).unwrap_or(&Value::Null));
                    format!("{name} {} → {}", side("before"), side("after"))
                }
                Value::Bool(true) => name,
                other => format!("{name}: {}", value(field, other)),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A value as people read it: text without quotes, dates as the console shows them, nothing
/// as "(none)".
fn value(field: &str, v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) if s.is_empty() => "(none)".into(),
        Value::String(s) if field.contains("date") => date_for_people(s),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_field_shows_before_and_after() {
        let amended = json!({
            "postcode": {"before": "M1 1AA", "after": "LS1 4AP"},
            "given_name": {"before": "Amella", "after": "Amelia"},
        });
        assert_eq!(
            changes(&amended),
            "given name Amella → Amelia; postcode M1 1AA → LS1 4AP"
        );
    }

    #[test]
    fn dates_empty_values_and_flags_read_as_words() {
        let amended = json!({
            "date_of_birth": {"before": "2007-03-02", "after": "2007-02-03"},
            "uln": {"before": null, "after": "9276308686"},
            "identity_confirmed": true,
        });
        assert_eq!(
            changes(&amended),
            "date of birth 02 Mar 2007 → 03 Feb 2007; identity confirmed; uln (none) → 9276308686"
        );
        assert_eq!(changes(&json!({"note": 3})), "note: 3");
        assert_eq!(changes(&Value::Null), "");
    }
}
