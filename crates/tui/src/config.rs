//! The user's configuration (`uln-console.toml` in the XDG config directory) and the console state
//! kept between runs (`state.toml` in the data directory).

use crate::keymap::{Action, Keymap};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A shared backend's API root, or several (servers sharing one database), tried in turn.
    /// Absent: the embedded demo backend.
    #[serde(default, deserialize_with = "one_or_many")]
    pub backend: Vec<String>,
    /// A file holding the API token (`ULN_CONSOLE_TOKEN` wins). Must not be readable by others.
    pub token_file: Option<PathBuf>,
    #[serde(default)]
    pub theme: ThemeConfig,
    /// Clicks and the wheel in the console. Off by default: while the console captures the mouse,
    /// the terminal's own text selection does not work.
    #[serde(default)]
    pub mouse: bool,
    /// Mask personal data for screen sharing after this long without a key (`"5m"`); absent
    /// or `"0"`: never.
    pub mask_after_idle: Option<String>,
    /// Keys on lists and records: `action = ["key", ...]`.
    #[serde(default)]
    pub keys: BTreeMap<Action, Vec<String>>,
    /// Keys in forms and dialogs, where plain characters are text.
    #[serde(default)]
    pub form_keys: BTreeMap<Action, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    /// false turns colour off, as `NO_COLOR` does.
    #[serde(default = "yes")]
    pub colour: bool,
}

/// `backend = "URL"` or `backend = ["URL", "URL"]`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

fn yes() -> bool {
    true
}

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig { colour: true }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path} can be read by other users; run: chmod 600 {path}")]
    TokenFileReadableByOthers { path: PathBuf },
    #[error("the token file {path} is empty")]
    EmptyToken { path: PathBuf },
}

impl Config {
    /// Reads the config at `path`; a missing file is the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_owned(),
                    source,
                })
            }
        };
        Self::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_owned(),
            message,
        })
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.keymap()?;
        config.console_options()?;
        Ok(config)
    }

    /// How the console behaves: the mouse, and when it masks itself.
    pub fn console_options(&self) -> Result<crate::Options, String> {
        let idle = self.mask_after_idle.as_deref().unwrap_or_default();
        Ok(crate::Options {
            mouse: self.mouse,
            mask_after_idle: crate::mask::parse_idle(idle)?,
        })
    }

    pub fn keymap(&self) -> Result<Keymap, String> {
        Keymap::with_overrides(&self.keys, &self.form_keys)
    }

    /// The token from the token file, refusing a file other users could read.
    pub fn read_token_file(path: &Path) -> Result<String, ConfigError> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(path).map_err(|source| ConfigError::Read {
                path: path.to_owned(),
                source,
            })?;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(ConfigError::TokenFileReadableByOthers {
                    path: path.to_owned(),
                });
            }
        }
        let token = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let token = token.trim().to_owned();
        if token.is_empty() {
            return Err(ConfigError::EmptyToken {
                path: path.to_owned(),
            });
        }
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_example_config_is_valid() {
        let text = include_str!("../../../config/uln-console.toml");
        let config = Config::parse(text).expect("config/uln-console.toml parses");
        assert!(config.theme.colour);
    }

    #[test]
    fn unknown_settings_and_bad_keys_are_reported() {
        assert!(Config::parse("colour = false")
            .unwrap_err()
            .contains("unknown field"));
        assert!(Config::parse("[keys]\nquit = [\"hyper-q\"]")
            .unwrap_err()
            .contains("hyper-q"));
        assert!(Config::parse("[keys]\nteleport = [\"t\"]").is_err());
    }

    #[test]
    fn a_backend_is_one_address_or_a_list_tried_in_turn() {
        assert!(Config::parse("").unwrap().backend.is_empty());
        assert_eq!(
            Config::parse("backend = \"http://a\"").unwrap().backend,
            ["http://a"]
        );
        assert_eq!(
            Config::parse("backend = [\"http://a\", \"http://b\"]")
                .unwrap()
                .backend,
            ["http://a", "http://b"]
        );
    }

    #[test]
    fn the_console_masks_itself_only_when_an_idle_time_is_set() {
        let idle = |text: &str| Config::parse(text).unwrap().console_options().unwrap();
        assert_eq!(idle("").mask_after_idle, None);
        assert_eq!(idle("mask_after_idle = \"0\"").mask_after_idle, None);
        assert_eq!(
            idle("mask_after_idle = \"5m\"")
                .mask_after_idle
                .map(|d| d.as_secs()),
            Some(300)
        );
        assert!(Config::parse("mask_after_idle = \"soon\"").is_err());
    }

    #[test]
    fn the_mouse_is_off_unless_turned_on() {
        assert!(!Config::parse("").unwrap().mouse);
        assert!(Config::parse("mouse = true").unwrap().mouse);
    }

    #[test]
    fn a_key_bound_to_two_actions_is_refused_in_one_line() {
        let error = Config::parse("[keys]\nverify = [\"a\"]").unwrap_err();
        assert_eq!(
            error,
            "key 'a' is bound to both amend and verify in [keys]: give one of them another key"
        );
    }

    #[test]
    fn keys_can_be_rebound() {
        let config =
            Config::parse("[keys]\nquit = [\"Q\"]\n[form_keys]\nsubmit = [\"ctrl-w\"]").unwrap();
        assert_eq!(config.keymap().unwrap().label(Action::Quit), "Q");
    }

    #[test]
    fn a_token_file_readable_by_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "ulc_abc\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(matches!(
                Config::read_token_file(&path),
                Err(ConfigError::TokenFileReadableByOthers { .. })
            ));
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(Config::read_token_file(&path).unwrap(), "ulc_abc");
    }
}
