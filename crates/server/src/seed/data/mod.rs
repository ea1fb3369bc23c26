//! Reference data for demo learners: common UK names, real postcode districts, plausible centres
//! and qualifications. Invented combinations; no real person's record.

mod names;
mod places;
mod qualifications;

pub use names::{FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE};
pub use places::{CENTRES, OUTWARD};
pub use qualifications::QUALIFICATIONS;
