//! The PLR lookup's query: the ULN and what the caller says about themselves, checked as typed.

use uln_domain::demographics::{format_date_for_people, parse_learner_date_of_birth, uk_date};
use uln_domain::{PersonName, Uln};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryField {
    Uln,
    FamilyName,
    DateOfBirth,
    GivenName,
}

impl QueryField {
    pub const ALL: [QueryField; 4] = [
        QueryField::Uln,
        QueryField::FamilyName,
        QueryField::DateOfBirth,
        QueryField::GivenName,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QueryField::Uln => "ULN",
            QueryField::FamilyName => "Family name",
            QueryField::DateOfBirth => "Date of birth",
            QueryField::GivenName => "Given name (optional)",
        }
    }

    /// Why a value cannot be sent, or how it will be read ("" where there is no rule).
    pub fn check(self, value: &str) -> Result<String, String> {
        match self {
            QueryField::Uln => Uln::parse(value)
                .map(|u| u.to_string())
                .map_err(|e| e.to_string()),
            QueryField::FamilyName => PersonName::parse(value)
                .map(|n| n.to_string())
                .map_err(|e| e.to_string()),
            QueryField::DateOfBirth => {
                parse_learner_date_of_birth(value, uk_date(jiff::Timestamp::now()))
                    .map(format_date_for_people)
                    .map_err(|e| e.to_string())
            }
            QueryField::GivenName if value.trim().is_empty() => Ok(String::new()),
            QueryField::GivenName => PersonName::parse(value)
                .map(|n| n.to_string())
                .map_err(|e| e.to_string()),
        }
    }

    /// `step` places along the form from here, wrapping round.
    fn moved(self, step: usize) -> QueryField {
        let at = self as usize;
        Self::ALL[(at + step) % Self::ALL.len()]
    }
}

/// A PLR lookup as sent: the learner's ULN and what the caller gave to prove who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlrQuery {
    pub uln: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub given_name: Option<String>,
}

/// The query being typed.
#[derive(Debug, Clone)]
pub struct QueryForm {
    values: [String; 4],
    pub focus: QueryField,
}

impl QueryForm {
    /// A form with the ULN filled in if given, the cursor on the first field still to type.
    pub fn with_uln(uln: &str) -> QueryForm {
        let uln = uln.trim();
        let mut form = QueryForm {
            values: Default::default(),
            focus: QueryField::Uln,
        };
        if !uln.is_empty() {
            form.values[QueryField::Uln as usize] = uln.to_owned();
            form.focus = QueryField::FamilyName;
        }
        form
    }

    pub fn value(&self, field: QueryField) -> &str {
        &self.values[field as usize]
    }

    /// Replaces a field's value (a ULN chosen from the register, say).
    pub fn set(&mut self, field: QueryField, value: String) {
        self.values[field as usize] = value;
    }

    pub fn type_char(&mut self, c: char) {
        self.values[self.focus as usize].push(c);
    }

    pub fn backspace(&mut self) {
        self.values[self.focus as usize].pop();
    }

    pub fn next(&mut self) {
        self.focus = self.focus.moved(1);
    }

    pub fn previous(&mut self) {
        self.focus = self.focus.moved(QueryField::ALL.len() - 1);
    }

    /// The lookup to send, or why it cannot be sent yet.
    pub fn query(&self) -> Result<PlrQuery, String> {
        for field in [
            QueryField::Uln,
            QueryField::FamilyName,
            QueryField::DateOfBirth,
            QueryField::GivenName,
        ] {
            field
                .check(self.value(field))
                .map_err(|e| format!("{}: {e}", field.label()))?;
        }
        let trimmed = |f| self.value(f).trim().to_owned();
        Ok(PlrQuery {
            uln: trimmed(QueryField::Uln),
            family_name: trimmed(QueryField::FamilyName),
            date_of_birth: trimmed(QueryField::DateOfBirth),
            given_name: Some(trimmed(QueryField::GivenName)).filter(|g| !g.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(values: [&str; 4]) -> QueryForm {
        QueryForm {
            values: values.map(str::to_owned),
            focus: QueryField::Uln,
        }
    }

    #[test]
    fn a_lookup_the_backend_would_refuse_is_explained_not_sent() {
        let ok = form(["9276308686", "Hughes", "2007-02-03", ""]);
        assert!(ok.query().is_ok());
        for (values, says) in [
            (["9276308686", "\u{200B}", "2007-02-03", ""], "U+200B"),
            (["9276308686", "Hughes", "2999-01-01", ""], "after today"),
            (["9276308686", "Hughes", "0000-01-01", ""], "before 1900"),
            (
                ["9276308686", "Hughes", "2007-02-03", "Owen?"],
                "names do not have",
            ),
        ] {
            let why = form(values).query().unwrap_err();
            assert!(why.contains(says), "{why:?} should say {says:?}");
        }
    }
}
