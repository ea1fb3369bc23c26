//! What the console remembers between runs, kept in a small TOML file in the data directory.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// What the console remembers between runs: where the operator was looking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleState {
    pub queue: Option<String>,
    #[serde(default)]
    pub filter: String,
    pub sort: Option<String>,
    #[serde(default)]
    pub descending: bool,
}

impl ConsoleState {
    /// The saved state, or the defaults if there is none or it cannot be read.
    pub fn load(path: &Path) -> ConsoleState {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        std::fs::write(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_a_missing_file_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        assert_eq!(ConsoleState::load(&path), ConsoleState::default());
        let state = ConsoleState {
            queue: Some("spelling".into()),
            filter: "calder".into(),
            sort: Some("centre".into()),
            descending: true,
        };
        state.save(&path).unwrap();
        assert_eq!(ConsoleState::load(&path), state);
    }
}
