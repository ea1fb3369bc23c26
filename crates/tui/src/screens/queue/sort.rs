//! The orders the queue can be shown in.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Deadline,
    Registered,
    Centre,
    FamilyName,
}

impl SortColumn {
    pub fn next(self) -> SortColumn {
        match self {
            SortColumn::Deadline => SortColumn::Registered,
            SortColumn::Registered => SortColumn::Centre,
            SortColumn::Centre => SortColumn::FamilyName,
            SortColumn::FamilyName => SortColumn::Deadline,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SortColumn::Deadline => "deadline",
            SortColumn::Registered => "registered",
            SortColumn::Centre => "centre",
            SortColumn::FamilyName => "family_name",
        }
    }

    pub fn from_name(name: &str) -> Option<SortColumn> {
        [
            SortColumn::Deadline,
            SortColumn::Registered,
            SortColumn::Centre,
            SortColumn::FamilyName,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }
}
