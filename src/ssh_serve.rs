//! `serve --ssh`: the console served over SSH from the backend's own process. Each session's
//! console talks to this very server's API over loopback, as the key's operator.

use crate::cli::SshArgs;
use crate::ssh_gate::BackendGate;
use anyhow::Context;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use tokio::sync::watch;
use uln_server::AppState;

/// Starts the SSH server if `--ssh` was given: it runs until `stop` turns true.
pub async fn start(
    args: &SshArgs,
    state: AppState,
    api: SocketAddr,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    let Some(address) = args.ssh else {
        return Ok(None);
    };
    let host_key_path = match &args.ssh_host_key {
        Some(path) => path.clone(),
        None => crate::data_dir()?.join("ssh_host_ed25519_key"),
    };
    let host_key = uln_ssh::load_or_create_host_key(&host_key_path)?;
    let config_dir = match &args.ssh_config_dir {
        Some(dir) => dir.clone(),
        None => crate::data_dir()?.join("ssh-consoles"),
    };
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen for SSH on {address}"))?;
    let fingerprint = uln_ssh::fingerprint(host_key.public_key());
    tracing::info!(address = %listener.local_addr()?, "ssh host key {fingerprint}");
    let settings = uln_ssh::SshSettings {
        host_key,
        api_base: format!("http://{}/api/v1", loopback(api)),
        idle_timeout: Duration::from_secs(args.ssh_idle_minutes * 60),
    };
    let sessions = uln_ssh::Sessions::new(uln_ssh::SessionLimits {
        per_operator: args.ssh_sessions_per_operator as usize,
        total: args.ssh_sessions as usize,
    });
    let serving = uln_ssh::serve(
        listener,
        BackendGate(state, Some(config_dir)),
        settings,
        std::sync::Arc::new(sessions),
        stopped(stop),
    );
    Ok(Some(tokio::spawn(async move {
        if let Err(e) = serving.await {
            tracing::error!(error = %e, "the SSH server stopped");
        }
    })))
}

/// Resolves once `stop` turns true (or its sender is gone).
pub async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// The API as this process reaches it: over loopback when it listens on every address.
fn loopback(api: SocketAddr) -> SocketAddr {
    match api.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, api.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, api.port()).into(),
        _ => api,
    }
}
