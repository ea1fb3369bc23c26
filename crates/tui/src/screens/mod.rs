//! One module per layer: its state, its key handling and its drawing.

pub mod amend;
pub mod assign;
pub mod bulk;
pub mod call;
pub mod challenges;
pub mod colleagues;
pub mod command;
pub mod confirm;
pub mod dashboard;
pub mod export;
pub mod filter;
pub mod groups;
pub mod handover;
pub mod help;
pub mod identity;
pub mod import;
pub mod matches;
pub mod note;
pub mod plr;
pub mod queue;
pub mod record;
pub mod register;
pub mod reject;
pub mod sending;
pub mod snooze;
