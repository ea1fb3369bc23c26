//! `serve`'s register options: which register, and for the LRS where it is, whose credentials,
//! and how patient the adapter is.

use clap::ValueEnum;
use std::time::Duration;
use uln_server::lrs_sim::ClosedHours;
use uln_server::register::lrs::LrsSettings;

/// Which register `serve` verifies ULNs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegisterKind {
    /// The simulated register in the database (fill it with `uln-console seed`).
    Simulated,
    /// The Learning Records Service's SOAP services, at --lrs-url.
    Lrs,
}

#[derive(Debug, clap::Args)]
pub struct RegisterArgs {
    /// The register ULNs are verified against.
    #[arg(
        long,
        env = "ULN_CONSOLE_REGISTER",
        value_enum,
        default_value = "simulated"
    )]
    pub register: RegisterKind,
    /// With --register lrs: the LRS services' base URL (LearnerService.svc is under it).
    #[arg(long, env = "ULN_CONSOLE_LRS_URL", required_if_eq("register", "lrs"))]
    pub lrs_url: Option<String>,
    /// With --register lrs: the organisation's LRS credentials, a TOML file only its owner can
    /// read (ukprn or organisation_ref, user_name, password, optional client_certificate).
    #[arg(
        long,
        env = "ULN_CONSOLE_LRS_CREDENTIALS",
        required_if_eq("register", "lrs")
    )]
    pub lrs_credentials: Option<std::path::PathBuf>,
    /// With --register lrs: a CA certificate (PEM) to trust besides the public roots, for an
    /// LRS whose server certificate a private CA issued (a test environment).
    #[arg(long, value_name = "FILE", env = "ULN_CONSOLE_LRS_CA_CERTIFICATE")]
    pub lrs_ca_certificate: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub lrs: LrsTuning,
}

/// How patient the LRS adapter is; each unset option keeps `LrsSettings`' default.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct LrsTuning {
    /// Seconds each call to the LRS may take, connecting included, before it counts as failed
    /// [default: 20].
    #[arg(long, value_name = "SECS", env = "ULN_CONSOLE_LRS_TIMEOUT", value_parser = clap::value_parser!(u64).range(1..=300))]
    pub lrs_timeout: Option<u64>,
    /// Times a failed call (timeout, dropped connection, WSEC0999) is tried again before the
    /// register is reported unavailable [default: 2].
    #[arg(long, value_name = "N", env = "ULN_CONSOLE_LRS_RETRIES", value_parser = clap::value_parser!(u32).range(0..=10))]
    pub lrs_retries: Option<u32>,
    /// Calls failing in a row (after their retries) that make the adapter stop asking the LRS
    /// for a cool-off [default: 5].
    #[arg(long, value_name = "N", env = "ULN_CONSOLE_LRS_BREAKER_FAILURES", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub lrs_breaker_failures: Option<u32>,
    /// The vendor id the LRS issued, sent with every PLR service call [default: 0].
    #[arg(long, value_name = "N", env = "ULN_CONSOLE_LRS_VENDOR_ID", value_parser = clap::value_parser!(u32).range(0..=99_999_999))]
    pub lrs_vendor_id: Option<u32>,
    /// The LRS's published closed hours, HH:MM-HH:MM in UK time (e.g. 23:00-06:00), so the
    /// console can say until when it is closed; the service's own answers still decide.
    #[arg(long, value_name = "HH:MM-HH:MM", env = "ULN_CONSOLE_LRS_CLOSED_HOURS", value_parser = closed_hours)]
    pub lrs_closed_hours: Option<ClosedHours>,
}

fn closed_hours(text: &str) -> Result<ClosedHours, String> {
    text.parse()
}

impl LrsTuning {
    /// The adapter's settings for `base_url`, these options over the defaults.
    pub fn settings(&self, base_url: &str) -> LrsSettings {
        let mut settings = LrsSettings::new(base_url);
        if let Some(seconds) = self.lrs_timeout {
            settings.timeout = Duration::from_secs(seconds);
        }
        if let Some(retries) = self.lrs_retries {
            // The policy counts attempts, the first included.
            settings.retry.attempts = retries + 1;
        }
        if let Some(failures) = self.lrs_breaker_failures {
            settings.failures_to_open = failures;
        }
        if let Some(vendor) = self.lrs_vendor_id {
            settings.vendor_id = vendor;
        }
        settings.closed_hours = self.lrs_closed_hours;
        settings
    }
}

