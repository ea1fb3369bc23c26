//! Keys: operators' public keys as administrators paste them, and the server's own host key.

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, HashAlg, PrivateKey, PublicKey};
use std::path::{Path, PathBuf};

/// An operator's key read from an OpenSSH public key line (`ssh-ed25519 AAAA… comment`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorPublicKey {
    /// `SHA256:…`, as `ssh-keygen -l` and the OpenSSH client print it.
    pub fingerprint: String,
    /// The line without its comment: algorithm and base64 blob.
    pub public_key: String,
    pub comment: String,
}

#[derive(Debug, thiserror::Error)]
#[error("not an OpenSSH public key line (ssh-ed25519 AAAA… [comment], as in a .pub file): {0}")]
pub struct KeyLineError(String);

impl OperatorPublicKey {
    pub fn parse(line: &str) -> Result<Self, KeyLineError> {
        let mut key =
            PublicKey::from_openssh(line.trim()).map_err(|e| KeyLineError(e.to_string()))?;
        // This build checks ed25519 and ECDSA signatures only (RSA would need a second crypto
        // stack), so an RSA key is refused here rather than at every failed login.
        if matches!(key.algorithm(), Algorithm::Rsa { .. } | Algorithm::Dsa) {
            return Err(KeyLineError(format!(
                "{} keys are not accepted; use ssh-keygen -t ed25519",
                key.algorithm()
            )));
        }
        let comment = String::from_utf8_lossy(key.comment().as_ref()).into_owned();
        key.set_comment("");
        Ok(OperatorPublicKey {
            fingerprint: fingerprint(&key),
            public_key: key
                .to_openssh()
                .map_err(|e| KeyLineError(e.to_string()))?
                .trim()
                .to_owned(),
            comment,
        })
    }
}

/// How a key is named to operators and in the store: SHA256, as OpenSSH prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    #[error("{path}: the SSH host key is readable by others (mode {mode:o}); chmod 600 it")]
    ReadableByOthers { path: PathBuf, mode: u32 },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not an OpenSSH private key: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("no randomness for a host key: {0}")]
    Random(String),
}

/// The server's host key at `path`, made (ed25519, readable by its owner only) on first start.
/// A key others can read is refused rather than used: whoever reads it can pose as the server.
pub fn load_or_create_host_key(path: &Path) -> Result<PrivateKey, HostKeyError> {
    let io = |source| HostKeyError::Io {
        path: path.to_owned(),
        source,
    };
    match std::fs::read(path) {
        Ok(text) => {
            refuse_readable_by_others(path)?;
            PrivateKey::from_openssh(text).map_err(|e| HostKeyError::Invalid {
                path: path.to_owned(),
                message: e.to_string(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = new_host_key()?;
            let text = key
                .to_openssh(LineEnding::LF)
                .map_err(|e| HostKeyError::Random(e.to_string()))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            write_owner_only(path, text.as_bytes()).map_err(io)?;
            Ok(key)
        }
        Err(e) => Err(io(e)),
    }
}

fn new_host_key() -> Result<PrivateKey, HostKeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| HostKeyError::Random(e.to_string()))?;
    let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    key.set_comment("uln-console host key");
    Ok(key)
}

fn write_owner_only(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

fn refuse_readable_by_others(path: &Path) -> Result<(), HostKeyError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|source| HostKeyError::Io {
                path: path.to_owned(),
                source,
            })?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(HostKeyError::ReadableByOthers {
                path: path.to_owned(),
                mode: mode & 0o777,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made by `ssh-keygen -t ed25519 -C pat@desk`, which printed the fingerprint below.
    const LINE: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKMUWKwLIN/9YT7QfbZURAY1xqRJEK6N3rLsEPneY2Qo pat@desk";

    #[test]
    fn a_key_line_gives_its_fingerprint_key_and_comment() {
        let key = OperatorPublicKey::parse(&format!("  {LINE}\n")).expect("a key");
        assert_eq!(
            key.fingerprint,
            "SHA256:IvyUq0BUGIymvIAzaR/QO1Ol0cVvfHwC7pmkFm9Mgdc"
        );
        assert_eq!(key.comment, "pat@desk");
        assert_eq!(
            key.public_key,
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKMUWKwLIN/9YT7QfbZURAY1xqRJEK6N3rLsEPneY2Qo"
        );
        let again = OperatorPublicKey::parse(&key.public_key).unwrap();
        assert_eq!(
            again.fingerprint, key.fingerprint,
            "the comment is not part of it"
        );
    }

    #[test]
    fn a_bad_line_is_refused_with_what_was_expected() {
        const RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCdUVX7ECtSfaciNArnjIzib3tpQooRdlGaroPfr4XJrFYJybYNLomqCD8UbfHgI5ifefEhaOA+kpVow3jvn42qEu5gpiJmR0zMqUiYvxzKJiG0dECirVTraVG2fntDM4gLSdK+8NSatJ9kgSgfrX2dfvNMwFOc2Xk64xR3TreG0w== x";
        for line in [
            "",
            "ssh-ed25519",
            "ssh-ed25519 not-base64",
            "hello world",
            RSA,
        ] {
            let error = OperatorPublicKey::parse(line).expect_err(line).to_string();
            assert!(error.contains("OpenSSH public key line"), "{error}");
        }
        let error = OperatorPublicKey::parse(RSA).expect_err("rsa").to_string();
        assert!(error.contains("not accepted"), "{error}");
    }

    #[test]
    fn the_host_key_is_made_once_owner_only_and_refused_when_others_can_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/host_ed25519");
        let made = load_or_create_host_key(&path).expect("made");
        let loaded = load_or_create_host_key(&path).expect("loaded");
        assert_eq!(
            fingerprint(made.public_key()),
            fingerprint(loaded.public_key())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let refused = load_or_create_host_key(&path).expect_err("readable by others");
            assert!(refused.to_string().contains("chmod 600"), "{refused}");
        }
    }
}
