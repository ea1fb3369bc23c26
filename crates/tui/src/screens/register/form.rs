//! The register search's form: the details the register needs, checked as typed with the
//! domain's own rules, so a search the backend would refuse is explained before it is sent.

use uln_api::{Gender, LearnerSearchQuery, SuppliedDetails};
use uln_domain::demographics::{format_date_for_people, parse_learner_date_of_birth, uk_date};
use uln_domain::{PersonName, Postcode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchField {
    GivenName,
    FamilyName,
    DateOfBirth,
    Gender,
    Postcode,
}

impl SearchField {
    pub const ALL: [SearchField; 5] = [
        SearchField::GivenName,
        SearchField::FamilyName,
        SearchField::DateOfBirth,
        SearchField::Gender,
        SearchField::Postcode,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SearchField::GivenName => "Given name",
            SearchField::FamilyName => "Family name",
            SearchField::DateOfBirth => "Date of birth",
            SearchField::Gender => "Gender (optional)",
            SearchField::Postcode => "Postcode (optional)",
        }
    }

    fn optional(self) -> bool {
        matches!(self, SearchField::Gender | SearchField::Postcode)
    }

    /// Why a value cannot be sent, or how it will be read ("" for an optional field left empty).
    pub fn check(self, value: &str) -> Result<String, String> {
        if self.optional() && value.trim().is_empty() {
            return Ok(String::new());
        }
        match self {
            SearchField::GivenName | SearchField::FamilyName => PersonName::parse(value)
                .map(|n| n.to_string())
                .map_err(|e| e.to_string()),
            SearchField::DateOfBirth => {
                parse_learner_date_of_birth(value, uk_date(jiff::Timestamp::now()))
                    .map(format_date_for_people)
                    .map_err(|e| e.to_string())
            }
            SearchField::Gender => uln_domain::Gender::parse(value)
                .map(|g| g.describe().to_owned())
                .map_err(|_| "0 not known, 1 male, 2 female or 9 not specified".to_owned()),
            SearchField::Postcode => Postcode::parse(value)
                .map(|p| p.to_string())
                .map_err(|e| e.to_string()),
        }
    }
}

/// The search being typed.
#[derive(Debug, Clone)]
pub struct SearchForm {
    values: [String; 5],
    pub focus: SearchField,
}

impl Default for SearchForm {
    fn default() -> Self {
        SearchForm {
            values: Default::default(),
            focus: SearchField::GivenName,
        }
    }
}

impl SearchForm {
    /// A form holding a registration's names and date of birth, the details the register
    /// searches by; gender and postcode are left for the operator to add if the first search
    /// finds too many.
    pub fn from_supplied(supplied: &SuppliedDetails) -> SearchForm {
        let mut form = SearchForm::default();
        form.values[SearchField::GivenName as usize] = supplied.given_name.clone();
        form.values[SearchField::FamilyName as usize] = supplied.family_name.clone();
        form.values[SearchField::DateOfBirth as usize] = supplied.date_of_birth.clone();
        form
    }

    pub fn value(&self, field: SearchField) -> &str {
        &self.values[field as usize]
    }

    pub fn type_char(&mut self, c: char) {
        self.values[self.focus as usize].push(c);
    }

    pub fn backspace(&mut self) {
        self.values[self.focus as usize].pop();
    }

    /// `step` places along the form from the field being typed in, wrapping round.
    pub fn move_focus(&mut self, step: usize) {
        let n = SearchField::ALL.len();
        self.focus = SearchField::ALL[(self.focus as usize + step) % n];
    }

    /// The search to send, or why it cannot be sent yet.
    pub fn query(&self) -> Result<LearnerSearchQuery, String> {
        for field in SearchField::ALL {
            field
                .check(self.value(field))
                .map_err(|e| format!("{}: {e}", field.label()))?;
        }
        let trimmed = |f| self.value(f).trim().to_owned();
        let gender = Some(trimmed(SearchField::Gender))
            .filter(|g| !g.is_empty())
            .and_then(|g| Gender::from_wire(&g));
        Ok(LearnerSearchQuery {
            given_name: trimmed(SearchField::GivenName),
            family_name: trimmed(SearchField::FamilyName),
            date_of_birth: trimmed(SearchField::DateOfBirth),
            gender,
            postcode: Some(trimmed(SearchField::Postcode)).filter(|p| !p.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(values: [&str; 5]) -> SearchForm {
        SearchForm {
            values: values.map(str::to_owned),
            focus: SearchField::GivenName,
        }
    }

    #[test]
    fn a_search_the_register_would_refuse_is_explained_not_sent() {
        let ok = form(["Amelia", "Hughes", "2007-02-03", "", ""])
            .query()
            .unwrap();
        assert_eq!(
            (ok.gender, ok.postcode),
            (None, None),
            "optional when empty"
        );
        let full = form(["Amelia", "Hughes", "2007-02-03", "2", "ls1 4ap"]);
        let full = full.query().unwrap();
        assert_eq!(full.gender, Some(Gender::Female));
        for (values, says) in [
            (["", "Hughes", "2007-02-03", "", ""], "Given name"),
            (["Amelia", "Hughes", "2007-02-30", "", ""], "Date of birth"),
            (["Amelia", "Hughes", "2999-01-01", "", ""], "after today"),
            (
                ["Amelia", "Hughes?", "2007-02-03", "", ""],
                "names do not have",
            ),
            (["Amelia", "Hughes", "2007-02-03", "3", ""], "1 male"),
            (["Amelia", "Hughes", "2007-02-03", "", "LS1"], "Postcode"),
        ] {
            let why = form(values).query().unwrap_err();
            assert!(why.contains(says), "{why:?} should say {says:?}");
        }
    }
}
