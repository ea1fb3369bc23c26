//! Cold start of the console on its embedded backend with about 100,000 open exceptions: launch
//! to the first frame, to the first usable frame (queue rows on screen, keys live), and to the
//! whole queue loaded; then the process's resident memory.
//!
//! cargo build --release && cargo run --release --example cold_start -- [REGISTRATIONS] [RUNS]
//!
//! Seeds a demo database under /tmp/uln-cold-REGISTRATIONS/ on first use (reused after), then
//! launches target/release/uln-console in a pseudo-terminal (200x50) with XDG_DATA_HOME pointing
//! there, as `cargo run --release` would open it. The screen is read back through vt100. Figures
//! are printed for BENCHMARKS.md; nothing is asserted. With COLD_START_FROM_DISK=1 (as root) the
//! page cache is emptied before each launch, so the binary and the database come from disk.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uln_domain::RemovalPeriod;
use uln_server::seed::SeedConfig;
use uln_server::{Backend, ServerConfig};

/// Where the demo database of this size lives, seeded if it is not there yet.
fn prepare(registrations: usize) -> anyhow::Result<PathBuf> {
    let root = PathBuf::from(format!("/tmp/uln-cold-{registrations}"));
    let data = root.join("data").join("uln-console");
    std::fs::create_dir_all(&data)?;
    let db = data.join("demo.db");
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let backend =
            Backend::open(ServerConfig::new(format!("sqlite://{}", db.display()))).await?;
        if backend.seeder().learners_in_register().await? == 0 {
            let config = SeedConfig {
                learners: (registrations / 5).max(1000),
                registrations,
                seed: 7,
                anomaly_percent: 35,
                ..SeedConfig::default()
            };
            let t = Instant::now();
            backend.seed(&config, RemovalPeriod::default()).await?;
            println!(
                "seeded {registrations} registrations in {:.1}s",
                t.elapsed().as_secs_f64()
            );
        }
        let counts = backend
            .state
            .store
            .queue_counts(jiff::Timestamp::now())
            .await?;
        let all = counts.iter().find(|c| c.kind.is_none());
        let open = all.map_or(0, |c| c.open - c.overdue);
        println!(
            "{open} open exceptions (not yet overdue) in {}",
            db.display()
        );
        anyhow::Ok(())
    })?;
    Ok(root)
}

struct Run {
    first_frame: Duration,
    first_rows: Duration,
    loaded: Duration,
    rss_mb: f64,
    peak_rss_mb: f64,
}

fn status_kb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

fn launch(binary: &Path, root: &Path, from_disk: bool) -> anyhow::Result<Run> {
    // Each run starts as a first visit would: no saved queue, filter or sort.
    let _ = std::fs::remove_file(root.join("data/uln-console/state.toml"));
    if from_disk {
        // Needs root: the binary and the database are read from disk, not the page cache.
        std::process::Command::new("sync").status()?;
        std::fs::write("/proc/sys/vm/drop_caches", "3")
            .map_err(|e| anyhow::anyhow!("cannot drop the page cache (needs root): {e}"))?;
    }
    let pair = native_pty_system().openpty(PtySize {
        rows: 50,
        cols: 200,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(binary);
    cmd.env("HOME", root);
    cmd.env("XDG_CONFIG_HOME", root.join("config"));
    cmd.env("XDG_DATA_HOME", root.join("data"));
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(cmd)?;
    drop(pair.slave);
    let pid = child.process_id().unwrap_or(0);
    let mut reader = pair.master.try_clone_reader()?;
    let mut writer = pair.master.take_writer()?;
    let parser = Arc::new(Mutex::new(vt100::Parser::new(50, 200, 0)));
    let shared = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            shared.lock().unwrap().process(&buf[..n]);
        }
    });
    let screen = || parser.lock().unwrap().screen().contents();
    let wait = |what: &str, done: &dyn Fn(&str) -> bool| -> anyhow::Result<Duration> {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let text = screen();
            if done(&text) {
                return Ok(started.elapsed());
            }
            if Instant::now() > deadline {
                anyhow::bail!("timed out waiting for {what}:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    };
    let first_frame = wait("a first frame", &|s| s.contains("DEMO"))?;
    // A queue row: a ULN (ten digits) on screen; nothing else shows one.
    let first_rows = wait("queue rows", &|s| {
        s.split_whitespace()
            .any(|w| w.len() == 10 && w.bytes().all(|b| b.is_ascii_digit()))
    })?;
    let loaded = wait("the whole queue", &|s| {
        !s.contains("loading…") && !s.contains("Loading")
    })?;
    let run = Run {
        first_frame,
        first_rows,
        loaded,
        rss_mb: status_kb(pid, "VmRSS:") / 1024.0,
        peak_rss_mb: status_kb(pid, "VmHWM:") / 1024.0,
    };
    writer.write_all(b"q")?;
    writer.flush()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait()?.is_none() {
        if Instant::now() > deadline {
            child.kill()?;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(run)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let registrations: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(290_000);
    let runs: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    // COLD_START_FROM_DISK=1: empty the operating system's page cache before each launch.
    let from_disk = std::env::var("COLD_START_FROM_DISK").is_ok_and(|v| v == "1");
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/uln-console");
    anyhow::ensure!(
        binary.exists(),
        "{} is missing: run `cargo build --release` first",
        binary.display()
    );
    let root = prepare(registrations)?;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for i in 1..=runs {
        let r = launch(&binary, &root, from_disk)?;
        println!(
            "run {i}: first frame {:.0} ms, first usable frame (rows on screen) {:.0} ms, whole queue loaded {:.0} ms; resident memory {:.0} MB (peak {:.0} MB)",
            ms(r.first_frame),
            ms(r.first_rows),
            ms(r.loaded),
            r.rss_mb,
            r.peak_rss_mb
        );
    }
    Ok(())
}
