//! What a loaded queue costs in memory: 100,000 and 1,000,000 synthetic open exceptions loaded
//! into the console's queue screen page by page, as the console loads them (a small first page,
//! then big ones), each in a fresh process so that one size's freed memory does not hide the
//! next one's.
//!
//! cargo run -p uln-tui --example queue_memory            # both sizes, one child process each
//! cargo run -p uln-tui --example queue_memory -- 100000  # one size, in this process
//!
//! Resident memory is read from /proc/self/status (Linux): VmRSS before and after loading, and
//! VmHWM, the peak. Figures are printed for BENCHMARKS.md; nothing is asserted.

use std::process::Command;
use uln_tui::screens::queue::{page_size, QueueScreen};

#[path = "../../../benches/synthetic/mod.rs"]
mod synthetic;

const SIZES: [usize; 2] = [100_000, 1_000_000];

/// A line of /proc/self/status in MiB, e.g. `VmRSS`.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn measure(n: usize) {
    let before = status_mib("VmRSS");
    let mut queue = QueueScreen::default();
    queue.reload();
    let mut loaded = 0;
    let mut requests = 0;
    let mut cursor: Option<String> = None;
    loop {
        let len = page_size(cursor.as_deref()) as usize;
        let items = synthetic::page(n, loaded, len);
        loaded += items.len();
        requests += 1;
        // The cursor's value does not matter here, only whether there is one.
        let next = (loaded < n).then(|| loaded.to_string());
        cursor = next.clone();
        if queue.add_page(items, next).is_none() {
            break;
        }
    }
    let after = status_mib("VmRSS");
    println!(
        "memory {n:>9} rows: {requests} requests, process {after:.1} MiB resident \
         ({before:.1} MiB before loading, {:.1} MiB for the queue, {:.0} bytes a row), peak {:.1} MiB",
        after - before,
        (after - before) * 1024.0 * 1024.0 / n as f64,
        status_mib("VmHWM"),
    );
    assert_eq!(queue.visible_len(), n, "every row is shown");
}

fn main() {
    if let Some(n) = std::env::args().nth(1) {
        measure(n.parse().expect("a number of rows"));
        return;
    }
    let me = std::env::current_exe().expect("this program's path");
    for n in SIZES {
        let status = Command::new(&me)
            .arg(n.to_string())
            .status()
            .expect("a child process");
        assert!(status.success(), "measuring {n} rows failed");
    }
}
