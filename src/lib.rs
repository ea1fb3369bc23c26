//! uln-console: the helpdesk console for unmatched ULNs and its reference registration backend.
//! The layout is the architecture: `domain` (pure rules), `api` (wire types and client),
//! `server` (the backend), `console` (the terminal app).

pub mod api;
pub mod config;
pub mod console;
pub mod domain;
pub mod server;
