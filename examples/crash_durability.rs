//! Crash durability: `kill -9` the real server again and again under concurrent writers, then
//! check that every write it acknowledged is in the database and the database is sound.
//!
//! cargo build --release && cargo run --release --example crash_durability -- [ROUNDS] [WRITERS]
//!
//! Each round starts `uln-console serve` on a seeded database, lets WRITERS clients submit new
//! registrations and amend open records as fast as they can, and kills the server with SIGKILL at
//! a random moment 0.2–1.5 s in. A write counts as acknowledged when its 200 answer arrived.
//! After each kill the database file is opened directly and every acknowledged write is looked
//! for: each new registration with its family name, each amended record at that version or later.
//! At the end, `PRAGMA integrity_check`. Not run in CI: it kills processes and takes minutes.

use sqlx::sqlite::SqlitePoolOptions;
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uln_api::{ApiClient, LearnerFields, RegistrationBatch, RegistrationSubmission};

/// What the server said yes to, per round.
#[derive(Default)]
struct Acknowledged {
    registrations: Vec<(i64, String)>,
    amendments: Vec<(i64, i64)>,
}

fn binary() -> PathBuf {
    // target/release/examples/crash_durability → target/release/uln-console
    let exe = std::env::current_exe().expect("own path");
    let built = exe.parent().and_then(Path::parent).expect("target dir");
    let binary = built.join("uln-console");
    assert!(binary.exists(), "build it first: cargo build --release");
    binary
}

fn run(args: &[&str]) -> String {
    let out = Command::new(binary()).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn start(database: &str) -> (Child, String) {
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let child = Command::new(binary())
        .args(["serve", "--database", database, "--listen", &listen])
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    (child, listen)
}

/// A family name no seeded learner has, unique per write.
fn family_name(n: u64) -> String {
    let mut letters = String::from("Crash");
    let mut n = n;
    for _ in 0..6 {
        letters.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    letters
}

async fn writer(client: ApiClient, w: u64, records: Vec<i64>, seen: Arc<Mutex<Acknowledged>>) {
    for step in 0u64.. {
        let n = w * 1_000_000 + step;
        if step % 2 == 0 {
            let name = family_name(n);
            let batch = RegistrationBatch {
                registrations: vec![RegistrationSubmission {
                    uln: "9999999999".into(),
                    given_name: "Durable".into(),
                    family_name: name.clone(),
                    date_of_birth: "2007-02-03".into(),
                    gender: "2".into(),
                    postcode: "LS1 4AP".into(),
                    centre: "10001".into(),
                    qualification: None,
                    registered_at: None,
                }],
            };
            match client.submit_registrations(&batch).await {
                Ok(answer) => {
                    if let Some(id) = answer.results.first().and_then(|r| r.id) {
                        seen.lock().unwrap().registrations.push((id, name));
                    }
                }
                Err(_) => return,
            }
        } else {
            let id = records[(step as usize / 2) % records.len()];
            let Ok(detail) = client.exception(id).await else {
                return;
            };
            let postcode = if step % 4 == 1 { "M1 1AA" } else { "LS1 4AP" };
            let fields = LearnerFields {
                postcode: Some(postcode.into()),
                ..LearnerFields::default()
            };
            match client
                .amend(id, detail.version, &fields, Some("durability"))
                .await
            {
                Ok(after) => seen.lock().unwrap().amendments.push((id, after.version)),
                Err(e) if e.is_unreachable() => return,
                Err(_) => {}
            }
        }
    }
}

/// Every acknowledged write, looked for in the database file; answers how many were missing.
async fn missing(database: &str, seen: &Acknowledged) -> usize {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(database)
        .await
        .unwrap();
    let mut lost = 0;
    for (id, name) in &seen.registrations {
        let row = sqlx::query("SELECT family_name FROM registrations WHERE id = ?")
            .bind(id)
            .fetch_optional(&pool)
            .await
            .unwrap();
        if row.map(|r| r.get::<String, _>(0)) != Some(name.clone()) {
            lost += 1;
        }
    }
    for (id, version) in &seen.amendments {
        let stored: i64 = sqlx::query("SELECT version FROM registrations WHERE id = ?")
            .bind(id)
            .fetch_one(&pool)
            .await
            .map(|r| r.get(0))
            .unwrap_or(0);
        if stored < *version {
            lost += 1;
        }
    }
    pool.close().await;
    lost
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let writers: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("crash.db").display());
    run(&[
        "seed",
        "--database",
        &database,
        "--learners",
        "500",
        "--registrations",
        "1000",
    ]);
    let token = run(&[
        "operator",
        "add",
        "crash",
        "--role",
        "supervisor",
        "--database",
        &database,
    ]);
    let open: Vec<i64> = {
        let pool = SqlitePoolOptions::new().connect(&database).await.unwrap();
        let rows = sqlx::query("SELECT id FROM registrations WHERE status = 'open'")
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows.iter().map(|r| r.get(0)).collect()
    };
    let (mut acknowledged, mut lost) = (0, 0);
    let started = Instant::now();
    for round in 1..=rounds {
        let (mut child, listen) = start(&database);
        let client = ApiClient::new(format!("http://{listen}/api/v1"), &token).unwrap();
        while client.health().await.is_err() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let seen = Arc::new(Mutex::new(Acknowledged::default()));
        let tasks: Vec<_> = (0..writers)
            .map(|w| {
                let records: Vec<i64> = open
                    .iter()
                    .copied()
                    .skip(w as usize)
                    .step_by(writers as usize)
                    .collect();
                tokio::spawn(writer(client.clone(), w, records, seen.clone()))
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(fastrand::u64(200..1500))).await;
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        for task in tasks {
            let _ = task.await;
        }
        let seen = std::mem::take(&mut *seen.lock().unwrap());
        let round_lost = missing(&database, &seen).await;
        let writes = seen.registrations.len() + seen.amendments.len();
        println!("round {round:>3}: {writes:>6} acknowledged writes, {round_lost} missing");
        acknowledged += writes;
        lost += round_lost;
    }
    let pool = SqlitePoolOptions::new().connect(&database).await.unwrap();
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    println!(
        "{rounds} kill -9 with {writers} writers in {:.0} s: {acknowledged} acknowledged writes, {lost} missing; integrity_check: {integrity}",
        started.elapsed().as_secs_f64()
    );
    if lost > 0 || integrity != "ok" {
        std::process::exit(1);
    }
}
