//! The header row of a centre's file: which column holds which registration field. Centres'
//! management systems name columns their own way, so the usual synonyms are accepted.

use std::fmt;

/// A field of `RegistrationSubmission`, as a column can supply it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Uln,
    GivenName,
    FamilyName,
    DateOfBirth,
    Gender,
    Postcode,
    Centre,
    Qualification,
    RegisteredAt,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::Uln,
        Field::GivenName,
        Field::FamilyName,
        Field::DateOfBirth,
        Field::Gender,
        Field::Postcode,
        Field::Centre,
        Field::Qualification,
        Field::RegisteredAt,
    ];

    /// The header names accepted for the field, after `normalise`; the first is the API's name.
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Uln => &["uln"],
            Field::GivenName => &["given_name", "forename", "first_name"],
            Field::FamilyName => &["family_name", "surname", "last_name"],
            Field::DateOfBirth => &["date_of_birth", "dob"],
            Field::Gender => &["gender", "sex"],
            Field::Postcode => &["postcode"],
            Field::Centre => &["centre", "centre_number"],
            Field::Qualification => &["qualification"],
            Field::RegisteredAt => &["registered_at"],
        }
    }

    /// Every registration needs these; the server takes the others as optional.
    fn required(self) -> bool {
        !matches!(self, Field::Qualification | Field::RegisteredAt)
    }

    fn from_header(header: &str) -> Option<Field> {
        let name = normalise(header);
        Field::ALL
            .into_iter()
            .find(|f| f.names().contains(&name.as_str()))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.names()[0])
    }
}

/// `Date of Birth`, `date-of-birth` and `DATE_OF_BIRTH` are one name.
fn normalise(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Which column (0-based) holds each field, and the columns that hold none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    columns: Vec<(Field, usize)>,
    /// Headers that name no field: the centre should know they were not sent.
    pub ignored: Vec<String>,
    /// How many columns the header has: every row must have as many.
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("the header has no {field} column (accepted names: {})", .field.names().join(", "))]
    Missing { field: Field },
    #[error("columns {first} and {second} both give {field}: remove one")]
    Twice {
        field: Field,
        first: usize,
        second: usize,
    },
}

impl ColumnMap {
    pub fn from_headers<'a>(
        headers: impl IntoIterator<Item = &'a str>,
    ) -> Result<ColumnMap, HeaderError> {
        let mut columns: Vec<(Field, usize)> = Vec::new();
        let mut ignored = Vec::new();
        let mut width = 0;
        for (index, header) in headers.into_iter().enumerate() {
            width = index + 1;
            let Some(field) = Field::from_header(header) else {
                ignored.push(header.trim().to_owned());
                continue;
            };
            if let Some((_, first)) = columns.iter().find(|(f, _)| *f == field) {
                return Err(HeaderError::Twice {
                    field,
                    first: first + 1,
                    second: index + 1,
                });
            }
            columns.push((field, index));
        }
        if let Some(field) = Field::ALL
            .into_iter()
            .find(|f| f.required() && !columns.iter().any(|(c, _)| c == f))
        {
            return Err(HeaderError::Missing { field });
        }
        Ok(ColumnMap {
            columns,
            ignored,
            width,
        })
    }

    /// The column holding `field`, if the file has one.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_are_accepted_whatever_their_case_and_spacing() {
        let map = ColumnMap::from_headers([
            "ULN",
            "Forename",
            "Last Name",
            "DOB",
            "sex",
            "Postcode",
            "Centre-Number",
            "Notes",
        ])
        .unwrap();
        assert_eq!(map.column(Field::FamilyName), Some(2));
        assert_eq!(map.column(Field::Centre), Some(6));
        assert_eq!(map.column(Field::Qualification), None);
        assert_eq!(map.ignored, ["Notes"]);
        assert_eq!(map.width, 8);
    }

    #[test]
    fn a_missing_required_column_is_named_with_the_names_accepted() {
        let refused =
            ColumnMap::from_headers(["uln", "given_name", "surname", "dob", "gender", "centre"])
                .unwrap_err();
        assert_eq!(
            refused,
            HeaderError::Missing {
                field: Field::Postcode
            }
        );
        assert_eq!(
            refused.to_string(),
            "the header has no postcode column (accepted names: postcode)"
        );
    }

    #[test]
    fn two_columns_for_one_field_are_refused() {
        let refused = ColumnMap::from_headers(["surname", "uln", "family_name"]).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "columns 1 and 3 both give family_name: remove one"
        );
    }
}
