//! Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise (a log file,
//! a CI job, a test reading them). Counts only: never a row's data.

use std::io::Write;
use std::time::Duration;
use uln_api::import::ImportWatcher;

const BAR_WIDTH: usize = 30;

pub struct Progress {
    terminal: bool,
    rows: usize,
    batches: usize,
    sent: usize,
    batch: usize,
}

impl Progress {
    pub fn new() -> Progress {
        use std::io::IsTerminal;
        Progress {
            terminal: std::io::stderr().is_terminal(),
            rows: 0,
            batches: 0,
            sent: 0,
            batch: 0,
        }
    }

    /// Leaves the bar's line, so what follows starts on a line of its own.
    pub fn finish(&mut self) {
        if self.terminal {
            eprintln!();
        }
    }

    fn draw(&self) {
        let filled = (self.sent * BAR_WIDTH).checked_div(self.rows).unwrap_or(0);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled));
        let mut err = std::io::stderr().lock();
        // \r and "clear line": the bar is redrawn in place.
        let _ = write!(
            err,
            "\r\x1b[2K{bar} {}/{} rows · batch {}/{}",
            self.sent, self.rows, self.batch, self.batches
        );
        let _ = err.flush();
    }
}

impl ImportWatcher for Progress {
    fn starting(&mut self, rows: usize, batches: usize) {
        (self.rows, self.batches) = (rows, batches);
    }

    fn sending(&mut self, batch: usize) {
        self.batch = batch;
        if self.terminal {
            self.draw();
        }
    }

    fn answered(&mut self, rows: usize) {
        self.sent += rows;
        match self.terminal {
            true => self.draw(),
            false => eprintln!(
                "batch {}/{}: {}/{} rows sent",
                self.batch, self.batches, self.sent, self.rows
            ),
        }
    }

    fn retrying(&mut self, attempt: u32, wait: Duration, why: &str) {
        if self.terminal {
            eprintln!();
        }
        eprintln!(
            "batch {}/{} failed ({why}); trying again in {:.1}s (retry {attempt})",
            self.batch,
            self.batches,
            wait.as_secs_f32()
        );
    }
}
