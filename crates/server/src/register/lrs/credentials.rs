//! The organisation's LRS credentials, from a file of their own: an LRS account is the
//! awarding body's, so its password must not sit in a config file others may read, in a URL or
//! in an environment listing. The file is TOML and is refused when anyone but its owner can
//! read it; so is the client certificate it may name.
//!
//! ```toml
//! ukprn = "10012345"              # or: organisation_ref = "ABC123"
//! user_name = "uln-helpdesk"
//! password = "…"
//! client_certificate = "/etc/uln-console/lrs-client.pem"   # optional: certificate and key, PEM
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};
use uln_lrs::{OrgCredentials, OrganisationId};

#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} can be read by other users; run: chmod 600 {path}")]
    ReadableByOthers { path: PathBuf },
    #[error("{path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The credentials as the file holds them. `Debug` leaves the password out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialsFile {
    ukprn: Option<String>,
    organisation_ref: Option<String>,
    user_name: String,
    password: String,
    client_certificate: Option<PathBuf>,
}

/// What every request to the LRS carries, and the TLS identity it may present.
#[derive(Clone)]
pub struct LrsCredentials {
    pub organisation: OrgCredentials,
    /// PEM: the certificate and its private key, presented on every connection.
    pub client_identity: Option<Vec<u8>>,
}

impl std::fmt::Debug for LrsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsCredentials")
            .field("organisation", &self.organisation)
            .field(
                "client_identity",
                &self.client_identity.as_ref().map(|_| "(PEM)"),
            )
            .finish()
    }
}

impl LrsCredentials {
    /// Reads and checks the file at `path`, and the certificate it names.
    pub fn load(path: &Path) -> Result<LrsCredentials, CredentialsError> {
        let text =
            String::from_utf8(read_private(path)?).map_err(|_| invalid(path, "not UTF-8"))?;
        let file: CredentialsFile =
            toml::from_str(&text).map_err(|e| invalid(path, e.message()))?;
        let organisation = match (file.ukprn, file.organisation_ref) {
            (Some(ukprn), None) if is_ukprn(&ukprn) => OrganisationId::Ukprn(ukprn),
            (None, Some(reference)) if is_organisation_ref(&reference) => {
                OrganisationId::OrganisationRef(reference)
            }
            (Some(_), None) => return Err(invalid(path, "ukprn must be 8 digits")),
            (None, Some(_)) => return Err(invalid(path, "organisation_ref must be 6 characters")),
            _ => return Err(invalid(path, "give one of ukprn or organisation_ref")),
        };
        if file.user_name.trim().is_empty() || file.password.is_empty() {
            return Err(invalid(path, "user_name and password must not be empty"));
        }
        let client_identity = file
            .client_certificate
            .map(|certificate| read_private(&certificate))
            .transpose()?;
        Ok(LrsCredentials {
            organisation: OrgCredentials {
                organisation,
                user_name: file.user_name.trim().to_owned(),
                org_password: file.password,
            },
            client_identity,
        })
    }
}

fn is_ukprn(text: &str) -> bool {
    text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_organisation_ref(text: &str) -> bool {
    text.chars().count() == 6 && text.chars().all(|c| c.is_ascii_alphanumeric())
}

fn invalid(path: &Path, message: &str) -> CredentialsError {
    CredentialsError::Invalid {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

/// The file's bytes, refused if its permissions let anyone but the owner read or write it.
fn read_private(path: &Path) -> Result<Vec<u8>, CredentialsError> {
    let read_error = |source| CredentialsError::Read {
        path: path.to_owned(),
        source,
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(read_error)?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(CredentialsError::ReadableByOthers {
                path: path.to_owned(),
            });
        }
    }
    std::fs::read(path).map_err(read_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn write(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    const GOOD: &str =
        "ukprn = \"10012345\"\nuser_name = \"helpdesk\"\npassword = \"s3cret-s3cret-12\"\n";

    #[test]
    fn an_owner_only_file_gives_the_organisation_and_never_shows_the_password() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = LrsCredentials::load(&write(dir.path(), "lrs.toml", GOOD, 0o600)).unwrap();
        assert_eq!(
            loaded.organisation.organisation,
            OrganisationId::Ukprn("10012345".into())
        );
        assert_eq!(loaded.organisation.org_password, "s3cret-s3cret-12");
        assert!(!format!("{loaded:?}").contains("s3cret"), "{loaded:?}");
    }

    #[test]
    fn a_file_or_certificate_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let open = write(dir.path(), "lrs.toml", GOOD, 0o640);
        assert!(matches!(
            LrsCredentials::load(&open),
            Err(CredentialsError::ReadableByOthers { .. })
        ));
        let certificate = write(dir.path(), "client.pem", "-----BEGIN…", 0o644);
        let naming = format!("{GOOD}client_certificate = {:?}\n", certificate);
        let file = write(dir.path(), "with-cert.toml", &naming, 0o600);
        assert!(matches!(
            LrsCredentials::load(&file),
            Err(CredentialsError::ReadableByOthers { path }) if path == certificate
        ));
        std::fs::set_permissions(&certificate, std::fs::Permissions::from_mode(0o600)).unwrap();
        let loaded = LrsCredentials::load(&file).unwrap();
        assert!(loaded.client_identity.is_some());
    }

    #[test]
    fn the_organisation_must_be_one_well_formed_identifier() {
        let dir = tempfile::tempdir().unwrap();
        for (text, why) in [
            ("ukprn = \"1001\"\nuser_name = \"u\"\npassword = \"p\"\n", "8 digits"),
            ("organisation_ref = \"AB\"\nuser_name = \"u\"\npassword = \"p\"\n", "6 characters"),
            ("user_name = \"u\"\npassword = \"p\"\n", "one of ukprn"),
            (
                "ukprn = \"10012345\"\norganisation_ref = \"ABC123\"\nuser_name = \"u\"\npassword = \"p\"\n",
                "one of ukprn",
            ),
            ("ukprn = \"10012345\"\nuser_name = \" \"\npassword = \"p\"\n", "not be empty"),
            ("ukprn = \"10012345\"\nuser = \"u\"\npassword = \"p\"\n", "unknown field"),
        ] {
            let path = write(dir.path(), "bad.toml", text, 0o600);
            let error = LrsCredentials::load(&path).unwrap_err().to_string();
            assert!(error.contains(why), "{text:?}: {error}");
            assert!(!error.contains("\"p\""), "the password is never quoted back: {error}");
        }
    }
}
