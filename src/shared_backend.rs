//! Connecting the console to a shared backend, checked before any screen is drawn: a wrong address
//! or a refused token is said in one line, not shown as an empty queue that is forever offline.

use crate::config::Config;
use std::path::Path;
use uln_api::{ApiClient, ClientError};

/// How long the first question to the backend may take before the console opens anyway.
const PROBE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// The API root from what the operator gave: the API root itself, or the server's root.
pub fn api_root(given: &str) -> String {
    let trimmed = given.trim().trim_end_matches('/');
    if trimmed.ends_with("/api/v1") {
        trimmed.to_owned()
    } else {
        format!("{trimmed}/api/v1")
    }
}

/// The addresses in `--backend`: one, or several separated by commas.
pub fn addresses(given: &str) -> Vec<String> {
    given
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A client for the backend at `given` (one address, or several servers tried in turn), with
/// the operator's token, once the backend has answered who the token belongs to. An unreachable
/// backend is not an error here: the console shows it offline and keeps trying, as it does when
/// a backend goes away later.
pub async fn connect(
    given: &[String],
    config: &Config,
    config_path: &Path,
) -> anyhow::Result<(ApiClient, String)> {
    let token = match (std::env::var("ULN_CONSOLE_TOKEN"), &config.token_file) {
        (Ok(token), _) if !token.trim().is_empty() => token.trim().to_owned(),
        (_, Some(file)) => Config::read_token_file(file)?,
        _ => anyhow::bail!(
            "a shared backend needs your API token: set ULN_CONSOLE_TOKEN, or token_file in {}",
            config_path.display()
        ),
    };
    let roots: Vec<String> = given.iter().map(|g| api_root(g)).collect();
    let client = ApiClient::with_backends(roots, token)?;
    // A backend that takes the connection but never answers is treated as unreachable too.
    let Ok(answer) = tokio::time::timeout(PROBE_PATIENCE, client.me()).await else {
        let root = client.base().to_owned();
        return Ok((client, root));
    };
    // The server that answered, which is not the first given if that one is down.
    let root = client.base().to_owned();
    match answer {
        Ok(_) => Ok((client, root)),
        Err(e) if e.is_unreachable() => Ok((client, root)),
        Err(ClientError::Api { status: 401, .. }) => anyhow::bail!(
            "the backend at {root} refused your token: check ULN_CONSOLE_TOKEN or token_file (a revoked token is refused too)"
        ),
        Err(_) => anyhow::bail!(
            "there is no uln-console API at {root}: check the backend address (the server's root or its /api/v1)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_root_and_the_api_root_both_lead_to_the_api() {
        for given in [
            "http://h:8080",
            "http://h:8080/",
            "http://h:8080/api/v1",
            " http://h:8080/api/v1/ ",
        ] {
            assert_eq!(api_root(given), "http://h:8080/api/v1", "{given:?}");
        }
    }

    #[test]
    fn several_servers_are_given_separated_by_commas() {
        assert_eq!(addresses("http://a"), ["http://a"]);
        assert_eq!(addresses(" http://a, http://b ,"), ["http://a", "http://b"]);
    }
}
