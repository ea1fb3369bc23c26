//! The personal values in what the API sends, for the screens to report (`Component::personal`).

use super::Personal;
use serde_json::Value;
use uln_api::{
    AuditEntry, AuthoritativeDetails, ExceptionDetail, LearnerFields, LearnerView, SuggestedAction,
    SuppliedDetails,
};

impl Personal {
    pub fn supplied(&mut self, s: &SuppliedDetails) -> &mut Self {
        let uln = s.uln.as_deref();
        let postcode = Some(s.postcode.as_str());
        self.learner(
            uln,
            &s.given_name,
            &s.family_name,
            &s.date_of_birth,
            postcode,
        )
    }

    /// The register's learner, with every name it holds (preferred, middle, previous family
    /// name: the record screen shows them as clues) and the ULNs linked to theirs.
    pub fn authoritative(&mut self, a: &AuthoritativeDetails) -> &mut Self {
        let (uln, postcode) = (Some(a.uln.as_str()), a.postcode.as_deref());
        self.learner(
            uln,
            &a.given_name,
            &a.family_name,
            &a.date_of_birth,
            postcode,
        );
        let other_names = [
            &a.preferred_given_name,
            &a.middle_names,
            &a.previous_family_name,
        ];
        for name in other_names.into_iter().flatten() {
            self.name(name);
        }
        for uln in &a.linked_ulns {
            self.uln(uln);
        }
        self
    }

    pub fn learner_view(&mut self, l: &LearnerView) -> &mut Self {
        let (uln, postcode) = (Some(l.uln.as_str()), l.postcode.as_deref());
        self.learner(
            uln,
            &l.given_name,
            &l.family_name,
            &l.date_of_birth,
            postcode,
        )
    }

    pub fn fields(&mut self, f: &LearnerFields) -> &mut Self {
        if let Some(uln) = &f.uln {
            self.uln(uln);
        }
        for name in [&f.given_name, &f.family_name].into_iter().flatten() {
            self.name(name);
        }
        if let Some(date) = &f.date_of_birth {
            self.date_of_birth(date);
        }
        if let Some(postcode) = &f.postcode {
            self.postcode(postcode);
        }
        self
    }

    /// A record as the record screen shows it: both sides of the comparison, what suggestions
    /// would write, and what its audit entries quote (an amendment's before and after).
    pub fn detail(&mut self, d: &ExceptionDetail) -> &mut Self {
        self.supplied(&d.supplied);
        if let Some(a) = &d.authoritative {
            self.authoritative(a);
        }
        for s in &d.suggestions {
            if let SuggestedAction::Amend { amendment } = &s.action {
                self.fields(amendment);
            }
        }
        d.audit.iter().for_each(|a| self.audit(a));
        self
    }

    /// The values an audit entry's changes quote, by the field they belong to.
    pub fn audit(&mut self, a: &AuditEntry) {
        let Some(Value::Object(fields)) = &a.changes else {
            return;
        };
        for (field, change) in fields {
            let sides: Vec<&str> = match change {
                Value::Object(c) => ["before", "after"]
                    .iter()
                    .filter_map(|k| c.get(*k).and_then(Value::as_str))
                    .collect(),
                Value::String(s) => vec![s.as_str()],
                _ => Vec::new(),
            };
            for value in sides {
                match field.as_str() {
                    f if f.contains("name") => {
                        self.name(value);
                    }
                    f if f.contains("date") => {
                        self.date_of_birth(value);
                    }
                    _ => {}
                }
            }
        }
    }
}
