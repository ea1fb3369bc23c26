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

    /// Readable by its owner only: the filter is often a learner's name.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        use std::io::Write;
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        // A file saved by an older version keeps its mode on open: tighten it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(text.as_bytes())
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

    #[test]
    fn the_saved_state_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        std::fs::write(&path, "").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let state = ConsoleState {
            filter: "Begum".into(),
            ..ConsoleState::default()
        };
        state.save(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the queue filter may be a learner's name");
    }
}
