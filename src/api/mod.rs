//! The API contract: wire types shared by the server and the console's HTTP client.

pub mod types;

pub use types::*;
