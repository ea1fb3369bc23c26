//! One module per screen: its state, its key handling and its drawing.

pub mod amend;
pub mod challenges;
pub mod help;
pub mod matches;
pub mod plr;
pub mod queue;
pub mod record;
pub mod reject;
