//! The domain core: pure rules with no I/O, shared by the backend and the console.

pub mod dates;
pub mod deadline;
pub mod demographics;
pub mod diagnosis;
mod named;
pub mod names;
pub mod text;
pub mod uln;
pub mod verification;

pub use deadline::{DeadlineBand, RemovalPeriod};
pub use demographics::{Demographics, Field, Gender, PersonName, Postcode};
pub use diagnosis::{
    Amendment, AnomalyKind, RejectReason, SuggestedAction, Suggestion, SuggestionKind,
};
pub use text::{TextError, TextKind};
pub use uln::Uln;
pub use verification::{
    Comparison, FailureFlag, FieldMatch, Lookup, RegisterLearner, Verification, VerifyCode,
};