impl RegisterArgs {
    /// The choice for `ServerConfig`; reading the credentials file may fail (permissions).
    pub fn choice(&self) -> anyhow::Result<uln_server::RegisterChoice> {
        use uln_server::register::lrs::credentials::LrsCredentials;
        Ok(
            match (self.register, &self.lrs_url, &self.lrs_credentials) {
                (RegisterKind::Simulated, ..) => uln_server::RegisterChoice::Simulated,
                (RegisterKind::Lrs, Some(url), Some(file)) => {
                    let mut settings = self.lrs.settings(url);
                    if let Some(ca) = &self.lrs_ca_certificate {
                        let pem = std::fs::read(ca).map_err(|e| {
                            anyhow::anyhow!(
                                "cannot read the LRS CA certificate {}: {e}",
                                ca.display()
                            )
                        })?;
                        settings.server_ca = Some(pem);
                    }
                    uln_server::RegisterChoice::Lrs {
                        settings: Box::new(settings),
                        credentials: LrsCredentials::load(file)?,
                    }
                }
                (RegisterKind::Lrs, ..) => {
                    anyhow::bail!("--register lrs needs --lrs-url and --lrs-credentials")
                }
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    const URL: &str = "https://lrs.example/";

    fn serve(extra: &[&str]) -> Result<RegisterArgs, clap::Error> {
        serve_with("lrs.toml", extra)
    }

    fn serve_with(credentials: &str, extra: &[&str]) -> Result<RegisterArgs, clap::Error> {
        let mut args = vec![
            "uln-console",
            "serve",
            "--database",
            "sqlite://x.db",
            "--register",
            "lrs",
            "--lrs-url",
            URL,
            "--lrs-credentials",
            credentials,
        ];
        args.extend_from_slice(extra);
        match Cli::try_parse_from(args)?.command {
            Some(Command::Serve { register, .. }) => Ok(register),
            other => panic!("not serve: {other:?}"),
        }
    }

    fn refusal(extra: &[&str]) -> String {
        serve(extra).expect_err("refused").to_string()
    }

    #[test]
    fn the_lrs_options_fill_the_adapters_settings() {
        let register = serve(&[
            "--lrs-timeout",
            "7",
            "--lrs-retries",
            "4",
            "--lrs-breaker-failures",
            "9",
            "--lrs-vendor-id",
            "1234",
        ])
        .expect("parsed");
        let settings = register.lrs.settings(URL);
        assert_eq!(settings.timeout, Duration::from_secs(7));
        assert_eq!(
            settings.retry.attempts, 5,
            "four retries after the first try"
        );
        assert_eq!(settings.failures_to_open, 9);
        assert_eq!(settings.vendor_id, 1234);
        assert_eq!(settings.base_url, URL);
    }

    #[test]
    fn closed_hours_are_read_as_a_window_and_a_bad_one_is_refused_naming_it() {
        let settings = serve(&["--lrs-closed-hours", "23:00-06:00"])
            .expect("parsed")
            .lrs
            .settings(URL);
        assert_eq!(settings.closed_hours, Some("23:00-06:00".parse().unwrap()));
        let said = refusal(&["--lrs-closed-hours", "23:00"]);
        assert!(
            said.contains("--lrs-closed-hours") && said.contains("HH:MM"),
            "{said}"
        );
    }

    #[test]
    fn without_the_options_the_settings_are_the_defaults() {
        let settings = serve(&[]).expect("parsed").lrs.settings(URL);
        let defaults = LrsSettings::new(URL);
        assert_eq!(
            (
                settings.timeout,
                settings.retry.attempts,
                settings.failures_to_open,
                settings.vendor_id
            ),
            (
                defaults.timeout,
                defaults.retry.attempts,
                defaults.failures_to_open,
                defaults.vendor_id
            )
        );
    }

    #[test]
    fn values_out_of_range_are_refused_naming_the_option_and_the_range() {
        for (option, value, range) in [
            ("--lrs-timeout", "0", "1..=300"),
            ("--lrs-timeout", "301", "1..=300"),
            ("--lrs-retries", "11", "0..=10"),
            ("--lrs-breaker-failures", "0", "1..=1000"),
            ("--lrs-vendor-id", "100000000", "0..=99999999"),
        ] {
            let said = refusal(&[option, value]);
            assert!(
                said.contains(option) && said.contains(value) && said.contains(range),
                "{option} {value}: {said}"
            );
        }
    }

    /// An owner-only credentials file in `dir`, as `choice` insists.
    fn credentials_in(dir: &std::path::Path) -> String {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("lrs.toml");
        let text =
            "ukprn = \"10012345\"\nuser_name = \"helpdesk\"\npassword = \"s3cret-s3cret-12\"\n";
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        path.display().to_string()
    }

    fn lrs_settings(dir: &std::path::Path, extra: &[&str]) -> anyhow::Result<LrsSettings> {
        let credentials = credentials_in(dir);
        match serve_with(&credentials, extra).expect("parsed").choice()? {
            uln_server::RegisterChoice::Lrs { settings, .. } => Ok(*settings),
            other => panic!("not the LRS: {other:?}"),
        }
    }

    #[test]
    fn a_ca_certificate_file_is_read_into_the_settings_and_a_missing_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(lrs_settings(dir.path(), &[]).unwrap().server_ca, None);
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "-----BEGIN CERTIFICATE-----\n").unwrap();
        let ca = ca.display().to_string();
        let settings = lrs_settings(dir.path(), &["--lrs-ca-certificate", &ca]).unwrap();
        assert_eq!(
            settings.server_ca.as_deref(),
            Some(&b"-----BEGIN CERTIFICATE-----\n"[..])
        );
        let missing = dir.path().join("nowhere.pem").display().to_string();
        let refused = lrs_settings(dir.path(), &["--lrs-ca-certificate", &missing]).unwrap_err();
        assert!(refused.to_string().contains(&missing), "{refused}");
    }

    #[test]
    fn values_that_are_not_numbers_are_refused() {
        for option in [
            "--lrs-timeout",
            "--lrs-retries",
            "--lrs-breaker-failures",
            "--lrs-vendor-id",
        ] {
            let said = refusal(&[option, "soon"]);
            assert!(said.contains(option) && said.contains("soon"), "{said}");
        }
        assert!(refusal(&["--lrs-retries=-1"]).contains("--lrs-retries"));
    }
}
