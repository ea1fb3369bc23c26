//! `uln-console serve --ssh`: the host key made on first start, owner-only, its fingerprint logged
//! as OpenSSH computes it, the console reached with an operator's key and ended with a word when
//! the server stops, and a host key others can read refused.

mod common;

use common::processes::{exit_within, run as uln_console, start_until, uln_console as command};
use common::ssh::{connect, OperatorKey};
use common::TestDatabase;
use std::time::Duration;

fn serve(url: &str, host_key: &std::path::Path) -> std::process::Command {
    let mut serve = command();
    serve
        .args(["serve", "--database", url, "--listen", "127.0.0.1:0"])
        .args(["--ssh", "127.0.0.1:0", "--ssh-host-key"])
        .arg(host_key);
    serve
}

/// The fingerprint of the host key at `path`, as OpenSSH's own tools compute it.
fn fingerprint_by_openssh(path: &std::path::Path) -> String {
    let public = std::process::Command::new("ssh-keygen")
        .arg("-y")
        .arg("-f")
        .arg(path)
        .output()
        .unwrap();
    let public_path = path.with_extension("pub");
    std::fs::write(&public_path, &public.stdout).unwrap();
    let listed = std::process::Command::new("ssh-keygen")
        .arg("-lf")
        .arg(&public_path)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    listed.split_whitespace().nth(1).unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_makes_its_host_key_logs_its_fingerprint_and_serves_the_console() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let host_key = dir.path().join("keys").join("host_ed25519");
    uln_console(&[
        "seed",
        "--database",
        &url,
        "--learners",
        "50",
        "--registrations",
        "80",
    ]);
    let key = OperatorKey::generate();
    uln_console(&[
        "operator",
        "add",
        "asha",
        "--role",
        "operator",
        "--ssh-key",
        &key.line,
        "--database",
        &url,
    ]);

    tokio::task::spawn_blocking(move || {
        let (serving, line) = start_until(serve(&url, &host_key), |line| {
            line.contains("ssh host key").then(|| line.to_owned())
        });
        let logged = line
            .split_whitespace()
            .find(|w| w.starts_with("SHA256:"))
            .expect("a fingerprint");
        assert_eq!(logged, fingerprint_by_openssh(&host_key));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&host_key).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "owner-only");
        }
        let port: u16 = line
            .split("address=")
            .nth(1)
            .and_then(|a| a.split_whitespace().next())
            .and_then(|a| a.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .expect("the SSH address");

        let mut t = connect(port, &key);
        t.wait_for("the queue", |s| {
            s.contains("all open") && s.contains("asha")
        });

        // Stopping the server ends the session with a word, not a dropped connection.
        let stopped = std::process::Command::new("kill")
            .args(["-TERM", &serving.0.id().to_string()])
            .status()
            .unwrap();
        assert!(stopped.success());
        t.wait_for("the goodbye", |s| s.contains("the server is stopping"));
        let status = t.wait_exit();
        assert!(status.success(), "{status:?}\n{}", t.contents());
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_host_key_others_can_read_is_refused() {
    let database = TestDatabase::create().await;
    let dir = tempfile::tempdir().unwrap();
    let host_key = dir.path().join("host_ed25519");
    uln_ssh::load_or_create_host_key(&host_key).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&host_key, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let (status, _, stderr) = exit_within(serve(&database.url, &host_key), Duration::from_secs(30));
    assert!(!status.success());
    assert!(stderr.contains("chmod 600"), "{stderr}");
}
